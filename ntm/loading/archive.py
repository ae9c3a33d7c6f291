"""Full export of the data as a zip (CSV files, data dictionary, as-of date) and restore from it.

The zip holds every data file as the database has it now (bundled + imported), so it is both a
backup and a hand-over. Text that a spreadsheet would run as a formula (starting with = + - @) is
written with a leading apostrophe, as spreadsheets show it; restore removes exactly that one
apostrophe, so export → restore gives back the same data. Restore writes a new store version (only
the tables imports manage; the others come from the bundled files) and can be undone like an import.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ntm.data import build, registry, validate
from ntm.loading import limits
from ntm.loading.auth import AuthError, User, require_editor
from ntm.loading.importer import ImportRefused, _entry, current_frames, fast_frame
from ntm.loading.store import Store

FORMAT = "ntm-export/1"
_RISKY = ("=", "+", "-", "@", "\t", "\r", "'")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def inert(value: str) -> str:
    """Text a spreadsheet would treat as a formula gets a leading apostrophe (numbers stay numbers)."""
    if value.startswith(_RISKY) and not _NUMBER.match(value):
        return "'" + value
    return value


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """inert() of every cell, as text, a whole column at a time (a cell at a time took most of an export).

    Most columns hold no cell starting with a risky character: their first characters are looked at, and the
    number pattern is matched only in a column that has one (a third of the time of matching every column)."""
    out = {}
    for name, column in frame.astype(str).items():
        maybe = column.str.slice(0, 1).isin(_RISKY)
        if maybe.any():
            risky = maybe & ~column.str.match(_NUMBER.pattern)
            column = column.where(~risky, "'" + column)
        out[name] = column
    return pd.DataFrame(out, index=frame.index, columns=frame.columns)


def revive(value: str) -> str:
    return value[1:] if value.startswith("'") and not _NUMBER.match(value) else value


def export_zip(store: Store | None = None) -> bytes:
    """Zip of every data file as now in force, a data dictionary and a manifest with the as-of date."""
    store = store or Store.default()
    frames = current_frames(store)
    buf = io.BytesIO()
    hashes, counts = {}, {}
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, frame in frames.items():
            text = inert_frame(frame).to_csv(index=False)
            data = text.encode("utf-8")
            zf.writestr(f"data/{name}", data)
            hashes[name], counts[name] = hashlib.sha256(data).hexdigest(), len(frame)
        zf.writestr("tu_dien_du_lieu.csv", dictionary(frames).to_csv(index=False).encode("utf-8-sig"))
        as_of = max(frames["periods.csv"]["as_of_date"]) if len(frames["periods.csv"]) else ""
        manifest = {
            "format": FORMAT,
            "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "data_as_of": as_of,
            "store_version": store.current(),
            "files": hashes,
            "rows": counts,
            "note": "Ô văn bản bắt đầu bằng = + - @ ' được thêm dấu ' ở đầu khi xuất; khôi phục sẽ bỏ dấu này.",
        }
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        zf.writestr(
            "DOC_TRUOC.txt",
            (
                "Bản xuất toàn bộ dữ liệu của bảng theo dõi nông thôn mới.\n"
                f"Số liệu đến ngày: {as_of}. Thời điểm xuất: {manifest['exported_at']}.\n"
                "data/: các tệp CSV (UTF-8); tu_dien_du_lieu.csv: mô tả từng cột; manifest.json: mã băm từng tệp.\n"
                "Khôi phục: trang Dữ liệu → Sao lưu, hoặc python -m ntm restore TỆP.zip\n"
            ).encode(),
        )
    return buf.getvalue()


def dictionary(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The data dictionary: one row per column of each file, described as the registry declares it."""
    rows = []
    for name, frame in frames.items():
        table = registry.by_file(name)
        declared = {c.file_header: c for c in table.file_columns}
        key = set(table.file_key)
        for col in frame.columns:
            example = next((v for v in frame[col].astype(str) if v), "")
            rows.append(
                {
                    "tệp": name,
                    "bảng": table.label_vi,
                    "cột": col,
                    "mô tả": declared[col].about if col in declared else "",
                    "khóa": "có" if col in key else "",
                    "số dòng": len(frame),
                    "ví dụ": inert(example[:60]),
                }
            )
    return pd.DataFrame(rows, columns=["tệp", "bảng", "cột", "mô tả", "khóa", "số dòng", "ví dụ"])


