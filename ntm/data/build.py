"""Build the DuckDB database from data/ and the reference folder.

The database is written to a temporary file next to the target and swapped in with os.replace, so a
reader never sees a half-built file and a failed build leaves the previous database untouched.
Which files are read, how their columns become the tables' and the CREATE TABLE statements all come
from the registry (ntm.data.registry).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ntm.data import config, followed, national_units, provinces, registry, validate
from ntm.data import overlay as store_overlay
from ntm.data.content_cache import ContentCache, files_digest, frame_digest
from ntm.data.db import CATALOG, fresh_connection, new_file, read_meta
from ntm.data.problems import Problem
from ntm.data.unit_history import UnitHistory, all_units, restrict

# read with the reference catalogues to build the places (ntm.data.unit_history), not tables of their own
UNIT_FILES = (
    "unit_lineage_sapa_2020.csv",
    "unit_changes_2024.csv",
    provinces.PROVINCES_FILE,
    provinces.FOLLOWED_FILE,
    national_units.CATALOGUE_FILE,
)
REFERENCE_FILES = (
    config.UNITS_2019_FILE,
    config.UNITS_2020_FILE,
    config.YENBAI_UNITS_2020_FILE,
    config.CROSSWALK_2025_FILE,
    config.UNITS_2025_FILE,
    config.NATIONAL_CROSSWALK_FILE,
)
log = logging.getLogger(__name__)


def read_data(data_dir: Path, overlay: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every data file of the registry as text columns (types are checked by validation, not guessed by pandas).

    overlay: a version folder of the import store (ntm/store.py) applied over the bundled files."""
    frames = {}
    for table in registry.file_tables():
        path = data_dir / table.file
        if not path.exists() and table.optional:
            frames[table.file] = pd.DataFrame({c.file_header: pd.Series(dtype=str) for c in table.file_columns})
            continue
        if not path.exists():
            raise validate.DataError([Problem(table.file, None, None, None, "không tìm thấy tệp trong data/")])
        frames[table.file] = read_data_file(path)
    if overlay is not None:  # imported data (issue 6): bundled files + the store's version
        frames = store_overlay.apply_overlay(frames, overlay)
    return frames


def read_data_file(path: Path) -> pd.DataFrame:
    """A data file as text columns, parsed once per content (each caller gets its own frame)."""
    content = path.read_bytes()
    key = (path.name, hashlib.sha256(content).hexdigest())
    frame = _files.get(
        key,
        lambda: pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8"),
        weight=len(content),
    )
    return frame.copy(deep=False)  # copy-on-write: a caller's change never reaches the kept frame


def check_all(
    frames: dict[str, pd.DataFrame], built: Mapping[str, pd.DataFrame], digests: Mapping[str, str] | None = None
) -> list[Problem]:
    """Schema checks on every file, then the references between files and to the built tables.

    built: the tables made from the reference folder (units, districts, ...), by table name; references to
    a built table left out are not checked. digests: frame_digest of the frames by file and of the built tables by
    name, where known."""
    problems: list[Problem] = []
    for table in registry.file_tables():
        problems += checked_file(table, frames[table.file], (digests or {}).get(table.file))
    if problems:
        return problems
    return validate.foreign_keys(frames, built, digests)


# schema checks of a data file by its content: an import changes a file or two, the others passed already
_schema_checks: ContentCache[tuple[Problem, ...]] = ContentCache(size=2 * len(registry.TABLES))
# the data files as read, by their bytes (the store's versions are applied over them)
_files: ContentCache[pd.DataFrame] = ContentCache(size=2 * len(registry.TABLES), weight=32 << 20)  # bytes of files
# the places made from the reference catalogues and data/'s unit files, by their bytes
_places: ContentCache[UnitHistory] = ContentCache(size=8)  # every place, and those of the followed provinces
# the rows each table receives, as Arrow tables, by the table's declaration and the content of the frame they are
# made from: an import changes a file or two, the build before converted the others already
_rows: ContentCache[pa.Table | None] = ContentCache(size=2 * len(registry.TABLES), weight=256 << 20)


