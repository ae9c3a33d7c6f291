"""A database whose names, sources, sponsors, departments and target labels carry markdown, HTML, links and
images (rule labels an office edits too), to prove that text from the data is shown as text everywhere (pages,
map, slides, PDF, Excel).

The reference folder and data/ are copied to a temporary place; a commune and a district are renamed in both
GSO catalogues and every text column listed below gets the payload appended; the real build makes the database.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd

from ntm.data import build, config

PAYLOAD = " [link](http://evil.example) ![](http://evil.example/x.png) <img src=http://evil.example> <b>x</b>"
UNIT, DISTRICT = "03070", "083"  # Tân Thượng, in Văn Bàn; Mường Khương

# data/ file -> its columns of free text that reach a screen, a slide or a file
TEXT_COLUMNS = {
    "sponsors.csv": ["agency"],
    "agency_names.csv": ["name_vi", "name_en"],  # name_vi as in sponsors.csv, so the English name is still found
    "targets.csv": ["label_vi", "label_en", "source", "source_en"],
    "periods.csv": ["source_vi", "source_en"],
    "traffic_lights.csv": ["label_vi", "label_en", "source", "source_en"],
    "target_status_rules.csv": ["label_vi", "label_en"],
    "recognitions.csv": ["source", "source_en", "decision_no"],
    "poor_districts.csv": ["source", "source_en", "note_vi", "note_en"],
    "poverty_province.csv": ["source", "source_en"],
    "published_figures.csv": ["source_vi", "source_en", "notes_vi", "notes_en"],
    "criterion_owner.csv": ["lead_department_province", "department_en", "supporting_units", "supporting_units_en"],
    "criteria.csv": ["source"],
    "criteria_bands.csv": ["label_vi", "label_en"],
    "unit_lineage_sapa_2020.csv": ["note"],
}

# What must never be left of the payload where text is rendered as markdown or HTML: a live link or image, a tag.
LIVE = re.compile(r"(?<!\\)\]\((?!\\)|(?<!\\)!\[|(?<!\\)<(img|b|a)\b", re.I)


def _append(path: Path, columns: list[str]) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in columns:
        filled = frame[col] != ""
        frame.loc[filled, col] = frame.loc[filled, col] + PAYLOAD
    frame.to_csv(path, index=False)


def _rename(path: Path, code_col: str, code: str, name_cols: list[str]) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    hit = frame[code_col] == code
    assert hit.any(), f"{code} not found in {path}"
    for col in name_cols:
        frame.loc[hit, col] = frame.loc[hit, col] + PAYLOAD
    frame.to_csv(path, index=False)


def env(db: Path) -> dict[str, str]:
    """Environment for an app on this database and its own reference folder."""
    return {"NTM_DB": str(db), "NTM_REF_DIR": str(db.parent / "ref")}


def build_db(root: Path) -> Path:
    """Copies of the reference folder and data/ under root with the payload in them, and the database built from
    them (root/evil.duckdb)."""
    ref, data = root / "ref", root / "data"
    for sub in ("geo", "reference"):
        shutil.copytree(config.ref_dir() / sub, ref / sub, copy_function=shutil.copyfile)  # sources are read-only
    shutil.copytree(config.DATA_DIR, data, copy_function=shutil.copyfile)
    _rename(ref / config.UNITS_2019_FILE, "commune_code", UNIT, ["commune_name"])
    _rename(ref / config.UNITS_2020_FILE, "unit_code", UNIT, ["unit_name"])
    _rename(ref / config.UNITS_2019_FILE, "district_code", DISTRICT, ["district"])
    _rename(ref / config.UNITS_2020_FILE, "district_code", DISTRICT, ["district"])
    for name, columns in TEXT_COLUMNS.items():
        _append(data / name, columns)
    db = root / "evil.duckdb"
    build.build(db, data, ref)
    return db
