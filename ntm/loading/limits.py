"""How much work an uploaded spreadsheet or backup may cost, and the cheap checks that enforce it.

Everything an office or a restore sends is measured before it is loaded: the zip's directory (member
count, declared sizes, compression ratios, links, encryption) and then, streamed through the
decompressor without building anything, the rows, cells, columns and longest text of each sheet.
Python's zipfile never inflates a member past its declared size (a member that lies fails its CRC),
so a declared size is a real bound. Within these limits a file is read, checked and previewed in
under 10 s and 500 MB on a 2-core server (bench/bench_limits.py); beyond them it is refused in well
under 2 s with a Vietnamese message saying which limit and how to split the file.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

MB = 1 << 20

# ---- what an upload may be ------------------------------------------------------------------------
# An office's workbook is rarely over 2 MB; 30 MB leaves room for pictures and styles, not for a dump.
MAX_UPLOAD_BYTES = 30 * MB
# The export of every table is about 1 MB zipped today; 50 MB holds decades of quarterly reports.
MAX_BACKUP_BYTES = 50 * MB
# Excel writes 10-40 parts per workbook, an export about 45 files; thousands mean a crafted archive
# (and zipfile reads the whole directory before anything can be checked, so it is counted first).
MAX_MEMBERS = 2_000
# Parts of a workbook other than sheets and shared strings (workbook, styles, relationships): Excel's
# own stay under 1 MB even for heavily styled forms.
MAX_META_PART_BYTES = 16 * MB
# One sheet or shared-strings part, inflated: MAX_CELLS cells as Excel writes them (with styles) take
# about 20 MB; text cells of a few hundred characters each may take more.
MAX_PART_BYTES = 64 * MB
# Everything inside one workbook or backup, inflated.
MAX_UNZIPPED_BYTES = 128 * MB
# Sheets compress 5-30 times; deflate tops out near 1 030. A part over RATIO_FLOOR inflating more
# than MAX_RATIO times is filler written to exhaust the reader, not data.
MAX_RATIO = 200
RATIO_FLOOR = 1 * MB

# ---- what a sheet may hold ------------------------------------------------------------------------
# Sheets read per workbook: a form has one to a dozen.
MAX_SHEETS = 50
# Data rows per file. Every commune of two merged provinces (~300) x 19 criteria x 8 periods in the
# long layout is 45 600 rows; the bench holds a file of this many rows to the 10 s budget.
MAX_DATA_ROWS = 50_000
# Highest row number a sheet may use (title block, header and notes around MAX_DATA_ROWS rows).
MAX_ROW_NUMBER = MAX_DATA_ROWS + 1_000
# Columns: the widest form (criteria with sub-indicators) has under 100; 'ZZ' (702) is two letters.
MAX_COLUMNS = 702
# Cells per file: MAX_DATA_ROWS rows of the long layout (5-6 columns), or the wide status form (22 columns)
# for 45 periods of a 300-commune province. A cell of the wide form makes one record: this bounds the work.
MAX_CELLS = 300_000
# Excel itself cannot hold more than 32 767 characters in a cell; a longer one was not typed.
MAX_CELL_CHARS = 32_767
# A shared string serves at least one cell.
MAX_SHARED_STRINGS = MAX_CELLS
# Merged ranges per sheet: forms merge their title and header (tens), a district's cells (hundreds).
MAX_MERGES = 10_000

# ---- backups ------------------------------------------------------------------------------------
# One table of a backup, inflated: commune_status is 0.5 MB today; MAX_BACKUP_ROWS of it about 5 MB, and
# a table with long texts (targets, sources) a few times more per row.
MAX_BACKUP_MEMBER_BYTES = 24 * MB
# Rows of one table in a backup: commune_status holds 13 000 today and ~60 000 for 2021-2030 (300 communes,
# 19 criteria, 10 periods); the bench holds a restore of this many rows to the 10 s budget.
MAX_BACKUP_ROWS = 100_000

# Old -> new values kept per kind of change (added, changed, removed) of a restore, for the audit log's
# detail view (it shows 5 000); the counts in the log stay exact.
MAX_CHANGES_KEPT = 20_000

# ---- reporting ----------------------------------------------------------------------------------
# Problems listed one by one per file; the rest are counted ("... và N lỗi khác").
MAX_PROBLEMS = 200

_CONTINUATION = bytes(range(0x80, 0xC0))  # UTF-8 continuation bytes: not characters of their own
_CHUNK = 1 * MB


class Refused(ValueError):
    """A file beyond a limit or malformed; str() is the Vietnamese message (nothing was loaded)."""


def size_refusal(content: bytes, maximum: int, empty: str, too_big: str) -> str | None:
    """Why a file is refused before it is opened (empty, or over maximum bytes), else None.

    too_big may name {size} and {maximum}, in MB."""
    if not content:
        return empty
    if len(content) > maximum:
        return too_big.format(size=len(content) // MB, maximum=maximum // MB)
    return None


def split_hint(what: str = "tệp") -> str:
    return f"Hãy tách {what} thành nhiều tệp nhỏ hơn rồi nhập lần lượt."


# ---- the zip directory --------------------------------------------------------------------------


def declared_members(content: bytes) -> int | None:
    """Member count from the end-of-central-directory record (read before zipfile parses the directory)."""
    tail = content[-(65_535 + 22) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    (count,) = struct.unpack_from("<H", tail, at + 10)
    if count == 0xFFFF:  # zip64: the real count is in the zip64 record just before
        z64 = tail.rfind(b"PK\x06\x06", 0, at)
        if z64 >= 0 and z64 + 40 <= len(tail):
            (count,) = struct.unpack_from("<Q", tail, z64 + 32)
    return count


def open_zip(content: bytes, file_name: str, what: str = "tệp", max_part: int = MAX_PART_BYTES) -> zipfile.ZipFile:
    """The archive, after checking its directory: count, links, encryption, methods, sizes, ratios.

    Raises Refused with the Vietnamese reason; the archive is never inflated here."""
    count = declared_members(content)
    if count is not None and count > MAX_MEMBERS:
        raise Refused(f"Tệp {file_name}: {what} chứa {count} phần (tối đa {MAX_MEMBERS}); không phải {what} hợp lệ.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, struct.error):
        raise Refused(
            f"Tệp {file_name} không phải {what} hợp lệ hoặc đã bị hỏng (không đọc được cấu trúc zip)."
        ) from None
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise Refused(f"Tệp {file_name}: {what} chứa {len(infos)} phần (tối đa {MAX_MEMBERS}).")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise Refused(f"Tệp {file_name}: phần '{dup}' xuất hiện hai lần; {what} đã bị sửa hoặc hỏng.")
    total = 0
    for info in infos:
        name = info.filename
        if info.flag_bits & 0x1:
            raise Refused(f"Tệp {file_name} có đặt mật khẩu; hãy bỏ mật khẩu rồi lưu lại.")
        if not is_regular(info):
            raise Refused(
                f"Tệp {file_name}: phần '{name}' là liên kết hoặc tệp đặc biệt, không phải tệp dữ liệu; không nhận."
            )
        if info.is_dir():
            continue
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(f"Tệp {file_name}: phần '{name}' nén theo cách không hỗ trợ; hãy lưu lại bằng Excel.")
        if info.file_size > max_part:
            raise Refused(
                f"Tệp {file_name}: phần '{name}' khi giải nén là {info.file_size // MB} MB "
                f"(tối đa {max_part // MB} MB)." + (f" {split_hint()}" if what == "tệp Excel" else "")
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise Refused(
                f"Tệp {file_name}: phần '{name}' nén {ratio} lần (dữ liệu thật nén dưới {MAX_RATIO} lần); "
                f"tệp được tạo để làm quá tải máy chủ, không nhận."
            )
        total += info.file_size
    if total > MAX_UNZIPPED_BYTES:
        raise Refused(
            f"Tệp {file_name}: nội dung giải nén là {total // MB} MB (tối đa {MAX_UNZIPPED_BYTES // MB} MB). "
            f"{split_hint()}"
        )
    return zf


def is_regular(info: zipfile.ZipInfo) -> bool:
    """A plain file or folder: a symbolic link or device entry (Unix mode in the zip) is not data."""
    mode = info.external_attr >> 16
    if info.create_system != 3 or stat.S_IFMT(mode) == 0:  # not written on Unix, or no file type recorded
        return True
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


def chunks(zf: zipfile.ZipFile, name: str, file_name: str, limit: int = MAX_PART_BYTES) -> Iterator[bytes]:
    """A member inflated piece by piece, never more than `limit` bytes; a broken member is Refused."""
    seen = 0
    try:
        with zf.open(name) as fh:
            while True:
                block = fh.read(_CHUNK)
                if not block:
                    return
                seen += len(block)
                if seen > limit:
                    raise Refused(f"Tệp {file_name}: phần '{name}' lớn hơn {limit // MB} MB khi giải nén.")
                yield block
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as err:
        raise Refused(
            f"Tệp {file_name}: phần '{name}' bị hỏng, không giải nén được ({_short(err)}). "
            f"Hãy tạo lại tệp (mở bằng Excel rồi lưu lại, hoặc xuất lại bản sao lưu)."
        ) from None


def read_member(zf: zipfile.ZipFile, name: str, file_name: str, limit: int = MAX_PART_BYTES) -> bytes:
    return b"".join(chunks(zf, name, file_name, limit))


def _short(err: Exception) -> str:
    text = str(err) or type(err).__name__
    return "sai mã kiểm tra CRC" if "CRC" in text else text[:80]


# ---- a sheet part, measured without parsing it ---------------------------------------------------

_ROW_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CELL_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_WIDE_REF = re.compile(rb'\sr="[A-Za-z]{3,}')  # a cell in column AAA (703) or beyond
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_SHARED_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")


@dataclass
class PartCount:
    """What a streamed pass over a part found."""

    rows: int = 0
    cells: int = 0
    items: int = 0  # shared strings
    last_row: int = 0


def refuse_markup_declarations(first: bytes, file_name: str, part: str) -> None:
    """Office parts never declare a DTD or entities; one that does is an entity bomb or an XXE probe."""
    head = first[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise Refused(f"Tệp {file_name}: phần '{part}' có khai báo DOCTYPE/ENTITY (không có trong tệp Excel thật).")


def measure_part(
    zf: zipfile.ZipFile, part: str, file_name: str, sheet: str, budget: PartCount, shared: bool = False
) -> PartCount:
    """Count rows, cells (or shared strings) and the longest text of a part, adding to `budget`.

    Stops at the first limit crossed: the cost is one inflate and a few byte scans per MB."""
    found = PartCount()
    carry = b""
    first = True
    where = f"trang '{sheet}'" if sheet else "bảng chuỗi dùng chung"
    for block in chunks(zf, part, file_name):
        if first:
            refuse_markup_declarations(block, file_name, part)
            first = False
        data = carry + block
        cut = data.rfind(b">") + 1  # never split a tag: the tail after the last '>' goes with the next block
        if cut == 0:
            if len(data) > 4 * MAX_CELL_CHARS:
                _too_long(file_name, where)
            carry = data
            continue
        data, carry = data[:cut], data[cut:]
        _longest_text(data, file_name, where)
        if shared:
            if b":si" in data:
                found.items += len(_SHARED_ITEM.findall(data))
            else:
                found.items += data.count(b"<si>") + data.count(b"<si ") + data.count(b"<si/>")
            if budget.items + found.items > MAX_SHARED_STRINGS:
                raise Refused(
                    f"Tệp {file_name}: hơn {_n(MAX_SHARED_STRINGS)} chuỗi văn bản dùng chung "
                    f"(tối đa {_n(MAX_SHARED_STRINGS)}). {split_hint()}"
                )
            continue
        if b":row" in data or b":c " in data:  # prefixed tags (<x:row>): count with the patterns
            found.rows += len(_ROW_OPEN.findall(data))
            found.cells += len(_CELL_OPEN.findall(data))
        else:  # the usual unprefixed part: counting bytes is a hundred times faster
            found.rows += data.count(b"<row ") + data.count(b"<row>") + data.count(b"<row/>")
            found.cells += data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>")
        if _WIDE_REF.search(data):
            raise Refused(
                f"Tệp {file_name}, {where}: có ô ở cột thứ 703 trở đi (tối đa {MAX_COLUMNS} cột, đến cột ZZ). "
                f"Hãy xóa các cột thừa ở bên phải bảng."
            )
        last = max(data.rfind(b"<row"), data.rfind(b":row"))
        if last >= 0:
            m = _ROW_NUMBER.search(data, last, last + 200)
            if m and int(m.group(1)) > found.last_row:
                found.last_row = int(m.group(1))
        _check_rows(file_name, where, found.rows, found.last_row, budget.rows + found.rows)
        if budget.cells + found.cells > MAX_CELLS:
            raise Refused(f"Tệp {file_name}: hơn {_n(MAX_CELLS)} ô có dữ liệu (tối đa {_n(MAX_CELLS)}). {split_hint()}")
    if len(carry) > 4 * MAX_CELL_CHARS:
        _too_long(file_name, where)
    budget.rows += found.rows
    budget.cells += found.cells
    budget.items += found.items
    return found


def _check_rows(file_name: str, where: str, rows: int, last_row: int, total: int) -> None:
    if last_row > MAX_ROW_NUMBER or rows > MAX_ROW_NUMBER:
        shown = max(last_row, rows)
        raise Refused(
            f"Tệp {file_name}, {where}: có từ {_n(shown)} dòng trở lên (tối đa {_n(MAX_DATA_ROWS)} dòng số liệu). "
            f"{split_hint()} Nếu bảng ngắn hơn, hãy xóa các dòng trống hoặc định dạng thừa ở cuối trang."
        )
    if total > MAX_ROW_NUMBER:
        raise Refused(f"Tệp {file_name}: các trang có tổng cộng hơn {_n(MAX_DATA_ROWS)} dòng. {split_hint()}")


def _longest_text(data: bytes, file_name: str, where: str) -> None:
    """Refuse when some text between two tags holds more than MAX_CELL_CHARS characters."""
    longest = max(map(len, data.split(b"<")))
    if longest <= MAX_CELL_CHARS:
        return
    for piece in data.split(b"<"):
        if len(piece) > MAX_CELL_CHARS and len(piece.translate(None, _CONTINUATION)) > MAX_CELL_CHARS:
            _too_long(file_name, where)


def _too_long(file_name: str, where: str) -> None:
    raise Refused(
        f"Tệp {file_name}, {where}: có ô dài hơn {_n(MAX_CELL_CHARS)} ký tự (giới hạn của chính Excel); "
        f"không phải số liệu nhập tay. Hãy kiểm tra lại tệp."
    )


def _n(value: int) -> str:
    """Vietnamese thousands: 1.300.000."""
    return f"{value:,}".replace(",", ".")
