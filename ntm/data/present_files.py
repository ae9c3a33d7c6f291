"""Where the 2021–2030 data lives until the build reads it (issue 11).

Rows that extend a table the build already loads (periods, period_units, commune_status, ...) are kept in
``data/present/<same file name>``, so today's build and pages (February 2020 by default) stay exactly as
they are. The extra columns they carry (province_id, source_status, ...) are listed per file below; rows
of data/<file> lack them and take the default written next to each. Brand-new tables (provinces,
area_groupings, commune_groups, ...) sit directly in data/ and no current reader opens them.

``read_extended`` gives the union the build will load once its table registry declares these files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ntm.data import config

PRESENT_DIR = "present"
# file -> new columns -> value for the rows of data/<file> (which predate the column)
EXTENDED = {
    "periods.csv": {"province_id": "10", "source_status": "confirmed", "merged_rule_id": ""},
    "period_units.csv": {},
    "commune_status.csv": {},
    "recognitions.csv": {},
    "advanced_recognitions.csv": {},
    "criteria.csv": {},
    "published_figures.csv": {
        "province_id": "10",
        "avg_over": "base",
        "advanced_communes": "",
        "model_communes": "",
        "merged_rule_id": "",
        "notes": "",
    },
    "poverty_province.csv": {"province_id": "10", "standard_id": "by year (poverty_standards.csv)", "period_note": ""},
    "targets.csv": {"value_qualifier": ""},
}
NEW_FILES = [
    "provinces.csv",
    "followed_provinces.csv",
    "unit_changes_2024.csv",
    "area_groupings.csv",
    "period_groupings.csv",
    "merged_commune_rules.csv",
    "commune_group_types.csv",
    "group_thresholds.csv",
    "commune_groups.csv",
    "poverty_standards.csv",
]


def read_present(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Only the 2021–2030 rows of an extended file (text columns)."""
    data_dir = data_dir or config.DATA_DIR
    return pd.read_csv(data_dir / PRESENT_DIR / name, dtype=str, keep_default_na=False)


def read_extended(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """data/<name> followed by data/present/<name>, new columns filled with their default on the old rows."""
    data_dir = data_dir or config.DATA_DIR
    old = pd.read_csv(data_dir / name, dtype=str, keep_default_na=False)
    new = read_present(name, data_dir)
    for col, default in EXTENDED[name].items():
        if col not in old.columns:
            old[col] = _standard_by_year(old, data_dir) if col == "standard_id" else default
    both = pd.concat([old, new], ignore_index=True)
    return both.fillna("")[list(dict.fromkeys([*old.columns, *new.columns]))]


def _standard_by_year(frame: pd.DataFrame, data_dir: Path) -> pd.Series:
    """The poverty standard in force in each row's year (poverty_standards.csv), so a series can break."""
    std = pd.read_csv(data_dir / "poverty_standards.csv", dtype=str, keep_default_na=False)
    years = frame["year"].astype(int)
    out = pd.Series("", index=frame.index)
    for r in std.itertuples(index=False):
        out[years.between(int(r.first_year), int(r.last_year))] = r.standard_id
    return out
