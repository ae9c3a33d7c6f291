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


def read_provinces(data_dir: Path | None = None) -> pd.DataFrame:
    """Every province version with its validity (dates as datetime.date, blank = open)."""
    data_dir = data_dir or config.DATA_DIR
    frame = pd.read_csv(data_dir / PROVINCES_FILE, dtype=str, keep_default_na=False)
    for col in ("valid_from", "valid_to"):
        frame[col] = pd.to_datetime(frame[col].replace("", None)).dt.date
    return frame


def followed_province_ids(data_dir: Path | None = None) -> list[str]:
    """Ids of the followed provinces: NTM_PROVINCES if set, else the data file. Unknown ids are an error."""
    data_dir = data_dir or config.DATA_DIR
    ids = config.followed_provinces_override()
    if ids is None:
        ids = pd.read_csv(data_dir / FOLLOWED_FILE, dtype=str, keep_default_na=False)["province_id"].tolist()
    known = set(read_provinces(data_dir)["province_id"])
    unknown = [p for p in ids if p not in known]
    if unknown:
        raise ValueError(f"Tỉnh theo dõi không có trong {PROVINCES_FILE}: {', '.join(unknown)}")
    return ids


def successor(provinces: pd.DataFrame, province_id: str) -> str | None:
    """The province version a province became (blank when it still exists)."""
    row = provinces.set_index("province_id").loc[province_id]
    return row["successor_id"] or None