def export_name(store: Store | None = None) -> str:
    return f"ntm_du_lieu_{time.strftime('%Y%m%d_%H%M')}.zip"


# Members an export zip holds besides the data files: the only other names a backup may contain.
INFO_MEMBERS = ("manifest.json", "tu_dien_du_lieu.csv", "DOC_TRUOC.txt")
MAX_MANIFEST_BYTES = 1 << 20  # a manifest lists ~40 files: a few KB


class NeedsConfirmation(ImportRefused):
    """The restore would empty tables; str() names them and their row counts. Nothing was written."""

    def __init__(self, message: str, tables: dict[str, int]):
        super().__init__(message)
        self.tables = tables


def allowed_members() -> set[str]:
    """Every name an export writes: data/<file> of each table of the registry, and the information files."""
    return {f"data/{t.file}" for t in registry.file_tables()} | set(INFO_MEMBERS)


def read_zip(content: bytes, file_name: str = "sao_luu.zip") -> dict[str, pd.DataFrame]:
    """The tables imports manage, from an export zip, checked; raises ImportRefused with a Vietnamese reason.

    Checked before anything is parsed: the size and directory of the archive (limits), member names
    (only what an export writes), regular files only, and a manifest listing every data file with
    its hash. Then each managed table: its hash, UTF-8, its row count, its columns (those of its table
    in the registry) and its values (the build's own validation)."""
    file_name = Path(file_name or "sao_luu.zip").name
    empty = f"Tệp {file_name} rỗng (0 byte): không phải bản sao lưu."
    too_big = f"Tệp {file_name} quá lớn để khôi phục ({{size}} MB; tối đa {{maximum}} MB)."
    if refusal := limits.size_refusal(content, limits.MAX_BACKUP_BYTES, empty, too_big):
        raise ImportRefused(refusal)
    if content[:4] != b"PK\x03\x04":
        raise ImportRefused(f"Tệp {file_name} không phải tệp .zip sao lưu (nội dung không phải zip).")
    try:
        zf = limits.open_zip(content, file_name, "bản sao lưu", limits.MAX_BACKUP_MEMBER_BYTES)
    except limits.Refused as err:
        raise ImportRefused(str(err)) from None
    with zf:
        names = [i.filename for i in zf.infolist() if not i.is_dir()]
        unknown = sorted(set(names) - allowed_members())
        if unknown:
            shown = ", ".join(f"'{n}'" for n in unknown[:5]) + (
                f" và {len(unknown) - 5} tệp khác" if len(unknown) > 5 else ""
            )
            raise ImportRefused(
                f"Tệp {file_name} chứa {shown}: không phải tệp của bản sao lưu (chỉ nhận data/<bảng>.csv, "
                f"manifest.json, tu_dien_du_lieu.csv, DOC_TRUOC.txt)."
            )
        manifest = _manifest(zf, set(names), file_name)
        out = {}
        for name, data in _data_members(zf, names, manifest, file_name):
            if name in registry.store_keys():
                out[name] = _table(data, name, file_name)
        return out


def _manifest(zf: zipfile.ZipFile, names: set[str], file_name: str) -> dict:
    if "manifest.json" not in names:
        raise ImportRefused(f"Tệp {file_name} không phải bản sao lưu của bảng theo dõi (thiếu manifest.json).")
    raw = _read(zf, "manifest.json", file_name, MAX_MANIFEST_BYTES)
    try:
        manifest = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ImportRefused(
            f"Tệp {file_name}: manifest.json bị hỏng (không đọc được JSON: {str(err)[:60]}); hãy xuất lại bản sao lưu."
        ) from None
    if not isinstance(manifest, dict):
        raise ImportRefused(f"Tệp {file_name}: manifest.json không đúng cấu trúc của bản sao lưu.")
    if manifest.get("format") != FORMAT:
        raise ImportRefused(f"Tệp {file_name}: định dạng sao lưu '{manifest.get('format')}' không được hỗ trợ.")
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) for k, v in files.items()
    ):
        raise ImportRefused(f"Tệp {file_name}: manifest.json thiếu danh sách mã băm SHA-256 của các tệp dữ liệu.")
    data = {n.removeprefix("data/") for n in names if n.startswith("data/")}
    unlisted = sorted(data - set(files))
    if unlisted:
        raise ImportRefused(
            f"Tệp {file_name}: manifest.json không có mã băm của {', '.join(unlisted[:5])}; tệp không có mã băm "
            f"không được khôi phục (bản sao lưu đã bị sửa?)."
        )
    absent = sorted(set(files) - data)
    if absent:
        raise ImportRefused(
            f"Tệp {file_name}: manifest.json liệt kê {', '.join(absent[:5])} nhưng bản sao lưu không có "
            f"(tệp bị thiếu hoặc bị cắt)."
        )
    return manifest


