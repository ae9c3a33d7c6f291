"""Query results kept per connection and database build, so that one page run (or one deck, or one report)
reads each thing once however many figures are drawn from it.

Why this is safe: a read-only connection reads one file for its whole life. A rebuild or an import writes
a new file and swaps it in at the same path; only a connection opened afterwards sees it (ntm.data.db),
and the connection still open keeps reading the file it opened. So a result is keyed by its connection
and by the build that connection reads (meta: built_at, fingerprint, store_version, read once through
the connection): a new database is always a new key. Connections that can write (or databases without
a meta table) are not cached at all.

Connections known to read the same version of the same file (`shared`: ntm.data.db.origin, the file's path,
inode, modification time and size behind each read-only connection) share one key: the cursor each cached call
of a page gets, the next page run's and the deck's all read what the first one read, instead of each reading
everything again.

The store is a small LRU shared by all threads (Streamlit runs each session in its own thread); callers
get a copy of each DataFrame, so a caller adding a column never changes what the next caller reads.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import duckdb
import pandas as pd

MAX_ENTRIES = 128  # one page run needs a few dozen; a small frame each (the status of a period: ~2 700 rows)

Identify = Callable[[duckdb.DuckDBPyConnection], "tuple | None"]
Origin = Callable[[duckdb.DuckDBPyConnection], "Hashable | None"]
T = TypeVar("T")


def _frame_copy(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.copy()


class Memo:
    """A least-recently-used store of results (DataFrames mostly) under (connection or file version, build, key)."""

    def __init__(self, identify: Identify, max_entries: int = MAX_ENTRIES, shared: Origin = lambda con: None):
        self._identify = identify  # con -> build identity tuple, None = do not cache
        self._shared = shared  # con -> what it reads, when connections reading the same thing may share results
        self._shared_builds: dict[Hashable, tuple | None] = {}
        self._max = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._builds: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._tokens = itertools.count()  # a connection's token is never reused, unlike id()

    def get(
        self,
        con: duckdb.DuckDBPyConnection,
        key: Hashable,
        make: Callable[[], T],
        copy: Callable[[T], T] = _frame_copy,
    ) -> T:
        """The result stored for key on con's database, made (and stored) on first use; each caller gets
        copy(result) (a DataFrame's copy; copy.deepcopy for an object made of frames, such as a plan report)."""
        build = self._build(con)
        if build is None:
            return make()
        full = (build, key)
        with self._lock:
            hit = self._entries.get(full)
            if hit is not None:
                self._entries.move_to_end(full)
                return copy(hit)
        result = make()  # outside the lock: two threads may both make it, the result is the same
        with self._lock:
            self._entries[full] = result
            self._entries.move_to_end(full)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return copy(result)

    def put(self, con: duckdb.DuckDBPyConnection, key: Hashable, frame: pd.DataFrame) -> None:
        """Keep frame as the result for key, as if it had been read (a part of a larger read: the commune scores of
        one period taken from those of a whole trend line). Nothing is kept for a connection get() does not cache."""
        build = self._build(con)
        if build is None:
            return
        with self._lock:
            self._entries[(build, key)] = frame
            self._entries.move_to_end((build, key))
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._shared_builds.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def _build(self, con: duckdb.DuckDBPyConnection) -> tuple | None:
        with self._lock:
            if con in self._builds:
                return self._builds[con]
        origin = self._shared(con)
        if origin is not None:  # one key for every connection reading it, identified once, never forgotten early
            with self._lock:
                if origin not in self._shared_builds:
                    identity = self._identify(con)
                    self._shared_builds[origin] = None if identity is None else ("shared", origin, *identity)
                    while len(self._shared_builds) > self._max:
                        self._shared_builds.pop(next(iter(self._shared_builds)))
                build = self._builds[con] = self._shared_builds[origin]
            return build
        identity = self._identify(con)
        build = None if identity is None else (next(self._tokens), *identity)
        with self._lock:
            if con in self._builds:  # another thread got there first: keep its token
                return self._builds[con]
            self._builds[con] = build
        if build is not None:
            weakref.finalize(con, self._forget, build)
        return build

    def _forget(self, build: tuple) -> None:
        """Drop the results of a connection that no longer exists."""
        with self._lock:
            for full in [k for k in self._entries if k[0] == build]:
                del self._entries[full]
