"""Where things go on a 16:9 slide, estimated without drawing: the deck draws there, and the presentation
page shows the same slides, so a table too long for one slide continues on the same number of slides in both.

Sizes are EMU (python-pptx units) on a 13,333 × 7,5 inch slide; text sizes are points. Line counts are
estimates from an average glyph width, kept a little generous so a drawn table never runs off its slide.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import NamedTuple

from pptx.util import Inches, Pt

from ntm.locale.i18n import t
from ntm.outputs import slide_model as model

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP, BODY_BOTTOM = Inches(1.55), Inches(6.7)
TABLE_SIZES = (16, 14)
"""Table text in points: 16, or 14 when that keeps a table on one slide (else it continues at 16)."""
TEXT_PT, NOTE_PT = 18, 14
SMALL_PT = 14
"""The smallest text of the deck (stamp, footer, captions, chart labels): readable at the back of a meeting room."""
CHAR_EM = 0.48
"""Average width of a DejaVu Sans glyph in Vietnamese text, in em (measured on the rendered deck, slightly
generous): enough to estimate how many lines a text wraps to."""
BOLD_EM = 0.7  # bold DejaVu Sans digits, for the large KPI values
HEADER_EM = 0.58  # bold table headers
KPI_H, KPI_H_SHORT = Inches(2.4), Inches(1.9)  # cards alone, or above a table or chart
CELL_PAD = Inches(0.1)  # a table cell's top and bottom margins (0.03 in each) plus a little air


class Page(NamedTuple):
    """A slide as drawn: its tables cut to the rows this slide shows, and the table text size in points."""

    slide: model.Slide
    table_pt: float


def lines(text: str, width: int, size: float, em: float = CHAR_EM) -> int:
    """Lines a text wraps to in a box of the given width (EMU) at size points."""
    per_line = max(1, int(width / Inches(1) * 72 / (size * em)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def col_widths(item: model.Table, width: int) -> list[int]:
    weights = item.widths or (1,) * len(item.columns)
    return [int(width * w / sum(weights)) for w in weights]


def row_height(cells: tuple[str, ...], widths: list[int], size: float, em: float = CHAR_EM) -> int:
    n = max(lines(c, w - Inches(0.16), size, em) for c, w in zip(cells, widths))
    return int(CELL_PAD + Pt(size * 1.2) * n)


def big_items(s: model.Slide) -> list:
    return [it for it in s.items if isinstance(it, (model.Table, model.Chart, model.Image))]


def big_width(s: model.Slide) -> int:
    """Width of each big item: tables, charts and pictures share the slide side by side."""
    n = max(1, len(big_items(s)))
    return int((SLIDE_W - 2 * MARGIN - Inches(0.3) * (n - 1)) / n)


def kpi_height(s: model.Slide) -> int:
    return KPI_H_SHORT if big_items(s) else KPI_H


def text_height(item: model.Text) -> int:
    width = SLIDE_W - 2 * MARGIN
    return int(sum(Pt(TEXT_PT * 1.25) * lines("• " + ln, width, TEXT_PT) + Pt(4) for ln in item.lines))


def notes_height(notes: tuple[str, ...]) -> int:
    return int(sum(Pt(NOTE_PT * 1.25) * lines(n, SLIDE_W - 2 * MARGIN, NOTE_PT) for n in notes))


def big_top(s: model.Slide) -> int:
    """Where the big items start: below the KPI cards and text of the slide."""
    top = BODY_TOP
    for item in s.items:
        if isinstance(item, model.Kpis):
            top += KPI_H + Inches(0.2)
        elif isinstance(item, model.Text):
            top += text_height(item)
    return top


def _chunks(table: model.Table, widths: list[int], size: float, first: int, rest: int) -> list[list[int]]:
    """Row indexes per slide: `first` EMU of height on the first slide, `rest` on the next ones."""
    header = row_height(table.columns, widths, size, HEADER_EM)
    chunks, current, used = [], [], 0
    for r, row in enumerate(table.rows):
        h = row_height(row, widths, size)
        if current and used + h > 0.95 * ((rest if chunks else first) - header):  # estimates: keep a margin
            chunks.append(current)
            current, used = [], 0
        current.append(r)
        used += h
    return chunks + [current]


def _rows(table: model.Table, chunk: list[int]) -> model.Table:
    """The table cut to the chunk's rows; it keeps its total row only if the chunk holds it."""
    return replace(
        table,
        rows=tuple(table.rows[r] for r in chunk),
        fills=tuple(table.fills[r] for r in chunk) if table.fills else None,
        has_total=table.has_total and chunk[-1] == len(table.rows) - 1,
    )


def pages(s: model.Slide, lang: str) -> list[Page]:
    """The slide as drawn: one page, or, when its one table does not fit, continuation slides titled
    '… (tiếp)' that repeat the header and carry only the table, with the notes on the last one."""
    tables = [i for i, it in enumerate(s.items) if isinstance(it, model.Table)]
    if len(tables) != 1:
        return [Page(s, TABLE_SIZES[0])]
    k = tables[0]
    table = s.items[k]
    widths = col_widths(table, big_width(s))
    first = BODY_BOTTOM - notes_height(s.notes) - big_top(s)
    rest = BODY_BOTTOM - notes_height(s.notes) - BODY_TOP
    for size in TABLE_SIZES:
        if len(_chunks(table, widths, size, first, rest)) == 1:
            return [Page(s, size)]
    size = TABLE_SIZES[0]
    chunks = _chunks(table, widths, size, first, rest)
    items = s.items[:k] + (_rows(table, chunks[0]),) + s.items[k + 1 :]
    out = [Page(replace(s, items=items, notes=()), size)]
    for n, chunk in enumerate(chunks[1:], start=2):
        notes = s.notes if n == len(chunks) else ()
        title = f"{s.title} {t('continued', lang)}"
        out.append(Page(model.Slide(s.key, title, (_rows(table, chunk),), notes), size))
    return out
