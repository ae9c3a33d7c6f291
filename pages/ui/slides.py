"""The presentation page's slides on screen: the deck of a scope (cached) and one slide in large type."""

from __future__ import annotations

import html
from datetime import date

import duckdb
import pandas as pd
import streamlit as st

from geo import static_map
from ntm.measures import metrics
from ntm.outputs import slides
from pages.ui import cache, notes
from pages.ui.filters import t

STYLE = """<style>
.st-key-slide h1 { font-size: 2.6rem; }
.st-key-slide [data-testid="stMetricValue"] { font-size: 3.4rem; }
.st-key-slide [data-testid="stMetricValue"] * { white-space: normal !important; text-overflow: clip !important; }
.st-key-slide [data-testid="stMetricLabel"] p { font-size: 1.2rem; }
.st-key-slide table { font-size: 1.2rem; }
.st-key-slide [data-testid="stMarkdownContainer"] li { font-size: 1.35rem; }
.st-key-slide .cover p { font-size: 1.6rem; margin: 0.2rem 0; }
</style>"""


@cache.data
def deck(con: duckdb.DuckDBPyConnection, scope: metrics.Scope, lang: str, issued: date) -> slides.Deck | None:
    """The slides of a scope, None when it has no commune; `issued` keys the cache by day (the cover's date)."""
    if metrics.summary(con, scope).base == 0:
        return None
    return slides.build_deck(con, scope, lang, issued, map_png=static_map.slide_picture)


def slide(s: slides.Slide, number: int, content: slides.Deck) -> None:
    """The slide in large type, with the period, scope and provenance lines every slide carries."""
    ctx = content.context
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
        st.caption(f"{ctx.provenance()} · {t('slide_no', i=number, n=len(content.slides))}")


def _item(item: slides.Item, key: str) -> None:
    if isinstance(item, slides.Kpis):
        for col, k in zip(st.columns(len(item.items)), item.items):
            # a signed change keeps its arrow; a zero change or a plain note shows neither arrow nor colour
            delta = k.delta or k.note
            notes.metric(
                col, k.label, k.value, delta=delta, flat=k.delta is None or not (delta or "").startswith(("+", "-"))
            )
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
            css = pd.DataFrame(
                [[f"background-color: {f}" if f else "" for f in row] for row in item.fills],
                index=frame.index,
                columns=frame.columns,
            )
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
