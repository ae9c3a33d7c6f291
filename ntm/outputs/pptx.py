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
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ntm.figures import palette
from ntm.locale.i18n import t
from ntm.outputs import chart_images as chart_export
from ntm.outputs import slides
from ntm.outputs.layout import (
    BODY_BOTTOM,
    BODY_TOP,
    BOLD_EM,
    HEADER_EM,
    MARGIN,
    NOTE_PT,
    SLIDE_H,
    SLIDE_W,
    SMALL_PT,
    TEXT_PT,
    big_items,
    big_width,
    col_widths,
    kpi_height,
    lines,
    notes_height,
    row_height,
    text_height,
)

FONT = "DejaVu Sans"


NAVY, GREY, LIGHT, WHITE = palette.NAVY, palette.TEXT_GREY, palette.LIGHT, palette.WHITE
GREEN, VERMILION, BLUE = palette.GREEN, palette.VERMILION, palette.BLUE


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


def _text_box(
    slide,
    left,
    top,
    width,
    height,
    lines,
    size,
    bold=False,
    colour="000000",
    align=PP_ALIGN.LEFT,
    anchor=MSO_ANCHOR.TOP,
):
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


def _title(slide, text: str, left, top, width, height, size: float, colour: str) -> None:
    """The slide's title in its title placeholder, so outline view and screen readers see it as the title."""
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = left, top, width, height
    tf = shape.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    tf.text = ""
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.LEFT
    run = p.add_run()
    run.text = text
    _font(run.font, size, True, colour)


def _frame(slide, ctx: slides.Context, title: str, number: int, total: int) -> None:
    """Title, the period/scope stamp, the provenance line and the slide number."""
    _title(slide, title, MARGIN, Inches(0.3), SLIDE_W - 2 * MARGIN, Inches(0.75), 28, NAVY)
    _text_box(slide, MARGIN, Inches(1.02), SLIDE_W - 2 * MARGIN, Inches(0.4), ctx.stamp(), SMALL_PT, colour=GREY)
    rule = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, MARGIN, Inches(1.45), SLIDE_W - MARGIN, Inches(1.45))
    rule.line.color.rgb = _rgb(NAVY)
    _text_box(slide, MARGIN, Inches(6.78), Inches(10.8), Inches(0.65), ctx.provenance(), SMALL_PT, colour=GREY)
    _text_box(
        slide,
        SLIDE_W - MARGIN - Inches(1.6),
        Inches(6.78),
        Inches(1.6),
        Inches(0.5),
        t("slide_no", ctx.lang, i=number, n=total),
        SMALL_PT,
        colour=GREY,
        align=PP_ALIGN.RIGHT,
    )


def _title_slide(slide, deck: slides.Deck, s: slides.Slide) -> None:
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, SLIDE_W, Inches(2.9))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(NAVY)
    band.line.fill.background()
    lines = s.items[0].lines if s.items else ()
    _text_box(slide, MARGIN, Inches(0.7), SLIDE_W - 2 * MARGIN, Inches(0.6), lines[0] if lines else "", 22, True, WHITE)
    _title(slide, s.title, MARGIN, Inches(1.3), SLIDE_W - 2 * MARGIN, Inches(1.4), 38, WHITE)
    _text_box(slide, MARGIN, Inches(3.3), SLIDE_W - 2 * MARGIN, Inches(2.4), list(lines[1:-1]), 22, colour="000000")
    _text_box(
        slide, MARGIN, Inches(6.0), SLIDE_W - 2 * MARGIN, Inches(1.0), lines[-1] if lines else "", SMALL_PT, colour=GREY
    )


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
        _text_box(slide, x + Inches(0.15), top + Inches(0.08), w - Inches(0.3), Inches(0.6), k.label, 15, colour=GREY)
        size = next((pt for pt in (44, 36, 30, 24) if lines(k.value, w - Inches(0.4), pt, BOLD_EM) == 1), 20)
        _text_box(
            slide,
            x + Inches(0.15),
            top + Inches(0.65),
            w - Inches(0.3),
            height - Inches(1.2),
            k.value,
            size,
            True,
            NAVY,
            anchor=MSO_ANCHOR.MIDDLE,
        )
        if k.delta or k.note:
            text = k.delta or k.note
            size = 16 if k.delta else SMALL_PT
            _text_box(
                slide,
                x + Inches(0.15),
                top + height - Inches(0.55),
                w - Inches(0.3),
                Inches(0.5),
                text,
                size,
                colour=_delta_colour(k.delta),
                anchor=MSO_ANCHOR.BOTTOM,
            )


