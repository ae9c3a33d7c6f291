"""Reading uploaded spreadsheets into plain grids, whatever shape the office's file has.

Decides the file type from its bytes (not its name), refuses what is not a real .xlsx or text CSV
with a Vietnamese message, fills merged cells with their value (government forms merge header and
district cells), and keeps formulas as inert text marked as formulas so a coded field can refuse
them. Every file is measured against ntm.loading.limits before it is read: an .xlsx by its zip
directory and a byte scan of its parts (ntm.loading.xlsx reads it streamed, entities never
resolved), a CSV by its lines, columns and longest field, so a crafted file is refused in
moments instead of exhausting the server.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ntm.loading import limits
from ntm.loading.xlsx import Formula, read_book
from ntm.locale.text import fold, nfc

__all__ = ["FileRejected", "Formula", "Grid", "HEADER_SCAN_ROWS", "read_grids", "read_sheets"]

HEADER_SCAN_ROWS = 40


class FileRejected(limits.Refused):
    """The whole file cannot be read; str() is the Vietnamese message."""


@dataclass
class Grid:
    """One sheet: rows[i][j] is spreadsheet row i+1, column j+1 (None = empty)."""

    sheet: str
    rows: list[list[object]]
    notes: list[str] = field(default_factory=list)


@dataclass
class Sheets:
    """The grids of a file and the sheets that were not read (hidden in the workbook)."""

    grids: list[Grid]
    hidden: list[str] = field(default_factory=list)


def read_grids(content: bytes, file_name: str) -> list[Grid]:
    """Every visible sheet of an .xlsx, or the single table of a CSV file."""
    return read_sheets(content, file_name).grids


def read_sheets(content: bytes, file_name: str) -> Sheets:
    """The visible sheets of an .xlsx (and the names of hidden ones), or the table of a CSV file."""
    empty = f"Tệp '{file_name}' rỗng (0 byte): không có gì để nhập."
    too_big = f"Tệp '{file_name}' quá lớn ({{size}} MB; tối đa {{maximum}} MB). Hãy tách thành nhiều tệp."
    if refusal := limits.size_refusal(content, limits.MAX_UPLOAD_BYTES, empty, too_big):
        raise FileRejected(refusal)
    ext = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    try:
        if content[:4] == b"PK\x03\x04":
            book = read_book(content, file_name)
            return Sheets([Grid(name, rows) for name, rows in book.sheets.items()], book.hidden)
        if content[:4] == b"\xd0\xcf\x11\xe0":
            raise FileRejected(
                f"Tệp '{file_name}' là định dạng Excel cũ (.xls) hoặc có đặt mật khẩu. "
                f"Hãy mở bằng Excel, bỏ mật khẩu và lưu lại dạng .xlsx (Excel Workbook)."
            )
        if ext in ("xlsx", "xlsm", "xls"):
            raise FileRejected(
                f"Tệp '{file_name}' có đuôi .{ext} nhưng nội dung không phải tệp Excel hợp lệ "
                f"(có thể là tệp khác bị đổi tên). Hãy mở tệp gốc bằng Excel và lưu lại dạng .xlsx."
            )
        if ext in ("csv", "txt", "tsv"):
            return Sheets([_read_csv(content, file_name)])
    except FileRejected:
        raise
    except limits.Refused as err:
        raise FileRejected(str(err)) from None
    raise FileRejected(f"Tệp '{file_name}': chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")


def _read_csv(content: bytes, file_name: str) -> Grid:
    if b"\x00" in content[:4096]:
        raise FileRejected(f"Tệp '{file_name}' không phải tệp văn bản CSV (có byte nhị phân).")
    lines = content.count(b"\n")
    if lines > limits.MAX_ROW_NUMBER:
        raise FileRejected(
            f"Tệp '{file_name}': {lines} dòng, vượt giới hạn {limits.MAX_DATA_ROWS} dòng số liệu. "
            + limits.split_hint()
        )
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes almost anything
        raise FileRejected(f"Tệp '{file_name}': không đọc được bảng mã (hãy lưu dạng CSV UTF-8).")
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    rows, cells = [], 0
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            if len(row) > limits.MAX_COLUMNS:
                raise FileRejected(
                    f"Tệp '{file_name}', dòng {reader.line_num}: {len(row)} cột (tối đa {limits.MAX_COLUMNS})."
                )
            cells += len(row)
            if cells > limits.MAX_CELLS or len(rows) >= limits.MAX_ROW_NUMBER:
                raise FileRejected(
                    f"Tệp '{file_name}': quá nhiều ô hoặc dòng (tối đa {limits.MAX_DATA_ROWS} dòng). "
                    + limits.split_hint()
                )
            rows.append([c if c != "" else None for c in row])
    except csv.Error:  # a field over csv's own limit (131 072 characters) or a stray quote at the end
        raise FileRejected(
            f"Tệp '{file_name}', dòng {reader.line_num}: có ô quá dài hoặc dấu ngoặc kép không đóng "
            f"(tối đa {limits.MAX_CELL_CHARS} ký tự một ô). Hãy kiểm tra lại tệp."
        ) from None
    longest = max((len(c) for r in rows for c in r if c), default=0)
    if longest > limits.MAX_CELL_CHARS:
        raise FileRejected(
            f"Tệp '{file_name}': có ô dài {longest} ký tự (tối đa {limits.MAX_CELL_CHARS}, giới hạn của Excel)."
        )
    return Grid("", rows)


# ---- cell helpers ------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """Display text of a cell: numbers without a spurious '.0', strings NFC with spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return nfc(str(value))


@lru_cache(maxsize=65_536)
def _text(value: str) -> str:
    """NFC text of a string cell, computed once per distinct string (files repeat the same few a lot)."""
    return nfc(value)


_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NON_WORD = re.compile(r"[^0-9a-z/ ]+")


def header_key(value: object) -> str:
    """Comparable form of a header label: folded, hints in brackets and punctuation dropped."""
    text = fold(_PARENS.sub(" ", cell_text(value)))
    return " ".join(_NON_WORD.sub(" ", text).split())


def is_blank_row(row: list[object]) -> bool:
    return all(v is None or cell_text(v) == "" for v in row)


_NUMBERING = re.compile(r"\(?(\d{1,3})\)?")


def looks_like_numbering(row: list[object]) -> bool:
    """The '(1) (2) (3)…' or '1 2 3…' row that forms print under the header."""
    numbers = []
    for v in row:
        if v is None:
            continue
        text = cell_text(v)
        if text == "":
            continue
        m = _NUMBERING.fullmatch(text)
        if not m:
            return False
        numbers.append(int(m.group(1)))
    return len(numbers) >= 3 and all(b == a + 1 for a, b in zip(numbers, numbers[1:]))