def _data_members(zf: zipfile.ZipFile, names: list[str], manifest: dict, file_name: str):
    """(file, bytes) of each data member, its hash checked against the manifest."""
    for member in names:
        if not member.startswith("data/"):
            continue
        name = member.removeprefix("data/")
        data = _read(zf, member, file_name, limits.MAX_BACKUP_MEMBER_BYTES)
        if hashlib.sha256(data).hexdigest() != manifest["files"][name]:
            raise ImportRefused(f"Tệp {file_name}: {member} không khớp mã băm trong manifest (tệp đã bị sửa?).")
        yield name, data


def _read(zf: zipfile.ZipFile, member: str, file_name: str, limit: int) -> bytes:
    try:
        return limits.read_member(zf, member, file_name, limit)
    except limits.Refused as err:
        raise ImportRefused(str(err)) from None


def _table(data: bytes, name: str, file_name: str) -> pd.DataFrame:
    """One managed table of a backup: UTF-8, within the row limit, its registry columns, valid values."""
    table = registry.by_file(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ImportRefused(
            f"Tệp {file_name}: data/{name} không phải văn bản UTF-8 (byte lạ ở vị trí {err.start}); "
            f"bản sao lưu phải là tệp xuất từ bảng theo dõi."
        ) from None
    lines = text.count("\n")
    if lines > limits.MAX_BACKUP_ROWS + 1:
        raise ImportRefused(
            f"Tệp {file_name}: data/{name} có {lines} dòng (tối đa {limits.MAX_BACKUP_ROWS} dòng một bảng)."
        )
    if not text.strip():
        raise ImportRefused(f"Tệp {file_name}: data/{name} rỗng (không có cả dòng tiêu đề cột).")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        raise ImportRefused(f"Tệp {file_name}: data/{name} không đọc được dạng CSV ({str(err)[:80]}).") from None
    declared = [c.file_header for c in table.file_columns]
    unknown = [c for c in frame.columns if c not in declared]
    missing = [c.file_header for c in table.file_columns if table.required(c) and c.file_header not in frame.columns]
    if unknown or missing:
        raise ImportRefused(
            f"Tệp {file_name}: data/{name} không đúng cột của bảng {table.label_vi}"
            + (f"; cột lạ: {', '.join(unknown[:8])}" if unknown else "")
            + (f"; thiếu cột: {', '.join(missing)}" if missing else "")
            + f" (các cột của bảng: {', '.join(declared)})."
        )
    frame = revived(frame)
    problems = validate.check(frame, validate.schema(table), name)
    if problems:
        more = f"\n... và {len(problems) - 20} lỗi khác" if len(problems) > 20 else ""
        raise ImportRefused(
            f"Không khôi phục: data/{name} trong {file_name} có giá trị sai kiểu hoặc sai định dạng:\n"
            + "\n".join(str(p) for p in problems[:20])
            + more
        )
    return frame


def revived(frame: pd.DataFrame) -> pd.DataFrame:
    """revive() on every cell, column by column (a backup table may hold hundreds of thousands of rows)."""
    out = frame.copy()
    for col in out.columns:
        values = out[col]
        quoted = values.str.startswith("'") & ~values.str.fullmatch(_NUMBER.pattern)
        if quoted.any():
            out[col] = values.where(~quoted, values.str[1:])
    return out


def table_diff(
    file: str, old: pd.DataFrame, new: pd.DataFrame, keep: int = limits.MAX_CHANGES_KEPT
) -> tuple[pd.DataFrame, int, int, int]:
    """Changes between two versions of a table: (changes, added, changed, removed).

    One row per value: added keys list their non-empty values, removed keys their old values, kept keys
    the values that differ; at most `keep` rows of each kind are kept (the counts are exact). Worked out
    column by column (a backup may hold a hundred thousand rows)."""
    keys = registry.store_keys()[file]
    old = old.drop_duplicates(keys).astype(object)
    new = new.drop_duplicates(keys).astype(object)
    cols = [c for c in new.columns if c in old.columns and c not in keys]
    both = old[keys + cols].merge(new[keys + cols], on=keys, how="outer", suffixes=("__old", "__new"), indicator=True)
    both = both.sort_values(keys, kind="stable").reset_index(drop=True)
    key = both[keys[0]].astype(str)
    for k in keys[1:]:
        key = key + "|" + both[k].astype(str)
    side = both["_merge"].astype(str)
    is_added, is_removed, is_kept = side == "right_only", side == "left_only", side == "both"
    differs = pd.Series(False, index=both.index)
    parts: dict[str, list[pd.DataFrame]] = {"thêm mới": [], "xóa": [], "thay đổi": []}
    for c in cols:
        before, after = both[f"{c}__old"].fillna("").astype(str), both[f"{c}__new"].fillna("").astype(str)
        changed = is_kept & (before != after)
        differs |= changed
        for change, take in (
            ("thêm mới", is_added & (after != "")),
            ("xóa", is_removed & (before != "")),
            ("thay đổi", changed),
        ):
            if take.any() and sum(len(p) for p in parts[change]) < keep:
                take = take & (take.cumsum() <= keep)
                parts[change].append(
                    pd.DataFrame(
                        {
                            "file": file,
                            "key": key[take],
                            "what": key[take],
                            "column": c,
                            "old": "" if change == "thêm mới" else before[take],
                            "new": "" if change == "xóa" else after[take],
                            "change": change,
                            "_order": cols.index(c),
                        }
                    )
                )
    columns = ["file", "key", "what", "column", "old", "new", "change"]
    frames = [
        pd.concat(p).rename_axis("_row").sort_values(["_row", "_order"], kind="stable")[columns].head(keep)
        for p in parts.values()
        if p
    ]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return frame, int(is_added.sum()), int(differs.sum()), int(is_removed.sum())


@dataclass
class RestorePlan:
    """What a restore would do, worked out without the lock and without writing anything."""

    file_name: str
    sha256: str
    base_version: str
    overlay: dict[str, tuple[pd.DataFrame, pd.DataFrame]]
    changes: pd.DataFrame
    added: int = 0
    changed: int = 0
    removed: int = 0
    emptied: dict[str, int] = field(default_factory=dict)  # table name -> rows it has now, none after
    by_table: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # table -> added, changed, removed

    def summary(self) -> str:
        parts = [
            f"{registry.by_file(f).label_vi}: {a} thêm, {c} sửa, {r} xóa" for f, (a, c, r) in self.by_table.items()
        ]
        return (
            f"Khôi phục từ {self.file_name}: {self.added} thêm, {self.changed} sửa, {self.removed} xóa"
            + (f" ({'; '.join(parts)})" if parts else "")
            + "."
        )

    def emptying_message(self, tables: dict[str, int] | None = None) -> str:
        tables = self.emptied if tables is None else tables
        listed = "; ".join(f"bảng {t} ({registry.table(t).label_vi}): xóa toàn bộ {n} dòng" for t, n in tables.items())
        flags = " ".join(f"--confirm-empty {t}" for t in tables)
        return (
            f"Bản sao lưu {self.file_name} sẽ làm rỗng {listed}. Nếu đúng ý, hãy xác nhận riêng cho từng bảng "
            f"(ô xác nhận trên trang Dữ liệu, hoặc {flags})."
        )


def plan_restore(content: bytes, file_name: str, store: Store | None = None) -> RestorePlan:
    """Check a backup and work out its changes against the data now; raises ImportRefused. Writes nothing."""
    store = store or Store.default()
    file_name = Path(file_name or "sao_luu.zip").name
    tables = read_zip(content, file_name)
    store.preflight()  # the check below needs the reference folder too
    base_version = store.current()
    frames = {name: fast_frame(frame) for name, frame in current_frames(store).items()}
    bundled = build.read_data(store.data_dir)
    after = dict(frames)
    for name, frame in tables.items():
        if name in frames:
            after[name] = fast_frame(frame.reindex(columns=frames[name].columns, fill_value=""))
    units = build.build_unit_tables(store.ref, store.data_dir)
    problems = build.check_all(after, {"units": units.units, "districts": units.districts})
    if problems:
        more = f"\n... và {len(problems) - 20} lỗi khác" if len(problems) > 20 else ""
        raise ImportRefused(
            "Không khôi phục: dữ liệu trong bản sao lưu không hợp lệ với danh mục hiện tại.\n"
            + "\n".join(str(p) for p in problems[:20])
            + more
        )
    plan = RestorePlan(file_name, hashlib.sha256(content).hexdigest(), base_version, {}, pd.DataFrame())
    parts = []
    for name in tables:
        if name not in frames:
            continue
        d, a, c, r = table_diff(name, frames[name], after[name])
        parts.append(d)
        plan.added, plan.changed, plan.removed = plan.added + a, plan.changed + c, plan.removed + r
        if a + c + r:
            plan.by_table[name] = (a, c, r)
        if len(frames[name]) and not len(after[name]):
            plan.emptied[registry.by_file(name).name] = len(frames[name])
        keys = registry.store_keys()[name]
        plan.overlay[name] = (after[name], _gone(bundled[name][keys], after[name][keys], keys))
    plan.changes = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return plan


def restore(
    content: bytes,
    file_name: str,
    user: User | None,
    store: Store | None = None,
    confirm_empty: Iterable[str] = (),
    checkpoint=None,
) -> dict:
    """Make the imported tables equal to those of an export zip (a new, undoable version); checkpoint as for
    importer.commit.

    A restore that would empty a table is refused unless that table is named in confirm_empty. Every
    refusal comes before the store's lock: a refused backup leaves the store byte for byte as it was."""
    store = store or Store.default()
    user = require_editor(user)
    if user.district is not None:
        raise AuthError(
            f"Tài khoản '{user.name}' chỉ quản lý huyện {user.district}; khôi phục toàn bộ dữ liệu "
            f"cần tài khoản cấp tỉnh."
        )
    plan = plan_restore(content, file_name, store)
    _check_plan(plan, confirm_empty)
    if checkpoint:
        checkpoint(0.1, "check")
    store.preflight()
    with store.lock(user.name):
        store.recover()
        if store.current() != plan.base_version:  # someone wrote meanwhile: work it out again, under the lock
            plan = plan_restore(content, file_name, store)
            _check_plan(plan, confirm_empty)
        version = store.next_version()
        entry = _entry(
            "restore",
            user,
            store,
            version,
            file_name=plan.file_name,
            sha256=plan.sha256,
            kind="restore",
            rows_added=plan.added,
            rows_changed=plan.changed,
            rows_removed=plan.removed,
            districts=[None],
            periods=[],
        )
        store.write_version(version, plan.overlay, entry, plan.changes)
        plan.overlay.clear()  # written: the rebuild below reads it back from the version folder
        plan.changes = pd.DataFrame()
        store.switch(entry, checkpoint)
        return entry


def _gone(bundled: pd.DataFrame, after: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Keys of bundled rows the restored table no longer has (the overlay's deleted keys)."""
    hit = bundled.merge(after.drop_duplicates(), on=keys, how="left", indicator=True)
    return hit[hit["_merge"] == "left_only"][keys].drop_duplicates().reset_index(drop=True)


def _check_plan(plan: RestorePlan, confirm_empty: Iterable[str]) -> None:
    confirmed = {c.removesuffix(".csv") for c in confirm_empty}
    unconfirmed = {t: n for t, n in plan.emptied.items() if t not in confirmed}
    if unconfirmed:
        raise NeedsConfirmation(plan.emptying_message(unconfirmed), unconfirmed)
    if plan.added + plan.changed + plan.removed == 0:
        raise ImportRefused("Không khôi phục: dữ liệu trong bản sao lưu giống hệt dữ liệu hiện tại.")
