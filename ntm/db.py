"""The one gateway to DuckDB: open the file, run parameterised SQL, return DataFrames.

A DuckDB connection refuses concurrent calls from two threads (Streamlit runs each session in its
own thread), so every query takes its own cursor. Pages open the file read-only; only the build and
the importer write, and they swap a new file in.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from ntm import config


def connect(db: Path | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database (read-only unless asked)."""
    return duckdb.connect(str(db or config.db_path()), read_only=read_only)


def query(con: duckdb.DuckDBPyConnection, sql: str, params: dict | list | None = None) -> pd.DataFrame:
    """Run one parameterised statement on a fresh cursor; values never go into the SQL text."""
    with con.cursor() as cur:
        return cur.execute(sql, params or []).df()
