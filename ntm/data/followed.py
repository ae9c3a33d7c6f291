"""The rows of the data files that belong to the followed provinces.

data/ holds the rows of every province the project knows (old Lào Cai's 2015–2024 periods, old Yên Bái's
2024 period, the merged province's). A database follows some of them (data/followed_provinces.csv or
NTM_PROVINCES), so the build leaves out the rows that name a period, unit, district or province of another
province. A row naming something no province has is kept, so that validation reports it.

A file written before provinces existed has no province_id: its blank province means the one followed
province, and is filled in; with several provinces followed a blank is reported.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ntm.data import registry
from ntm.data.problems import Problem
from ntm.data.unit_history import UnitHistory

# target scope types whose scope_code names a place (criterion and national targets belong to no province)
PLACE_SCOPES = {"province": "province_id", "district": "district_code", "commune": "unit_code"}
NO_PLACE_SCOPES = {"criterion", "national"}


def other_provinces(frames: Mapping[str, pd.DataFrame], everything: UnitHistory, kept: UnitHistory) -> dict:
    """Ids that belong to provinces not followed, by the column that names them."""
    gone = set(everything.provinces.province_id) - set(kept.provinces.province_id)
    periods = frames["periods.csv"]
    own = periods["province_id"] if "province_id" in periods else pd.Series("", index=periods.index)
    kept_codes = set(kept.units.unit_code)
    return {
        "province_id": gone,
        "period_id": set(periods.loc[own.isin(gone), "period_id"]),
        "unit_id": set(everything.units.unit_id) - set(kept.units.unit_id),
        "district_code": set(everything.districts.district_code) - set(kept.districts.district_code),
        "unit_code": set(everything.units.unit_code) - kept_codes,
    }


def keep_followed(
    frames: Mapping[str, pd.DataFrame], everything: UnitHistory, kept: UnitHistory
) -> dict[str, pd.DataFrame]:
    """Every data file without the rows of provinces the database does not follow."""
    gone = other_provinces(frames, everything, kept)
    out = {}
    for table in registry.file_tables():
        frame = frames[table.file]
        drop = pd.Series(False, index=frame.index)
        for column in ("province_id", "period_id", "unit_id", "district_code"):
            header = table.header(column) if column in {c.name for c in table.columns} else column
            if header in frame.columns:
                drop |= frame[header].isin(gone[column])
        if table.name == "targets":
            drop |= _target_elsewhere(frame, gone)
        out[table.file] = frame[~drop].reset_index(drop=True) if drop.any() else frame
    return out


def _target_elsewhere(targets: pd.DataFrame, gone: dict) -> pd.Series:
    """Targets whose scope is a place of another province (a plan's own scopes name the province by its id)."""
    kinds = [PLACE_SCOPES.get(s, None if s in NO_PLACE_SCOPES else "province_id") for s in targets["scope_type"]]
    return pd.Series(
        [k is not None and code in gone[k] for k, code in zip(kinds, targets["scope_code"])],
        index=targets.index,
        dtype=bool,
    )


def fill_province(frames: Mapping[str, pd.DataFrame], kept: UnitHistory) -> tuple[dict, list[Problem]]:
    """Blank province_id (files written before provinces existed) -> the one followed province."""
    only = kept.provinces.province_id.tolist()
    out, problems = dict(frames), []
    for table in registry.file_tables():
        frame = frames[table.file]
        if "province_id" not in {c.name for c in table.columns}:
            continue
        province = frame["province_id"] if "province_id" in frame else pd.Series("", index=frame.index, dtype=str)
        blank = province.eq("")
        if not blank.any():
            continue
        if len(only) == 1:
            out[table.file] = frame.assign(province_id=province.where(~blank, only[0]))
            continue
        problems += [
            Problem(table.file, i + 2, "province_id", "", "thiếu mã tỉnh (cơ sở dữ liệu theo dõi nhiều tỉnh)")
            for i in blank[blank].index
        ]
    return out, problems
