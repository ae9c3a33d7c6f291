"""Import an office's spreadsheet: parse, normalise, validate, preview the changes, then commit.

preview() never writes anything: it returns the rows accepted, the rows rejected with the reason in
Vietnamese (file, sheet, row, column, value) and the diff against the current data. commit() runs the
same checks again under the store's lock and writes all or nothing; any rejected row means nothing
is written. undo() goes back to the version before the last import.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ntm.data import build, registry, validate
from ntm.data.overlay import merge_rows
from ntm.data.problems import Problem
from ntm.loading.auth import AuthError, User, require_editor
from ntm.loading.catalog import Catalog, NotFound, criterion_code_of
from ntm.loading.kinds import (
    KINDS,
    Context,
    Kind,
    RowError,
    available,
    describe_key,
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
    read_grids,
)
from ntm.loading.store import Store
from ntm.locale.text import fold

MAX_SHOWN = 200  # rejections listed one by one before "… và N lỗi khác"


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
    rejected: list[Problem] = field(default_factory=list)  # with the sheet ('' for a CSV)
    notes: list[str] = field(default_factory=list)
    records: dict[str, pd.DataFrame] = field(default_factory=dict)  # complete rows per data file
    accepted: pd.DataFrame = field(default_factory=pd.DataFrame)  # sheet, row, table, what
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)  # file, key, what, column, old, new, change
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    districts: list[str | None] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    checked_for: User | None = None  # the editor whose rights the preview applied

    @property
    def ok(self) -> bool:
        return self.fatal is None and not self.rejected

    @property
    def has_changes(self) -> bool:
        return self.added + self.changed > 0

    def summary(self) -> str:
        if self.fatal:
            return self.fatal
        kind = KINDS[self.kind].label if self.kind else ""
        n_ok = len(self.accepted)
        text = (
            f"Tệp {self.file_name} ({kind}): {self.rows_read} dòng dữ liệu; {n_ok} bản ghi hợp lệ, "
            f"{len(self.rejected)} lỗi. So với dữ liệu hiện tại: {self.added} thêm mới, {self.changed} thay đổi, "
            f"{self.unchanged} không đổi."
        )
        if self.rejected:
            text += " Có lỗi nên sẽ không ghi gì; hãy sửa tệp rồi nhập lại."
        elif not self.has_changes:
            text += " Không có gì thay đổi."
        return text

    def report(self, limit: int = MAX_SHOWN) -> str:
        """The preview as text (the CLI prints it)."""
        lines = [self.summary()]
        lines += [f"Lưu ý: {n}" for n in self.notes]
        if self.rejected:
            lines.append("Các dòng bị từ chối:")
            lines += [f"  - {r}" for r in self.rejected[:limit]]
            if len(self.rejected) > limit:
                lines.append(f"  ... và {len(self.rejected) - limit} lỗi khác")
        if len(self.changes):
            lines.append("Thay đổi (cũ → mới):")
            for c in self.changes.head(limit).itertuples(index=False):
                lines.append(f"  {c.change:<9} {c.what} · {c.column}: '{c.old}' → '{c.new}'")
            if len(self.changes) > limit:
                lines.append(f"  ... và {len(self.changes) - limit} thay đổi khác")
        return "\n".join(lines)


def _rejection(file: str, sheet: str, row: int | None, column: str | None, value: str | None, reason: str) -> Problem:
    """A problem in a spreadsheet being imported (sheet '' for a CSV): nothing of the file is written."""
    return Problem(file, row, column, value, reason, sheet)


# ---- header detection ----------------------------------------------------------------------------


@dataclass
class Header:
    kind: Kind
    last_row: int  # 0-based index of the last header row
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
    return Header(kind, last, mapping, criteria, field_labels, unknown, ignored)


def find_header(grid: Grid, kind: Kind, catalog: Catalog) -> Header | None:
    """The most complete header row of this kind in the first rows of the sheet."""
    names = {code: name for crit in catalog.criteria.values() for code, name in crit.items()}
    best = None
    for r in range(min(HEADER_SCAN_ROWS, len(grid.rows))):
        h = _header_at(grid.rows, r, kind, names)
        if h and (best is None or h.score > best.score):
            best = h
    return best


def _missing_fields(h: Header) -> list[str]:
    have = set(h.fields.values())
    kind = h.kind
    missing = [
        f.label
        for f in kind.fields
        if f.required and f.name not in have and not (kind.wide_criteria and f.name in ("criterion", "met"))
    ]
    if kind.id in ("status", "recognitions") and not have & {"unit_code", "unit_name"}:
        missing.append("Mã xã (hoặc Tên xã)")
    if kind.id in ("poverty", "resources") and not have & {"district_code", "district"}:
        missing.append("Mã huyện (hoặc Huyện)")
    if kind.wide_criteria and not h.criteria and not {"criterion", "met"} <= have:
        missing.append("các cột tiêu chí (1, 2, … hoặc TC1, TC2, …) hoặc cặp cột Tiêu chí + Kết quả")
    return missing


# ---- preview -------------------------------------------------------------------------------------


def current_frames(store: Store) -> dict[str, pd.DataFrame]:
    """The data as the database has it now: bundled files + the store's current version."""
    return build.read_data(store.data_dir, store.overlay())


