"""Helpers for the import tests and bench: a store on a private copy of the bundled database,
spreadsheet builders, a whole-database snapshot, and a dataset with extra quarterly periods so a
valid 20 000-row status file exists (the bundled periods hold 13 110 commune × criterion keys)."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd

from ntm.data import config
from ntm.data.db import CATALOG, fresh_connection
from ntm.loading.store import Store

# Test periods that are none of the bundled data's (2020-12, 2023-12, 2024-06 ... are): two-monthly 2021-2022
EXTRA_PERIODS = [f"{y}-{m:02d}" for y in (2021, 2022) for m in (2, 4, 6, 8, 10, 12)]
MORE_PERIODS = [f"{y}-{m:02d}" for y in (2021, 2022) for m in range(1, 13)]  # for files at the size limit
_REAL = {"2020-12", "2023-12", "2024-06", "2024-07", "2025-07"}
MONTHS = [  # every other month of old Lào Cai's life after the 2020 base: backups at the limit have distinct rows
    p
    for p in (f"{y}-{m:02d}" for y in range(2020, 2026) for m in range(1, 13))
    if "2020-04" <= p <= "2025-06" and p not in _REAL
]


def make_store(tmp: Path, base_db: Path, data_dir: Path | None = None) -> Store:
    """A store in tmp over a copy of base_db (built from data_dir, default data/)."""
    db = tmp / "ntm.duckdb"
    shutil.copy(base_db, db)
    return Store(tmp / "store", db, (data_dir or config.DATA_DIR).resolve(), config.ref_dir())


def snapshot(db: Path) -> dict[str, object]:
    """Every table's columns, row count and rows (as the sorted list of DuckDB's hash of each whole row,
    itself hashed: the rows as a multiset) plus the file hash: equal snapshots = the database did not change.

    Hashing in DuckDB keeps a snapshot of the bundled database to a few hundredths of a second."""
    out: dict[str, object] = {"__sha256__": hashlib.sha256(db.read_bytes()).hexdigest()}
    con = fresh_connection(db)
    columns: dict[str, list[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_catalog = ? "
        "ORDER BY table_name, ordinal_position",
        [CATALOG],
    ).fetchall():
        columns.setdefault(table, []).append(column)
    rows = " UNION ALL ".join(
        f"SELECT '{table}', count(*), md5(coalesce(string_agg(h::VARCHAR, ',' ORDER BY h), '')) "
        f'FROM (SELECT hash(snapshot_row) AS h FROM "{table}" snapshot_row)'
        for table in columns
    )
    for table, n, digest in con.execute(rows).fetchall() if columns else []:
        out[table] = (tuple(columns[table]), n, digest)
    con.close()
    return out


def same_data(a: dict, b: dict, ignore: tuple[str, ...] = ("meta", "__sha256__")) -> bool:
    keys = set(a) | set(b)
    return all(k in a and k in b and a[k] == b[k] for k in keys if k not in ignore)


def xlsx(rows: list[list[object]], title: str = "Biểu 01", merges: list[str] = ()) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def big_dataset(root: Path, extra_periods: list[str] = EXTRA_PERIODS) -> Path:
    """data/ copied with extra periods (12 two-monthly ones by default) on the 2020-12 commune base (127 communes)."""
    data = root / "data"
    shutil.copytree(config.DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*", "local"))
    periods = pd.read_csv(data / "periods.csv", dtype=str, keep_default_na=False)
    last = periods[periods.period_id == "2020-12"].iloc[0]
    extra = []
    for pid in extra_periods:
        row = last.copy()
        y, m = pid.split("-")
        row["period_id"], row["label_vi"], row["label_en"] = (
            pid,
            f"Tháng {int(m):02d}/{y} (thử tải)",
            f"{y}-{m} (load test)",
        )
        row["as_of_date"] = str(pd.Timestamp(int(y), int(m), 1) + pd.offsets.MonthEnd(0))[:10]
        extra.append(row)
    pd.concat([periods, pd.DataFrame(extra)]).to_csv(data / "periods.csv", index=False)
    base = pd.read_csv(data / "period_units.csv", dtype=str, keep_default_na=False)
    b20 = base[base.period_id == "2020-12"]
    pd.concat([base] + [b20.assign(period_id=p) for p in extra_periods]).to_csv(data / "period_units.csv", index=False)
    return data


def big_status_rows(db: Path, n: int = 20_000, periods: list[str] = EXTRA_PERIODS) -> list[list[object]]:
    """n long-layout rows (period, code, name, criterion, result) over the extra periods."""
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{db}' AS s (READ_ONLY)")
    units = con.execute(
        "SELECT u.unit_code, u.unit_name FROM s.period_units pu JOIN s.units u USING (unit_id) "
        "WHERE pu.period_id = '2020-12' ORDER BY 1"
    ).fetchall()
    con.close()
    rows = [["Kỳ báo cáo", "Mã xã", "Tên xã", "Tiêu chí", "Kết quả"]]
    for pid in periods:
        for code, name in units:
            for crit in range(1, 20):
                rows.append([pid, int(code), name, crit, "Đạt" if (int(code) + crit) % 3 else "Chưa đạt"])
                if len(rows) > n:
                    return rows
    return rows


def big_status_csv(db: Path, n: int, periods: list[str] = MONTHS) -> bytes:
    """commune_status.csv as an export writes it, with n rows over the given periods (a backup at the limit)."""
    rows = big_status_rows(db, n, periods)[1:]
    lines = ["period_id,unit_id,unit_code,criterion_code,met,provenance"]
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{db}' AS s (READ_ONLY)")
    ids = dict(
        con.execute(
            "SELECT u.unit_code, u.unit_id FROM s.period_units pu JOIN s.units u USING (unit_id) "
            "WHERE pu.period_id = '2020-12'"
        ).fetchall()
    )
    con.close()
    for pid, code, _, crit, result in rows:
        code = f"{code:05d}"
        lines.append(f"{pid},{ids[code]},{code},{crit},{1 if result == 'Đạt' else 0},confirmed")
    return ("\n".join(lines) + "\n").encode()


def logged_in_data_page():
    """The data page in AppTest, logged in as 'tinh' with the password the data-page tests give that user."""
    from streamlit.testing.v1 import AppTest  # the bench imports this module without streamlit's test kit

    at = AppTest.from_file("../app.py", default_timeout=120)
    at.switch_page("pages/data.py").run()  # straight to the data page, as a link to it does
    at.text_input(key="data_login_name").input("tinh")
    at.text_input(key="data_login_password").input("mat-khau-dai")
    at.get("form_submit_button")[0].click().run()
    return at
