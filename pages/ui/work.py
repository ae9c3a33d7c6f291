"""Long work seen from a page: the work runs on a thread of its own (ntm.loading.work); the page draws its
progress and a Cancel button while it waits. A click on Cancel reruns the page, whose new run asks the work to
stop; a click elsewhere leaves the work running and the next run of the page picks it up again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ntm.loading.work import Work
from pages.ui.filters import t

POLL_SECONDS = 0.25


def _text(w: Work) -> str:
    if w.cancel_asked:
        return t("work_cancelling")
    return t("work_running", step=t(f"work_step_{w.step or 'read'}"), seconds=int(w.seconds()))


def watch(w: Work, name: str, *, stop_at_once: bool) -> None:
    """Progress and Cancel until w is done. stop_at_once: a read stops being waited for when cancelled (its
    thread ends on its own and its answer is dropped); a write is waited for until it has stopped or finished."""
    slot = st.empty()
    box = slot.container(border=True)
    bar = box.progress(w.fraction, text=_text(w))
    if box.button(t("work_cancel"), key=f"{name}_cancel", icon=":material/cancel:"):
        w.cancel()
    while not w.wait(POLL_SECONDS):
        if stop_at_once and w.cancel_asked:
            break
        bar.progress(w.fraction, text=_text(w))
    slot.empty()


def read(name: str, key: object, job: Callable[[Work], Any]) -> Work | None:
    """The finished work reading a file for key (started when there is none, or one for another file), or None
    when it was cancelled (said on the page, with a button to read the file again). Its error is raised here."""
    w = st.session_state.get(name)
    if w is None or w.key != key:
        if w is not None:
            w.cancel()  # a file no longer asked for
        w = st.session_state[name] = Work(job, key)
        w.start()
    if not w.done and not w.cancel_asked:
        watch(w, name, stop_at_once=True)
    if w.cancel_asked:
        st.info(t("work_read_cancelled"), icon=":material/cancel:")
        if st.button(t("work_again"), key=f"{name}_again", icon=":material/refresh:"):
            st.session_state.pop(name, None)
            st.rerun()
        return None
    if w.error is not None:
        raise w.error
    return w
