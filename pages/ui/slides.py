"""The presentation page's slides on screen: the deck of a scope (cached) and one slide sized for a projector.

A slide fits a 1920 × 1080 screen with the sidebar closed and no text on it is under 20 px: the page's
spacing is tightened, the charts are redrawn in large type at the height left to them, the map picture is
scaled to that height, and a long table is cut where the deck cuts it (ntm.outputs.layout), so the screen
shows as many slides as the deck. Text from the data is shown literally (notes.plain), never as markdown.
"""

from __future__ import annotations

import html
import io
import math
from datetime import date

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from PIL import Image as PILImage

from geo import static_map
from ntm.measures import metrics
from ntm.outputs import slides
from pages.ui import cache, notes
from pages.ui.filters import t

TEXT_PX = 22
"""Body text of a slide (tables, lists, notes, captions, chart labels): at least 20 px, read from the back."""
BODY_PX = 690
"""Height the items of a slide share at 1920 × 1080: below its title and stamp, above its footer."""
LINE_PX = 38  # one line of a note or caption, with its spacing
KPI_PX = 190  # a row of headline cards
CHARS_PER_LINE = 140  # of TEXT_PX text across the slide

STYLE = f"""<style>
[data-testid="stMainBlockContainer"] {{ padding-top: 3.5rem; padding-bottom: 2rem; }}
.st-key-slide {{ gap: 0.6rem; }}
.st-key-slide h1 {{ font-size: 2.4rem; padding: 0.2rem 0 0 0; }}
.st-key-slide [data-testid="stCaptionContainer"], .st-key-slide [data-testid="stCaptionContainer"] * {{
  font-size: {TEXT_PX - 2}px; }}
.st-key-slide [data-testid="stMetricValue"] {{ font-size: 3.2rem; }}
.st-key-slide [data-testid="stMetricValue"] * {{ white-space: normal !important; text-overflow: clip !important; }}
.st-key-slide [data-testid="stMetricLabel"] p {{ font-size: {TEXT_PX}px; }}
.st-key-slide [data-testid="stMetricDelta"], .st-key-slide [data-testid="stMetricDelta"] * {{
  font-size: {TEXT_PX}px; white-space: normal !important; text-overflow: clip !important; height: auto; }}
.st-key-slide table, .st-key-slide th, .st-key-slide td, .st-key-slide td *, .st-key-slide th * {{
  font-size: {TEXT_PX}px; }}
.st-key-slide td, .st-key-slide th {{ padding: 0.3rem 0.6rem; }}
.st-key-slide [data-testid="stMarkdownContainer"] li {{ font-size: {TEXT_PX + 2}px; }}
.st-key-slide .cover p {{ font-size: 1.6rem; margin: 0.2rem 0; }}
.st-key-slide_keys {{ display: none; }}
</style>"""


@cache.data
def deck(con: duckdb.DuckDBPyConnection, scope: metrics.Scope, lang: str, issued: date) -> slides.Deck | None:
    """The slides of a scope, None when it has no commune; `issued` keys the cache by day (the cover's date)."""
    if metrics.summary(con, scope).base == 0:
        return None
    return slides.build_deck(con, scope, lang, issued, map_png=static_map.slide_picture)


def slide(s: slides.Slide, number: int, total: int, ctx: slides.Context) -> None:
    """The slide in large type, with the period, scope and provenance lines every slide carries."""
    with st.container(border=True, key="slide"):
        st.title(notes.inline(s.title))
        st.caption(notes.inline(ctx.stamp()))
        if s.kind == "title":
            lines = s.items[0].lines if s.items else ()
            st.html('<div class="cover">' + "".join(f"<p>{html.escape(line)}</p>" for line in lines[:-1]) + "</div>")
        else:
            room = _room(s)
            for item in s.items:
                _item(item, s.key, room)
            for note in s.notes:
                st.caption(notes.plain(note))
        st.caption(f"{notes.inline(ctx.provenance())} · {t('slide_no', i=number, n=total)}")


def _lines(text: str | None) -> int:
    return math.ceil(len(text) / CHARS_PER_LINE) if text else 0


def _room(s: slides.Slide) -> int:
    """Pixels left to a chart or picture: the body less the cards, texts, captions and notes beside it."""
    used = sum(LINE_PX * _lines(note) for note in s.notes)
    for item in s.items:
        if isinstance(item, slides.Kpis):
            used += KPI_PX
        elif isinstance(item, slides.Text):
            used += sum(LINE_PX * _lines(line) for line in item.lines)
        elif isinstance(item, slides.Chart):  # a picture's caption stands beside it
            used += LINE_PX * _lines(item.caption)
    return max(BODY_PX - used, 240)


def large(figure: go.Figure, height: int) -> go.Figure:
    """The page's figure for a projector: every label at TEXT_PX, as tall as given, and without its title
    (the slide's title says it, as in the deck). Sizes are set on each part: Streamlit's chart theme would
    otherwise set the axes in 12 px."""
    fig = go.Figure(figure)
    big = dict(size=TEXT_PX)
    fig.update_layout(title_text="", font=big, legend_font=big, height=height, margin=dict(l=10, r=10, t=30, b=10))
    fig.update_xaxes(tickfont=big, title_font=big)
    fig.update_yaxes(tickfont=big, title_font=big)
    fig.update_traces(textfont=big)
    fig.update_annotations(font=big)
    return fig


def _item(item: slides.Item, key: str, room: int) -> None:
    if isinstance(item, slides.Kpis):
        for col, k in zip(st.columns(len(item.items)), item.items):
            # a signed change keeps its arrow; a zero change or a plain note shows neither arrow nor colour
            delta = k.delta or k.note
            notes.metric(
                col, k.label, k.value, delta=delta, flat=k.delta is None or not (delta or "").startswith(("+", "-"))
            )
    elif isinstance(item, slides.Table):
        st.table(_styled(item))
    elif isinstance(item, slides.Chart):
        st.plotly_chart(large(item.figure, room), key=f"chart_{key}", config={"displayModeBar": False})
        if item.caption:
            st.caption(notes.plain(item.caption))
    elif isinstance(item, slides.Image):  # the picture as tall as the room, its notes beside it
        w, h = PILImage.open(io.BytesIO(item.png)).size
        picture, words = st.columns([3, 2], vertical_alignment="center")
        picture.image(item.png, width=int(room * w / h))
        if item.caption:
            words.caption(notes.plain(item.caption))
    elif isinstance(item, slides.Text):
        st.markdown("\n".join(f"- {notes.plain(line)}" for line in item.lines))


def _styled(item: slides.Table):
    """The table's cells shown literally (a '17. Môi trường' cell is not a numbered list), numbers right-aligned,
    the total row in bold and the traffic-light cells in their colours."""
    frame = item.frame()
    styler = frame.style.hide(axis="index").format(notes.plain).format_index(notes.plain, axis=1)
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
    return styler
