"""The writable store of imported data: immutable versions, a pointer to the current one, a lock.

Committed ``data/`` stays the bundled dataset. Every import writes a new *version* folder holding the
cumulative overlay (rows that replace or add to bundled rows by key, and keys removed), so undo is
a pointer move and nothing is ever rewritten in place. The database is rebuilt from bundled data +
the current version into a new file; the pointer and then the database are switched with
``os.replace``. A ``pending.json`` intent written before the switch lets the next writer finish or
abandon an operation whose process died, so the pointer, the database and the audit log agree.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ntm.data import build, config
from ntm.data.db import read_meta
from ntm.data.overlay import NO_VERSION, read_overlay, store_dir
from ntm.loading import faults


class Busy(RuntimeError):
    """Another import, undo or restore holds the lock."""


class Unavailable(RuntimeError):
    """The store cannot be written now (reference folder missing, folder read-only, disk full); str() is
    Vietnamese. Raised before anything is written, or after what was written has been taken back."""


# Free space a write needs: the new database is built next to the old one before the swap, plus the
# version folder and the audit line.
SPARE_BYTES = 64 * 1024 * 1024


def _entry(name: str) -> property:
    """A path of the store's layout: `name` under its root."""
    return property(lambda store: store.root / name, doc=f"<root>/{name}")