def preview(
    content: bytes,
    file_name: str,
    store: Store | None = None,
    user: User | None = None,
    kind: str | None = None,
    period: str | None = None,
    catalog: Catalog | None = None,
) -> Preview:
    """Read, check and compare a file without writing anything."""
    store = store or Store.default()
    file_name = Path(file_name or "tệp").name
    result = Preview(
        file_name, hashlib.sha256(content or b"").hexdigest(), content or b"", store.current(), checked_for=user
    )
    try:
        grids = read_grids(content or b"", file_name)
    except FileRejected as err:
        result.fatal = str(err)
        return result
    catalog = catalog or Catalog.load(store.db)
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
        result.fatal = (
            f"Tệp {file_name}: không tìm thấy dòng tiêu đề cột trong {HEADER_SCAN_ROWS} dòng đầu "
            f"{'của trang nào' if len(grids) > 1 else ''}. Hãy dùng mẫu tải từ trang Dữ liệu "
            f"(cột cần có — {expected})."
        )
        return result
    result.kind = best_kind.id
    complete = [(g, h) for g, h in found if not _missing_fields(h)]
    if complete:  # a sheet with only some of the columns (a summary, a list) is not the data
        for g, h in found:
            if (g, h) not in complete:
                result.notes.append(f"bỏ qua trang '{g.sheet}': thiếu cột " + ", ".join(_missing_fields(h)))
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
    ctx = Context(catalog, file_name, f"Tệp nhập: {file_name}")
    located: list[tuple[str, dict, str, int, dict]] = []  # file, record, sheet, row, labels
    for grid, header in found:
        missing = _missing_fields(header)
        if missing:
            result.rejected.append(
                _rejection(
                    file_name, grid.sheet, header.last_row + 1, None, None, "thiếu cột bắt buộc: " + ", ".join(missing)
                )
            )
            continue
        for _, label in header.unknown:
            result.rejected.append(
                _rejection(
                    file_name,
                    grid.sheet,
                    header.last_row + 1,
                    label,
                    label,
                    "cột tiêu chí này không có trong bộ tiêu chí (các tiêu chí: "
                    + ", ".join(next(iter(catalog.criteria.values()), {}))
                    + ")",
                )
            )
        if header.ignored:
            result.notes.append(
                f"trang '{grid.sheet or file_name}': không dùng các cột "
                + ", ".join(f"'{x}'" for x in dict.fromkeys(header.ignored))
            )
        located += _rows(grid, header, ctx, result)
    if result.rejected and not located:
        return result
    if not located:
        skipped = " ".join(n for n in result.notes if "bỏ qua" in n)
        result.fatal = (
            f"Tệp {file_name} không có dòng số liệu nào dưới dòng tiêu đề"
            + (f" ({skipped})" if skipped else "")
            + ": không có gì để nhập."
        )
        return result
    located = _check_rights(located, user, catalog, result)
    located = _drop_duplicates(located, result)
    if period:
        for _, rec, sheet, row, labels in located:
            if rec.get("period_id") not in (None, period):
                result.rejected.append(
                    _rejection(
                        file_name,
                        sheet,
                        row,
                        labels.get("period", "Kỳ báo cáo"),
                        rec["period_id"],
                        f"tệp dành cho kỳ {rec['period_id']}, không phải kỳ đang nhập {period}",
                    )
                )
    frames = current_frames(store)
    result.records = _complete(located, frames)
    _schema_checks(result, located, file_name)
    result.accepted = pd.DataFrame(
        [
            {
                "Trang": sheet,
                "Dòng": row,
                "Bảng": file.removesuffix(".csv"),
                "Nội dung": describe_key(file, rec, catalog),
            }
            for file, rec, sheet, row, _ in located
        ],
        columns=["Trang", "Dòng", "Bảng", "Nội dung"],
    )
    result.districts = sorted({district_of(f, r, catalog) for f, r, *_ in located}, key=lambda d: d or "")
    result.periods = sorted({r["period_id"] for _, r, *_ in located if "period_id" in r})
    _diff(result, frames, catalog)
    if result.ok and result.has_changes:
        _whole_check(result, frames, catalog)
    return result


def _rows(grid: Grid, header: Header, ctx: Context, result: Preview) -> list[tuple[str, dict, str, int, dict]]:
    out = []
    ctx.district_hint = None
    kind = header.kind
    empty_rows = 0
    for i in range(header.last_row + 1, len(grid.rows)):
        row = grid.rows[i]
        if is_blank_row(row) or looks_like_numbering(row):
            continue
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
        except RowError as err:
            column = header.labels.get(err.field, err.field)
            result.rejected.append(
                _rejection(ctx.file_name, grid.sheet, i + 1, column, cell_text(err.value), err.reason)
            )
            continue
        out += [(file, rec, grid.sheet, i + 1, header.labels) for file, rec in records]
    if empty_rows:
        result.notes.append(
            f"{empty_rows} dòng để trống toàn bộ tiêu chí được bỏ qua (chưa báo cáo)"
            + (f" ở trang '{grid.sheet}'" if grid.sheet else "")
        )
    return out


