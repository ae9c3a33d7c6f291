"""The import store seen from the build: which version is current and how its overlay applies.

The store itself (versions, lock, switching) is ntm.loading.store; the build only reads the pointer
and the overlay folder, so this stage needs nothing from the loading stage. Which files an import
may write, and the columns naming a row, are the registry's (registry.store_keys()).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ntm.data import config, registry
from ntm.data.validate import in_keys, key_array

STORE_ENV = "NTM_STORE"
NO_VERSION = ""  # the pointer value before any import: bundled data only


def store_dir() -> Path:
    """Folder of the store (git-ignored data/local unless NTM_STORE says otherwise)."""
    return Path(os.environ.get(STORE_ENV, config.DATA_DIR / "local")).resolve()


def current_version(root: Path) -> str:
    """Id of the version the pointer names ('' = bundled data only)."""
    try:
        return (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return NO_VERSION


def read_overlay(folder: Path | None) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """{file: (rows, deleted keys)} stored in a version folder."""
    out: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}
    if folder is None:
        return out
    for name, keys in registry.store_keys().items():
        rows_path, del_path = folder / name, folder / f"deleted__{name}"
        if rows_path.exists() or del_path.exists():
            rows = _read_csv(rows_path) if rows_path.exists() else pd.DataFrame(columns=keys, dtype=str)
            deleted = _read_csv(del_path) if del_path.exists() else pd.DataFrame(columns=keys, dtype=str)
            out[name] = (rows, deleted)
    return out


def apply_overlay(frames: dict[str, pd.DataFrame], folder: Path) -> dict[str, pd.DataFrame]:
    """Bundled frames with a version's overlay: keyed rows replaced or added, deleted keys dropped."""
    out = dict(frames)
    keys = registry.store_keys()
    for name, (rows, deleted) in read_overlay(folder).items():
        if name in frames:
            out[name] = merge_rows(frames[name], rows, deleted, keys[name])
    return out


def merge_rows(base: pd.DataFrame, rows: pd.DataFrame, deleted: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """base minus the keys of rows and deleted, plus rows (columns of base; missing ones blank)."""
    drop = pa.concat_arrays([key_array(rows, keys), key_array(deleted, keys)])  # a status table: 100 000 rows
    kept = base[~in_keys(key_array(base, keys), drop)] if len(drop) else base
    if not len(rows):
        return kept.reset_index(drop=True)
    extra = rows.reindex(columns=base.columns, fill_value="").fillna("")
    return pd.concat([kept, extra], ignore_index=True)


def overlay_for(db: Path | None, data_dir: Path | None) -> Path | None:
    """The store version a plain build applies: only when building the app's own database from data/."""
    if db is not None and Path(db).resolve() != config.db_path():
        return None
    if data_dir is not None and Path(data_dir).resolve() != config.DATA_DIR.resolve():
        return None
    version = current_version(store_dir())
    return store_dir() / "versions" / version if version else None


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
