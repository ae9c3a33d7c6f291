"""A database where one commune is named like an HTML injection, to prove names are shown as text.

The reference folder is copied to a temporary place and Tân Thượng (03070) renamed in both GSO
catalogues (so it stays one unit version); the bundled data/ is built against that copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from ntm.data import build, config

EVIL = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
UNIT = "03070"


def _rename(path: Path, code_col: str, name_col: str) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    hit = frame[code_col] == UNIT
    assert hit.sum() == 1, f"{UNIT} not found once in {path}"
    frame.loc[hit, name_col] = EVIL
    frame.to_csv(path, index=False)


def env(db: Path) -> dict[str, str]:
    """Environment for an app on this database: its own reference folder too, or the app would see the
    database as stale against ../shared and rebuild it without the injected name."""
    return {"NTM_DB": str(db), "NTM_REF_DIR": str(db.parent / "ref")}


def build_db(root: Path) -> Path:
    """Reference copy with the renamed unit under root/ref, and the database built from it (root/xss.duckdb)."""
    ref = root / "ref"
    for sub in ("geo", "reference"):
        shutil.copytree(config.ref_dir() / sub, ref / sub, copy_function=shutil.copyfile)  # sources are read-only
    _rename(ref / config.UNITS_2019_FILE, "commune_code", "commune_name")
    _rename(ref / config.UNITS_2020_FILE, "unit_code", "unit_name")
    db = root / "xss.duckdb"
    build.build(db, config.DATA_DIR, ref)
    return db
