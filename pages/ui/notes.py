"""The lines a page writes around its figures: the title with its provenance, the illustrative-data
warning, a headline figure with its change, and text from the data or a user shown literally."""

from __future__ import annotations

import re

import streamlit as st

from ntm.locale import fmt
from ntm.measures import metrics
from pages.ui import filters
from pages.ui.filters import t


def header(title_key: str, scope: metrics.Scope, title: str | None = None) -> None:
    """Page title (title_key's text, or title) with period, scope and as-of date (the provenance line of every page)."""
    st.title(title or t(title_key))
    st.caption(
        f"{t('period')}: **{filters.period_label(scope.period_id)}** · {t('scope')}: "
        f"**{filters.scope_label(scope)}** · {t('as_of')}: {fmt.day(filters.as_of(scope.period_id))}"
    )


def opening(
    title_key: str, scope: metrics.Scope, *, empty: bool, illustrative_rows: bool = False, title: str | None = None
) -> None:
    """The top of an analysis page: its title line (title_key's text, or title), then either a plain note that the
    scope has nothing to show (and the run ends there) or the illustrative-data warning when its numbers need one."""
    header(title_key, scope, title)
    if empty:
        st.info(t("empty_scope"))
        st.stop()
    illustrative(illustrative_rows)


def illustrative(flag: bool) -> None:
    """The visible warning every page shows when a number it draws comes from illustrative rows."""
    if flag:  # one line above the figures (a phone still shows the headline); the reason one click away
        st.warning(t("illustrative_banner"), icon=":material/science:")
        with st.expander(t("illustrative_why")):
            st.markdown(t("illustrative"))


def metric(
    where, label: str, value: str, *, delta: str | None = None, flat: bool = False, since: str | None = None, **kwargs
) -> None:
    """A bordered st.metric; a change keeps its arrow and colour unless flat (zero, or a plain note)."""
    args = {}
    if delta:
        args = {"delta": delta, "delta_description": since} if since else {"delta": delta}
        if flat:
            args.update(delta_arrow="off", delta_color="off")
    where.metric(label, value, **{"border": True, **kwargs}, **args)


def plain(text: object) -> str:
    """Text from the data or a user (names, file names, cell values) shown literally in markdown:
    markdown and HTML characters escaped, line breaks kept."""
    escaped = re.sub(r"([\\`*_\[\]{}()<>#+\-.!|~$])", r"\\\1", str(text))
    return escaped.replace("\n", "  \n")


def inline(text: object) -> str:
    """Text from the data inside a sentence written in markdown: whatever could make a link, an image, a tag,
    emphasis, code or a formula is escaped, and so is a list or heading marker at the start of a line; parentheses,
    dots and dashes stay as typed, so the sentence's markdown reads like the text."""
    escaped = re.sub(r"([\\`*_\[\]<>$~])", r"\\\1", str(text))
    escaped = re.sub(r"(?m)^(\s*)(\d+)([.)])", r"\1\2\\\3", escaped)
    escaped = re.sub(r"(?m)^(\s*)([-+#])", r"\1\\\2", escaped)
    return escaped.replace("\n", "  \n")