def checked_file(table: registry.Table, frame: pd.DataFrame, digest: str | None = None) -> list[Problem]:
    """validate.check of a data file's frame against its table's schema; the same values are checked once.

    digest: frame_digest(frame), when the caller has it."""
    if not all(isinstance(t, pd.StringDtype) for t in frame.dtypes):  # text as read from a file: else check
        return validate.check(frame, validate.schema(table), table.file)
    key = (table.name, table.file, digest or frame_digest(frame))
    return list(_schema_checks.get(key, lambda: tuple(validate.check(frame, validate.schema(table), table.file))))


def places_of(ref: Path, data_dir: Path) -> tuple[UnitHistory, UnitHistory]:
    """(every place, the places of the followed provinces): all_units(ref, data_dir) and its restriction, each made
    once per content of the files they read and choice of provinces (each caller gets its own frames)."""
    files = [data_dir / n for n in UNIT_FILES] + [ref / n for n in REFERENCE_FILES]
    source = national_units.catalogue(data_dir)
    if source:  # a national dataset reads the reference file its catalogue names
        files.append(ref / source)
    key = files_digest(files)
    everything = _places.get(key, lambda: all_units(ref, data_dir))
    followed = tuple(provinces.followed_province_ids(data_dir, everything.provinces))
    kept = _places.get((key, followed), lambda: restrict(everything, list(followed)))
    return _own_copy(everything), _own_copy(kept)


def _own_copy(history: UnitHistory) -> UnitHistory:
    return UnitHistory(**{f.name: getattr(history, f.name).copy(deep=False) for f in dataclasses.fields(history)})


def db_frame(table: registry.Table, frame: pd.DataFrame) -> pd.DataFrame:
    """A data file's frame as its database table: columns renamed, computed and converted as declared."""
    out = {}
    for c in table.db_columns:
        if c.computed is not None:
            out[c.name] = c.computed(frame)
        elif c.file_header in frame.columns:
            values = frame[c.file_header]
            out[c.name] = c.convert(values) if c.convert else values
    return pd.DataFrame(out, index=frame.index)


def fingerprint(data_dir: Path, ref: Path) -> str:
    """Hash of every input file, stored in meta so a stale database can be spotted."""
    digest = hashlib.sha256()
    for path in _inputs(data_dir, ref):
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    digest.update(b"schema")  # the tables as the registry declares them
    digest.update(registry.ddl().encode())
    digest.update(b"provinces")  # NTM_PROVINCES chooses other provinces from the same files
    digest.update(",".join(config.followed_provinces_override() or []).encode())
    return digest.hexdigest()[:16]


def _inputs(data_dir: Path, ref: Path) -> list[Path]:
    """Every file the build reads (optional data files may be absent)."""
    return (
        [data_dir / t.file for t in registry.file_tables()]
        + [data_dir / n for n in UNIT_FILES]
        + [ref / n for n in REFERENCE_FILES]
    )


def table_rows(
    table: registry.Table, frame: pd.DataFrame, digest: str, make: Callable[[], pd.DataFrame]
) -> pa.Table | None:
    """The rows table receives as one Arrow table, None for none; made from make() (frame as the table's
    columns: renamed, computed, converted) once per content of frame (digest: its frame_digest)."""
    weight = len(frame) * max(1, len(frame.columns)) * 32  # about the bytes it holds
    return _rows.get((table, digest), lambda: _arrow_rows(table, make()), weight=weight)


def _arrow_rows(table: registry.Table, frame: pd.DataFrame) -> pa.Table | None:
    """The frame's declared columns as Arrow, blank texts made NULL by Arrow's compute kernels (a third faster than
    pandas' replace and DuckDB's scan of a pandas frame, for the forty tables of a build)."""
    if frame.empty:  # an optional file left out, a grouping no unit has: nothing to write
        return None
    present = [c.name for c in table.db_columns if c.name in frame.columns]
    arrow = pa.Table.from_pandas(frame[present], preserve_index=False)
    return pa.Table.from_arrays([_blank_as_null(column) for column in arrow.columns], names=present)


