"""An A4 PDF report of a slides.Deck (reportlab): a provincial title block, one numbered section per slide,
tables that continue across pages with their header repeated, vector bar charts, "Trang x/y" on every page.

Fonts are embedded DejaVu Serif (text, as in an administrative document) and DejaVu Sans (tables,
charts), so diacritics survive printing and text extraction.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    HRFlowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from ntm.figures import palette
from ntm.locale.i18n import t
from ntm.outputs import chart_images as chart_export
from ntm.outputs import fonts, slides

# Pictures (the map) are stored as binary streams, not re-encoded as ASCII base-85 text in Python: a report is
# 13 % smaller (349 -> 305 KB) and made in 0,10 s instead of 0,13 s; every PDF reader reads both.
rl_config.useA85 = 0

SERIF, SERIF_B, SERIF_I = "DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic"
SANS, SANS_B = "DejaVuSans", "DejaVuSans-Bold"
PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 25 * mm, 18 * mm, 18 * mm, 20 * mm
# the pages' margins, as SimpleDocTemplate takes them
MARGINS = {"leftMargin": LEFT, "rightMargin": RIGHT, "topMargin": TOP, "bottomMargin": BOTTOM}
TEXT_W = PAGE_W - LEFT - RIGHT
NAVY, GREY, LIGHT = colors.HexColor(palette.NAVY), colors.HexColor(palette.TEXT_GREY), colors.HexColor(palette.LIGHT)
GREEN, VERMILION = colors.HexColor(palette.GREEN), colors.HexColor(palette.VERMILION)
FOOTER_PT = 8


def _register_fonts() -> None:
    for name, file in (
        (SERIF, "DejaVuSerif.ttf"),
        (SERIF_B, "DejaVuSerif-Bold.ttf"),
        (SERIF_I, "DejaVuSerif-Italic.ttf"),
        (SANS, "DejaVuSans.ttf"),
        (SANS_B, "DejaVuSans-Bold.ttf"),
    ):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(fonts.font_file(file))))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_B, italic=SERIF_I, boldItalic=SERIF_B)
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_B, italic=SANS, boldItalic=SANS_B)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=SERIF, fontSize=11, leading=15)
    return {
        "body": base,
        "centre": ParagraphStyle("centre", base, alignment=TA_CENTER),
        "centre_b": ParagraphStyle("centre_b", base, fontName=SERIF_B, alignment=TA_CENTER, fontSize=11.5),
        "date": ParagraphStyle("date", base, fontName=SERIF_I, alignment=TA_CENTER),
        "kind": ParagraphStyle(
            "kind", base, fontName=SERIF_B, fontSize=15, leading=20, alignment=TA_CENTER, spaceBefore=14
        ),
        "heading": ParagraphStyle("heading", base, fontName=SERIF_B, fontSize=12.5, leading=17, alignment=TA_CENTER),
        "stamp": ParagraphStyle(
            "stamp", base, fontName=SERIF_I, fontSize=10, leading=13, alignment=TA_CENTER, textColor=GREY, spaceAfter=6
        ),
        "section": ParagraphStyle(
            "section",
            base,
            fontName=SERIF_B,
            fontSize=12.5,
            leading=16,
            spaceBefore=12,
            spaceAfter=6,
            textColor=NAVY,
            keepWithNext=1,
        ),
        "note": ParagraphStyle("note", base, fontSize=9.5, leading=12.5, textColor=GREY, spaceBefore=3),
        "bullet": ParagraphStyle("bullet", base, leftIndent=12, bulletIndent=0, spaceAfter=3, bulletFontName=SERIF),
        "cell": ParagraphStyle("cell", fontName=SANS, fontSize=8.5, leading=10.5),
        "cell_r": ParagraphStyle("cell_r", fontName=SANS, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", fontName=SANS_B, fontSize=8.5, leading=10.5, textColor=colors.white),
        "head_r": ParagraphStyle(
            "head_r", fontName=SANS_B, fontSize=8.5, leading=10.5, textColor=colors.white, alignment=TA_RIGHT
        ),
        "kpi_label": ParagraphStyle("kpi_label", fontName=SANS, fontSize=8.5, leading=10.5, textColor=GREY),
        "kpi_value": ParagraphStyle("kpi_value", fontName=SANS_B, fontSize=20, leading=24, textColor=NAVY),
        "kpi_delta": ParagraphStyle("kpi_delta", fontName=SANS, fontSize=8.5, leading=10.5),
        "banner": ParagraphStyle(
            "banner",
            fontName=SANS_B,
            fontSize=11,
            leading=15,
            alignment=TA_CENTER,
            textColor=VERMILION,
            borderColor=VERMILION,
            borderWidth=1.2,
            borderPadding=6,
            spaceAfter=10,
        ),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- title block -----------------------------------------------------------------------------------


def _title_block(ctx: slides.Context, st: dict[str, ParagraphStyle]) -> list:
    """The provincial letterhead (authority and national motto, the date line) over real figures only; over
    illustrative figures a plain heading under the DỮ LIỆU MINH HỌA banner, so no one files it as a report."""
    lg = ctx.lang
    heading = [
        Paragraph(_esc(t("report_kind", lg)), st["kind"]),
        Paragraph("<br/>".join(_esc(x) for x in t("report_heading", lg).split("\n")), st["heading"]),
        Paragraph(_esc(ctx.stamp()), st["stamp"]),
    ]
    if ctx.illustrative:
        return [Paragraph(_esc(t("report_illustrative_banner", lg)), st["banner"])] + heading
    authority = t("report_authority", lg).split("\n")
    left = (
        [Paragraph(_esc(authority[0]), st["centre"])]
        + [Paragraph(_esc(a), st["centre_b"]) for a in authority[1:]]
        + [HRFlowable(width=TEXT_W * 0.4 * 0.35, thickness=0.7, color=colors.black, spaceBefore=1, hAlign="CENTER")]
    )
    right = [
        Paragraph(_esc(t("report_nation", lg)), ParagraphStyle("n", st["centre_b"], fontSize=10.5)),
        Paragraph(_esc(t("report_motto", lg)), st["centre_b"]),
        HRFlowable(width=TEXT_W * 0.6 * 0.45, thickness=0.7, color=colors.black, spaceBefore=1, hAlign="CENTER"),
    ]
    date_line = Paragraph(
        _esc(t("report_date_line", lg, d=ctx.issued.day, m=ctx.issued.month, y=ctx.issued.year)), st["date"]
    )
    block = Table([[left, right], ["", date_line]], colWidths=[TEXT_W * 0.4, TEXT_W * 0.6])
    block.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SERIF),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
            ]
        )
    )
    return [block] + heading


# ---- items ---------------------------------------------------------------------------------------------


def _kpis(item: slides.Kpis, st: dict[str, ParagraphStyle]) -> Table:
    cells = []
    for k in item.items:
        colour = (
            palette.GREEN
            if (k.delta or "").startswith("+")
            else palette.VERMILION
            if (k.delta or "").startswith("-")
            else palette.TEXT_GREY
        )
        size = 20.0  # the largest size at which the value stays on one line
        while size > 10 and pdfmetrics.stringWidth(k.value, SANS_B, size) > TEXT_W / len(item.items) - 14:
            size -= 1
        value_style = ParagraphStyle("kpi_fit", st["kpi_value"], fontSize=size, leading=size * 1.2)
        cell = [Paragraph(_esc(k.label), st["kpi_label"]), Paragraph(_esc(k.value), value_style)]
        if k.delta or k.note:
            cell.append(Paragraph(f'<font color="{colour}">{_esc(k.delta or k.note)}</font>', st["kpi_delta"]))
        cells.append(cell)
    n = len(cells)
    table = Table([cells], colWidths=[TEXT_W / n] * n)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS),
                ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#BFBFBF")),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#BFBFBF")),
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _table(item: slides.Table, st: dict[str, ParagraphStyle]) -> Table:
    """Header repeated on every page; rows never split; the total row in bold on grey."""

    def cell(text: str, j: int, head: bool = False, bold: bool = False) -> Paragraph:
        style = st[("head" if head else "cell") + ("_r" if item.numeric[j] else "")]
        return Paragraph(f"<b>{_esc(text)}</b>" if bold else _esc(text), style)

    last = len(item.rows) - 1
    data = [[cell(c, j, head=True) for j, c in enumerate(item.columns)]]
    data += [[cell(v, j, bold=item.has_total and i == last) for j, v in enumerate(r)] for i, r in enumerate(item.rows)]
    weights = item.widths or (1,) * len(item.columns)
    table = Table(data, colWidths=[TEXT_W * w / sum(weights) for w in weights], repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), SANS),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#BFBFBF")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if item.has_total:
        style.append(("BACKGROUND", (0, last + 1), (-1, last + 1), LIGHT))
    for i, row in enumerate(item.fills or ()):
        style += [("BACKGROUND", (j, i + 1), (j, i + 1), colors.HexColor(f)) for j, f in enumerate(row) if f]
    table.setStyle(TableStyle(style))
    return table


def _nice_step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if top / step <= 8:
            return step
    return top / 5


def _chart_drawing(spec: chart_export.ChartSpec, width: float) -> Drawing:
    """The screen's chart redrawn as vectors: same order, values, labels, colours and target line."""
    return _hbars(spec, width, 8) if spec.horizontal else _columns(spec, width, 8)


