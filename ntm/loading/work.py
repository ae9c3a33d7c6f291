"""Long work (a preview, an import, a restore) on a thread of its own, with its progress and a way to cancel it.

A page starts the work and watches it; the work does not belong to one run of the page, so a click elsewhere
neither kills it half way nor blocks on it. Cancelling is cooperative: the work stops at its next checkpoint
(`progress`), and every checkpoint of a write comes before its commit point (the pointer switch), so a
cancelled write leaves the database, the store and the audit log as they were.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from ntm.loading.importer import ImportRefused


class Cancelled(ImportRefused):
    """The work was cancelled at a checkpoint; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Đã hủy theo yêu cầu. Dữ liệu không thay đổi.")


Checkpoint = Callable[[float, str], None]
"""progress(fraction, step): says how far the work is, and raises Cancelled when it was asked to stop."""


class Work:
    """job(work) run on a thread; `result` or `error` once `done`. `key` says what the work is for (a file and
    the choices it was read with), so a page can tell its work from another's."""

    def __init__(self, job: Callable[[Work], Any], key: object = None) -> None:
        self.job, self.key = job, key
        self.fraction, self.step = 0.0, ""
        self.result: Any = None
        self.error: BaseException | None = None
        self.started = time.monotonic()
        self._cancel, self._done = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="ntm-work", daemon=True)

    def start(self) -> Work:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.result = self.job(self)
        except BaseException as err:  # handed to whoever watches the work, never lost on the thread
            self.error = err
        finally:
            self._done.set()

    def progress(self, fraction: float, step: str = "") -> None:
        """The checkpoint the job calls between its steps."""
        if self._cancel.is_set():
            raise Cancelled
        self.fraction, self.step = min(max(fraction, 0.0), 1.0), step

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_asked(self) -> bool:
        return self._cancel.is_set()

    @property
    def cancelled(self) -> bool:
        """Stopped by a cancel (a write that passed its commit point before the cancel came is not)."""
        return isinstance(self.error, Cancelled)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def seconds(self) -> float:
        return time.monotonic() - self.started
