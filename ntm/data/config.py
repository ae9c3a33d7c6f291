"""Where things live. One setting, NTM_REF_DIR, points the build at the third-party reference folder."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data"
GEO_CACHE_DIR = ROOT / "geo" / "cache"


def ref_dir() -> Path:
    """Folder holding third-party files we may read but never commit (default: ../shared)."""
    return Path(os.environ.get("NTM_REF_DIR", ROOT.parent / "shared")).resolve()


def db_path() -> Path:
    """The built DuckDB file; NTM_DB overrides it (tests build their own)."""
    return Path(os.environ.get("NTM_DB", DATA_DIR / "ntm.duckdb")).resolve()


def read_only() -> bool:
    """NTM_READ_ONLY=1: this process only reads the published database and never rebuilds it
    (`python -m ntm serve` sets it for its replicas; builds and imports publish new files)."""
    return os.environ.get("NTM_READ_ONLY", "") not in ("", "0")


UNITS_2020_FILE = "reference/laocai_units_2020.csv"
UNITS_2019_FILE = "geo/communes_in_source.csv"

# Units across time (issue 11): the other old province, and the 2025 merger, all in the reference folder.
YENBAI_UNITS_2020_FILE = "reference/yenbai_units_2020.csv"
CROSSWALK_2025_FILE = "reference/laocai_2025_crosswalk.csv"
UNITS_2025_FILE = "reference/laocai_2025_units.csv"
# National scale (issue 15): every old unit of the country and the 2025 unit it went to; provinces drawn from
# the 2019 layer. Read by national datasets (python -m ntm generate --national) and the national maps only.
NATIONAL_CROSSWALK_FILE = "reference/vn_units_2025_crosswalk.csv"
NATIONAL_PROVINCES_GEO = "geo/vn_provinces_2019.geojson"
PROVINCES_ENV = "NTM_PROVINCES"  # comma-separated province ids; overrides data/followed_provinces.csv


def followed_provinces_override() -> list[str] | None:
    """Province ids named by NTM_PROVINCES (e.g. '15' builds old Yên Bái alone), or None to use the data file."""
    raw = os.environ.get(PROVINCES_ENV, "").strip()
    return [p.strip() for p in raw.split(",") if p.strip()] or None
