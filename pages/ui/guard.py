"""Section guards: a section of a page that fails shows a short message with a reference number and the rest
of the page still works. The traceback goes to the server log under the same number (never to the user), so
an office can quote the number and whoever keeps the server can find what happened."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from streamlit.logger import get_logger
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from pages.ui.filters import t

log = get_logger("ntm.pages")


def reference() -> str:
    """A short number to quote (8 hex digits, e.g. 'A3F09C1E'): unique enough to find one line in a day's log."""
    return secrets.token_hex(4).upper()


def report(section: str, err: BaseException, where=None) -> str:
    """Log err with its traceback under a new reference number, show the short message (in where, a column or
    container, else where the page is writing); returns the number."""
    ref = reference()
    log.error("Section %r failed [ref %s]", section, ref, exc_info=err)
    (where or st).error(t("section_failed", ref=ref), icon=":material/error:")
    return ref


@contextmanager
def guard(section: str, where=None) -> Iterator[None]:
    """`with guard("league"): ...` draws the section; an exception in it becomes the message instead of a broken
    page. st.stop() and st.rerun() (Streamlit's own control flow) pass through untouched."""
    try:
        yield
    except ScriptControlException:
        raise
    except Exception as err:  # any failure of one section must leave the others standing
        report(section, err, where)