def _is_total(row: list[object]) -> bool:
    """'Tổng cộng', 'Cộng', 'Tổng số' rows under a table are sums, not data."""
    for value in row[:6]:
        if not isinstance(value, str) or value.lstrip()[:1] not in ("T", "C", "t", "c"):
            continue
        t = fold(cell_text(value))
        if t.startswith(("tong cong", "tong so", "cong:", "tong:")) or t in ("cong", "tong", "tong cong"):
            return True
    return False


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
        result.rejected.append(
            _rejection(
                result.file_name,
                sheet,
                row,
                None,
                None,
                f"tài khoản '{user.name}' chỉ được cập nhật dữ liệu của huyện {own}; dòng này thuộc {where}",
            )
        )
    return kept


def _keys(file: str) -> list[str]:
    """The columns naming a row of a file imports write (the registry's store key)."""
    return registry.store_keys()[file]


def _drop_duplicates(located: list, result: Preview) -> list:
    seen: dict[tuple, tuple[str, int]] = {}
    kept = []
    for item in located:
        file, rec, sheet, row, labels = item
        keys = _keys(file)
        key = (file, *(rec[k] for k in keys))
        if key in seen:
            first_sheet, first_row = seen[key]
            where = f"dòng {first_row}" + (f" trang '{first_sheet}'" if first_sheet != sheet else "")
            result.rejected.append(
                _rejection(
                    result.file_name,
                    sheet,
                    row,
                    None,
                    None,
                    f"trùng với {where}: cùng " + ", ".join(f"{k}={rec[k]}" for k in keys),
                )
            )
            continue
        seen[key] = (sheet, row)
        kept.append(item)
    return kept


def _complete(located: list, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Records as complete rows of their data file: columns the file did not give keep current values."""
    out = {}
    for file in dict.fromkeys(f for f, *_ in located):
        new = pd.DataFrame([rec for f, rec, *_ in located if f == file]).fillna("").astype(str)
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
        for p in validate.check(frame.reset_index(drop=True), schema, file):
            if p.row is None:
                result.rejected.append(_rejection(file_name, "", None, p.column, p.value, p.message))
                continue
            sheet, row, _ = where[p.row - 2]
            result.rejected.append(_rejection(file_name, sheet, row, p.column, p.value, p.message))


def _diff(result: Preview, frames: dict[str, pd.DataFrame], catalog: Catalog) -> None:
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
        what = pd.Series(
            [describe_key(file, rec, catalog) for rec in touched[list(new.columns)].to_dict("records")],
            index=touched.index,
        )
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


def _whole_check(result: Preview, frames: dict[str, pd.DataFrame], catalog: Catalog) -> None:
    """Run the build's own cross-file checks on the data as it would be after the import."""
    after = dict(frames)
    for file, new in result.records.items():
        after[file] = merge_rows(frames[file], new, pd.DataFrame(columns=_keys(file)), _keys(file))
    built = {
        "units": pd.DataFrame({"unit_id": [u.unit_id for u in catalog.units]}),
        "districts": pd.DataFrame({"district_code": list(catalog.districts)}),
    }
    for p in build.check_all(after, built):
        result.rejected.append(
            _rejection(
                result.file_name,
                "",
                None,
                p.column,
                p.value,
                f"dữ liệu sau khi nhập không hợp lệ ({p.file}): {p.message}",
            )
        )


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


def commit(result: Preview, user: User | None, store: Store | None = None) -> dict:
    """Write a previewed import, all or nothing. Returns the audit entry; raises ImportRefused/AuthError/Busy."""
    store = store or Store.default()
    user = require_editor(user)
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
            else preview(result.content, result.file_name, store, user, result.kind)
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
        store.switch(entry)
        return entry


def undo(user: User | None, store: Store | None = None) -> dict:
    """Go back to the data as it was before the last import or restore still in force."""
    store = store or Store.default()
    user = require_editor(user)
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
        store.switch(entry)
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


def as_json(result: Preview) -> str:
    """Machine-readable preview for scripts (python -m ntm import --json)."""
    return json.dumps(
        {
            "file": result.file_name,
            "sha256": result.sha256,
            "kind": result.kind,
            "ok": result.ok,
            "fatal": result.fatal,
            "rows_read": result.rows_read,
            "accepted": len(result.accepted),
            "added": result.added,
            "changed": result.changed,
            "unchanged": result.unchanged,
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
            "notes": result.notes,
        },
        ensure_ascii=False,
        indent=1,
    )
