"""A 16:9 PowerPoint deck of a slides.Deck (python-pptx): native tables, native editable bar charts,
the static map as a picture, and the period, scope and provenance on every slide.

Text uses DejaVu Sans, which carries every Vietnamese diacritic (fonts-dejavu-core; matplotlib bundles
it too). The runs also declare a Swiss pitch family, so an Office machine without DejaVu substitutes a
sans-serif such as Arial, which covers Vietnamese as well.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from lxml import etree
from PIL import Image as PILImage
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ntm import chart_export, slides
from ntm.i18n import t

FONT = "DejaVu Sans"
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP, BODY_BOTTOM = Inches(1.55), Inches(6.7)
MAX_TABLE_ROWS = 12
"""Rows of a table on one slide at 14 pt; longer tables continue on the next slide with the header."""

NAVY, GREY, LIGHT, WHITE = "1F3864", "595959", "F2F2F2", "FFFFFF"
GREEN, VERMILION, BLUE = "009E73", "D55E00", "0072B2"


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _font(font, size: float, bold: bool = False, colour: str = "000000") -> None:
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(colour)
    latin = font._rPr.find(qn("a:latin"))  # python-pptx names the face; the pitch family guides substitution
    if latin is not None:
        latin.set("pitchFamily", "34")


def _text_box(slide, left, top, width, height, lines, size, bold=False, colour="000000",
              align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    for i, line in enumerate([lines] if isinstance(lines, str) else lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        run = p.add_run()
        run.text = line
        _font(run.font, size, bold, colour)
    return box


# ---- slide frame ----------------------------------------------------------------------------------


def _frame(slide, ctx: slides.Context, title: str, number: int, total: int) -> None:
    """Title, the period/scope stamp, the provenance line and the slide number."""
    _text_box(slide, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.75), title, 28, True, NAVY,
              anchor=MSO_ANCHOR.MIDDLE)
    _text_box(slide, MARGIN, Inches(1.05), SLIDE_W - 2 * MARGIN, Inches(0.4), ctx.stamp(), 13, colour=GREY)
    rule = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, MARGIN, Inches(1.45), SLIDE_W - MARGIN, Inches(1.45))
    rule.line.color.rgb = _rgb(NAVY)
    _text_box(slide, MARGIN, Inches(6.85), Inches(11.0), Inches(0.5), ctx.provenance(), 10, colour=GREY)
    _text_box(slide, SLIDE_W - MARGIN - Inches(1.6), Inches(6.85), Inches(1.6), Inches(0.5),
              t("slide_no", ctx.lang, i=number, n=total), 11, colour=GREY, align=PP_ALIGN.RIGHT)


def _title_slide(slide, deck: slides.Deck, s: slides.Slide) -> None:
    ctx = deck.context
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, SLIDE_W, Inches(2.9))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(NAVY)
    band.line.fill.background()
    lines = s.items[0].lines if s.items else ()
    _text_box(slide, MARGIN, Inches(0.7), SLIDE_W - 2 * MARGIN, Inches(0.6), lines[0] if lines else "", 22, True,
              WHITE)
    _text_box(slide, MARGIN, Inches(1.3), SLIDE_W - 2 * MARGIN, Inches(1.4), s.title, 38, True, WHITE)
    _text_box(slide, MARGIN, Inches(3.3), SLIDE_W - 2 * MARGIN, Inches(2.4), list(lines[1:-1]), 22, colour="000000")
    _text_box(slide, MARGIN, Inches(6.0), SLIDE_W - 2 * MARGIN, Inches(1.0), lines[-1] if lines else "", 12,
              colour=GREY)


# ---- items ------------------------------------------------------------------------------------------


def _delta_colour(delta: str | None) -> str:
    if not delta:
        return GREY
    return GREEN if delta.startswith("+") else VERMILION if delta.startswith("-") else GREY


def _kpis(slide, item: slides.Kpis, left, top, width, height) -> None:
    gap = Inches(0.25)
    n = len(item.items)
    w = int((width - gap * (n - 1)) / n)
    for i, k in enumerate(item.items):
        x = left + i * (w + gap)
        card = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x, top, w, height)
        card.adjustments[0] = 0.06
        card.fill.solid()
        card.fill.fore_color.rgb = _rgb(LIGHT)
        card.line.color.rgb = _rgb("BFBFBF")
        _text_box(slide, x + Inches(0.15), top + Inches(0.1), w - Inches(0.3), Inches(0.8), k.label, 15, colour=GREY)
        _text_box(slide, x + Inches(0.15), top + Inches(0.85), w - Inches(0.3), Inches(1.0), k.value, 44, True, NAVY)
        if k.delta:
            _text_box(slide, x + Inches(0.15), top + height - Inches(0.6), w - Inches(0.3), Inches(0.5), k.delta, 16,
                      colour=_delta_colour(k.delta))


def _table(slide, item: slides.Table, rows: list[int], left, top, width) -> None:
    """The header plus the given row indexes as a native table."""
    n_rows, n_cols = len(rows) + 1, len(item.columns)
    row_h = Inches(0.4)
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width, row_h * n_rows)
    table = shape.table
    weights = item.widths or (1,) * n_cols
    for j, wgt in enumerate(weights):
        table.columns[j].width = int(width * wgt / sum(weights))
    last = len(item.rows) - 1

    def put(cell, text, bold, colour, fill, align):
        cell.text = ""
        cell.margin_left = cell.margin_right = Inches(0.08)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        p = cell.text_frame.paragraphs[0]
        p.alignment = align
        run = p.add_run()
        run.text = text
        _font(run.font, 14, bold, colour)
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(fill)

    for j, col in enumerate(item.columns):
        put(table.cell(0, j), col, True, WHITE, NAVY, PP_ALIGN.RIGHT if item.numeric[j] else PP_ALIGN.LEFT)
    for i, r in enumerate(rows, start=1):
        total = item.has_total and r == last
        for j, value in enumerate(item.rows[r]):
            fill = (item.fills[r][j] if item.fills else None) or (LIGHT if total else WHITE)
            put(table.cell(i, j), value, total, "000000", fill, PP_ALIGN.RIGHT if item.numeric[j] else PP_ALIGN.LEFT)


def _manual_plot_area(chart, x: float, y: float, w: float, h: float) -> None:
    """Pin the inner plot area (fractions of the chart frame) so a target line can be drawn over it."""
    c = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    plot_area = chart._chartSpace.chart.plotArea
    layout = etree.SubElement(plot_area, f"{{{c}}}layout")
    plot_area.remove(layout)
    plot_area.insert(0, layout)
    manual = etree.SubElement(layout, f"{{{c}}}manualLayout")
    for tag, val in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"),
                     ("x", x), ("y", y), ("w", w), ("h", h)):
        etree.SubElement(manual, f"{{{c}}}{tag}").set("val", str(val))


def _bar_chart(slide, spec: chart_export.BarSpec, left, top, width, height) -> None:
    """A native bar chart with per-bar colours and the screen's labels; the target as a dashed line."""
    label_top = Inches(0.35) if spec.target is not None else 0
    top, height = top + label_top, height - label_top
    data = CategoryChartData()
    order = slice(None, None, -1) if spec.horizontal else slice(None)  # PowerPoint puts bar 1 at the bottom
    data.categories = list(spec.categories[order])
    data.add_series(spec.title or " ", list(spec.values[order]))
    kind = XL_CHART_TYPE.BAR_CLUSTERED if spec.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = slide.shapes.add_chart(kind, left, top, width, height, data).chart
    chart.has_legend = False
    chart.has_title = False
    chart.font.name = FONT
    chart.font.size = Pt(12)
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.vary_by_categories = False
    series = plot.series[0]
    for i, (colour, label) in enumerate(zip(spec.colours[order], spec.labels[order])):
        point = series.points[i]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(colour)
        if label:
            dl = point.data_label
            dl.text_frame.text = label
            dl.position = XL_LABEL_POSITION.OUTSIDE_END
            _font(dl.text_frame.paragraphs[0].runs[0].font, 12, colour="000000")
    axis = chart.value_axis
    axis.minimum_scale = 0
    if spec.axis_max:
        axis.maximum_scale = spec.axis_max
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _rgb("E5E5E5")
    if spec.axis_suffix == "%":
        axis.tick_labels.number_format = '0"%"'
        axis.tick_labels.number_format_is_linked = False
    if spec.horizontal and spec.target is not None and spec.axis_max:
        longest = max((len(c) for c in spec.categories), default=10)
        x = min(0.45, 0.03 + longest * 0.095 * Inches(1) / width)
        y, h, w = 0.02, 0.88, 0.97 - x
        _manual_plot_area(chart, x, y, w, h)
        at = left + int(width * (x + w * spec.target / spec.axis_max))
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, at, top + int(height * y), at,
                                          top + int(height * (y + h)))
        line.line.color.rgb = _rgb(VERMILION)
        line.line.width = Pt(2)
        line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        _text_box(slide, at - Inches(1.5), top - label_top, Inches(3), label_top, spec.target_label, 12,
                  colour=VERMILION, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.BOTTOM)