@dataclass(frozen=True)
class Store:
    """Where the store lives and which database/bundled data it feeds."""

    root: Path
    db: Path
    data_dir: Path
    ref: Path

    @classmethod
    def default(cls) -> Store:
        return cls(store_dir(), config.db_path(), config.DATA_DIR.resolve(), config.ref_dir())

    # ---- layout: the store's entries, each a name under its root -----------------------------------
    versions = _entry("versions")
    pointer = _entry("CURRENT")
    audit_log = _entry("audit.jsonl")
    pending = _entry("pending.json")

    def current(self) -> str:
        """Id of the current version ('' = bundled data only)."""
        try:
            return self.pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return NO_VERSION

    def version_dir(self, version: str) -> Path | None:
        return self.versions / version if version else None

    def overlay(self) -> Path | None:
        """Folder of the current version, applied over the bundled files by the build."""
        return self.version_dir(self.current())

    # ---- before writing ----------------------------------------------------------------------
    def preflight(self) -> None:
        """Refuse a write that cannot finish, before the lock and before any file is touched."""
        missing = [p for p in build.reference_files(self.ref) if not p.exists()]
        if missing:
            raise Unavailable(
                f"Không tìm thấy thư mục tài liệu tham chiếu {self.ref} (cần {missing[0].name} để dựng lại cơ sở dữ "
                f"liệu sau khi ghi). Hãy đặt lại thư mục này hoặc chỉ đường dẫn bằng biến NTM_REF_DIR. "
                f"Dữ liệu không bị thay đổi."
            )
        for folder in (self.root, self.db.parent):
            existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
            if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
                raise Unavailable(faults.describe(PermissionError(errno.EACCES, "read-only", str(existing))))
        needed = 2 * (self.db.stat().st_size if self.db.exists() else 0) + SPARE_BYTES
        if shutil.disk_usage(next(p for p in (self.db.parent, *self.db.parents) if p.exists())).free < needed:
            raise Unavailable(faults.describe(OSError(errno.ENOSPC, "disk full", str(self.db.parent))))

    # ---- lock --------------------------------------------------------------------------------
    @contextmanager
    def lock(self, who: str = "") -> Iterator[None]:
        """Exclusive, non-blocking: a second writer is told at once instead of waiting or racing.

        A file-system fault inside (disk full, folder read-only) comes out as Unavailable, in Vietnamese."""
        try:
            with self._lock(who):
                yield
        except OSError as err:
            if err.errno is None:  # not a file-system fault (a refused right is a PermissionError too)
                raise
            raise Unavailable(faults.describe(err)) from err

    @contextmanager
    def _lock(self, who: str) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        fresh = not (self.root / ".lock").exists()
        handle = open(self.root / ".lock", "a+", encoding="utf-8")  # noqa: SIM115  (held across the yield)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_json(self.root / ".lock-holder.json") or {}
                since = holder.get("since", "")[11:16]
                by = f" (tài khoản {holder['user']}, bắt đầu lúc {since})" if holder.get("user") else ""
                raise Busy(
                    "Đang có một lần nhập, hoàn tác hoặc khôi phục dữ liệu khác chạy"
                    + by
                    + ". Dữ liệu không bị thay đổi; vui lòng thử lại sau ít phút."
                ) from None
            holder = self.root / ".lock-holder.json"
            before = holder.read_text(encoding="utf-8") if holder.exists() else None
            atomic_write_text(
                holder, json.dumps({"user": who, "pid": os.getpid(), "since": _now()}, ensure_ascii=False)
            )
            try:
                yield
            except BaseException:  # a write that did not happen leaves no trace, not even who tried it
                if before is None:
                    holder.unlink(missing_ok=True)
                else:
                    atomic_write_text(holder, before)
                if fresh:  # nothing more is done under this lock: a writer opening a new file now is safe
                    (self.root / ".lock").unlink(missing_ok=True)
                raise
        finally:
            handle.close()  # closing the file releases the flock (also when the process dies)

    # ---- versions ----------------------------------------------------------------------------
    def read_overlay(self, version: str) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
        """{file: (rows, deleted keys)} of a version (empty for bundled-only)."""
        return read_overlay(self.version_dir(version))

    def next_version(self) -> str:
        """Id for the next version (call under the lock; numbers of abandoned versions are not reused)."""
        return f"{self._last_number() + 1:06d}"

    def write_version(
        self, version: str, overlay: dict[str, tuple[pd.DataFrame, pd.DataFrame]], change: dict, diff: pd.DataFrame
    ) -> str:
        """Write a new immutable version folder (complete before it gets its final name)."""
        self.versions.mkdir(parents=True, exist_ok=True)
        tmp = self.versions / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            for name, (rows, deleted) in overlay.items():
                if len(rows):
                    _write_csv(rows, tmp / name)
                if len(deleted):
                    _write_csv(deleted, tmp / f"deleted__{name}")
            _write_csv(diff, tmp / "changes.csv")
            atomic_write_text(tmp / "change.json", json.dumps(change, ensure_ascii=False, indent=1))
            _fsync_dir(tmp)
            os.rename(tmp, self.versions / version)
            _fsync_dir(self.versions)
            return version
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    def _last_number(self) -> int:
        numbers = [int(p.name) for p in self.versions.iterdir() if p.name.isdigit()] if self.versions.exists() else []
        return max(numbers, default=0)

    def set_pointer(self, version: str) -> None:
        atomic_write_text(self.pointer, version)

    def next_db(self) -> Path:
        """Where the next database is built before it is swapped in (ignored by git: *.duckdb.tmp*)."""
        return self.db.with_name(f"{self.db.name}.tmp-next-{os.getpid()}")

    # ---- switching versions (call under the lock) ------------------------------------------------
    def switch(self, entry: dict, checkpoint=None) -> None:
        """Make entry['version_after'] current: intent, new database, pointer, database swap, audit line.

        The pointer switch is the commit point. A process dying before it leaves everything as it
        was (a failure, rather than a kill, also takes back the intent, the new database and the version);
        dying after it is finished by the next writer's recover() (pending.json says how), and until
        then audit.entries() reads the intent as the log's last entry, so Undo never misses it. The
        audit line is written before the database swap for the same reason. checkpoint(fraction, step), if
        given, is called before the build and before the pointer switch: raising there (a cancel) takes the
        write back like any failure.
        """
        target = self.next_db()
        try:
            if checkpoint:
                checkpoint(0.3, "build")
            atomic_write_text(self.pending, json.dumps(entry, ensure_ascii=False))
            self._build(target, self.version_dir(entry["version_after"]))
            if checkpoint:
                checkpoint(0.9, "switch")
            self.set_pointer(entry["version_after"])
        except Exception:  # before the commit point: take back everything this write made
            self._abandon(target, entry)
            raise
        append_line(self.audit_log, json.dumps(entry, ensure_ascii=False))
        os.replace(target, self.db)
        self.pending.unlink()

    def _abandon(self, target: Path, entry: dict) -> None:
        """A write that failed before the pointer moved leaves nothing: no intent, no database, no version."""
        self.pending.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        version = entry.get("version_after")
        if version and entry.get("action") != "undo" and version != self.current():
            shutil.rmtree(self.versions / version, ignore_errors=True)

    def recover(self) -> list[str]:
        """Bring pointer, database and audit log back into agreement after a writer died (under the lock)."""
        notes = []
        self.clean_leftovers()
        pending = _read_json(self.pending)
        if pending is not None:
            if self.current() == pending.get("version_after"):
                if self.last_entry_id() != pending.get("id"):
                    append_line(self.audit_log, json.dumps(pending, ensure_ascii=False))
                notes.append(f"Đã hoàn tất lần ghi bị gián đoạn ({pending.get('file_name') or pending.get('action')}).")
            else:
                notes.append(
                    f"Đã hủy lần ghi bị gián đoạn ({pending.get('file_name') or pending.get('action')}); "
                    f"dữ liệu giữ nguyên như trước."
                )
            self.pending.unlink()
        try:
            built_from = read_meta(self.db).get("store_version")
        except duckdb.Error:  # an unreadable database is rebuilt like a stale one
            built_from = None
        if built_from != self.current():
            target = self.next_db()
            self._build(target, self.overlay())
            os.replace(target, self.db)
            notes.append("Đã dựng lại cơ sở dữ liệu theo phiên bản dữ liệu hiện hành.")
        return notes

    def last_entry_id(self) -> str | None:
        try:
            lines = self.audit_log.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return None
        for line in reversed(lines):
            try:
                return json.loads(line)["id"]
            except (json.JSONDecodeError, KeyError):
                continue
        return None

    def _build(self, target: Path, overlay: Path | None) -> None:
        build.build(target, self.data_dir, self.ref, overlay)

    def clean_leftovers(self) -> None:
        """Files a killed writer left behind (only called under the lock, so no writer is running)."""
        for path in self.db.parent.glob(f"{self.db.name}.tmp-next-*"):
            path.unlink(missing_ok=True)
        if self.versions.exists():
            for path in self.versions.glob(".tmp-*"):
                shutil.rmtree(path, ignore_errors=True)


# ---- small durable file helpers ----------------------------------------------------------------


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temporary file, fsync, then os.replace: readers see the old or the new text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:6]}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def append_line(path: Path, line: str) -> None:
    """Append one line with a single write and fsync (the audit log is append-only)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line.rstrip("\n") + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        frame.to_csv(fh, index=False)
        fh.flush()
        os.fsync(fh.fileno())


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
