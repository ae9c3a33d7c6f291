"""Tables as people see them: the screen frame (Vietnamese headers and numbers) and the Excel file.

A table is described once by a list of ``Col`` (field of the raw frame, header key, kind). ``screen``
formats it for the page; ``to_xlsx`` writes the same rows and headers to an .xlsx file, with numbers kept
as numbers (Excel formats them in the reader's locale), the filters in force and the as-of date above
the table, and every text cell stored as text: a value starting with = + - @ is never a formula.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ntm.locale import fmt
from ntm.locale.i18n import t
from ntm.locale.text import fold

KINDS = ("text", "int", "pct", "pct2", "num", "signed", "mark", "date", "list", "trend")  # pct2: published rates
MET, MISSING = "✓", "✗"
# Excel number formats; the reader's Excel shows them with its own separators (38,8% in Vietnamese Excel).
EXCEL_FORMATS = {
    "int": "#,##0",
    "pct": "0.0%",
    "pct2": "0.00%",
    "num": "0.0",
    "signed": "+0.0;-0.0;0.0",
    "date": "DD/MM/YYYY",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Col:
    """One column of a shown table: raw field, header (i18n key, or literal text when literal=True), kind."""

    field: str
    header: str
    kind: str = "text"
    literal: bool = False

    def title(self, lang: str) -> str:
        return self.header if self.literal else t(self.header, lang)


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return value is pd.NA or value is pd.NaT


def cell_text(value: object, kind: str, lang: str = "vi") -> object:
    """The value as the page shows it (ints stay ints so the table sorts; the rest is text)."""
    if kind == "trend":
        return [] if _missing(value) else [float(v) for v in value]
    if kind == "list":
        return "; ".join(str(v) for v in value) if isinstance(value, (list, tuple)) and value else "—"
    if _missing(value):
        return "—"
    if kind == "int":
        return int(value)
    if kind in ("pct", "pct2"):
        return fmt.percent(float(value), 2 if kind == "pct2" else 1, lang=lang)
    if kind == "num":
        return fmt.number(float(value), lang=lang)
    if kind == "signed":
        return fmt.signed(float(value), lang=lang)
    if kind == "mark":
        return MET if bool(value) else MISSING
    if kind == "date":
        return fmt.day(pd.Timestamp(value).date(), lang)
    return str(value)


def screen(raw: pd.DataFrame, cols: list[Col], lang: str = "vi") -> pd.DataFrame:
    """The frame the page draws: one column per Col, headers in the chosen language."""
    out = {c.title(lang): [cell_text(v, c.kind, lang) for v in raw[c.field]] for c in cols}
    frame = pd.DataFrame(out, index=range(len(raw)))
    for c in cols:
        if c.kind == "int" and raw[c.field].notna().all():
            frame[c.title(lang)] = frame[c.title(lang)].astype("int64")
    return frame


def excel_value(value: object, kind: str, lang: str = "vi") -> object:
    """The value written to the Excel cell (numbers as numbers, percentages as fractions)."""
    if kind == "trend":
        return " → ".join(fmt.number(float(v), lang=lang) for v in value) if isinstance(value, (list, tuple)) else None
    if kind == "list":
        return "; ".join(str(v) for v in value) if isinstance(value, (list, tuple)) and value else None
    if _missing(value):
        return "—" if kind == "mark" else None
    if kind == "int":
        return int(value)
    if kind in ("pct", "pct2"):
        return float(value) / 100
    if kind in ("num", "signed"):
        return float(value)
    if kind == "mark":
        return MET if bool(value) else MISSING
    if kind == "date":
        return pd.Timestamp(value).date()
    return str(value)


def _put(ws, row: int, col: int, value: object, number_format: str | None = None):
    """Write one cell; text is always stored as text, even '=HYPERLINK(...)' or '-2,0'."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, datetime):
        value = value.date()
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # Excel keeps showing it as text after the cell is edited
    elif number_format:
        cell.number_format = number_format
    return cell


@dataclass(frozen=True)
class Sheet:
    """One table of a workbook: its raw rows, columns and title (label: a short sheet name, else the title's)."""

    title: str
    raw: pd.DataFrame
    cols: list[Col]
    label: str | None = None


def frame_sheet(title: str, frame: pd.DataFrame, label: str | None = None) -> Sheet:
    """A table already worded for the screen (headers and cells in the chosen language) as a sheet: its columns
    are written as they stand, integers as numbers and the rest as text."""
    frame = frame.reset_index(drop=True)
    cols = [
        Col(str(c), str(c), "int" if pd.api.types.is_integer_dtype(frame[c]) else "text", literal=True)
        for c in frame.columns
    ]
    return Sheet(title, frame.rename(columns=str), cols, label)


