"""Reading uploaded spreadsheets into plain grids, whatever shape the office's file has.

Decides the file type from its bytes (not its name), refuses what is not a real .xlsx or text CSV
with a Vietnamese message, fills merged cells with their value (government forms merge header and
district cells), and keeps formulas as inert text marked as formulas so a coded field can refuse
them. openpyxl parses with defusedxml (installed) and the archive is size-checked before it is
opened, so a crafted file cannot exhaust memory.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from ntm.locale.text import fold, nfc

MAX_BYTES = 30 * 1024 * 1024  # uploaded file
MAX_UNZIPPED = 300 * 1024 * 1024  # total size of the parts inside an .xlsx
MAX_ROWS = 200_000
HEADER_SCAN_ROWS = 40


class FileRejected(ValueError):
    """The whole file cannot be read; str() is the Vietnamese message."""


class Formula(str):
    """Text of a cell that held a formula (kept as text, never evaluated or written back as a formula)."""


@dataclass
class Grid:
    """One sheet: rows[i][j] is spreadsheet row i+1, column j+1 (None = empty)."""

    sheet: str
    rows: list[list[object]]
    notes: list[str] = field(default_factory=list)


def read_grids(content: bytes, file_name: str) -> list[Grid]:
    """Every visible sheet of an .xlsx, or the single table of a CSV file."""
    if not content:
        raise FileRejected(f"Tệp '{file_name}' rỗng (0 byte): không có gì để nhập.")
    if len(content) > MAX_BYTES:
        raise FileRejected(
            f"Tệp '{file_name}' quá lớn ({len(content) // 1_048_576} MB; tối đa "
            f"{MAX_BYTES // 1_048_576} MB). Hãy tách thành nhiều tệp."
        )
    ext = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if content[:4] == b"PK\x03\x04":
        return _read_xlsx(content, file_name)
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
        return [_read_csv(content, file_name)]
    raise FileRejected(f"Tệp '{file_name}': chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")


def _read_xlsx(content: bytes, file_name: str) -> list[Grid]:
    import openpyxl  # heavy import only when an Excel file arrives

    bad = FileRejected(
        f"Tệp '{file_name}' không phải tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng. "
        f"Hãy mở bằng Excel và lưu lại dạng .xlsx."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                raise bad
            if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED:
                raise FileRejected(f"Tệp '{file_name}' khi giải nén quá lớn; hãy tách thành nhiều tệp.")
    except zipfile.BadZipFile:
        raise bad from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(content), data_only=False, read_only=False)
    except Exception:  # openpyxl raises many types for broken parts; the user needs one message
        raise bad from None
    grids = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        if ws.max_row > MAX_ROWS:
            raise FileRejected(
                f"Tệp '{file_name}', trang '{ws.title}': {ws.max_row} dòng, vượt giới hạn "
                f"{MAX_ROWS} dòng. Hãy tách thành nhiều tệp."
            )
        rows = []
        for row in ws.iter_rows():
            rows.append([Formula(c.value) if c.data_type == "f" and isinstance(c.value, str) else c.value for c in row])
        for rng in ws.merged_cells.ranges:
            top = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(rows) else None
            for r in range(rng.min_row - 1, min(rng.max_row, len(rows))):
                for c in range(rng.min_col - 1, min(rng.max_col, len(rows[r]))):
                    rows[r][c] = top
        grids.append(Grid(ws.title, rows))
    return grids


def _read_csv(content: bytes, file_name: str) -> Grid:
    if b"\x00" in content[:4096]:
        raise FileRejected(f"Tệp '{file_name}' không phải tệp văn bản CSV (có byte nhị phân).")
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
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if len(rows) > MAX_ROWS:
        raise FileRejected(f"Tệp '{file_name}': {len(rows)} dòng, vượt giới hạn {MAX_ROWS} dòng.")
    return Grid("", [[c if c != "" else None for c in r] for r in rows])


# ---- cell helpers ------------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """Display text of a cell: numbers without a spurious '.0', strings NFC with spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return nfc(str(value))


_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NON_WORD = re.compile(r"[^0-9a-z/ ]+")


def header_key(value: object) -> str:
    """Comparable form of a header label: folded, hints in brackets and punctuation dropped."""
    text = fold(_PARENS.sub(" ", cell_text(value)))
    return " ".join(_NON_WORD.sub(" ", text).split())


def is_blank_row(row: list[object]) -> bool:
    return all(cell_text(v) == "" for v in row)


def looks_like_numbering(row: list[object]) -> bool:
    """The '(1) (2) (3)…' or '1 2 3…' row that forms print under the header."""
    values = [cell_text(v) for v in row if cell_text(v) != ""]
    if len(values) < 3:
        return False
    numbers = []
    for v in values:
        m = re.fullmatch(r"\(?(\d{1,3})\)?", v)
        if not m:
            return False
        numbers.append(int(m.group(1)))
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))
