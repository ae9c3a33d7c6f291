"""A streamed, bounded reader of .xlsx workbooks: cell values of every sheet, merged cells filled.

The workbook is measured first (ntm.loading.limits: the zip's directory, then rows, cells, columns and
the longest text of each part by a byte scan), so nothing is parsed that the limits would refuse.
Parts are then parsed with lxml event by event, never resolving entities or reading a DTD, and each
row is released once read. Values come back as openpyxl's reader gives them (numbers as int/float,
dates as datetime, booleans, text), formulas as their text marked as formulas, so the import sees
the same cells whatever wrote the file.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from ntm.loading import limits
from ntm.loading.limits import Refused


class Formula(str):
    """Text of a cell that held a formula (kept as text, never evaluated or written back as a formula)."""


@dataclass
class Sheet:
    name: str
    state: str  # visible / hidden / veryHidden
    part: str


@dataclass
class Book:
    """The visible sheets' rows (rows[i][j] = row i+1, column j+1) and the names of hidden sheets."""

    sheets: dict[str, list[list[object]]] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)


_REF = re.compile(r"([A-Za-z]{1,3})(\d+)")
_DATE_TYPES = (1, 2)  # a number format that is a date (1) or a time/duration (2)


def _parser() -> etree.XMLParser:
    """No entities resolved, no DTD or network, lxml's own caps on text and depth kept."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _small_part(zf: zipfile.ZipFile, name: str, file_name: str) -> etree._Element | None:
    if name not in zf.NameToInfo:
        return None
    data = limits.read_member(zf, name, file_name, limits.MAX_META_PART_BYTES)
    limits.refuse_markup_declarations(data, file_name, name)
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        raise Refused(f"Tệp {file_name}: phần '{name}' bị hỏng (XML không hợp lệ).") from None


def _sheets(zf: zipfile.ZipFile, file_name: str) -> tuple[list[Sheet], bool]:
    """Sheets in workbook order with their state and part, and whether dates count from 1904."""
    workbook = _small_part(zf, "xl/workbook.xml", file_name)
    rels = _small_part(zf, "xl/_rels/workbook.xml.rels", file_name)
    if workbook is None or rels is None:
        raise Refused(
            f"Tệp {file_name} không phải tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng. "
            f"Hãy mở bằng Excel và lưu lại dạng .xlsx."
        )
    targets = {}
    for rel in rels:
        target = rel.get("Target") or ""
        if target.startswith("/"):
            path = target.lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = (path, (rel.get("Type") or "").rsplit("/", 1)[-1])
    date1904 = False
    out = []
    for el in workbook.iter():
        name = _local(el.tag)
        if name == "workbookPr":
            date1904 = (el.get("date1904") or "").lower() in ("1", "true")
        elif name == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            path, kind = targets.get(rid, ("", ""))
            if kind != "worksheet" or path not in zf.NameToInfo:
                continue  # chart sheets, dialog sheets, dangling entries: no cells to read
            out.append(Sheet(el.get("name") or path, el.get("state") or "visible", path))
    if len(out) > limits.MAX_SHEETS:
        raise Refused(f"Tệp {file_name} có {len(out)} trang (tối đa {limits.MAX_SHEETS}). {limits.split_hint()}")
    return out, date1904


def _date_styles(zf: zipfile.ZipFile, file_name: str) -> list[bool]:
    """For each cell style (the s attribute), whether its number format shows a date."""
    styles = _small_part(zf, "xl/styles.xml", file_name)
    if styles is None:
        return []
    custom = {}
    xfs: list[bool] = []
    for el in styles.iter():
        name = _local(el.tag)
        if name == "numFmt":
            custom[el.get("numFmtId")] = el.get("formatCode") or ""
        elif name == "cellXfs":
            for xf in el:
                fid = xf.get("numFmtId") or "0"
                code = custom.get(fid) or (BUILTIN_FORMATS.get(int(fid)) if fid.isdigit() else None) or "General"
                xfs.append(is_date_format(code))
            break
    return xfs


def _rich_text(el: etree._Element) -> str:
    """Text of a string item: its <t>, or the <t> of each run (phonetic hints left out)."""
    if len(el) == 1 and _local(el[0].tag) == "t":
        return el[0].text or ""
    return "".join(t.text or "" for t in el.iter("{*}t") if _local(t.getparent().tag) != "rPh")


def _shared_strings(zf: zipfile.ZipFile, part: str | None, file_name: str) -> list[str]:
    if part is None:
        return []
    out: list[str] = []
    for el in _events(zf, part, file_name, "si"):
        out.append(_rich_text(el))
        _release(el)
    return out


def _events(zf: zipfile.ZipFile, part: str, file_name: str, tag: str):
    """End events of one element name in a part, parsed as it is inflated."""
    parser = etree.XMLPullParser(
        events=("end",), tag=("{*}" + tag, "{*}mergeCell"), resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        for block in limits.chunks(zf, part, file_name):
            parser.feed(block)
            for _, el in parser.read_events():
                yield el
        parser.close()
        for _, el in parser.read_events():
            yield el
    except etree.XMLSyntaxError as err:
        raise Refused(f"Tệp {file_name}: phần '{part}' bị hỏng (XML không hợp lệ: {str(err)[:80]}).") from None


def _release(el: etree._Element) -> None:
    """Free a parsed element and the siblings before it (rows already read)."""
    el.clear()
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _column(ref: str | None) -> int | None:
    if not ref:
        return None
    m = _REF.fullmatch(ref)
    if not m:
        return None
    n = 0
    for ch in m.group(1).upper():
        n = n * 26 + ord(ch) - 64
    return n


def _number(text: str) -> int | float:
    if "." in text or "e" in text or "E" in text:
        return float(text)
    try:
        return int(text)
    except ValueError:
        return float(text)


class _SheetReader:
    """Rows of one sheet, values converted as openpyxl does, limits checked as rows come."""

    def __init__(self, file_name: str, sheet: str, shared: list[str], dates: list[bool], epoch: datetime):
        self.file_name, self.sheet, self.shared, self.dates, self.epoch = file_name, sheet, shared, dates, epoch
        self.rows: list[list[object]] = []
        self.merges: list[tuple[int, int, int, int]] = []
        self.shared_formulas: dict[str, str] = {}
        self.columns: dict[str, int] = {}
        self.row_tag, self.tags = "", ("c", "v", "f", "is")

    def fail(self, what: str) -> None:
        raise Refused(f"Tệp {self.file_name}, trang '{self.sheet}': {what}")

    def row(self, el: etree._Element) -> None:
        r = el.get("r")
        number = int(r) if r and r.isdigit() else len(self.rows) + 1
        if number <= len(self.rows):
            self.fail(f"dòng {number} xuất hiện không theo thứ tự; tệp bị hỏng, hãy lưu lại bằng Excel.")
        if number > limits.MAX_ROW_NUMBER:
            self.fail(f"dùng đến dòng {number} (tối đa {limits.MAX_DATA_ROWS} dòng số liệu). {limits.split_hint()}")
        while len(self.rows) < number - 1:
            self.rows.append([])
        tag = el.tag
        if tag != self.row_tag:  # the namespace of this file's cells, worked out once
            ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
            self.row_tag, self.tags = tag, (ns + "c", ns + "v", ns + "f", ns + "is")
        values: list[object] = []
        cell_tag = self.tags[0]
        for c in el:
            if c.tag != cell_tag:
                continue
            ref = c.get("r")
            col = self.column(ref) if ref else len(values) + 1
            if col > limits.MAX_COLUMNS:
                self.fail(f"có ô ở cột thứ {col} (tối đa {limits.MAX_COLUMNS} cột).")
            value = self.value(c)
            if value is None:
                continue
            if col <= len(values):
                self.fail(f"ô cột {col} dòng {number} xuất hiện hai lần; tệp bị hỏng.")
            if col > len(values) + 1:
                values.extend([None] * (col - 1 - len(values)))
            values.append(value)
        self.rows.append(values)

    def column(self, ref: str) -> int:
        """Column number of a cell reference ('B5' -> 2), remembered per column letters."""
        letters = ref.rstrip("0123456789")
        col = self.columns.get(letters)
        if col is None:
            col = self.columns[letters] = _column(ref) or 0
            if col == 0:
                self.fail(f"ô có địa chỉ '{ref[:12]}' không hợp lệ; tệp bị hỏng.")
        return col

    def value(self, c: etree._Element) -> object:
        kind = c.get("t") or "n"
        v = f = inline = None
        _, v_tag, f_tag, is_tag = self.tags
        for child in c:
            tag = child.tag
            if tag == v_tag:
                v = child.text
            elif tag == f_tag:
                f = child
            elif tag == is_tag:
                inline = _rich_text(child)
        if f is not None:
            text = f.text or ""
            si = f.get("si")
            if f.get("t") == "shared" and si is not None:
                text = self.shared_formulas.setdefault(si, text) if text else self.shared_formulas.get(si, "")
            return Formula("=" + text)
        if kind == "inlineStr":
            return inline
        if v is None:
            return None
        if kind == "s":
            try:
                return self.shared[int(v)]
            except (ValueError, IndexError):
                self.fail(f"ô trỏ tới chuỗi dùng chung số {v[:12]} không tồn tại; tệp bị hỏng.")
        if kind in ("str", "e"):
            return v
        if kind == "b":
            return v.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.fromisoformat(v.strip().rstrip("Z"))
            except ValueError:
                return v
        try:
            number = _number(v.strip())
        except ValueError:
            return v
        style = c.get("s")
        if style and style.isdigit() and int(style) < len(self.dates) and self.dates[int(style)]:
            try:
                return from_excel(number, self.epoch)
            except (ValueError, OverflowError):
                return number
        return number

    def merge(self, el: etree._Element) -> None:
        if len(self.merges) >= limits.MAX_MERGES:
            self.fail(f"có hơn {limits.MAX_MERGES} vùng ô gộp.")
        a, _, b = (el.get("ref") or "").partition(":")
        ma, mb = _REF.fullmatch(a), _REF.fullmatch(b or a)
        if ma and mb:
            self.merges.append((int(ma.group(2)), _column(a), int(mb.group(2)), _column(b or a)))

    def finish(self) -> list[list[object]]:
        """Each merged range takes its top-left value (government forms merge header and district cells).

        A range is clipped to the rows and columns the sheet uses, and the cells filled are counted."""
        rows = self.rows
        width = max((len(r) for r in rows), default=0)
        filled = 0
        for r1, c1, r2, c2 in self.merges:
            if r1 - 1 >= len(rows) or c1 - 1 >= width:
                continue
            top = rows[r1 - 1][c1 - 1] if c1 - 1 < len(rows[r1 - 1]) else None
            last_row, last_col = min(r2, len(rows)), min(c2, width)
            filled += (last_row - r1 + 1) * (last_col - c1 + 1)
            if filled > limits.MAX_CELLS:
                self.fail(f"các vùng ô gộp phủ hơn {limits.MAX_CELLS} ô; hãy bỏ gộp ô ở phần số liệu.")
            for r in range(r1 - 1, last_row):
                row = rows[r]
                if len(row) < last_col:
                    row.extend([None] * (last_col - len(row)))
                for c in range(c1 - 1, last_col):
                    row[c] = top
        return rows


def read_book(content: bytes, file_name: str) -> Book:
    """Every sheet of a workbook within the limits; raises Refused with the Vietnamese reason."""
    zf = limits.open_zip(content, file_name, "tệp Excel")
    with zf:
        sheets, date1904 = _sheets(zf, file_name)
        shared_part = _shared_part(zf, file_name)
        visible = [s for s in sheets if s.state == "visible"]
        budget = limits.PartCount()
        if shared_part:
            limits.measure_part(zf, shared_part, file_name, "", budget, shared=True)
        for s in visible:
            limits.measure_part(zf, s.part, file_name, s.name, budget)
        shared = _shared_strings(zf, shared_part, file_name)
        dates = _date_styles(zf, file_name)
        epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        book = Book(hidden=[s.name for s in sheets if s.state != "visible"])
        for s in visible:
            reader = _SheetReader(file_name, s.name, shared, dates, epoch)
            for el in _events(zf, s.part, file_name, "row"):
                if _local(el.tag) == "row":
                    reader.row(el)
                    _release(el)
                else:
                    reader.merge(el)
            book.sheets[s.name] = reader.finish()
        return book


def _shared_part(zf: zipfile.ZipFile, file_name: str) -> str | None:
    rels = _small_part(zf, "xl/_rels/workbook.xml.rels", file_name)
    for rel in rels if rels is not None else []:
        if (rel.get("Type") or "").endswith("/sharedStrings"):
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            return path if path in zf.NameToInfo else None
    return None
