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
from pathlib import Path

import pandas as pd

from ntm.data import build, registry
from ntm.data.overlay import merge_rows
from ntm.loading.auth import AuthError, User, require_editor
from ntm.loading.importer import ImportRefused, _entry, current_frames
from ntm.loading.store import Store

FORMAT = "ntm-export/1"
MAX_ZIP_BYTES = 50 * 1024 * 1024
_RISKY = ("=", "+", "-", "@", "\t", "\r", "'")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def inert(value: str) -> str:
    """Text a spreadsheet would treat as a formula gets a leading apostrophe (numbers stay numbers)."""
    if value.startswith(_RISKY) and not _NUMBER.match(value):
        return "'" + value
    return value


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
            text = frame.astype(str).map(inert).to_csv(index=False)
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


def read_zip(content: bytes, file_name: str = "sao_luu.zip") -> dict[str, pd.DataFrame]:
    """The managed tables inside an export zip, checked; raises ImportRefused with a Vietnamese reason."""
    if len(content) > MAX_ZIP_BYTES:
        raise ImportRefused(f"Tệp {file_name} quá lớn để khôi phục.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ImportRefused(f"Tệp {file_name} không phải tệp .zip sao lưu hợp lệ.") from None
    with zf:
        names = set(zf.namelist())
        if "manifest.json" not in names:
            raise ImportRefused(f"Tệp {file_name} không phải bản sao lưu của bảng theo dõi (thiếu manifest.json).")
        if sum(i.file_size for i in zf.infolist()) > 10 * MAX_ZIP_BYTES:
            raise ImportRefused(f"Tệp {file_name}: nội dung giải nén quá lớn.")
        manifest = json.loads(zf.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise ImportRefused(f"Tệp {file_name}: định dạng sao lưu '{manifest.get('format')}' không được hỗ trợ.")
        out = {}
        for name in registry.store_keys():
            member = f"data/{name}"
            if member not in names:
                continue
            data = zf.read(member)
            if manifest.get("files", {}).get(name) not in (None, hashlib.sha256(data).hexdigest()):
                raise ImportRefused(f"Tệp {file_name}: {member} không khớp mã băm trong manifest (tệp đã bị sửa?).")
            frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
            out[name] = frame.map(revive)
        return out


def table_diff(file: str, old: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, int, int, int]:
    """Changes between two versions of a table: (changes, added, changed, removed)."""
    keys = registry.store_keys()[file]
    old = old.drop_duplicates(keys).set_index(keys)
    new = new.drop_duplicates(keys).set_index(keys)
    cols = [c for c in new.columns if c in old.columns]
    added, removed = new.index.difference(old.index), old.index.difference(new.index)
    both = new.index.intersection(old.index)
    a, b = old.loc[both, cols].astype(str), new.loc[both, cols].astype(str)
    diff_mask = a.ne(b)
    rows = []
    for key in added:
        rows += [(file, _k(key), _k(key), c, "", str(new.at[key, c]), "thêm mới") for c in cols if str(new.at[key, c])]
    for key in removed:
        rows += [(file, _k(key), _k(key), c, str(old.at[key, c]), "", "xóa") for c in cols if str(old.at[key, c])]
    changed_keys = diff_mask.index[diff_mask.any(axis=1)]
    for key in changed_keys:
        rows += [
            (file, _k(key), _k(key), c, a.at[key, c], b.at[key, c], "thay đổi") for c in cols if diff_mask.at[key, c]
        ]
    frame = pd.DataFrame(rows, columns=["file", "key", "what", "column", "old", "new", "change"])
    return frame, len(added), len(changed_keys), len(removed)


def _k(key: object) -> str:
    return "|".join(map(str, key)) if isinstance(key, tuple) else str(key)


def restore(content: bytes, file_name: str, user: User | None, store: Store | None = None) -> dict:
    """Make the imported tables equal to those of an export zip (a new, undoable version)."""
    store = store or Store.default()
    user = require_editor(user)
    if user.district is not None:
        raise AuthError(
            f"Tài khoản '{user.name}' chỉ quản lý huyện {user.district}; khôi phục toàn bộ dữ liệu "
            f"cần tài khoản cấp tỉnh."
        )
    tables = read_zip(content, file_name)
    with store.lock(user.name):
        store.recover()
        frames = current_frames(store)
        bundled = build.read_data(store.data_dir)
        after = dict(frames)
        for name, frame in tables.items():
            if name in frames:
                after[name] = frame.reindex(columns=frames[name].columns, fill_value="")
        units = build.build_unit_tables(store.ref, store.data_dir)
        problems = build.check_all(after, {"units": units.units, "districts": units.districts})
        if problems:
            raise ImportRefused(
                "Không khôi phục: dữ liệu trong bản sao lưu không hợp lệ với danh mục hiện tại.\n"
                + "\n".join(str(p) for p in problems[:20])
            )
        parts, added, changed, removed = [], 0, 0, 0
        overlay = {}
        for name in tables:
            if name not in frames:
                continue
            d, a, c, r = table_diff(name, frames[name], after[name])
            parts.append(d)
            added, changed, removed = added + a, changed + c, removed + r
            keys = registry.store_keys()[name]
            gone = merge_rows(bundled[name][keys], pd.DataFrame(columns=keys), after[name][keys], keys)
            overlay[name] = (after[name], gone)
        if added + changed + removed == 0:
            raise ImportRefused("Không khôi phục: dữ liệu trong bản sao lưu giống hệt dữ liệu hiện tại.")
        version = store.next_version()
        entry = _entry(
            "restore",
            user,
            store,
            version,
            file_name=Path(file_name).name,
            sha256=hashlib.sha256(content).hexdigest(),
            kind="restore",
            rows_added=added,
            rows_changed=changed,
            rows_removed=removed,
            districts=[None],
            periods=[],
        )
        store.write_version(version, overlay, entry, pd.concat(parts, ignore_index=True))
        store.switch(entry)
        return entry
