"""Trình chiếu: the steering-committee slides for the sidebar's filters, one at a time in large type on a
projector (the sidebar starts closed), with next/previous (buttons, arrow keys and a clicker's PageDown /
PageUp / Space) and one-click PowerPoint and PDF files of the same slides."""

import io
import time
from datetime import date

import streamlit as st

from ntm.locale import fmt
from ntm.outputs import pdf as report
from ntm.outputs import pptx as pptx_deck
from pages.ui import cache, filters, notes, slides
from pages.ui.filters import t
from pages.ui.guard import guard

scope, lang = filters.scope(), filters.lang()
content = slides.deck(scope, lang, date.today())

if content is None:
    st.title(t("page_present"))
    st.info(t("empty_scope"))
    st.stop()
pages = content.pages()  # as the deck draws them: a long table continues on the next slide
n = len(pages)
if not 0 <= st.session_state.get("slide_no", 0) < n:  # fewer slides after a filter change
    st.session_state["slide_no"] = 0

# Keys that change slides: the arrows, and what a presentation clicker sends (PageUp / PageDown, Space).
KEYS = {-1: ("Left", "PageUp", "Up"), 1: ("Right", "PageDown", "Space", "Down")}


def _move(step: int) -> None:
    st.session_state["slide_no"] = max(0, min(n - 1, st.session_state.get("slide_no", 0) + step))


st.html(slides.STYLE)
i = st.session_state.get("slide_no", 0)
nav = st.columns([1, 4, 1])
for where, step, label, at_end in (
    (nav[0], -1, f"◀ {t('prev_slide')}", i == 0),
    (nav[2], 1, f"{t('next_slide')} ▶", i == n - 1),
):
    key = "prev_slide" if step < 0 else "next_slide"
    where.button(label, key=key, on_click=_move, args=(step,), shortcut=KEYS[step][0], disabled=at_end, width="stretch")
nav[1].selectbox(
    t("go_to_slide"),
    range(n),
    key="slide_no",
    label_visibility="collapsed",
    format_func=lambda k: f"{k + 1}/{n} · {pages[k].slide.title}",
)
with st.container(key="slide_keys"):  # hidden: the other keys of each direction
    for step, keys in KEYS.items():
        for extra in keys[1:]:
            st.button(extra, key=f"slide_key_{extra}", on_click=_move, args=(step,), shortcut=extra)
with guard("slide"):
    slides.slide(pages[i].slide, i + 1, n, content.context)
st.caption(t("present_keys"))
notes.illustrative(content.context.illustrative)

# ---- exports: the same slides as files -------------------------------------------------------------------

EXPORTS = {
    "pptx": (
        pptx_deck.build_pptx,
        "build_pptx",
        "download_pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "pdf": (report.build_pdf, "build_pdf", "download_pdf", "application/pdf"),
}
stem = "-".join(["nong-thon-moi", scope.period_id, *(scope.districts or ("toan-tinh",))])
st.subheader(t("exports"))
for col, (kind, (build, build_key, download_key, mime)) in zip(st.columns(2), EXPORTS.items()):
    with guard("export"):
        state_key = f"export_{kind}"
        wanted = (scope, lang, cache.version(), date.today())  # a file of other data is not offered
        if col.button(t(build_key), key=build_key, icon=":material/build:"):
            bar = col.progress(0.0, text=t("building", step="…"))
            started = time.perf_counter()
            buffer = io.BytesIO()
            build(content, buffer, lambda f, step, bar=bar: bar.progress(min(f, 1.0), text=t("building", step=step)))
            bar.empty()
            st.session_state[state_key] = (wanted, buffer.getvalue(), time.perf_counter() - started)
        done = st.session_state.get(state_key)
        if done and done[0] == wanted:
            col.download_button(
                t(download_key),
                done[1],
                file_name=f"{stem}.{kind}",
                mime=mime,
                key=download_key,
                icon=":material/download:",
                type="primary",
            )
            col.caption(t("built_in", seconds=fmt.number(done[2], 1, lang)))
