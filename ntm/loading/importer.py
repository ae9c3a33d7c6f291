"""Import an office's spreadsheet: parse, normalise, validate, preview the changes, then commit.

preview() never writes anything: it returns the rows accepted, the rows rejected with the reason in
Vietnamese (file, sheet, row, column, value) and the diff against the current data. commit() runs the
same checks again under the store's lock and writes all or nothing; any rejected row means nothing
is written. undo() goes back to the version before the last import.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
import time
import uuid
from collections import ChainMap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ntm.data import build, registry, validate
from ntm.data.overlay import merge_rows
from ntm.data.problems import Problem, where
from ntm.loading import limits, titles
from ntm.loading.auth import AuthError, User, require_editor
from ntm.loading.catalog import OUT_OF_TIME, Catalog, NotFound, criterion_code_of
from ntm.loading.kinds import (
    KINDS,
    Context,
    Kind,
    RowError,
    RowErrors,
    available,
    describe_key,
    describe_keys,
    district_of,
    status_row_is_empty,
)
from ntm.loading.sheets import (
    HEADER_SCAN_ROWS,
    FileRejected,
    Grid,
    cell_text,
    header_key,
    is_blank_row,
    looks_like_numbering,
    read_sheets,
)
from ntm.loading.store import Store
from ntm.locale.text import fold

MAX_SHOWN = limits.MAX_PROBLEMS  # rejections listed one by one before "… và N lỗi khác"


class ImportRefused(RuntimeError):
    """A commit, undo or restore that was refused; nothing was written. str() is Vietnamese."""


@dataclass
class Preview:
    """Everything the user sees before confirming; commit() needs it (and re-checks it)."""

    file_name: str
    sha256: str
    content: bytes = field(repr=False)
    base_version: str
    kind: str | None = None
    fatal: str | None = None
    rows_read: int = 0
    rejected: list[Problem] = field(default_factory=list)  # with the sheet ('' for a CSV); the first MAX_PROBLEMS
    omitted: int = 0  # problems found beyond the first MAX_PROBLEMS (counted, not kept)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # accepted, but worth a second look
    records: dict[str, pd.DataFrame] = field(default_factory=dict)  # complete rows per data file
    accepted: pd.DataFrame = field(default_factory=pd.DataFrame)  # sheet, row, table, what
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)  # file, key, what, column, old, new, change
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    districts: list[str | None] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    period: str | None = None  # the period given to rows that name none
    period_source: str = ""  # where that period came from, in Vietnamese
    hidden_sheets: list[str] = field(default_factory=list)
    checked_for: User | None = None  # the editor whose rights the preview applied
    asked_period: str | None = None  # the period chosen on import (re-checked by commit)

    @property
    def ok(self) -> bool:
        return self.fatal is None and not self.rejected and not self.omitted

    @property
    def has_changes(self) -> bool:
        return self.added + self.changed > 0

    @property
    def n_problems(self) -> int:
        return len(self.rejected) + self.omitted

    def summary(self) -> str:
        if self.fatal:
            return self.fatal
        kind = KINDS[self.kind].label if self.kind else ""
        n_ok = len(self.accepted)
        bad_rows = len({(p.sheet, p.row) for p in self.rejected})
        text = (
            f"Tệp {self.file_name} ({kind}): {self.rows_read} dòng dữ liệu; {n_ok} bản ghi hợp lệ, "
            f"{self.n_problems} lỗi"
            + (f" ở {bad_rows}{'+' if self.omitted else ''} dòng" if self.rejected else "")
            + f". So với dữ liệu hiện tại: {self.added} thêm mới, {self.changed} thay đổi, {self.unchanged} không đổi."
        )
        if self.period_source:
            text += f" {self.period_source}."
        if not self.ok:
            text += " Có lỗi nên sẽ không ghi gì; hãy sửa tệp rồi nhập lại."
        elif not self.has_changes:
            text += " Không có gì thay đổi."
        return text

    def problem_rows(self) -> list[tuple[str, int | None, list[Problem]]]:
        """The problems grouped by spreadsheet row (sheet, row, problems), in the order they were found."""
        groups: dict[tuple[str, int | None], list[Problem]] = {}
        for p in self.rejected:
            groups.setdefault((p.sheet or "", p.row), []).append(p)
        return [(sheet, row, problems) for (sheet, row), problems in groups.items()]

    def report(self, limit: int = MAX_SHOWN) -> str:
        """The preview as text (the CLI prints it)."""
        lines = [self.summary()]
        lines += [f"Lưu ý: {n}" for n in self.notes]
        lines += [f"Cảnh báo: {w}" for w in self.warnings]
        if self.rejected:
            lines.append("Các dòng bị từ chối:")
            shown = 0
            for sheet, row, problems in self.problem_rows():
                if shown >= limit:
                    break
                cells = "; ".join(cell_problem(p) for p in problems)
                lines.append(f"  - {where_row(self.file_name, sheet, row)}: {cells}")
                shown += len(problems)
            rest = self.n_problems - shown
            if rest > 0:
                lines.append(f"  ... và {rest} lỗi khác")
        if len(self.changes):
            lines.append("Thay đổi (cũ → mới):")
            for c in self.changes.head(limit).itertuples(index=False):
                lines.append(f"  {c.change:<9} {c.what} · {c.column}: '{c.old}' → '{c.new}'")
            if len(self.changes) > limit:
                lines.append(f"  ... và {len(self.changes) - limit} thay đổi khác")
        return "\n".join(lines)


def where_row(file: str, sheet: str, row: int | None) -> str:
    """'Tệp X, trang 'S', dòng N' (without the column: a row's cells follow)."""
    return where(file, row, None, sheet)


def cell_problem(p: Problem) -> str:
    """One bad cell of a row: "cột 'Mã xã' (giá trị: '99999'): mã xã … không có …"."""
    value = f" (giá trị: '{_clip(p.value)}')" if p.value not in (None, "") else ""
    return (f"cột '{p.column}'{value}: " if p.column else (f"{value.strip()}: " if value else "")) + p.message


def _clip(value: str, width: int = 80) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def _rejection(file: str, sheet: str, row: int | None, column: str | None, value: str | None, reason: str) -> Problem:
    """A problem in a spreadsheet being imported (sheet '' for a CSV): nothing of the file is written."""
    return Problem(file, row, column, value, reason, sheet)


def _reject(result: Preview, problem: Problem) -> None:
    """Keep the first MAX_PROBLEMS problems of a file and count the rest (a bad file must not flood memory)."""
    if len(result.rejected) < limits.MAX_PROBLEMS:
        result.rejected.append(problem)
    else:
        result.omitted += 1


# ---- header detection ----------------------------------------------------------------------------


@dataclass
class Header:
    kind: Kind
    last_row: int  # 0-based index of the last header row
    first_row: int  # 0-based index of the first header row (the title block is above it)
    fields: dict[int, str]  # column -> field name
    criteria: dict[int, str]  # column -> criterion code (wide layout)
    labels: dict[str, str]  # field name -> column label as written in the file
    unknown: list[tuple[int, str]]  # criterion-like columns that are not criteria
    ignored: list[str]

    @property
    def score(self) -> int:
        return len(self.fields) + len(self.criteria) + len(self.unknown)


def _map_fields(labels: list[object], kind: Kind) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for c, value in enumerate(labels):
        key = header_key(value)
        if not key:
            continue
        for f in kind.fields:
            if key in f.keys and f.name not in mapping.values():
                mapping[c] = f.name
                break
    return mapping


def _header_at(rows: list[list[object]], r: int, kind: Kind, names: dict[str, str]) -> Header | None:
    labels = list(rows[r])
    mapping = _map_fields(labels, kind)
    if not any(f in mapping.values() for f in kind.identity) or len(mapping) < 2:
        return None
    last = r
    if r + 1 < len(rows):
        nxt = rows[r + 1]
        ident = [c for c, f in mapping.items() if f in ("unit_code", "unit_name", *kind.identity)]
        nonblank = [c for c, v in enumerate(nxt) if cell_text(v)]
        sub = (
            bool(nonblank)
            and not looks_like_numbering(nxt)
            and all(
                c >= len(nxt) or not cell_text(nxt[c]) or header_key(nxt[c]) == header_key(labels[c]) for c in ident
            )
        )
        if sub:
            labels = [
                nxt[c] if c < len(nxt) and cell_text(nxt[c]) else (labels[c] if c < len(labels) else None)
                for c in range(max(len(labels), len(nxt)))
            ]
            mapping = _map_fields(labels, kind)
            last = r + 1
    criteria, unknown, ignored = {}, [], []
    long_layout = "criterion" in mapping.values() and "met" in mapping.values()
    for c, value in enumerate(labels):
        if c in mapping or not cell_text(value):
            continue
        code = criterion_code_of(cell_text(value), names) if kind.wide_criteria and not long_layout else None
        if code is None:
            ignored.append(cell_text(value))
        elif code in names:
            criteria.setdefault(c, code)
        else:
            unknown.append((c, cell_text(value)))
    if kind.wide_criteria and not long_layout:
        mapping = {c: f for c, f in mapping.items() if f not in ("criterion", "met")}
    field_labels = {f: cell_text(labels[c]) for c, f in mapping.items()}
    field_labels |= {f"criterion:{code}": cell_text(labels[c]) for c, code in criteria.items()}
    return Header(kind, last, r, mapping, criteria, field_labels, unknown, ignored)


def find_header(grid: Grid, kind: Kind, catalog: Catalog) -> Header | None:
    """The most complete header row of this kind in the first rows of the sheet."""
    names = {code: name for crit in catalog.criteria.values() for code, name in crit.items()}
    best = None
    for r in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        h = _header_at(grid.rows, r, kind, names)
        if h and (best is None or h.score > best.score):
            best = h
    return best


def _missing_fields(h: Header, has_period: bool = False) -> list[str]:
    """Labels of the required columns a header lacks (the period is not missing when the file has one)."""
    have = set(h.fields.values())
    kind = h.kind
    missing = [
        f.label
        for f in kind.fields
        if f.required
        and f.name not in have
        and not (kind.wide_criteria and f.name in ("criterion", "met"))
        and not (f.name == "period" and has_period)
    ]
    if kind.id in ("status", "recognitions") and not have & {"unit_code", "unit_name"}:
        missing.append("Mã xã (hoặc Tên xã)")
    if kind.id in ("poverty", "resources") and not have & {"district_code", "district"}:
        missing.append("Mã huyện (hoặc Huyện)")
    if kind.wide_criteria and not h.criteria and not {"criterion", "met"} <= have:
        missing.append("các cột tiêu chí (1, 2, … hoặc TC1, TC2, …) hoặc cặp cột Tiêu chí + Kết quả")
    return missing


def _missing_names(h: Header, has_period: bool) -> set[str]:
    """Field names whose column is missing: their per-row errors would only repeat the missing column."""
    have = set(h.fields.values())
    names = {f.name for f in h.kind.fields if f.required and f.name not in have}
    if has_period:
        names.discard("period")
    if not have & {"unit_code", "unit_name"}:
        names |= {"unit_code", "unit_name"}
    if not have & {"district_code", "district"}:
        names |= {"district_code", "district"}
    return names


# ---- preview -------------------------------------------------------------------------------------


def current_frames(store: Store) -> dict[str, pd.DataFrame]:
    """The data as the database has it now: bundled files + the store's current version."""
    return build.read_data(store.data_dir, store.overlay())


def fast_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Python objects: ten times faster to walk row by row than pyarrow strings (the checks
    of references do). An empty frame keeps its string columns, so its table still gets text columns."""
    return frame.astype(object) if len(frame) else frame


class _FastFrames(Mapping[str, pd.DataFrame]):
    """The store's current frames, each made fast (fast_frame) when first asked for: a preview reads the files its
    rows touch and those they name, not all thirty."""

    def __init__(self, frames: dict[str, pd.DataFrame]):
        self._frames = frames
        self._fast: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._fast:
            self._fast[name] = fast_frame(self._frames[name])
        return self._fast[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)


@contextmanager
def _no_collection() -> Iterator[None]:
    """A preview makes hundreds of thousands of small containers and no cycles: the cycle collector,
    woken every few hundred allocations, would only add a third to the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_no_collection()
def preview(
    content: bytes,
    file_name: str,
    store: Store | None = None,
    user: User | None = None,
    kind: str | None = None,
    period: str | None = None,
    catalog: Catalog | None = None,
) -> Preview:
    """Read, check and compare a file without writing anything.

    period: the reporting period chosen on import (CLI --period, the data page's picker); rows that name
    no period take it, rows that name another are refused. Without it, the title block may name one."""
    store = store or Store.default()
    file_name = Path(file_name or "tệp").name
    result = Preview(
        file_name,
        hashlib.sha256(content or b"").hexdigest(),
        content or b"",
        store.current(),
        checked_for=user,
        asked_period=period,
    )
    try:
        book = read_sheets(content or b"", file_name)
    except FileRejected as err:
        result.fatal = str(err)
        return result
    grids = book.grids
    result.hidden_sheets = book.hidden
    for name in book.hidden:
        result.notes.append(f"trang '{name}' đang bị ẩn nên không được đọc; nếu có số liệu cần nhập, hãy bỏ ẩn trang")
    catalog = catalog or Catalog.load(store.db)
    if period is not None:
        try:
            period = catalog.period(period)
        except NotFound as err:
            result.fatal = f"Không nhập: {err}."
            return result
    candidates = [KINDS[kind]] if kind else available(catalog.tables)
    found: list[tuple[Grid, Header]] = []
    best_kind, best_score = None, 0
    own = {"Danh mục", "Hướng dẫn"}  # reference sheets of our own templates
    for k in candidates:
        hits = [(g, h) for g in grids if g.sheet not in own and (h := find_header(g, k, catalog))]
        score = sum(h.score for _, h in hits)
        if score > best_score:
            best_kind, best_score, found = k, score, hits
    if not found:
        expected = "; ".join(f"{k.label}: {', '.join(f.label for f in k.fields[:5])}…" for k in candidates)
        hidden = f" (các trang ẩn không được đọc: {', '.join(book.hidden)})" if book.hidden else ""
        result.fatal = (
            f"Tệp {file_name}: không tìm thấy dòng tiêu đề cột trong {HEADER_SCAN_ROWS} dòng đầu "
            f"{'của trang nào' if len(grids) > 1 else ''}{hidden}. Hãy dùng mẫu tải từ trang Dữ liệu "
            f"(cột cần có — {expected})."
        )
        return result
    result.kind = best_kind.id
    if not _settle_period(result, found, period, catalog):
        return result
    has_period = result.period is not None
    complete = [(g, h) for g, h in found if not _missing_fields(h, has_period)]
    if complete:  # a sheet with only some of the columns (a summary, a list) is not the data
        for g, h in found:
            if (g, h) not in complete:
                result.notes.append(f"bỏ qua trang '{g.sheet}': thiếu cột " + ", ".join(_missing_fields(h, has_period)))
        found = complete
    else:
        found = [max(found, key=lambda gh: gh[1].score)]
    used = {g.sheet for g, _ in found}
    for g in grids:
        if (
            g.sheet not in used
            and not all(is_blank_row(r) for r in g.rows)
            and g.sheet not in own
            and not any(g.sheet in n for n in result.notes)
        ):
            result.notes.append(f"bỏ qua trang '{g.sheet}': không có dòng tiêu đề của {best_kind.label.lower()}")
    ctx = Context(catalog, file_name, f"Tệp nhập: {file_name}", period=result.period)
    located: list[tuple[str, dict, str, int, dict]] = []  # file, record, sheet, row, labels
    for grid, header in found:

        def header_problem(column: str | None, message: str, grid=grid, header=header) -> None:
            """A problem of the header row itself: it names the first data row's place."""
            _reject(result, _rejection(file_name, grid.sheet, header.last_row + 1, column, column, message))

        missing = _missing_fields(header, has_period)
        if missing:
            hint = (
                " (hoặc ghi kỳ ở tiêu đề biểu, ví dụ 'Tính đến ngày 31/12/2020', hoặc chọn kỳ khi nhập)"
                if "Kỳ báo cáo" in missing
                else ""
            )
            header_problem(None, "thiếu cột bắt buộc: " + ", ".join(missing) + hint)
        for _, label in header.unknown:
            criteria = ", ".join(next(iter(catalog.criteria.values()), {}))
            header_problem(label, f"cột tiêu chí này không có trong bộ tiêu chí (các tiêu chí: {criteria})")
        if header.ignored:
            result.notes.append(
                f"trang '{grid.sheet or file_name}': không dùng các cột "
                + ", ".join(f"'{x}'" for x in dict.fromkeys(header.ignored))
            )
        located += _rows(grid, header, ctx, result, _missing_names(header, has_period) if missing else set())
    _note_mixed_codes(result)
    if not located:
        if result.rejected:
            return result
        skipped = " ".join(n for n in result.notes if "bỏ qua" in n)
        result.fatal = (
            f"Tệp {file_name} không có dòng số liệu nào dưới dòng tiêu đề"
            + (f" ({skipped})" if skipped else "")
            + ": không có gì để nhập."
        )
        return result
    located = _check_rights(located, user, catalog, result)
    located = _drop_duplicates(located, result, catalog)
    frames = _FastFrames(current_frames(store))
    result.records = _complete(located, frames)
    _schema_checks(result, located, file_name)
    result.accepted = _accepted(located, result.records, catalog)
    result.districts = sorted({district_of(f, r, catalog) for f, r, *_ in located}, key=lambda d: d or "")
    result.periods = sorted({r["period_id"] for _, r, *_ in located if "period_id" in r})
    _diff(result, frames, catalog)
    if result.ok and result.has_changes:
        _whole_check(result, frames, catalog)
    if result.ok:
        result.warnings += recognition_warnings(result.records, frames, catalog)
    return result


def _note_mixed_codes(result: Preview) -> None:
    """One line naming every row whose unit code belongs to another time (an old code in a period after the 2025
    reform, or a new code before it): such a file mixes old and new codes and is refused as a whole."""
    rows = sorted({p.row for p in result.rejected if OUT_OF_TIME in p.message and p.row is not None})
    if rows:
        result.notes.insert(
            0,
            "tệp trộn mã đơn vị hành chính cũ và mới (trước và sau 01/07/2025): mã ở dòng "
            + ", ".join(str(r) for r in rows)
            + " không dùng được cho kỳ báo cáo của dòng; sửa theo danh mục mã của kỳ rồi nhập lại cả tệp",
        )


def _settle_period(result: Preview, found: list[tuple[Grid, Header]], asked: str | None, catalog: Catalog) -> bool:
    """The period rows without one take: chosen on import, else named by the title block. False = refused."""
    if KINDS[result.kind].id != "status":
        return True
    # only sheets without a period column: rows that name their period need none from the title
    named = [
        (g, p)
        for g, h in found
        if "period" not in h.fields.values()
        for p in titles.title_periods(g.rows[: h.first_row])
    ]
    if asked is not None:
        result.period = asked
        result.period_source = f"Kỳ báo cáo {asked}: theo lựa chọn khi nhập"
        other = [(g, p) for g, p in named if titles.match_period(p, catalog.periods) not in (None, asked)]
        if other:
            g, p = other[0]
            result.fatal = (
                f"Tệp {result.file_name}: tiêu đề ghi '{p.text}' (kỳ {titles.match_period(p, catalog.periods)}) "
                f"nhưng đang nhập cho kỳ {asked}. Hãy kiểm tra lại tệp hoặc kỳ đã chọn."
            )
            return False
        return True
    if not named:
        return True
    matched = {titles.match_period(p, catalog.periods) for _, p in named}
    if None in matched:
        p = next(p for _, p in named if titles.match_period(p, catalog.periods) is None)
        result.fatal = (
            f"Tệp {result.file_name}: tiêu đề ghi '{p.text}' (tháng {p.month:02d}/{p.year}) nhưng hệ thống không có "
            f"kỳ báo cáo nào ứng với thời điểm này (các kỳ: {', '.join(catalog.periods.period_id)}). "
            f"Hãy chọn kỳ báo cáo khi nhập (trang Dữ liệu, hoặc --period)."
        )
        return False
    if len(matched) > 1:
        result.fatal = (
            f"Tệp {result.file_name}: tiêu đề ghi nhiều kỳ khác nhau ("
            + "; ".join(f"'{p.text}'" for _, p in named)
            + "). Hãy chọn kỳ báo cáo khi nhập."
        )
        return False
    result.period = matched.pop()
    label = dict(zip(catalog.periods.period_id, catalog.periods.label_vi)).get(result.period, "")
    result.period_source = f"Kỳ báo cáo {result.period} ({label}): theo tiêu đề tệp '{named[0][1].text}'"
    return True


def _rows(
    grid: Grid, header: Header, ctx: Context, result: Preview, missing: set[str]
) -> list[tuple[str, dict, str, int, dict]]:
    out = []
    ctx.district_hint = None
    kind = header.kind
    empty_rows = 0
    code_col = next((c for c, f in header.fields.items() if f == "unit_code"), None)
    for i in range(header.last_row + 1, len(grid.rows)):
        row = grid.rows[i]
        if is_blank_row(row) or looks_like_numbering(row):
            continue
        if titles.is_footer(row) and not (
            code_col is not None and code_col < len(row) and _CODE.fullmatch(cell_text(row[code_col]))
        ):
            _footer_note(grid, i, result)
            break
        cells = {f: row[c] if c < len(row) else None for c, f in header.fields.items()}
        if kind.wide_criteria and header.criteria:
            cells["_criteria"] = {code: row[c] if c < len(row) else None for c, code in header.criteria.items()}
        if _is_total(row):
            continue
        if (
            kind.id in ("status", "recognitions")
            and not cell_text(cells.get("unit_code"))
            and _district_heading(row, ctx)
        ):
            continue
        result.rows_read += 1
        if kind.id == "status" and status_row_is_empty(cells):
            empty_rows += 1
            continue
        try:
            records = kind.to_records(cells, ctx)
        except RowErrors as err:
            for e in err.errors:
                if e.field in missing:
                    continue
                column = header.labels.get(e.field, _field_label(kind, e.field))
                _reject(result, _rejection(ctx.file_name, grid.sheet, i + 1, column, cell_text(e.value), e.reason))
            continue
        except RowError as err:
            if err.field not in missing:
                column = header.labels.get(err.field, _field_label(kind, err.field))
                _reject(result, _rejection(ctx.file_name, grid.sheet, i + 1, column, cell_text(err.value), err.reason))
            continue
        out += [(file, rec, grid.sheet, i + 1, header.labels) for file, rec in records]
    if empty_rows:
        result.notes.append(
            f"{empty_rows} dòng để trống toàn bộ tiêu chí được bỏ qua (chưa báo cáo)"
            + (f" ở trang '{grid.sheet}'" if grid.sheet else "")
        )
    return out


def _accepted(located: list, records: dict[str, pd.DataFrame], catalog: Catalog) -> pd.DataFrame:
    """One row per record kept: sheet, spreadsheet row, table and what it is (records are in located order)."""
    parts = []
    for file, frame in records.items():
        where = [(sheet, row) for f, _, sheet, row, _ in located if f == file]
        parts.append(
            pd.DataFrame(
                {
                    "Trang": [w[0] for w in where],
                    "Dòng": [w[1] for w in where],
                    "Bảng": file.removesuffix(".csv"),
                    "Nội dung": describe_keys(file, frame, catalog),
                }
            )
        )
    columns = ["Trang", "Dòng", "Bảng", "Nội dung"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


_CODE = re.compile(r"\d{1,5}(?:\.0+)?")  # a commune code as a cell may hold it


def _field_label(kind: Kind, name: str) -> str:
    """A field's Vietnamese column label (a column the file does not have is named as the template names it)."""
    return next((f.label for f in kind.fields if f.name == name), name)


def _footer_note(grid: Grid, start: int, result: Preview) -> None:
    """The signature and note block under the table is not data: say what was skipped."""
    kept = [r for r in grid.rows[start:] if not is_blank_row(r)]
    first = " ".join(cell_text(v) for v in kept[0] if cell_text(v))
    result.notes.append(
        f"bỏ qua {len(kept)} dòng chữ ký, ghi chú dưới bảng từ dòng {start + 1}"
        + (f" trang '{grid.sheet}'" if grid.sheet else "")
        + f" ('{_clip(first, 40)}')"
    )


def _is_total(row: list[object]) -> bool:
    """'Tổng cộng', 'Cộng', 'Tổng số' rows under a table are sums, not data."""
    for value in row[:6]:
        if isinstance(value, str) and value.lstrip()[:1] in ("T", "C", "t", "c") and _total_word(value):
            return True
    return False


@lru_cache(maxsize=4096)
def _total_word(value: str) -> bool:
    t = fold(cell_text(value))
    return t.startswith(("tong cong", "tong so", "cong:", "tong:")) or t in ("cong", "tong", "tong cong")


def _district_heading(row: list[object], ctx: Context) -> bool:
    """A 'Huyện Bát Xát' row above that district's communes: remembered for the rows below."""
    texts = [cell_text(v) for v in row if cell_text(v)]
    if not texts or len(texts) > 3:
        return False
    for t in texts:
        if fold(t).startswith(("huyen ", "thanh pho ", "thi xa ", "tp ", "tp. ", "tx ")):
            try:
                ctx.district_hint = ctx.catalog.district(t)
                return True
            except NotFound:
                return False
    return False


def _check_rights(located: list, user: User | None, catalog: Catalog, result: Preview) -> list:
    """Rows a district editor may write; the others are rejected (one message per spreadsheet row)."""
    if user is None or user.district is None:
        return located
    kept, told = [], set()
    own = f"{user.district} {catalog.districts.get(user.district, '')}".strip()
    for item in located:
        file, rec, sheet, row, labels = item
        d = district_of(file, rec, catalog)
        if d == user.district:
            kept.append(item)
            continue
        if (sheet, row) in told:
            continue
        told.add((sheet, row))
        where = f"huyện {d} {catalog.districts.get(d, '')}".strip() if d else "toàn tỉnh"
        _reject(
            result,
            _rejection(
                result.file_name,
                sheet,
                row,
                None,
                None,
                f"tài khoản '{user.name}' chỉ được cập nhật dữ liệu của huyện {own}; dòng này thuộc {where}",
            ),
        )
    return kept


_STORE_KEYS: dict[str, list[str]] = {}
STATUS_FILE = "commune_status.csv"


def _keys(file: str) -> list[str]:
    """The columns naming a row of a file imports write (the registry's store key)."""
    if file not in _STORE_KEYS:
        _STORE_KEYS.update(registry.store_keys())
    return _STORE_KEYS[file]


# Vietnamese names of the columns imports write, for messages (the file's own label is used when known).
COLUMN_VI = {
    "period_id": "kỳ báo cáo",
    "unit_id": "xã",
    "unit_code": "mã xã",
    "criterion_code": "tiêu chí",
    "met": "kết quả",
    "provenance": "nguồn",
    "source": "nguồn",
    "level": "mức đạt chuẩn",
    "year": "năm",
    "decision_no": "số quyết định",
    "decision_date": "ngày quyết định",
    "district_code": "huyện",
    "households": "tổng số hộ",
    "poor_households": "số hộ nghèo",
    "near_poor_households": "số hộ cận nghèo",
    "source_code": "nguồn vốn",
    "amount_mil_vnd": "số tiền (triệu đồng)",
    "target_id": "mã mục tiêu",
    "value": "giá trị",
    "deadline": "thời hạn",
    "direction": "chiều đánh giá",
    "label_vi": "nội dung mục tiêu",
    "target_group": "nhóm mục tiêu",
    "scope_type": "phạm vi",
    "scope_code": "mã phạm vi",
    "measure": "chỉ tiêu đo",
    "unit": "đơn vị tính",
    "valid_from": "áp dụng từ ngày",
    "baseline_period_id": "kỳ gốc",
    "source_status": "tình trạng nguồn",
}
_MET_VI = {"1": "Đạt", "0": "Chưa đạt"}


def _shown(column: str, value: object) -> str:
    text = "" if value is None else str(value)
    return _MET_VI.get(text, text) if column == "met" else text


def _drop_duplicates(located: list, result: Preview, catalog: Catalog) -> list:
    """Keep the first record of each key; a later row repeating keys is refused once, saying what it repeats.

    A row that repeats an earlier one is named with the earlier row and, when values differ, which."""
    seen: dict[tuple, tuple[str, int, dict]] = {}
    kept = []
    repeats: dict[tuple[str, int], dict[tuple[str, int], list[tuple[str, dict, dict]]]] = {}
    counted: set[tuple[str, int]] = set()  # rows past the problems kept: counted, not described
    keys_of = {file: _keys(file) for file in {item[0] for item in located}}
    for item in located:
        file, rec, sheet, row, _ = item
        key = (file, *[rec[k] for k in keys_of[file]])
        first = seen.get(key)
        if first is None:
            seen[key] = (sheet, row, rec)
            kept.append(item)
        elif (sheet, row) in repeats or len(repeats) < limits.MAX_PROBLEMS:
            repeats.setdefault((sheet, row), {}).setdefault(first[:2], []).append((file, first[2], rec))
        else:
            counted.add((sheet, row))
    for (sheet, row), earlier in repeats.items():
        for (first_sheet, first_row), pairs in earlier.items():
            _reject(result, _repeat_problem(result.file_name, sheet, row, first_sheet, first_row, pairs, catalog))
    result.omitted += len(counted)
    if not repeats:
        return kept
    return [item for item in kept if (item[2], item[3]) not in repeats and (item[2], item[3]) not in counted]


def _repeat_problem(
    file_name: str, sheet: str, row: int, first_sheet: str, first_row: int, pairs: list, catalog: Catalog
) -> Problem:
    """'trùng với dòng 2: cùng <what> [và N ô khác]; khác giá trị: kết quả 'Đạt' ≠ 'Chưa đạt'' (or 'giống hệt')."""
    file = pairs[0][0]
    keys = _keys(file)
    where = f"dòng {first_row}" + (f" trang '{first_sheet}'" if first_sheet != sheet else "")
    what = describe_key(file, pairs[0][2], catalog)
    more = f" và {len(pairs) - 1} ô khác" if len(pairs) > 1 else ""
    differ = []
    for _, old, new in pairs:
        for col in new:
            if col in keys or col == "unit_code" or old.get(col) == new.get(col):
                continue
            if col == "provenance" and len(pairs) > 1:
                continue
            label = COLUMN_VI.get(col, col)
            if "criterion_code" in new and len(pairs) > 1:
                label += f" tiêu chí {new['criterion_code']}"
            differ.append(f"{label} '{_shown(col, old.get(col))}' ≠ '{_shown(col, new.get(col))}'")
    extra = f" (và {len(differ) - 5} khác)" if len(differ) > 5 else ""
    detail = "; khác giá trị: " + ", ".join(differ[:5]) + extra if differ else " (giống hệt)"
    return _rejection(file_name, sheet, row, None, None, f"trùng với {where}: cùng {what}{more}{detail}")


def _complete(located: list, frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Records as complete rows of their data file: columns the file did not give keep current values."""
    out = {}
    for file in dict.fromkeys(f for f, *_ in located):
        new = pd.DataFrame([rec for f, rec, *_ in located if f == file]).fillna("").astype(object)
        base = frames[file]
        keys = _keys(file)
        missing = [c for c in base.columns if c not in new.columns]
        if missing:
            cur = base[keys + missing].drop_duplicates(keys)
            new = new.merge(cur, on=keys, how="left")
            new[missing] = new[missing].fillna("")
        out[file] = new[
            [c for c in base.columns if c in new.columns] + [c for c in new.columns if c not in base.columns]
        ]
    return out


def _schema_checks(result: Preview, located: list, file_name: str) -> None:
    """The same pandera schema the build applies, row by row, mapped back to the spreadsheet rows."""
    for file, frame in result.records.items():
        schema = validate.schema(registry.by_file(file))
        where = [(sheet, row, labels) for f, _, sheet, row, labels in located if f == file]
        told = set()
        for p in validate.check(frame.reset_index(drop=True), schema, file):
            if p.row is None:
                _reject(result, _rejection(file_name, "", None, COLUMN_VI.get(p.column, p.column), p.value, p.message))
                continue
            sheet, row, labels = where[p.row - 2]
            column = labels.get(p.column) or COLUMN_VI.get(p.column, p.column)
            if (sheet, row, column, p.message) in told:  # one message per cell, not per record of a wide row
                continue
            told.add((sheet, row, column, p.message))
            _reject(result, _rejection(file_name, sheet, row, column, p.value, p.message))


def _diff(result: Preview, frames: Mapping[str, pd.DataFrame], catalog: Catalog) -> None:
    """Added / changed / unchanged counts and one row per changed value (old → new)."""
    parts = []
    for file, new in result.records.items():
        keys = _keys(file)
        cur = frames[file].drop_duplicates(keys)
        merged = new.merge(cur, on=keys, how="left", suffixes=("", "__old"), indicator=True)
        is_new = (merged["_merge"] == "left_only").to_numpy()
        compare = [c for c in new.columns if c not in keys and f"{c}__old" in merged.columns]
        differs = {c: (merged[c].astype(str) != merged[f"{c}__old"].fillna("").astype(str)).to_numpy() for c in compare}
        changed = ~is_new
        if compare:
            changed = changed & pd.DataFrame(differs).any(axis=1).to_numpy()
        else:
            changed = changed & False
        result.added += int(is_new.sum())
        result.changed += int(changed.sum())
        result.unchanged += int((~is_new & ~changed).sum())
        touched = merged[is_new | changed]
        if touched.empty:
            continue
        what = pd.Series(describe_keys(file, touched, catalog), index=touched.index)
        key = touched[keys[0]].astype(str)
        if len(keys) > 1:
            key = key.str.cat([touched[k].astype(str) for k in keys[1:]], sep="|")
        for c in compare:
            new_vals = touched[c].astype(str)
            take = (is_new[touched.index] & (new_vals != "")) | (~is_new[touched.index] & differs[c][touched.index])
            if not take.any():
                continue
            sel = touched.index[take]
            parts.append(
                pd.DataFrame(
                    {
                        "file": file,
                        "key": key[sel],
                        "what": what[sel],
                        "column": c,
                        "old": touched.loc[sel, f"{c}__old"].fillna("").astype(str).where(~is_new[sel], ""),
                        "new": new_vals[sel],
                        "change": pd.Series(is_new[sel], index=sel).map({True: "thêm mới", False: "thay đổi"}),
                    }
                )
            )
    columns = ["file", "key", "what", "column", "old", "new", "change"]
    result.changes = (
        pd.concat(parts).sort_index(kind="stable").reset_index(drop=True)[columns]
        if parts
        else pd.DataFrame(columns=columns)
    )


def _whole_check(result: Preview, frames: Mapping[str, pd.DataFrame], catalog: Catalog) -> None:
    """Run the build's own checks on the data as it would be after the import.

    The files the import leaves alone passed them when the database was built: only the changed files' schemas
    are checked again, then every reference from or to a changed file (a change can break one elsewhere: a row
    another file names may go), and the checks across files."""
    after = ChainMap({file: replaced(frames[file], new, _keys(file)) for file, new in result.records.items()}, frames)
    built = {
        "units": pd.DataFrame({"unit_id": [u.unit_id for u in catalog.units]}),
        "districts": pd.DataFrame({"district_code": list(catalog.districts)}),
    }
    problems = []
    for file in result.records:
        problems += validate.check(after[file], validate.schema(registry.by_file(file)), file)
    if not problems:
        problems = validate.foreign_keys(after, built, changed=set(result.records))
    for p in problems:
        _reject(
            result,
            _rejection(
                result.file_name,
                "",
                None,
                COLUMN_VI.get(p.column or "", p.column),
                p.value,
                f"dữ liệu sau khi nhập không hợp lệ ({registry.by_file(p.file).label_vi}, dòng {p.row}): {p.message}",
            ),
        )


def replaced(base: pd.DataFrame, new: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """base with the rows of new replacing those of the same key (merge_rows, vectorised for big files)."""
    if new.empty:
        return base
    hit = base[keys].merge(new[keys].drop_duplicates(), on=keys, how="left", indicator=True)["_merge"]
    kept = base[(hit == "left_only").to_numpy()]
    return pd.concat([kept, new.reindex(columns=base.columns, fill_value="")], ignore_index=True)


def recognition_warnings(
    records: dict[str, pd.DataFrame], frames: Mapping[str, pd.DataFrame], catalog: Catalog
) -> list[str]:
    """Communes an import reports short of the standard although a confirmed decision recognised them earlier.

    Not an error (a commune can fall back below a criterion), but worth a second look before confirming."""
    status = records.get(STATUS_FILE)
    recog = frames.get("recognitions.csv")
    if status is None or recog is None or recog.empty or status.empty:
        return []
    confirmed = recog[(recog["provenance"] == "confirmed") & (recog["level"] == "NTM")]
    first = confirmed.groupby("unit_id")["year"].min().to_dict()
    touched = status[status["unit_id"].isin(first)][["period_id", "unit_id"]].drop_duplicates()
    if touched.empty:
        return []
    current = frames[STATUS_FILE].merge(touched, on=["period_id", "unit_id"])
    after = replaced(current, status.merge(touched, on=["period_id", "unit_id"]), _keys(STATUS_FILE))
    met = after.assign(ok=after["met"] == "1").groupby(["period_id", "unit_id"])["ok"].agg(["sum", "size"])
    out = []
    for (period_id, unit_id), row in met.iterrows():
        year = first[unit_id]
        if int(period_id[:4]) < int(year):
            continue
        n_set = len(catalog.criteria.get(catalog.set_of(period_id), {})) or row["size"]
        if row["sum"] < n_set:
            unit = catalog.by_id.get(unit_id)
            name = f"{unit.unit_code} {unit.unit_name}" if unit else unit_id
            out.append(
                f"xã {name} đã được công nhận đạt chuẩn NTM năm {year} (quyết định đã xác nhận) nhưng tệp ghi "
                f"chỉ đạt {int(row['sum'])}/{n_set} tiêu chí ở kỳ {period_id}; hãy kiểm tra lại trước khi xác nhận"
            )
    return out


# ---- writing -------------------------------------------------------------------------------------


def _entry(action: str, user: User, store: Store, version_after: str, **extra) -> dict:
    return {
        "id": uuid.uuid4().hex,
        "action": action,
        "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "user": user.name,
        "user_district": user.district,
        "version_before": store.current(),
        "version_after": version_after,
        **extra,
    }


def commit(result: Preview, user: User | None, store: Store | None = None, checkpoint=None) -> dict:
    """Write a previewed import, all or nothing. Returns the audit entry; raises ImportRefused, AuthError, Busy
    or Unavailable (reference folder missing, folder read-only, disk full: nothing is left behind).
    checkpoint(fraction, step) reports progress and may raise to cancel (ntm.loading.work), up to the switch."""
    store = store or Store.default()
    user = require_editor(user)
    if not result.ok:  # refused before the lock: a refused file leaves the store byte for byte as it was
        raise ImportRefused("Không ghi: tệp có lỗi.\n" + result.report(20))
    if not result.has_changes:
        raise ImportRefused("Không ghi: tệp không làm thay đổi dữ liệu hiện tại.")
    if checkpoint:
        checkpoint(0.05, "check")
    store.preflight()
    with store.lock(user.name):
        store.recover()
        if store.current() != result.base_version:
            raise ImportRefused(
                "Dữ liệu đã được người khác cập nhật sau khi anh/chị xem trước; hãy xem trước lại tệp rồi xác nhận."
            )
        # same data version and same editor: the preview's checks still hold; otherwise check again
        again = (
            result
            if result.checked_for == user
            else preview(result.content, result.file_name, store, user, result.kind, result.asked_period)
        )
        if not again.ok:
            raise ImportRefused("Không ghi: tệp có lỗi.\n" + again.report(20))
        if not again.has_changes:
            raise ImportRefused("Không ghi: tệp không làm thay đổi dữ liệu hiện tại.")
        overlay = store.read_overlay(store.current())
        for file, new in again.records.items():
            keys = _keys(file)
            rows, deleted = overlay.get(file, (pd.DataFrame(columns=new.columns), pd.DataFrame(columns=keys)))
            columns = list(dict.fromkeys([*rows.columns, *new.columns]))
            rows = merge_rows(rows.reindex(columns=columns, fill_value=""), new, pd.DataFrame(columns=keys), keys)
            overlay[file] = (rows, merge_rows(deleted, pd.DataFrame(columns=keys), new[keys], keys))
        version = store.next_version()
        entry = _entry(
            "import",
            user,
            store,
            version,
            file_name=again.file_name,
            sha256=again.sha256,
            kind=again.kind,
            rows_added=again.added,
            rows_changed=again.changed,
            rows_removed=0,
            districts=again.districts,
            periods=again.periods,
        )
        store.write_version(version, overlay, entry, again.changes)
        store.switch(entry, checkpoint)
        return entry


def undo(user: User | None, store: Store | None = None, checkpoint=None) -> dict:
    """Go back to the data as it was before the last import or restore still in force; checkpoint as for commit."""
    store = store or Store.default()
    user = require_editor(user)
    if checkpoint:
        checkpoint(0.05, "check")
    store.preflight()
    with store.lock(user.name):
        store.recover()
        from ntm.loading.audit import undoable

        target = undoable(store)
        if target is None:
            raise ImportRefused("Không có lần nhập nào để hoàn tác.")
        if user.district is not None:
            touched = set(target.get("districts") or [None])
            if target["action"] != "import" or touched != {user.district}:
                raise AuthError(
                    f"Tài khoản '{user.name}' chỉ được hoàn tác lần nhập của chính huyện "
                    f"{user.district}; lần nhập gần nhất ({target.get('file_name')}) thuộc phạm vi khác."
                )
        entry = _entry(
            "undo",
            user,
            store,
            target["version_before"],
            undoes=target["id"],
            file_name=target.get("file_name"),
            sha256=target.get("sha256"),
            kind=target.get("kind"),
            rows_added=0,
            rows_changed=target.get("rows_changed", 0),
            rows_removed=target.get("rows_added", 0),
            districts=target.get("districts"),
            periods=target.get("periods"),
        )
        store.switch(entry, checkpoint)
        return entry


def read_changes(store: Store, entry: dict) -> pd.DataFrame:
    """The old → new values an audit entry recorded (an undo shows its import reversed)."""
    version = entry["version_after"] if entry["action"] != "undo" else entry["version_before"]
    path = store.versions / version / "changes.csv" if version else None
    if path is None or not path.exists():
        return pd.DataFrame(columns=["file", "key", "what", "column", "old", "new", "change"])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if entry["action"] == "undo":
        frame = frame.rename(columns={"old": "new", "new": "old"})
        frame["change"] = frame["change"].map({"thêm mới": "xóa", "thay đổi": "thay đổi", "xóa": "thêm mới"})
    return frame[["file", "key", "what", "column", "old", "new", "change"]]


def as_json(result: Preview, **extra: object) -> str:
    """Machine-readable preview for scripts (python -m ntm import --json): one JSON document.

    extra: what the command did besides previewing (dry_run, written: the audit entry)."""
    return json.dumps(
        {
            "file": result.file_name,
            "sha256": result.sha256,
            "kind": result.kind,
            "ok": result.ok,
            "fatal": result.fatal,
            "summary": result.summary(),
            "period": result.period,
            "period_source": result.period_source,
            "rows_read": result.rows_read,
            "accepted": len(result.accepted),
            "added": result.added,
            "changed": result.changed,
            "unchanged": result.unchanged,
            "problems": result.n_problems,
            "rejected": [
                {
                    "file": r.file,
                    "sheet": r.sheet,
                    "row": r.row,
                    "column": r.column,
                    "value": r.value,
                    "reason": r.message,
                }
                for r in result.rejected
            ],
            "rejected_rows": [
                {"sheet": sheet, "row": row, "problems": "; ".join(cell_problem(p) for p in problems)}
                for sheet, row, problems in result.problem_rows()
            ],
            "omitted": result.omitted,
            "notes": result.notes,
            "warnings": result.warnings,
            "hidden_sheets": result.hidden_sheets,
            **extra,
        },
        ensure_ascii=False,
        indent=1,
        default=str,
    )