def _hbars(spec: chart_export.ChartSpec, width: float, size: float) -> Drawing:
    """Horizontal bars (one series), labels after the bars, the target as a dashed line."""
    s = spec.series[0]
    values = [v or 0.0 for v in s.values]
    row, axis_h, top_pad = 15, 14, 14 if spec.target is not None else 4
    cat_w = min(width * 0.45, max(pdfmetrics.stringWidth(c, SANS, size) for c in spec.categories) + 6)
    area = width - cat_w - 4
    fits = [(area - pdfmetrics.stringWidth(lb, SANS, size) - 4) / v for v, lb in zip(values, s.labels) if v > 0]
    scale = min(fits + [area / (spec.axis_max or max(max(values), 1))])
    height = top_pad + row * len(spec.categories) + axis_h
    d = Drawing(width, height, initialFontName=SANS)
    plot_top, plot_bottom = height - top_pad, axis_h
    step = _nice_step(area / scale)
    tick = 0.0
    while tick * scale <= area + 0.1:
        x = cat_w + tick * scale
        d.add(Line(x, plot_bottom, x, plot_top, strokeColor=colors.HexColor("#E5E5E5"), strokeWidth=0.5))
        d.add(
            String(
                x,
                plot_bottom - 10,
                f"{tick:g}{spec.axis_suffix}",
                fontName=SANS,
                fontSize=7,
                textAnchor="middle",
                fillColor=GREY,
            )
        )
        tick += step
    for i, (cat, val, lab, col) in enumerate(zip(spec.categories, values, s.labels, s.colours)):
        y = plot_top - (i + 1) * row + 2
        d.add(String(cat_w - 4, y + 3, cat, fontName=SANS, fontSize=size, textAnchor="end"))
        d.add(Rect(cat_w, y, max(val, 0) * scale, row - 4, fillColor=colors.HexColor(col), strokeColor=None))
        d.add(String(cat_w + max(val, 0) * scale + 3, y + 3, lab, fontName=SANS, fontSize=size))
    if spec.target is not None:
        x = cat_w + spec.target * scale
        d.add(Line(x, plot_bottom, x, plot_top, strokeColor=VERMILION, strokeWidth=1.2, strokeDashArray=[4, 3]))
        d.add(
            String(
                x,
                plot_top + 3,
                spec.target_label,
                fontName=SANS,
                fontSize=size,
                textAnchor="middle",
                fillColor=VERMILION,
            )
        )
    return d


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Words of text in lines no wider than width (a long word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and pdfmetrics.stringWidth(f"{lines[-1]} {word}", SANS, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _columns(spec: chart_export.ChartSpec, width: float, size: float) -> Drawing:
    """Columns (grouped when several series) or lines over categories, with a legend for several series."""
    axis_w, legend_h = 26, 16 if spec.legend else 0
    slot = (width - axis_w) / max(len(spec.categories), 1)
    cat_lines = [_wrap(c, slot - 4, size - 1) for c in spec.categories]
    cat_h = 6 + 9 * max(len(ln) for ln in cat_lines)
    plot_h = 150
    height = legend_h + 12 + plot_h + cat_h
    values = [v for s in spec.series for v in s.values if v is not None]
    top = spec.axis_max or max(max(values, default=1), 1) * 1.15
    scale = plot_h / top
    d = Drawing(width, height, initialFontName=SANS)
    base = cat_h
    step = _nice_step(top)
    tick = 0.0
    while tick <= top + 1e-9:
        y = base + tick * scale
        d.add(Line(axis_w, y, width, y, strokeColor=colors.HexColor("#E5E5E5"), strokeWidth=0.5))
        d.add(
            String(
                axis_w - 3,
                y - 2.5,
                f"{tick:g}{spec.axis_suffix}",
                fontName=SANS,
                fontSize=7,
                textAnchor="end",
                fillColor=GREY,
            )
        )
        tick += step
    for i, lines in enumerate(cat_lines):
        for k, line in enumerate(lines):
            d.add(
                String(
                    axis_w + (i + 0.5) * slot,
                    base - 9 - 9 * k,
                    line,
                    fontName=SANS,
                    fontSize=size - 1,
                    textAnchor="middle",
                )
            )
    n = len(spec.series)
    for j, s in enumerate(spec.series):
        points = []
        for i, (val, lab, col) in enumerate(zip(s.values, s.labels, s.colours)):
            if val is None:
                points.append(None)
                continue
            if spec.kind == "bar":
                bar_w = slot * 0.75 / n
                x = axis_w + i * slot + slot * 0.125 + j * bar_w
                d.add(Rect(x, base, bar_w, val * scale, fillColor=colors.HexColor(col), strokeColor=None))
                cx = x + bar_w / 2
            else:
                cx = axis_w + (i + 0.5) * slot
                points.append((cx, base + val * scale))
                d.add(Circle(cx, base + val * scale, 2.6, fillColor=colors.HexColor(col), strokeColor=None))
            d.add(String(cx, base + val * scale + 4, lab, fontName=SANS, fontSize=size - 1, textAnchor="middle"))
        if spec.kind == "line":
            for a, b in zip(points, points[1:]):
                if a and b:
                    d.add(Line(*a, *b, strokeColor=colors.HexColor(s.colours[0]), strokeWidth=1.5))
    if spec.legend:
        x = axis_w
        for s in spec.series:
            d.add(Rect(x, height - 10, 8, 8, fillColor=colors.HexColor(s.colours[0]), strokeColor=None))
            d.add(String(x + 11, height - 9, s.name, fontName=SANS, fontSize=size))
            x += 24 + pdfmetrics.stringWidth(s.name, SANS, size)
    return d


def _image(png: bytes, max_h: float = 120 * mm) -> Image:
    img = Image(io.BytesIO(png))
    scale = min(TEXT_W / img.imageWidth, max_h / img.imageHeight)
    img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
    return img


def _chart(item: slides.Chart, st: dict[str, ParagraphStyle]) -> object:
    """Vectors when the figure is bars or lines; otherwise a PNG, or the reason it could not be drawn."""
    spec = chart_export.chart_spec(item.figure)
    if spec is not None:
        return _chart_drawing(spec, TEXT_W)
    try:
        return _image(chart_export.png(item.figure, 1100, 600))
    except RuntimeError as err:  # no browser: the rest of the report is still worth having
        return Paragraph(_esc(str(err)), st["note"])


def _blocks(item: object, st: dict[str, ParagraphStyle]) -> list:
    """The flowables of one item; a chart or picture stays with its caption."""
    caption = getattr(item, "caption", None)
    cap = [Paragraph(_esc(caption), st["note"])] if caption else []
    if isinstance(item, slides.Kpis):
        return [_kpis(item, st)]
    if isinstance(item, slides.Table):
        return [_table(item, st)]
    if isinstance(item, slides.Chart):
        return [_chart(item, st)] + cap
    if isinstance(item, slides.Image):
        return [_image(item.png)] + cap
    if isinstance(item, slides.Text):
        return [Paragraph(_esc(line), st["bullet"], bulletText="–") for line in item.lines]
    return []


def _section(number: int, s: slides.Slide, st: dict[str, ParagraphStyle]) -> list:
    """Numbered heading kept with its first item (never alone at the foot of a page), then the rest."""
    blocks = [_blocks(item, st) for item in s.items]
    title = f"{number}. {_esc(s.title)}"
    if s.items and isinstance(s.items[0], slides.Table):
        # A table starts under its heading when 50 mm are left (heading, header, a few rows) and continues
        # on the next page with its header repeated; KeepTogether would push a one-page table whole.
        flow: list = [CondPageBreak(50 * mm), Paragraph(title, ParagraphStyle("s", st["section"], keepWithNext=0))]
        flow += blocks[0]
    else:
        flow = [CondPageBreak(40 * mm), KeepTogether([Paragraph(title, st["section"])] + (blocks[0] if blocks else []))]
    for block in blocks[1:]:
        flow.append(KeepTogether(block) if len(block) > 1 else block[0])
    return flow + [Paragraph(_esc(n), st["note"]) for n in s.notes]


# ---- pages -----------------------------------------------------------------------------------------------


def _numbered_canvas(ctx: slides.Context):
    """A canvas that knows the page count when it closes, so each footer reads 'Trang x/y'."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            if ctx.illustrative:
                self._illustrative_mark()
            self.setFont(SANS, FOOTER_PT)
            self.setFillColor(GREY)
            self.setStrokeColor(colors.HexColor("#BFBFBF"))
            self.line(LEFT, BOTTOM - 5 * mm, PAGE_W - RIGHT, BOTTOM - 5 * mm)
            for i, line in enumerate(_wrap(ctx.provenance(), TEXT_W - 25 * mm, FOOTER_PT)):  # whole, never cut
                self.drawString(LEFT, BOTTOM - 9 * mm - i * (FOOTER_PT + 1.5), line)
            self.drawRightString(
                PAGE_W - RIGHT, BOTTOM - 9 * mm, t("page_no", ctx.lang, page=self._pageNumber, pages=total)
            )

        def _illustrative_mark(self) -> None:
            """DỮ LIỆU MINH HỌA at the head of the page and faintly across it: every page shows such figures."""
            self.saveState()
            self.setFont(SANS_B, 9)
            self.setFillColor(VERMILION)
            self.drawCentredString(PAGE_W / 2, PAGE_H - TOP + 5 * mm, t("report_illustrative_mark", ctx.lang))
            self.setFillColor(colors.Color(0.84, 0.37, 0, alpha=0.08))
            self.setFont(SANS_B, 54)
            self.translate(PAGE_W / 2, PAGE_H / 2)
            self.rotate(35)
            self.drawCentredString(0, 0, t("report_illustrative_mark", ctx.lang))
            self.restoreState()

    return NumberedCanvas


def build_pdf(deck: slides.Deck, out: Path | BinaryIO, progress: slides.Progress | None = None) -> int:
    """Write the A4 report to out (a path or a binary file); returns the number of pages."""
    _register_fonts()
    st = _styles()
    ctx = deck.context
    target = str(out) if isinstance(out, Path) else out
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        **MARGINS,
        title=f"{t('deck_title', ctx.lang)} – {ctx.period_label}",
        author=t("report_authority", ctx.lang).replace("\n", " "),
        subject=ctx.provenance(),
        lang="vi-VN" if ctx.lang == "vi" else "en-GB",
        initialFontName=SANS,
    )  # else each page names an unembedded Helvetica
    flow = _title_block(ctx, st)
    content = [s for s in deck.slides if s.kind != "title"]
    for i, s in enumerate(content, start=1):
        if progress:
            progress((i - 1) / (len(content) + 1), s.title)
        flow += _section_or_note(i, s, st, ctx.lang)
    if progress:
        progress(len(content) / (len(content) + 1), t("page_no", ctx.lang, page="…", pages="…"))
    try:
        doc.build(flow, canvasmaker=_numbered_canvas(ctx))
    except Exception:  # a section that cannot be laid out (e.g. a cell taller than a page): find it, note it
        flow = _title_block(ctx, st)
        for i, s in enumerate(content, start=1):
            fits = _lays_out(_section_or_note(i, s, st, ctx.lang))
            flow += _section_or_note(i, s if fits else _skip(s, ctx.lang), st, ctx.lang)
        doc.build(flow, canvasmaker=_numbered_canvas(ctx))
    if progress:
        progress(1.0, "done")
    return doc.page


def _skip(s: slides.Slide, lang: str, err: Exception | None = None) -> slides.Slide:
    return slides.skipped(s.key, lang, err or RuntimeError(f"section {s.key!r} cannot be laid out on A4"))


def _section_or_note(number: int, s: slides.Slide, st: dict[str, ParagraphStyle], lang: str) -> list:
    """The flowables of a section, or of the note standing for it when they cannot be made."""
    try:
        return _section(number, s, st)
    except Exception as err:  # one broken section is left out with a visible note, never the whole report
        return _section(number, _skip(s, lang, err), st)


def _lays_out(flow: list) -> bool:
    """Whether these flowables fit the report's pages on their own (tried only after a whole build failed)."""
    trial = SimpleDocTemplate(io.BytesIO(), pagesize=A4, **MARGINS)
    try:
        trial.build(flow)
    except Exception:  # LayoutError and whatever a broken flowable raises
        return False
    return True
