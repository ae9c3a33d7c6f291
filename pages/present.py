"""Trình chiếu: the steering-committee slides for the sidebar's filters, one at a time in large type, with
next/previous (buttons, ← / → keys) and one-click PowerPoint and PDF files of the same slides."""

import html
import io
import time
from datetime import date

import pandas as pd
import streamlit as st

from ntm.locale import fmt
from ntm.outputs import pdf as report
from ntm.outputs import pptx as pptx_deck
from ntm.outputs import slides
from pages.ui import common as c
from pages.ui import present_cache as pc

STYLE = """<style>
.st-key-slide h1 { font-size: 2.6rem; }
.st-key-slide [data-testid="stMetricValue"] { font-size: 3.4rem; }
.st-key-slide [data-testid="stMetricValue"] * { white-space: normal !important; text-overflow: clip !important; }
.st-key-slide [data-testid="stMetricLabel"] p { font-size: 1.2rem; }
.st-key-slide table { font-size: 1.2rem; }
.st-key-slide [data-testid="stMarkdownContainer"] li { font-size: 1.35rem; }
.st-key-slide .cover p { font-size: 1.6rem; margin: 0.2rem 0; }
</style>"""

scope = c.current_scope()
version = c.db_version()
lang = c.lang()
if c.summary(scope, version).base == 0:
    st.title(c.t("page_present"))
    st.info(c.t("empty_scope"))
    st.stop()
content = pc.deck(scope, lang, version, date.today())
ctx = content.context
n = len(content.slides)
if not 0 <= st.session_state.get("slide_no", 0) < n:  # fewer slides after a filter change
    st.session_state["slide_no"] = 0


def _move(step: int) -> None:
    st.session_state["slide_no"] = max(0, min(n - 1, st.session_state.get("slide_no", 0) + step))


def _delta_args(delta: str | None, flat: bool = False) -> dict:
    """Signed changes keep the arrow; a zero change or a plain note shows neither arrow nor colour."""
    if not delta:
        return {}
    flat = flat or not delta.startswith(("+", "-"))
    return {"delta": delta, **({"delta_arrow": "off", "delta_color": "off"} if flat else {})}


def _item(item: slides.Item, key: str) -> None:
    if isinstance(item, slides.Kpis):
        for col, k in zip(st.columns(len(item.items)), item.items):
            col.metric(k.label, k.value, border=True, **_delta_args(k.delta or k.note, flat=k.delta is None))
    elif isinstance(item, slides.Table):
        frame = item.frame()
        styler = frame.style.hide(axis="index")
        # st.table aligns text columns left inline; numbers read better right-aligned on a projector.
        right = [f".st-key-slide td.col{j}, .st-key-slide th.col{j}" for j, num in enumerate(item.numeric) if num]
        if right:
            st.html(f"<style>{', '.join(right)} {{ text-align: right !important; }}</style>")
        if item.has_total:
            styler = styler.set_properties(subset=(frame.index[-1:], frame.columns), **{"font-weight": "bold"})
        if item.fills:
            css = pd.DataFrame([[f"background-color: {f}" if f else "" for f in row] for row in item.fills],
                               index=frame.index, columns=frame.columns)
            styler = styler.apply(lambda _: css, axis=None)
        st.table(styler)
    elif isinstance(item, slides.Chart):
        st.plotly_chart(item.figure, key=f"chart_{key}")
        if item.caption:
            st.caption(item.caption)
    elif isinstance(item, slides.Image):
        st.image(item.png, caption=item.caption)
    elif isinstance(item, slides.Text):
        st.markdown("\n".join(f"- {line}" for line in item.lines))


def _slide(s: slides.Slide, number: int) -> None:
    """The slide in large type, with the period, scope and provenance lines every slide carries."""
    with st.container(border=True, key="slide"):
        st.title(s.title)
        st.caption(ctx.stamp())
        if s.kind == "title":
            lines = s.items[0].lines if s.items else ()
            st.html('<div class="cover">' + "".join(f"<p>{html.escape(line)}</p>" for line in lines[:-1]) + "</div>")
        else:
            for item in s.items:
                _item(item, s.key)
            for note in s.notes:
                st.caption(note)
        st.caption(f"{ctx.provenance()} · {c.t('slide_no', i=number, n=n)}")


st.html(STYLE)
i = st.session_state.get("slide_no", 0)
nav = st.columns([1, 4, 1])
nav[0].button(f"◀ {c.t('prev_slide')}", key="prev_slide", on_click=_move, args=(-1,), shortcut="Left",
              disabled=i == 0, width="stretch")
nav[1].selectbox(c.t("go_to_slide"), range(n), key="slide_no", label_visibility="collapsed",
                 format_func=lambda k: f"{k + 1}/{n} · {content.slides[k].title}")
nav[2].button(f"{c.t('next_slide')} ▶", key="next_slide", on_click=_move, args=(1,), shortcut="Right",
              disabled=i == n - 1, width="stretch")
_slide(content.slides[i], i + 1)
st.caption(c.t("present_keys"))
c.illustrative_note(ctx.illustrative)

# ---- exports: the same slides as files -------------------------------------------------------------------

EXPORTS = {
    "pptx": (pptx_deck.build_pptx, "build_pptx", "download_pptx",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "pdf": (report.build_pdf, "build_pdf", "download_pdf", "application/pdf"),
}
stem = "-".join(["nong-thon-moi", scope.period_id, *(scope.districts or ("toan-tinh",))])
st.subheader(c.t("exports"))
for col, (kind, (build, build_key, download_key, mime)) in zip(st.columns(2), EXPORTS.items()):
    state_key = f"export_{kind}"
    wanted = (scope, lang, version, date.today())
    if col.button(c.t(build_key), key=build_key, icon=":material/build:"):
        bar = col.progress(0.0, text=c.t("building", step="…"))
        started = time.perf_counter()
        buffer = io.BytesIO()
        build(content, buffer, lambda f, step: bar.progress(min(f, 1.0), text=c.t("building", step=step)))
        bar.empty()
        st.session_state[state_key] = (wanted, buffer.getvalue(), time.perf_counter() - started)
    done = st.session_state.get(state_key)
    if done and done[0] == wanted:
        col.download_button(c.t(download_key), done[1], file_name=f"{stem}.{kind}", mime=mime, key=download_key,
                            icon=":material/download:", type="primary")
        col.caption(c.t("built_in", seconds=fmt.number(done[2], 1, lang)))
