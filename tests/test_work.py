"""Long work on a thread of its own (ntm.loading.work): progress, errors handed back, and a cancel that stops
an import or a restore at any checkpoint before its commit point, leaving the database, the store and the audit
log byte for byte as they were; a cancel that comes after the commit point does not half-undo the write."""

from __future__ import annotations

import shutil
import threading

import pytest

from ntm.loading import archive, audit, importer
from ntm.loading.auth import User
from ntm.loading.store import Store
from ntm.loading.work import Work
from tests import hostile
from tests.importing import make_store, xlsx
from tests.test_hostile import state

EDITOR = User("tinh", None)


def _rows(code: str, met: int) -> list[list[object]]:
    head = ["Kỳ báo cáo", "Mã xã"] + [f"TC{i}" for i in range(1, 20)]
    return [head, ["2019-12", code] + ["Đạt"] * met + ["Chưa đạt"] * (19 - met)]


@pytest.fixture(scope="module")
def imported(tmp_path_factory, base_db) -> Store:
    """A store with one import already written (an audit log, a version, lock files: what an office has)."""
    s = make_store(tmp_path_factory.mktemp("imported"), base_db)
    first = importer.preview(xlsx(_rows("02662", 19)), "truoc.xlsx", s, EDITOR)
    importer.commit(first, EDITOR, s)
    return s


@pytest.fixture()
def store(imported, tmp_path) -> Store:
    """A private copy of that store and its database (every file names the others relative to the store)."""
    shutil.copytree(imported.root, tmp_path / "store")
    shutil.copy(imported.db, tmp_path / "ntm.duckdb")
    return Store(tmp_path / "store", tmp_path / "ntm.duckdb", imported.data_dir, imported.ref)


def test_work_reports_progress_and_hands_back_its_result_or_error():
    gate = threading.Event()

    def job(w):
        w.progress(0.5, "half")
        gate.wait(5)
        return 42

    w = Work(job, key="a").start()
    while w.fraction == 0.0:
        w.wait(0.01)
    assert (w.fraction, w.step, w.done) == (0.5, "half", False)
    gate.set()
    assert w.wait(5) and w.result == 42 and w.error is None and not w.cancelled
    failing = Work(lambda w: 1 / 0).start()
    assert failing.wait(5) and isinstance(failing.error, ZeroDivisionError)


def test_a_cancel_stops_the_work_at_its_next_checkpoint():
    reached = []
    gate = threading.Event()

    def job(w):
        w.progress(0.1, "one")
        reached.append("one")
        gate.wait(5)
        w.progress(0.2, "two")
        reached.append("two")

    w = Work(job).start()
    while not reached:
        w.wait(0.01)
    w.cancel()
    gate.set()
    assert w.wait(5) and w.cancelled and reached == ["one"]
    assert str(w.error) == "Đã hủy theo yêu cầu. Dữ liệu không thay đổi."


def _cancel_at(step: str):
    """A checkpoint that cancels the work when it reaches step (as a click on Cancel at that moment would)."""
    holder: dict[str, Work] = {}

    def checkpoint(fraction, name):
        if name == step:
            holder["w"].cancel()
        holder["w"].progress(fraction, name)

    return holder, checkpoint


@pytest.mark.parametrize("step", ["check", "build", "switch"])
def test_a_cancelled_import_changes_nothing(store, step):
    result = importer.preview(xlsx(_rows("02665", 19)), "huy.xlsx", store, EDITOR)
    assert result.ok and result.has_changes
    before = state(store)
    holder, checkpoint = _cancel_at(step)
    w = holder["w"] = Work(lambda w: importer.commit(result, EDITOR, store, checkpoint=checkpoint))
    w.start()
    assert w.wait(60) and w.cancelled, w.error
    assert state(store) == before
    again = importer.commit(result, EDITOR, store)  # nothing was left locked or half-written
    assert again["version_after"] == "000002"


@pytest.mark.parametrize("step", ["check", "build", "switch"])
def test_a_cancelled_restore_changes_nothing(store, step):
    backup = hostile.header_only(archive.export_zip(store))  # empties sponsors
    before = state(store)
    holder, checkpoint = _cancel_at(step)
    w = holder["w"] = Work(
        lambda w: archive.restore(backup, "rong.zip", EDITOR, store, confirm_empty=["sponsors"], checkpoint=checkpoint)
    )
    w.start()
    assert w.wait(60) and w.cancelled, w.error
    assert state(store) == before


def test_a_cancel_after_the_last_checkpoint_leaves_the_write_whole(store):
    result = importer.preview(xlsx(_rows("02665", 19)), "muon.xlsx", store, EDITOR)

    def checkpoint(fraction, name):
        w.progress(fraction, name)
        if name == "switch":
            w.cancel()  # too late: nothing asks again before the pointer moves

    w = Work(lambda w: importer.commit(result, EDITOR, store, checkpoint=checkpoint))
    w.start()
    assert w.wait(60) and not w.cancelled and w.cancel_asked and w.result["version_after"] == "000002"
    assert store.current() == "000002"
    assert [e["version_after"] for e in audit.entries(store)][-1] == "000002"
