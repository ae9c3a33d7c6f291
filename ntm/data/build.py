"""Build the DuckDB database from data/ and the reference folder.

The database is written to a temporary file next to the target and swapped in with os.replace, so a
reader never sees a half-built file and a failed build leaves the previous database untouched.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from ntm.data import config, validate
from ntm.data import overlay as store_overlay
from ntm.data.db import read_meta
from ntm.data.units import build_unit_tables

SCHEMA_FILE = Path(__file__).with_name("schema.sql")
# Files reshaped by _tables(); any other CSV listed in EXTRA_FILES goes straight into the table of the
# same name (columns matched by name), so a feature adds a table with a CREATE TABLE and a file.
DATA_FILES = [
    "periods.csv", "criteria_sets.csv", "criteria.csv", "criteria_bands.csv", "criterion_owner.csv",
    "indicators.csv", "period_units.csv", "commune_status.csv", "recognitions.csv", "targets.csv",
    "published_figures.csv",
]
EXTRA_FILES = [
    "sponsors.csv",
    "unit_aliases.csv",
    "traffic_lights.csv",
    # issue 5: plan targets, district NTM, poverty, resources (optional: see OPTIONAL_FILES)
    "target_status_rules.csv",
    "district_criteria.csv",
    "district_criteria_status.csv",
    "advanced_recognitions.csv",
    "poverty_province.csv",
    "poor_districts.csv",
    "poverty_district.csv",
    "resource_sources.csv",
    "resources.csv",
]
# Extra files a dataset may leave out (the hand-made test dataset does): their table is created empty
# and the page that needs it says so.
OPTIONAL_FILES = {"traffic_lights.csv", "unit_aliases.csv"}
OPTIONAL_FILES |= {  # issue 5
    "target_status_rules.csv", "district_criteria.csv", "district_criteria_status.csv", "advanced_recognitions.csv",
    "poverty_province.csv", "poor_districts.csv", "poverty_district.csv", "resource_sources.csv", "resources.csv",
}


def read_data(data_dir: Path, overlay: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every data file as text columns (types are checked by validation, not guessed by pandas).

    overlay: a version folder of the import store (ntm/store.py) applied over the bundled files."""
    frames = {}
    for name in DATA_FILES + EXTRA_FILES:
        path = data_dir / name
        if not path.exists() and name in OPTIONAL_FILES:
            frames[name] = pd.DataFrame({c: pd.Series(dtype=str) for c in validate.SCHEMAS[name].columns})
            continue
        if not path.exists():
            raise validate.DataError([validate.Problem(name, None, None, None, "không tìm thấy tệp trong data/")])
        frames[name] = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if overlay is not None:  # imported data (issue 6): bundled files + the store's version
        frames = store_overlay.apply_overlay(frames, overlay)
    return frames


def _blank_to_none(df: pd.DataFrame) -> pd.DataFrame:
    return df.replace({"": None})


def check_all(frames: dict[str, pd.DataFrame], unit_ids: set[str]) -> list[validate.Problem]:
    """Schema checks on every file plus the cross-file references."""
    problems: list[validate.Problem] = []
    for name, schema in validate.SCHEMAS.items():
        problems += validate.check(frames[name], schema, name)
    if problems:
        return problems
    sets = set(frames["criteria_sets.csv"].set_id)
    periods = set(frames["periods.csv"].period_id)
    problems += validate.references(frames["periods.csv"], "criteria_set_id", sets, "periods.csv", "bộ tiêu chí")
    problems += validate.references(frames["criteria.csv"], "set_id", sets, "criteria.csv", "bộ tiêu chí")
    problems += validate.references(frames["period_units.csv"], "period_id", periods, "period_units.csv", "kỳ báo cáo")
    problems += validate.references(frames["period_units.csv"], "unit_id", unit_ids, "period_units.csv", "đơn vị hành chính")
    status = frames["commune_status.csv"]
    problems += validate.references(status, "period_id", periods, "commune_status.csv", "kỳ báo cáo")
    base = frames["period_units.csv"]
    in_base = set(zip(base.period_id, base.unit_id))
    for i, key in enumerate(zip(status.period_id, status.unit_id)):
        if key not in in_base:
            problems.append(validate.Problem("commune_status.csv", i + 2, "unit_id", key[1],
                                             f"xã không thuộc danh sách xã của kỳ {key[0]}"))
    set_of = dict(zip(frames["periods.csv"].period_id, frames["periods.csv"].criteria_set_id))
    crit = frames["criteria.csv"]
    codes = {(s, c) for s, c in zip(crit.set_id, crit.code)}
    for i, (p, c) in enumerate(zip(status.period_id, status.criterion_code)):
        if (set_of.get(p), c) not in codes:
            problems.append(validate.Problem("commune_status.csv", i + 2, "criterion_code", c,
                                             f"tiêu chí không có trong bộ tiêu chí của kỳ {p}"))
    problems += validate.references(frames["recognitions.csv"], "unit_id", unit_ids, "recognitions.csv", "đơn vị hành chính")
    return problems


