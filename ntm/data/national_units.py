"""Units of the whole country, from the national code crosswalk of the 2025 merger.

A national dataset (``python -m ntm generate --national``) names its unit catalogue in data/unit_catalogue.csv
instead of the province catalogues of the bundled data: one file of the reference folder that lists every old
commune-level unit of the GSO list of 01/03/2025 (63 provinces, their districts) and the 2025 unit it went to
(34 provinces, no districts). Units are joined across the merger by code, never by name.

Simplification, said where the data is described: the old units are those of 03/2025 for every period before
the merger (the commune mergers of 2019–2024 are not followed nationally), and an old unit split between
several new ones (``part = partial``) flows into each of them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from ntm.data import provinces
from ntm.data.areas import build_areas
from ntm.data.units import district_type, read_csv, short_district
from ntm.locale.text import nfc

CATALOGUE_FILE = "unit_catalogue.csv"  # in a data folder: which reference file lists its units
MERGER_DAY = date(2025, 7, 1)
EVE = date(2025, 6, 30)
# types of the crosswalk -> the unit types of the database (an island district counts as one unit)
TYPES = {"xã": "xã", "phường": "phường", "thị trấn": "thị trấn", "đặc khu": "đặc khu", "huyện": "đặc khu"}


def catalogue(data_dir: Path) -> str | None:
    """The reference file a national data folder reads its units from, or None for a province dataset."""
    path = data_dir / CATALOGUE_FILE
    if not path.exists():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False)["source_file"].iloc[0]


def read_crosswalk(path: Path) -> pd.DataFrame:
    """The crosswalk with zero-padded codes and NFC names."""
    cw = read_csv(path)
    return cw.assign(
        old_code=cw.old_code.str.zfill(5),
        new_code=cw.new_code.str.zfill(5),
        old_district_code=cw.old_district_code.str.zfill(3),
        old_province_code=cw.old_province_code.str.zfill(2),
        new_province_code=cw.new_province_code.str.zfill(2),
        old_name=cw.old_name.map(nfc),
        new_name=cw.new_name.map(nfc),
    )


def new_province_id(code: str) -> str:
    """Every province after the merger is a new version: <code>-2025 (the convention of data/provinces.csv)."""
    return f"{code}-{MERGER_DAY.year}"


def _strip(name: str, type_word: str) -> str:
    return name[len(type_word) :].strip() if name.lower().startswith(type_word.lower()) else name


def from_crosswalk(ref: Path, data_dir: Path, source_file: str) -> tuple:
    """(provinces, districts, units, lineage, areas, unit_areas) of every province the crosswalk names."""
    cw = read_crosswalk(ref / source_file)
    prov = provinces.read_provinces(data_dir)
    old = cw.drop_duplicates("old_code")
    old_units = pd.DataFrame(
        {
            "unit_id": old.old_code,
            "unit_code": old.old_code,
            "unit_name": [_strip(n, t) for n, t in zip(old.old_name, old.old_type)],
            "unit_type": old.old_type.str.lower().map(TYPES),
            "province_id": old.old_province_code,
            "district_code": old.old_district_code,
            "valid_from": None,
            "valid_to": EVE,
        }
    )
    new = cw.drop_duplicates("new_code")
    taken = set(old.old_code)
    new_ids = {c: (f"{c}-{MERGER_DAY.year}" if c in taken else c) for c in new.new_code}
    new_units = pd.DataFrame(
        {
            "unit_id": new.new_code.map(new_ids),
            "unit_code": new.new_code,
            "unit_name": [_strip(n, t) for n, t in zip(new.new_name, new.new_type)],
            "unit_type": new.new_type.str.lower().map(TYPES),
            "province_id": new.new_province_code.map(new_province_id),
            "district_code": None,
            "valid_from": MERGER_DAY,
            "valid_to": None,
        }
    )
    units = pd.concat([old_units, new_units], ignore_index=True)
    fan_in = cw.groupby("new_code").old_code.transform("size")
    fan_out = cw.groupby("old_code").new_code.transform("size")
    lineage = pd.DataFrame(
        {
            "from_unit_id": cw.old_code,
            "to_unit_id": cw.new_code.map(new_ids),
            "kind": ["continues_as" if (i == 1 and o == 1) else "merged_into" for i, o in zip(fan_in, fan_out)],
            "effective_date": MERGER_DAY,
            "status": "confirmed",
            "note": "bảng chuyển đổi mã 2025 (" + cw.part + ")",
        }
    )
    dist = cw.drop_duplicates("old_district_code")
    districts = pd.DataFrame(
        {
            "district_code": dist.old_district_code,
            "district_name": dist.old_district_name.map(nfc),
            "district_short": dist.old_district_name.map(nfc).map(short_district),
            "district_type": dist.old_district_name.map(nfc).map(district_type),
            "province_id": dist.old_province_code,
            "valid_to": EVE,
        }
    ).sort_values("district_code", ignore_index=True)
    areas, unit_areas = build_areas(prov, districts, units, lineage)
    return prov, districts, units, lineage, areas, unit_areas