def _insert(con: duckdb.DuckDBPyConnection, table: registry.Table, rows: pa.Table | None) -> None:
    """Rows into a table, matched by column name (columns the rows lack stay NULL)."""
    if rows is None:
        return
    incoming = rows  # noqa: F841 -- DuckDB reads the local Arrow table by its name (a replacement scan): registering
    # and unregistering it cost a fifth of the inserts
    names = ", ".join(rows.column_names)
    con.execute(f"INSERT INTO {table.name} ({names}) SELECT {names} FROM incoming")


def _blank_as_null(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return column
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column)


def build(
    db: Path | None = None, data_dir: Path | None = None, ref: Path | None = None, overlay: Path | None | bool = True
) -> Path:
    """Validate every input and write the database atomically. Raises DataError listing all problems.

    overlay=True applies the import store's current version when building the app's own database."""
    if overlay is True:
        overlay = store_overlay.overlay_for(db, data_dir)
    db = db or config.db_path()
    data_dir = data_dir or config.DATA_DIR
    ref = ref or config.ref_dir()
    frames, built, problems = read_inputs(data_dir, ref, overlay or None)
    digests = {t.file: frame_digest(frames[t.file]) for t in registry.file_tables()}
    digests |= {name: frame_digest(frame) for name, frame in built.items()}
    problems += check_all(frames, built, digests)
    if problems:
        raise validate.DataError(problems)
    tmp = db.with_name(f"{db.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = new_file(tmp)
        con.execute("BEGIN TRANSACTION")  # one commit for the whole file, not one per table
        con.execute(registry.ddl())
        for table in registry.TABLES:  # in dependency order
            if table.file:
                frame = frames[table.file]
                _insert(con, table, table_rows(table, frame, digests[table.file], partial(db_frame, table, frame)))
            elif table.name in built:
                frame = built[table.name]
                _insert(con, table, table_rows(table, frame, digests[table.name], lambda f=frame: f))
        meta = {
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "fingerprint": fingerprint(data_dir, ref),
            "reference_dir": str(ref),
            "data_dir": str(Path(data_dir).resolve()),
            "store_version": overlay.name if overlay else "",
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        con.execute("COMMIT")
        con.close()
        os.replace(tmp, db)
    finally:
        tmp.unlink(missing_ok=True)
    return db


def read_inputs(
    data_dir: Path, ref: Path, overlay: Path | None = None
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], list[Problem]]:
    """What a build writes, before any check: the data files' frames of the followed provinces (by file), the
    tables made from the reference folder (by name), and the problems found filling in provinces."""
    everything, places = places_of(ref, data_dir)
    frames = followed.keep_followed(read_data(data_dir, overlay), everything, places)
    frames, problems = followed.fill_province(frames, places)
    return frames, built_tables(places), problems


def built_tables(places: UnitHistory) -> dict[str, pd.DataFrame]:
    """The tables made from the reference folder, by table name."""
    return {
        "provinces": places.provinces,
        "districts": places.districts,
        "units": places.units,
        "unit_lineage": places.lineage,
        "areas": places.areas,
        "unit_areas": places.unit_areas,
    }


def build_unit_tables(ref: Path | None = None, data_dir: Path | None = None) -> UnitHistory:
    """The places a build of data_dir loads (units, districts, ...): what imports check their rows against."""
    data_dir = data_dir or config.DATA_DIR
    return places_of(ref or config.ref_dir(), data_dir)[1]


_checked: dict[Path, tuple] = {}


def _input_signature(data_dir: Path, ref: Path) -> tuple:
    """Cheap stat() signature of every input (and of the store pointer), to avoid hashing on every page run."""
    paths = _inputs(data_dir, ref) + [store_overlay.store_dir() / "CURRENT"]
    return tuple(_stat(p, with_inode=False) for p in paths)


def is_stale(db: Path, data_dir: Path | None = None, ref: Path | None = None) -> bool:
    """True when the database was built from other inputs (data files, schema, import version) than today's.

    A database built from another data folder (a test dataset, say) is not ours to rebuild: never stale."""
    data_dir = data_dir or config.DATA_DIR
    ref = ref or config.ref_dir()
    meta = read_meta(db)
    if meta.get("data_dir", str(Path(data_dir).resolve())) != str(Path(data_dir).resolve()):
        return False
    overlay = store_overlay.overlay_for(db, data_dir)
    return meta.get("fingerprint") != fingerprint(data_dir, ref) or meta.get("store_version", "") != (
        overlay.name if overlay else ""
    )


class MissingReference(validate.DataError):
    """The reference folder the build needs is missing; str() is the Vietnamese message."""

    def __init__(self, ref: Path):
        self.problems = [Problem(str(ref), None, None, None, "không tìm thấy thư mục tài liệu tham chiếu")]
        ValueError.__init__(
            self,
            f"Không tìm thấy thư mục tài liệu tham chiếu {ref} (danh mục đơn vị hành chính) để dựng cơ sở dữ liệu. "
            f"Hãy đặt thư mục này cạnh mã nguồn (../shared) hoặc chỉ đường dẫn bằng biến NTM_REF_DIR.",
        )


def reference_files(ref: Path) -> list[Path]:
    """The files of the reference folder every build reads."""
    return [ref / config.UNITS_2019_FILE, ref / config.UNITS_2020_FILE]


def damaged(db: Path) -> str | None:
    """Why an existing database file cannot serve (empty, not DuckDB, cut short), or None when every table reads."""
    try:
        con = fresh_connection(db)
        try:
            query = "SELECT table_name FROM information_schema.tables WHERE table_catalog = ?"
            tables = [r[0] for r in con.execute(query, [CATALOG]).fetchall()]
            if "meta" not in tables:
                return "không có bảng meta"
            for table in tables:  # a file cut short fails on the first block it no longer has
                con.sql(f'SELECT * FROM "{table}"').to_arrow_table()  # every block read, no Python rows made
        finally:
            con.close()
    except duckdb.Error as err:
        return str(err).splitlines()[0][:200]
    return None


def _stat(path: Path, with_inode: bool = True) -> tuple | None:
    """(mtime, size[, inode]) of a file from one stat() call, None when it is missing: every page run checks some
    fifty files, and three calls each took a few milliseconds of a warm run."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino) if with_inode else (stat.st_mtime_ns, stat.st_size)


def ensure_database(db: Path | None = None) -> Path:
    """Build the database when it is missing (fresh clone), stale (data files or schema changed) or damaged
    (empty, corrupt, cut short: rebuilt from data/ and the import store, with a log line).

    Without the reference folder an existing, readable database is used as it is (with a log line);
    otherwise MissingReference says what to do."""
    db = db or config.db_path()
    if config.read_only():  # a replica reads what builds and imports publish, it never builds
        if not db.exists():
            raise FileNotFoundError(f"Chưa có cơ sở dữ liệu đã công bố tại {db}.")
        return db
    signature = (*_input_signature(config.DATA_DIR, config.ref_dir()), _stat(db))
    if db.exists() and _checked.get(db) == signature:
        return db
    problem = damaged(db) if db.exists() else None
    if problem:
        log.warning("Cơ sở dữ liệu %s không đọc được (%s): dựng lại từ data/ và kho dữ liệu nhập.", db, problem)
    has_reference = all(p.exists() for p in reference_files(config.ref_dir()))
    if not has_reference:
        if not db.exists() or problem:
            raise MissingReference(config.ref_dir())
        log.warning("Không có thư mục tài liệu tham chiếu %s: dùng cơ sở dữ liệu hiện có %s.", config.ref_dir(), db)
    elif not db.exists() or problem or is_stale(db):
        build(db)
    _checked[db] = (*_input_signature(config.DATA_DIR, config.ref_dir()), _stat(db))
    return db