def to_xlsx(
    sheets: list[Sheet], filters: list[tuple[str, str]], as_of: date, lang: str = "vi", notes: list[str] | None = None
) -> bytes:
    """An .xlsx file: per sheet, the title, the as-of date, the filters in force, notes, then the table."""
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_name(sheet.label or sheet.title, wb.sheetnames))
        _put(ws, 1, 1, sheet.title).font = Font(bold=True, size=13)
        _put(ws, 2, 1, t("as_of", lang))
        _put(ws, 2, 2, as_of, EXCEL_FORMATS["date"])
        row = 3
        for name, value in filters:
            _put(ws, row, 1, name)
            _put(ws, row, 2, value)
            row += 1
        for note in notes or []:
            _put(ws, row, 1, note).font = Font(italic=True)
            row += 1
        row += 1
        for j, c in enumerate(sheet.cols, start=1):
            cell = _put(ws, row, j, c.title(lang))
            cell.font, cell.fill = bold, header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        top = row
        for values in sheet.raw[[c.field for c in sheet.cols]].itertuples(index=False):
            row += 1
            for j, (c, v) in enumerate(zip(sheet.cols, values), start=1):
                _put(ws, row, j, excel_value(v, c.kind, lang), EXCEL_FORMATS.get(c.kind))
        last = get_column_letter(max(len(sheet.cols), 1))
        ws.freeze_panes = ws.cell(row=top + 1, column=1)
        ws.auto_filter.ref = f"A{top}:{last}{max(row, top)}"
        for j, c in enumerate(sheet.cols, start=1):
            width = max([len(c.title(lang))] + [len(str(v)) for v in sheet.raw[c.field].head(200)]) + 2
            ws.column_dimensions[get_column_letter(j)].width = min(max(width, 8), 60)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


SHEET_NAME_MAX = 31  # Excel's limit


def _sheet_name(title: str, taken: list[str]) -> str:
    """Excel sheet names: at most 31 characters cut between words, none of []:*?/\\, unique in the workbook."""
    name = _words_within("".join("_" if ch in "[]:*?/\\" else ch for ch in title), SHEET_NAME_MAX) or "Sheet"
    base, i = name, 2
    while name in taken:
        suffix = f" ({i})"
        name, i = _words_within(base, SHEET_NAME_MAX - len(suffix)) + suffix, i + 1
    return name


def _words_within(text: str, limit: int, sep: str = " ") -> str:
    """text if it fits in limit characters, else its first whole words that do (trailing punctuation dropped);
    a first word longer than the limit is cut, there being no word boundary to cut at."""
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    phrase = max(head.rfind(", "), head.rfind(" — "), head.rfind(" - "))
    if sep == " " and phrase >= limit // 2:  # a whole phrase reads better than a phrase cut short
        return head[:phrase].rstrip()
    cut = head.rfind(sep)
    kept = head[:cut] if cut > 0 else text[:limit]
    return kept.rstrip(" ,;:-–—·_")


def slug(text: str) -> str:
    """Words without diacritics, lower case, joined by hyphens ('Bảo Thắng, Bát Xát' -> 'bao-thang-bat-xat')."""
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in fold(text)).split()
    return "-".join(words)


def download_name(page: str, period_id: str, scope_words: str, part: str = "", ext: str = "xlsx") -> str:
    """A downloaded file's name from what it holds: the page, the period, the scope in words and, for a page with
    several files, which table ('xa_2020-02_bao-thang.xlsx', 'tong-quan_2020-02_toan-tinh.xlsx'); no diacritics,
    so it survives any file system, mail client or zip tool; many chosen areas are cut between names."""
    names = [slug(name) for name in scope_words.split(",")]
    scope = "-".join(n for i, n in enumerate(names) if len("-".join(names[: i + 1])) <= 60) or names[0][:60]
    pieces = [slug(page), slug(period_id), scope]
    if part:
        pieces.append(_words_within(slug(part), 60, "-"))
    return "_".join(p for p in pieces if p) + f".{ext}"


def find_header_row(ws, first_header: str) -> int:
    """Row number of a table's header in a sheet written by to_xlsx (its first cell is first_header)."""
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        if cell.value == first_header:
            return cell.row
    raise KeyError(first_header)
