"""The one cache of the pages: an answer of ntm is kept per function, arguments and database version.

Every click reruns the page script, and most clicks change nothing the page asks ntm: a cache hit takes
under a millisecond where DuckDB takes tens or hundreds. Wrap a function with ``data`` (answers copied out on
every hit: frames, dataclasses, bytes) or ``resource`` (answers shared, never copied: large read-only
objects such as the map's GeoDataFrames)::

    league = cache.data(analysis.league)      # ntm's convention: the first parameter is `con`
    table = league(scope)                     # ... which the cache supplies

The key is the wrapped function's qualified name and where it is defined, its arguments (Streamlit's
rule: parameters named with a leading "_" are left out), and the database version, which the cache reads
itself: the identity of the database file (path, inode, mtime, size). Arguments made of plain values (texts,
numbers, dates, tuples, frozen dataclasses such as a Scope) are keyed by their exact repr, which Streamlit then
hashes as one text: its own hashing of a Scope and a version, and its look-up of each positional argument's
name, took about a twentieth of a warm page run. Any other argument (bytes of an upload, a frame) is hashed by
Streamlit. The build and the importer write a new file and swap it in, so the next run sees a new version and
never an answer of the old file; nobody passes a version around. ``clear()`` drops every answer at once (the
data page calls it after a write, to free the memory the old version's answers hold).

Thread safety: Streamlit runs each session in its own thread and a DuckDB connection refuses concurrent
calls, so each call that misses the cache gets its own cursor on the one shared read-only connection.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import streamlit as st

from ntm.data import build, db


class Version(NamedTuple):
    """Identity of the database file: a swapped-in file has another inode, a rebuilt one another mtime."""

    path: str
    inode: int
    mtime_ns: int
    size: int


_run = threading.local()  # the version a run reads (one_version), per script thread


def version() -> Version:
    """The database version this run reads: the one pinned by one_version, else the current one."""
    return getattr(_run, "version", None) or current_version()


def current_version() -> Version:
    """The current database's version, after building it if it is missing or stale (a stat of every input)."""
    path = build.ensure_database()
    stat = path.stat()
    return Version(str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)


@contextmanager
def one_version() -> Iterator[None]:
    """Every cached call inside reads one database version, checked once: a run's answers all come from the same
    file, and the check (a stat of some fifty input files) is not repeated by each of a page's cached calls, which
    cost a quarter of a warm run. A fragment's rerun, outside, checks on each call; clear() unpins."""
    try:
        _run.version = current_version()
    except Exception:  # a missing reference folder, a failed build: raised again by the first call, under its guard
        _run.version = None
    try:
        yield
    finally:
        _run.version = None


@st.cache_resource(show_spinner=False, max_entries=1)
def _connection(current: Version) -> duckdb.DuckDBPyConnection:
    """One read-only connection, to the newest version only: a replaced one is closed once unused."""
    return db.connect(Path(current.path), read_only=True)


def con() -> duckdb.DuckDBPyConnection:
    """The shared read-only connection, for a call that must not be cached (a file made on a click).

    Query it through ntm.data.db.query, which takes a cursor per call."""
    return _connection(version())


def clear() -> None:
    """Forget every cached answer and the connection: the next call reads the database afresh."""
    _run.version = None  # a write in this run: what follows reads the new version
    st.cache_data.clear()
    st.cache_resource.clear()


def data(func: Callable | None = None, *, max_entries: int | None = None) -> Callable:
    """Cache func's answers with st.cache_data (a copy on each hit); usable bare or with max_entries."""
    if func is None:
        return functools.partial(data, max_entries=max_entries)
    return _cached(func, st.cache_data, max_entries)


def resource(func: Callable | None = None, *, max_entries: int | None = None) -> Callable:
    """Cache func's answers with st.cache_resource (shared, never copied: callers must not change them)."""
    if func is None:
        return functools.partial(resource, max_entries=max_entries)
    return _cached(func, st.cache_resource, max_entries)


def _cached(func: Callable, streamlit_cache: Any, max_entries: int | None) -> Callable:
    params = list(inspect.signature(func).parameters.values())
    wants_con = bool(params) and params[0].name == "con"
    if wants_con:
        params = params[1:]
    keyed_by_repr = not any(p.name.startswith("_") for p in params)  # else Streamlit's rule must leave some out

    def answer(version: Version, *args: Any, **kwargs: Any) -> Any:
        if not wants_con:
            return func(*args, **kwargs)
        with db.cursor(_connection(version)) as cursor:
            return func(cursor, *args, **kwargs)

    def answer_by_key(key: str, _version: Version, _args: tuple, _kwargs: dict) -> Any:
        """answer(), cached under key alone (the repr of the version and the arguments): Streamlit hashes one text."""
        return answer(_version, *_args, **_kwargs)

    # Streamlit names a cache after the function it wraps (module, qualified name, source): give the wrappers
    # the wrapped function's name and place, so each wrapped function has a cache of its own (page scripts all
    # run as __main__, hence the file and line), and `answer` its signature, so that a parameter named "_..."
    # is left out of the key as it would be on the function itself.
    code = getattr(inspect.unwrap(func), "__code__", None)
    where = f"{code.co_filename}:{code.co_firstlineno}" if code else ""
    for wrapper, suffix in ((answer, "#hashed"), (answer_by_key, "")):
        wrapper.__module__ = func.__module__
        wrapper.__qualname__ = f"{func.__qualname__}@{where}{suffix}"
        wrapper.__name__ = func.__name__
    answer.__signature__ = inspect.Signature(
        [inspect.Parameter("version", inspect.Parameter.POSITIONAL_OR_KEYWORD)] + params
    )
    by_key = streamlit_cache(show_spinner=False, max_entries=max_entries)(answer_by_key)
    # page scripts wrap their functions again on every run: the cache Streamlit hashes arguments for is made only
    # when an argument is not plain
    hashed = functools.cache(lambda: streamlit_cache(show_spinner=False, max_entries=max_entries)(answer))

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> Any:
        current = version()
        if keyed_by_repr:
            try:
                key = repr((_plain(current), _plain(args), _plain(kwargs)))
            except _NotPlain:
                pass
            else:  # all by name: Streamlit looks up the name of each positional argument in the signature
                return by_key(key=key, _version=current, _args=args, _kwargs=kwargs)
        return hashed()(current, *args, **kwargs)

    del call.__wrapped__  # inspect.signature(call) is func's, but call takes no `con`
    call.__signature__ = inspect.Signature(params)
    return call


class _NotPlain(Exception):
    """An argument whose repr may not tell it apart from another (bytes, a frame...): Streamlit hashes it."""


_PLAIN_TYPES = (str, int, float, bool, type(None), date)  # exact reprs (a datetime's or Timestamp's included)


def _plain(value: Any) -> Any:
    """value as nested tuples of plain values, each tagged with its type, whose repr is the value's identity."""
    if isinstance(value, _PLAIN_TYPES):
        return value
    if isinstance(value, (tuple, list)):
        return (type(value).__qualname__, *(_plain(v) for v in value))
    if isinstance(value, dict):
        return ("dict", *sorted(((_plain(k), _plain(v)) for k, v in value.items()), key=repr))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        return (kind, *((f.name, _plain(getattr(value, f.name))) for f in fields))
    raise _NotPlain
