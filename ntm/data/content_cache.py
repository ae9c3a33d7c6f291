"""Results of the build's pure steps kept in memory, keyed by the content they were made from.

Every import, undo and restore rebuilds the whole database, yet most of its inputs are the bytes the
build before read: the reference catalogues (from which the places are made) and the data files the
import left alone (whose schema checks passed then). Keys are hashes of the bytes or of the frame's
values, never paths or modification times, so a changed file is always read and checked again.
Only a few entries are kept (least recently used go first): memory stays bounded in a long-running app.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

import pandas as pd
from pandas.arrays import ArrowStringArray

T = TypeVar("T")


class ContentCache(Generic[T]):
    """A small least-recently-used map from a content key to what was made from that content.

    size bounds the number of entries; weight (in whatever unit get() is told, e.g. bytes of the file read)
    bounds their total, so a national dataset's big files do not stay in memory after the build."""

    def __init__(self, size: int, weight: int | None = None):
        self.size, self.weight = size, weight
        self._items: OrderedDict[Hashable, tuple[T, int]] = OrderedDict()
        self._lock = threading.Lock()  # a write runs in a worker thread while pages build nothing

    def get(self, key: Hashable, make: Callable[[], T], weight: int = 0) -> T:
        """The value kept for key, or make() kept under it (an exception is raised, nothing kept; a value
        heavier than the cache's whole weight is returned without being kept)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
        value = make()
        if self.weight is not None and weight > self.weight:
            return value
        with self._lock:
            self._items[key] = (value, weight)
            self._items.move_to_end(key)
            while len(self._items) > self.size or (
                self.weight is not None and sum(w for _, w in self._items.values()) > self.weight
            ):
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


def files_digest(paths: Iterable[Path]) -> str:
    """Hash of the names and bytes of files, in order (a missing file counts as missing, not as empty)."""
    digest = hashlib.sha256()
    for path in paths:
        content = path.read_bytes() if path.exists() else None
        digest.update(f"{path.name}\0{-1 if content is None else len(content)}\0".encode())
        digest.update(content or b"")
    return digest.hexdigest()


def frame_digest(frame: pd.DataFrame) -> str:
    """Hash of a frame's column names, types, row labels and values.

    A text column held by Arrow (how pandas reads files) is hashed by its Arrow buffers with each chunk's offset and
    length, so two windows on one buffer differ: a tenth of the time pandas' per-row hashes take, which other
    columns and the row labels still get."""
    digest = hashlib.sha256()
    digest.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    digest.update(str(len(frame)).encode())
    if isinstance(frame.index, pd.RangeIndex):
        digest.update(repr(frame.index).encode())
    else:
        digest.update(pd.util.hash_pandas_object(frame.index).to_numpy().tobytes())
    for _, column in frame.items():
        chunks = _arrow_chunks(column)
        if chunks is None:
            digest.update(b"rows")
            digest.update(pd.util.hash_pandas_object(column, index=False).to_numpy().tobytes())
            continue
        for chunk in chunks:
            digest.update(f"chunk {chunk.offset} {len(chunk)}".encode())
            for buffer in chunk.buffers():
                digest.update(b"none" if buffer is None else f"buffer {buffer.size}".encode())
                if buffer is not None:
                    digest.update(buffer)
    return digest.hexdigest()


def _arrow_chunks(column: pd.Series) -> list | None:
    """The Arrow chunks holding a text column, or None for a column held otherwise."""
    values = column.array
    return values.__arrow_array__().chunks if isinstance(values, ArrowStringArray) else None  # no copy
