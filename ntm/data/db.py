"""The one gateway to DuckDB: open the file, run parameterised SQL, return DataFrames.

A DuckDB connection refuses concurrent calls from two threads (Streamlit runs each session in its
own thread), so every query takes its own cursor. Pages open the file read-only; only the build and
the importer write, and they swap a new file in.

DuckDB caches database instances by path: a plain read-only connect after a swap can return the
instance still holding the replaced file. A read-only connection is therefore a connection to an in-memory
instance that ATTACHes the file as catalog ``ntm``: it always reads the file now at that path. Starting an
instance takes 10 ms and attaching a file 5 more, so one instance is kept per version of a file (its inode,
modification time and size: a swapped-in or rewritten file is another version) and each caller gets a
connection of its own to it, in half a millisecond.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections import OrderedDict
from pathlib import Path

import duckdb
import pandas as pd

from ntm.data import config

CATALOG = "ntm"


def connect(db: Path | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database (read-only unless asked)."""
    path = Path(db or config.db_path())
    if not read_only:
        _release(path)
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
    _release(path)
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


# In-memory instances with a version of a file attached, by (path, device, inode, mtime, size); a few are kept.
# One left out is dropped, not closed: a connection still reading it keeps it alive until it is closed itself.
_instances: OrderedDict[tuple, duckdb.DuckDBPyConnection] = OrderedDict()
_instances_lock = threading.Lock()
INSTANCES_KEPT = 4
# the file version each read-only connection handed out reads (weakly: a closed, dropped connection leaves)
_origins: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, tuple] = weakref.WeakKeyDictionary()


def file_version(path: Path) -> tuple | None:
    """The version of the file now at path: (real path, device, inode, mtime, size); None when it is missing. A file
    swapped in (a new inode) or rewritten is another version."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (os.path.realpath(path), stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


def fresh_connection(db: Path) -> duckdb.DuckDBPyConnection:
    """Read-only connection to the file now at db (never to an instance holding an older file at that path)."""
    version = file_version(db)
    if version is None:  # missing: attaching says so as it always has
        return _attached(db, "READ_ONLY")
    with _instances_lock:
        instance = _instances.get(version)
        if instance is None:
            instance = _instances[version] = _attached(db, "READ_ONLY")  # a damaged file raises: nothing kept
            while len(_instances) > INSTANCES_KEPT:
                _instances.popitem(last=False)
        _instances.move_to_end(version)
        con = instance.cursor()
        _origins[con] = version
    con.execute(f"USE {CATALOG}")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A connection of its own (for a thread of its own) to what con reads, known to read the same file version."""
    cur = con.cursor()
    with _instances_lock:
        if con in _origins:
            _origins[cur] = _origins[con]
    cur.execute(f"USE {CATALOG}")
    return cur


def origin(con: duckdb.DuckDBPyConnection) -> tuple | None:
    """The file version (file_version) a read-only connection from fresh_connection or cursor reads; None for any
    other connection. Every connection with the same origin reads the same bytes: results can be shared."""
    return _origins.get(con)


def _release(path: Path) -> None:
    """Close the kept instances reading the file at path: DuckDB refuses to open for writing a file an instance of
    this process has attached."""
    real = os.path.realpath(path)
    with _instances_lock:
        for version in [v for v in _instances if v[0] == real]:
            _instances.pop(version).close()