def _table(slide, item: slides.Table, left, top, width, size: float) -> None:
    """The header and the rows as a native table, rows as tall as their wrapped text."""
    n_rows, n_cols = len(item.rows) + 1, len(item.columns)
    widths = col_widths(item, width)
    heights = [row_height(item.columns, widths, size, HEADER_EM)] + [row_height(r, widths, size) for r in item.rows]
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width, sum(heights))
    table = shape.table
    for j, w in enumerate(widths):
        table.columns[j].width = w
    for i, h in enumerate(heights):
        table.rows[i].height = h
    last = len(item.rows) - 1

    def put(cell, text, bold, colour, fill, align):
        cell.text = ""
        cell.margin_left = cell.margin_right = Inches(0.08)
        cell.margin_top = cell.margin_bottom = Inches(0.03)
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        p = cell.text_frame.paragraphs[0]
        p.alignment = align
        run = p.add_run()
        run.text = text
        _font(run.font, size, bold, colour)
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(fill)

    for j, col in enumerate(item.columns):
        put(table.cell(0, j), col, True, WHITE, NAVY, PP_ALIGN.RIGHT if item.numeric[j] else PP_ALIGN.LEFT)
    for i, row in enumerate(item.rows, start=1):
        r = i - 1
        total = item.has_total and r == last
        for j, value in enumerate(row):
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
    for tag, val in (
        ("layoutTarget", "inner"),
        ("xMode", "edge"),
        ("yMode", "edge"),
        ("x", x),
        ("y", y),
        ("w", w),
        ("h", h),
    ):
        etree.SubElement(manual, f"{{{c}}}{tag}").set("val", str(val))


def _native_chart(slide, spec: chart_export.ChartSpec, left, top, width, height) -> None:
    """A native chart with the screen's colours and labels per point; the target as a dashed line."""
    label_top = Inches(0.35) if spec.target is not None else 0
    top, height = top + label_top, height - label_top
    data = CategoryChartData()
    order = slice(None, None, -1) if spec.horizontal else slice(None)  # PowerPoint puts bar 1 at the bottom
    data.categories = list(spec.categories[order])
    for s in spec.series:
        data.add_series(s.name or spec.title or " ", list(s.values[order]))
    if spec.kind == "line":
        kind = XL_CHART_TYPE.LINE_MARKERS
    else:
        kind = XL_CHART_TYPE.BAR_CLUSTERED if spec.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = slide.shapes.add_chart(kind, left, top, width, height, data).chart
    chart.has_legend = spec.legend
    if spec.legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    chart.has_title = False
    chart.font.name = FONT
    chart.font.size = Pt(SMALL_PT)
    plot = chart.plots[0]
    if spec.kind == "bar":
        plot.gap_width = 50
        plot.vary_by_categories = False
    for s, series in zip(spec.series, plot.series):
        if spec.kind == "line":
            series.format.line.color.rgb = _rgb(s.colours[0])
            series.format.line.width = Pt(2.25)
            series.smooth = False
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = _rgb(s.colours[0])
        for i, (value, colour, label) in enumerate(zip(s.values[order], s.colours[order], s.labels[order])):
            if value is None:
                continue
            point = series.points[i]
            if spec.kind == "bar":
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(colour)
            if label:
                dl = point.data_label
                dl.text_frame.text = label
                dl.position = XL_LABEL_POSITION.ABOVE if spec.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END
                _font(dl.text_frame.paragraphs[0].runs[0].font, SMALL_PT, colour="000000")
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
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, at, top + int(height * y), at, top + int(height * (y + h))
        )
        line.line.color.rgb = _rgb(VERMILION)
        line.line.width = Pt(2)
        line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        _text_box(
            slide,
            at - Inches(1.5),
            top - label_top,
            Inches(3),
            label_top,
            spec.target_label,
            SMALL_PT,
            colour=VERMILION,
            align=PP_ALIGN.CENTER,
            anchor=MSO_ANCHOR.BOTTOM,
        )


