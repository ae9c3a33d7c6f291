"""The one gateway to DuckDB: open the file, run parameterised SQL, return DataFrames.

A DuckDB connection refuses concurrent calls from two threads (Streamlit runs each session in its
own thread), so every query takes its own cursor. Pages open the file read-only; only the build and
the importer write, and they swap a new file in.

DuckDB caches database instances by path: a plain read-only connect after a swap can return the
instance still holding the replaced file. A read-only connection is therefore an in-memory instance
that ATTACHes the file as catalog ``ntm``: it always opens the file now at that path.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
import pandas as pd

from ntm.data import config

CATALOG = "ntm"


def connect(db: Path | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database (read-only unless asked)."""
    path = Path(db or config.db_path())
    if not read_only:
        return duckdb.connect(str(path))
    if not path.exists():
        raise FileNotFoundError(f"Không tìm thấy cơ sở dữ liệu {path}: chạy `python -m ntm build`.")
    return fresh_connection(path)


def query(con: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> pd.DataFrame:
    """Run one parameterised statement on a fresh cursor; values never go into the SQL text."""
    with con.cursor() as cur:
        # a cursor starts in the instance's default catalog, not in the attached file; a plain (read-write)
        # connection to a file is already in its catalog
        with contextlib.suppress(duckdb.CatalogException):
            cur.execute(f"USE {CATALOG}")
        return cur.execute(sql, params or []).df()


# A build's forty small tables fill a few rows each: in DuckDB's default 256 KB blocks the file takes 28 MB,
# in 16 KB blocks 4 MB, and a build takes about 15 % less time (queries read them as fast; bench/bench_build.py).
BLOCK_SIZE = 16 * 1024


def new_file(path: Path) -> duckdb.DuckDBPyConnection:
    """Read-write connection to a new database file (the build's), made with small blocks."""
    return _attached(path, f"BLOCK_SIZE {BLOCK_SIZE}")


def _attached(path: Path, options: str) -> duckdb.DuckDBPyConnection:
    """An in-memory instance with the file at path attached as the ntm catalog and in use."""
    con = duckdb.connect(":memory:")
    quoted = str(path).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS {CATALOG} ({options})")
    con.execute(f"USE {CATALOG}")
    return con


def read_meta(db: Path) -> dict[str, str]:
    """The meta table of a database file, read through a private instance.

    DuckDB caches database instances by path, so a plain connect in a process that still holds a
    connection to the swapped-out file would read the old file; attaching to an in-memory instance
    always opens the file now at that path.
    """
    if not db.exists():
        return {}
    con = fresh_connection(db)
    try:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())
    finally:
        con.close()


def fresh_connection(db: Path) -> duckdb.DuckDBPyConnection:
    """Read-only connection to the file now at db (not a cached instance of an older file)."""
    return _attached(db, "READ_ONLY")
