"""Provinces as dated versions, and which of them the dashboard follows.

GSO reuses province codes as it reuses commune codes: 15 named one province until 30/06/2025 and the
merged province from 01/07/2025. A province version's id is therefore its code, or ``<code>-<year>`` when
the code came to name a different province (the convention of unit versions). Which provinces are
followed is data (followed_provinces.csv), or the NTM_PROVINCES setting; no province is named in code.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ntm.data import config

PROVINCES_FILE = "provinces.csv"
FOLLOWED_FILE = "followed_provinces.csv"
COLUMNS = [
    "province_id",
    "province_code",
    "name_vi",
    "name_en",
    "label_vi",
    "label_en",
    "valid_from",
    "valid_to",
    "successor_id",
    "source",
    "source_status",
]


def read_provinces(data_dir: Path | None = None) -> pd.DataFrame:
    """Every province version with its validity (dates as datetime.date, blank = open)."""
    data_dir = data_dir or config.DATA_DIR
    frame = pd.read_csv(data_dir / PROVINCES_FILE, dtype=str, keep_default_na=False)
    for col in ("valid_from", "valid_to"):
        frame[col] = pd.to_datetime(frame[col].replace("", None)).dt.date
    return frame


def followed_province_ids(data_dir: Path | None = None, known: pd.DataFrame | None = None) -> list[str]:
    """Ids of the followed provinces: NTM_PROVINCES if set, else the data file, else every known province.

    known: the province versions to choose from (default: data/provinces.csv). Unknown ids are an error."""
    data_dir = data_dir or config.DATA_DIR
    known = read_provinces(data_dir) if known is None else known
    ids = config.followed_provinces_override()
    if ids is None and (data_dir / FOLLOWED_FILE).exists():
        ids = pd.read_csv(data_dir / FOLLOWED_FILE, dtype=str, keep_default_na=False)["province_id"].tolist()
    if ids is None:
        return known["province_id"].tolist()
    unknown = [p for p in ids if p not in set(known["province_id"])]
    if unknown:
        raise ValueError(f"Tỉnh theo dõi không có trong {PROVINCES_FILE}: {', '.join(unknown)}")
    return ids


def from_catalogue(province_code: str) -> pd.DataFrame:
    """The one province of a dataset without provinces.csv, named by the code its unit catalogue gives."""
    row = dict.fromkeys(COLUMNS, "") | {
        "province_id": province_code,
        "province_code": province_code,
        "name_vi": f"Tỉnh {province_code}",
        "name_en": f"Province {province_code}",
        "label_vi": f"Tỉnh {province_code}",
        "label_en": f"Province {province_code}",
    }
    frame = pd.DataFrame([row])
    frame[["valid_from", "valid_to"]] = None
    return frame


def successor(provinces: pd.DataFrame, province_id: str) -> str | None:
    """The province version a province became (blank when it still exists)."""
    row = provinces.set_index("province_id").loc[province_id]
    return row["successor_id"] or None