def _picture(slide, png: bytes, left, top, width, height) -> None:
    """The PNG scaled to fit the box, centred, aspect ratio kept."""
    w_px, h_px = PILImage.open(io.BytesIO(png)).size
    scale = min(width / w_px, height / h_px)
    w, h = int(w_px * scale), int(h_px * scale)
    slide.shapes.add_picture(io.BytesIO(png), left + (width - w) // 2, top + (height - h) // 2, w, h)


def _chart(slide, item: slides.Chart, left, top, width, height) -> None:
    """Native when the figure is bars or lines; otherwise a PNG, or the reason it could not be drawn."""
    spec = chart_export.chart_spec(item.figure)
    if spec is not None:
        _native_chart(slide, spec, left, top, width, height)
        return
    try:
        png = chart_export.png(item.figure, int(width / Emu(9525)), int(height / Emu(9525)))
    except RuntimeError as err:  # no browser: the rest of the deck is still worth having
        _text_box(slide, left, top, width, Inches(1), str(err), 14, colour=VERMILION)
        return
    _picture(slide, png, left, top, width, height)


def _caption(slide, text: str | None, left, top, width) -> None:
    if text:
        _text_box(
            slide,
            left,
            top,
            width,
            int(Pt(SMALL_PT * 1.25) * lines(text, width, SMALL_PT)),
            text,
            SMALL_PT,
            colour=GREY,
        )


# ---- layout -------------------------------------------------------------------------------------------


def _body(slide, s: slides.Slide, table_pt: float) -> None:
    """Items top to bottom: KPI cards and text take their natural height, the big items share the rest side
    by side, the notes sit at the foot."""
    left, width = MARGIN, SLIDE_W - 2 * MARGIN
    top = BODY_TOP
    notes_h = notes_height(s.notes)
    bottom = BODY_BOTTOM - notes_h
    for item in s.items:
        if isinstance(item, slides.Kpis):
            _kpis(slide, item, left, top, width, kpi_height(s))
            top += kpi_height(s) + Inches(0.2)
        elif isinstance(item, slides.Text):
            h = text_height(item)
            _text_box(slide, left, top, width, h, ["• " + ln for ln in item.lines], TEXT_PT)
            top += h
    w = big_width(s)
    for k, item in enumerate(big_items(s)):
        x = left + k * (w + Inches(0.3))
        caption = getattr(item, "caption", None)
        cap = int(Pt(SMALL_PT * 1.25) * lines(caption, w, SMALL_PT) + Inches(0.05)) if caption else 0
        h = bottom - top - cap
        if isinstance(item, slides.Table):
            _table(slide, item, x, top, w, table_pt)
        elif isinstance(item, slides.Chart):
            _chart(slide, item, x, top, w, h)
        else:
            _picture(slide, item.png, x, top, w, h)
        _caption(slide, getattr(item, "caption", None), x, top + h, w)
    if s.notes:
        _text_box(slide, left, bottom, width, notes_h, list(s.notes), NOTE_PT, colour=GREY)


def speaker_notes(s: slides.Slide, ctx: slides.Context) -> str:
    """What the presenter reads in the notes pane: the slide's figures and notes in words, and where they come from."""
    lines = [s.title, ctx.stamp()]
    for item in s.items:
        if isinstance(item, slides.Kpis):
            lines += [f"{k.label}: {k.value}" + (f" ({k.delta})" if k.delta else "") for k in item.items]
        elif isinstance(item, slides.Text):
            lines += list(item.lines)
        elif isinstance(item, slides.Table):
            lines.append(t("notes_table_rows", ctx.lang, n=len(item.rows)))
        elif getattr(item, "caption", None):
            lines.append(item.caption)
    return "\n".join(lines + list(s.notes) + [ctx.provenance()])


def _redraw_skipped(slide, ctx: slides.Context, s: slides.Slide, n: int, total: int, err: Exception) -> slides.Slide:
    """Empty a half-drawn slide and draw the note that stands for it instead; returns that note's slide."""
    for shape in list(slide.shapes):
        if not shape.is_placeholder:
            shape._element.getparent().remove(shape._element)
    note = slides.skipped(s.key, ctx.lang, err)
    _frame(slide, ctx, note.title, n, total)
    _body(slide, note, TEXT_PT)
    return note


def build_pptx(deck: slides.Deck, out: Path | BinaryIO, progress: slides.Progress | None = None) -> int:
    """Write the deck to out (a path or a binary file); returns the number of slides written."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    ctx = deck.context
    prs.core_properties.title = f"{t('deck_title', ctx.lang)} – {ctx.period_label} – {ctx.scope_label}"
    prs.core_properties.subject = ctx.provenance()
    prs.core_properties.language = "vi-VN" if ctx.lang == "vi" else "en-GB"
    title_only = prs.slide_layouts[5]  # a title placeholder and nothing else: every slide has a real title
    pages = deck.pages()
    for n, (s, table_pt) in enumerate(pages, start=1):
        if progress:
            progress((n - 1) / len(pages), s.title)
        slide = prs.slides.add_slide(title_only)
        try:
            if s.kind == "title":
                _title_slide(slide, deck, s)
            else:
                _frame(slide, ctx, s.title, n, len(pages))
                _body(slide, s, table_pt)
        except Exception as err:  # a slide that cannot be drawn becomes its note; the deck is still written
            s = _redraw_skipped(slide, ctx, s, n, len(pages), err)
        slide.notes_slide.notes_text_frame.text = speaker_notes(s, ctx)
    if progress:
        progress(1.0, "done")
    prs.save(out)
    return len(pages)