def _picture(slide, png: bytes, left, top, width, height) -> None:
    """The PNG scaled to fit the box, centred, aspect ratio kept."""
    w_px, h_px = PILImage.open(io.BytesIO(png)).size
    scale = min(width / w_px, height / h_px)
    w, h = int(w_px * scale), int(h_px * scale)
    slide.shapes.add_picture(io.BytesIO(png), left + (width - w) // 2, top + (height - h) // 2, w, h)


def _chart(slide, item: slides.Chart, left, top, width, height) -> None:
    spec = chart_export.bar_spec(item.figure)
    if spec is not None:
        _bar_chart(slide, spec, left, top, width, height)
    else:
        _picture(slide, chart_export.png(item.figure, int(width / Emu(9525)), int(height / Emu(9525))),
                 left, top, width, height)


def _caption(slide, text: str | None, left, top, width) -> None:
    if text:
        _text_box(slide, left, top, width, Inches(0.35), text, 12, colour=GREY)


# ---- layout -------------------------------------------------------------------------------------------

def _pages(s: slides.Slide, lang: str) -> list[tuple[slides.Slide, dict[int, list[int]]]]:
    """Split a slide whose table is longer than MAX_TABLE_ROWS into continuation slides."""
    tables = [i for i, it in enumerate(s.items) if isinstance(it, slides.Table)]
    longest = max((len(s.items[i].rows) for i in tables), default=0)
    if longest <= MAX_TABLE_ROWS:
        return [(s, {i: list(range(len(s.items[i].rows))) for i in tables})]
    out = []
    for start in range(0, longest, MAX_TABLE_ROWS):
        chunk = {i: list(range(len(s.items[i].rows)))[start:start + MAX_TABLE_ROWS] for i in tables}
        title = s.title if start == 0 else f"{s.title} {t('continued', lang)}"
        out.append((slides.Slide(s.key, title, s.items, s.notes if start + MAX_TABLE_ROWS >= longest else ()), chunk))
    return out


def _body(slide, s: slides.Slide, table_rows: dict[int, list[int]]) -> None:
    """Items top to bottom: KPI cards and text take their natural height, the big items share the rest side
    by side."""
    left, width = MARGIN, SLIDE_W - 2 * MARGIN
    top = BODY_TOP
    bottom = BODY_BOTTOM - Inches(0.4) * len(s.notes)
    big = [it for it in s.items if isinstance(it, (slides.Table, slides.Chart, slides.Image))]
    for i, item in enumerate(s.items):
        if isinstance(item, slides.Kpis):
            h = Inches(2.4)
            _kpis(slide, item, left, top, width, h)
            top += h + Inches(0.2)
        elif isinstance(item, slides.Text):
            h = Inches(0.5) * len(item.lines)
            _text_box(slide, left, top, width, h, ["• " + ln for ln in item.lines], 18)
            top += h
    if big:
        gap = Inches(0.3)
        w = int((width - gap * (len(big) - 1)) / len(big))
        for k, item in enumerate(big):
            x = left + k * (w + gap)
            cap = Inches(0.4) if getattr(item, "caption", None) else 0
            h = bottom - top - cap
            if isinstance(item, slides.Table):
                _table(slide, item, table_rows[s.items.index(item)], x, top, w)
            elif isinstance(item, slides.Chart):
                _chart(slide, item, x, top, w, h)
            else:
                _picture(slide, item.png, x, top, w, h)
            _caption(slide, getattr(item, "caption", None), x, top + h, w)
    if s.notes:
        _text_box(slide, left, BODY_BOTTOM - Inches(0.4) * len(s.notes), width, Inches(0.4) * len(s.notes),
                  list(s.notes), 14, colour=GREY)


def build_pptx(deck: slides.Deck, out: Path | BinaryIO, progress: slides.Progress | None = None) -> int:
    """Write the deck to out (a path or a binary file); returns the number of slides written."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    ctx = deck.context
    prs.core_properties.title = f"{t('deck_title', ctx.lang)} – {ctx.period_label} – {ctx.scope_label}"
    prs.core_properties.subject = ctx.provenance()
    prs.core_properties.language = "vi-VN" if ctx.lang == "vi" else "en-GB"
    blank = prs.slide_layouts[6]
    pages = [page for s in deck.slides for page in _pages(s, ctx.lang)]
    for n, (s, rows) in enumerate(pages, start=1):
        if progress:
            progress((n - 1) / len(pages), s.title)
        slide = prs.slides.add_slide(blank)
        if s.kind == "title":
            _title_slide(slide, deck, s)
        else:
            _frame(slide, ctx, s.title, n, len(pages))
            _body(slide, s, rows)
    if progress:
        progress(1.0, "done")
    prs.save(out)
    return len(pages)