def _tables(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Data files reshaped to the database tables (column names of schema.sql)."""
    crit = frames["criteria.csv"]
    owners = frames["criterion_owner.csv"]
    status = frames["commune_status.csv"].copy()
    status["met"] = status["met"] == "1"
    status["value"] = pd.to_numeric(status.get("value", pd.Series(index=status.index, dtype=float)), errors="coerce")
    pub = frames["published_figures.csv"]
    return {  # in foreign-key order
        "criteria_sets": frames["criteria_sets.csv"],
        "periods": frames["periods.csv"],
        "criteria": pd.DataFrame({
            "set_id": crit.set_id, "criterion_code": crit.code,
            "sort_order": crit.groupby("set_id").cumcount() + 1,
            "name_vi": crit.name_vi, "name_en": crit.name_en, "group_no": crit.group_no,
            "group_vi": crit.group, "group_en": crit.group_en,
            "source": crit.source, "source_status": crit.source_status,
        }),
        "indicators": frames["indicators.csv"].rename(columns={"threshold_northern_mountains": "threshold"}),
        "criterion_owners": pd.DataFrame({
            "set_id": owners.set_id, "criterion_code": owners.criterion_code,
            "department": owners.lead_department_province, "supporting_units": owners.supporting_units,
            "status": owners.status,
        }),
        "criteria_bands": frames["criteria_bands.csv"],
        "period_units": frames["period_units.csv"],
        "commune_status": status,
        "recognitions": frames["recognitions.csv"],
        "targets": frames["targets.csv"],
        "published_figures": pd.DataFrame({
            "period_label": pub.period, "period_id": pub.period_id,
            "ntm_communes": pd.to_numeric(pub.ntm_communes_cumulative, errors="coerce").astype("Int64"),
            "commune_base": pd.to_numeric(pub.commune_base, errors="coerce").astype("Int64"),
            "pct_ntm": pd.to_numeric(pub.pct_ntm, errors="coerce"),
            "avg_criteria": pub.avg_criteria_per_commune,
            "poverty_rate_pct": pd.to_numeric(pub.poverty_rate_pct, errors="coerce"),
            "source": pub.source, "status": pub.status,
        }),
    }


def fingerprint(data_dir: Path, ref: Path) -> str:
    """Hash of every input file, stored in meta so a stale database can be spotted."""
    digest = hashlib.sha256()
    paths = [data_dir / n for n in DATA_FILES + EXTRA_FILES if (data_dir / n).exists()]
    paths += [data_dir / "unit_lineage_sapa_2020.csv", ref / config.UNITS_2019_FILE, ref / config.UNITS_2020_FILE,
              SCHEMA_FILE]
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    cols = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
    present = [c for c in cols if c in frame.columns]
    con.register("incoming", _blank_to_none(frame[present]))
    con.execute(f"INSERT INTO {table} ({', '.join(present)}) SELECT {', '.join(present)} FROM incoming")
    con.unregister("incoming")


def build(db: Path | None = None, data_dir: Path | None = None, ref: Path | None = None,
          overlay: Path | None | bool = True) -> Path:
    """Validate every input and write the database atomically. Raises DataError listing all problems.

    overlay=True applies the import store's current version when building the app's own database."""
    if overlay is True:
        overlay = store_overlay.overlay_for(db, data_dir)
    db = db or config.db_path()
    data_dir = data_dir or config.DATA_DIR
    ref = ref or config.ref_dir()
    units = build_unit_tables(ref, data_dir)
    frames = read_data(data_dir, overlay or None)
    problems = check_all(frames, set(units.units.unit_id))
    if problems:
        raise validate.DataError(problems)
    tmp = db.with_name(f"{db.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
        _insert(con, "districts", units.districts)
        _insert(con, "units", units.units)
        _insert(con, "unit_lineage", units.lineage)
        for table, frame in _tables(frames).items():
            _insert(con, table, frame)
        for name in EXTRA_FILES:
            _insert(con, Path(name).stem, frames[name])
        meta = {
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "fingerprint": fingerprint(data_dir, ref),
            "reference_dir": str(ref),
            "data_dir": str(Path(data_dir).resolve()),
            "store_version": overlay.name if overlay else "",
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        con.close()
        os.replace(tmp, db)
    finally:
        tmp.unlink(missing_ok=True)
    return db


_checked: dict[Path, tuple] = {}


def _input_signature(data_dir: Path, ref: Path) -> tuple:
    """Cheap stat() signature of every input (and of the store pointer), to avoid hashing on every page run."""
    paths = [data_dir / n for n in DATA_FILES + EXTRA_FILES] + [
        data_dir / "unit_lineage_sapa_2020.csv", ref / config.UNITS_2019_FILE, ref / config.UNITS_2020_FILE,
        SCHEMA_FILE, store_overlay.store_dir() / "CURRENT",
    ]
    return tuple((p.stat().st_mtime_ns, p.stat().st_size) if p.exists() else None for p in paths)


def is_stale(db: Path, data_dir: Path | None = None, ref: Path | None = None) -> bool:
    """True when the database was built from other inputs (data files, schema, import version) than today's.

    A database built from another data folder (a test dataset, say) is not ours to rebuild: never stale."""
    data_dir = data_dir or config.DATA_DIR
    ref = ref or config.ref_dir()
    meta = read_meta(db)
    if meta.get("data_dir", str(Path(data_dir).resolve())) != str(Path(data_dir).resolve()):
        return False
    overlay = store_overlay.overlay_for(db, data_dir)
    return (meta.get("fingerprint") != fingerprint(data_dir, ref)
            or meta.get("store_version", "") != (overlay.name if overlay else ""))


def ensure_database(db: Path | None = None) -> Path:
    """Build the database when it is missing (fresh clone) or stale (data files or schema changed)."""
    db = db or config.db_path()
    if config.read_only():  # a replica reads what builds and imports publish, it never builds
        if not db.exists():
            raise FileNotFoundError(f"Chưa có cơ sở dữ liệu đã công bố tại {db}.")
        return db
    signature = _input_signature(config.DATA_DIR, config.ref_dir())
    if db.exists() and _checked.get(db) == signature:
        return db
    if not db.exists() or is_stale(db):
        build(db)
    _checked[db] = signature
    return db
