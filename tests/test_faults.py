"""Faults of the machine: a damaged database repairs itself, a missing reference folder, a read-only data
folder and a full disk each give a Vietnamese message and leave nothing behind, and a process killed
right after the pointer switch cannot hide its import from Undo."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import subprocess
import sys

import pytest

from ntm.data import build
from ntm.data.db import fresh_connection
from ntm.loading import archive, audit, importer
from ntm.loading import store as store_module
from ntm.loading.auth import User
from ntm.loading.store import Unavailable
from tests.cli import run_cli
from tests.importing import make_store, xlsx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EDITOR = User("tinh", None)
ROWS = [["Kỳ báo cáo", "Mã xã", "Tiêu chí", "Kết quả"], ["2020-12", "02779", 1, "Chưa đạt"]]
LOCK_FILES = (".lock", ".lock-holder.json")  # the lock's own files, made by any write that got the lock


@pytest.fixture()
def store(tmp_path, base_db):
    return make_store(tmp_path, base_db)


def state(store, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """sha256 of the database and of every file of the store and of the database's folder."""
    files = {store.db, *store.db.parent.glob("*.duckdb*")}
    if store.root.exists():
        files |= {p for p in store.root.rglob("*") if p.is_file()}
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files) if p.name not in skip}


# ---- a damaged database --------------------------------------------------------------------------


@pytest.fixture()
def app_db(tmp_path, base_db, monkeypatch):
    """The app's own database (NTM_DB) and store, as ensure_database sees them."""
    db = tmp_path / "app" / "ntm.duckdb"
    db.parent.mkdir()
    monkeypatch.setenv("NTM_DB", str(db))
    monkeypatch.setenv("NTM_STORE", str(tmp_path / "app" / "store"))
    return db


@pytest.mark.parametrize(
    "damage",
    [
        lambda db: db.write_bytes(b""),
        lambda db: db.write_bytes(b"not a database" * 100),
        lambda db: db.write_bytes(db.read_bytes()[: db.stat().st_size // 3]),
    ],
    ids=["empty", "garbage", "cut short"],
)
def test_a_damaged_database_is_rebuilt_with_a_log_line(app_db, base_db, damage, caplog):
    shutil.copy(base_db, app_db)
    build.ensure_database(app_db)
    damage(app_db)
    with caplog.at_level(logging.WARNING, logger="ntm.data.build"):
        build.ensure_database(app_db)
    assert any("không đọc được" in r.getMessage() and "dựng lại" in r.getMessage() for r in caplog.records)
    assert build.damaged(app_db) is None
    con = fresh_connection(app_db)
    assert con.execute("SELECT count(*) FROM periods").fetchone()[0] > 0
    con.close()


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ntm", *args],
        env={**os.environ, "PYTHONPATH": ROOT, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_cli_repairs_a_corrupt_database_and_says_so(app_db):
    app_db.write_bytes(b"garbage" * 10)
    out = run_cli("periods", env={"NTM_DB": str(app_db), "NTM_STORE": os.environ["NTM_STORE"]})
    assert out.returncode == 0, out.stderr
    assert "2020-12" in out.stdout and "Traceback" not in out.stderr


def test_missing_reference_folder_is_a_message_not_a_traceback(app_db, tmp_path):
    env = {"NTM_DB": str(app_db), "NTM_STORE": os.environ["NTM_STORE"], "NTM_REF_DIR": str(tmp_path / "khong_co")}
    out = _cli("periods", env=env)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "Không tìm thấy thư mục tài liệu tham chiếu" in out.stderr and "NTM_REF_DIR" in out.stderr
    assert not app_db.exists()


def test_an_existing_database_serves_without_the_reference_folder(app_db, base_db, tmp_path, monkeypatch, caplog):
    shutil.copy(base_db, app_db)
    monkeypatch.setenv("NTM_REF_DIR", str(tmp_path / "khong_co"))
    before = hashlib.sha256(app_db.read_bytes()).hexdigest()
    with caplog.at_level(logging.WARNING, logger="ntm.data.build"):
        assert build.ensure_database(app_db) == app_db
    assert any("Không có thư mục tài liệu tham chiếu" in r.getMessage() for r in caplog.records)
    assert hashlib.sha256(app_db.read_bytes()).hexdigest() == before


# ---- writes that cannot finish -------------------------------------------------------------------


def test_import_without_the_reference_folder_is_refused_and_leaves_nothing(store, tmp_path):
    result = importer.preview(xlsx(ROWS), "x.xlsx", store, EDITOR)
    assert result.ok
    gone = store_module.Store(store.root, store.db, store.data_dir, tmp_path / "khong_co")
    before = state(store)
    with pytest.raises(Unavailable, match="Không tìm thấy thư mục tài liệu tham chiếu .*NTM_REF_DIR"):
        importer.commit(result, EDITOR, gone)
    assert state(store) == before and not store.pending.exists()


def test_read_only_data_folder_is_refused_before_anything_is_written(store, monkeypatch):
    result = importer.preview(xlsx(ROWS), "x.xlsx", store, EDITOR)
    before = state(store)
    real = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if str(p).startswith(str(store.db.parent)) else real(p, mode)
    )
    with pytest.raises(Unavailable, match="Không có quyền ghi vào thư mục dữ liệu .*Dữ liệu không bị thay đổi"):
        importer.commit(result, EDITOR, store)
    assert state(store) == before


def test_full_disk_is_refused_before_anything_is_written(store, monkeypatch):
    result = importer.preview(xlsx(ROWS), "x.xlsx", store, EDITOR)
    before = state(store)
    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10**9, 10**9 - 1024, 1024))
    with pytest.raises(Unavailable, match="Ổ đĩa đã đầy"):
        importer.commit(result, EDITOR, store)
    assert state(store) == before


@pytest.mark.parametrize(
    "where,err",
    [
        ("write_version", OSError(errno.ENOSPC, "No space left on device", "changes.csv")),
        ("build", OSError(errno.ENOSPC, "No space left on device", "ntm.duckdb.tmp")),
        ("build", PermissionError(errno.EACCES, "Permission denied", "ntm.duckdb.tmp")),
    ],
    ids=["disk full writing the version", "disk full building", "read-only building"],
)
def test_a_fault_in_the_middle_of_a_write_is_taken_back(store, monkeypatch, where, err):
    result = importer.preview(xlsx(ROWS), "x.xlsx", store, EDITOR)
    before = state(store, LOCK_FILES)

    def fail(*args, **kwargs):
        raise err

    if where == "write_version":
        monkeypatch.setattr(store_module, "_write_csv", fail)
    else:
        monkeypatch.setattr(store_module.Store, "_build", fail)
    with pytest.raises(Unavailable) as refused:
        importer.commit(result, EDITOR, store)
    assert str(refused.value).endswith("Dữ liệu không bị thay đổi.")
    assert "Ổ đĩa đã đầy" in str(refused.value) or "Không có quyền ghi" in str(refused.value)
    assert state(store, LOCK_FILES) == before  # no pending.json, no version folder, no half-built database
    assert store.current() == "" and audit.entries(store) == []
    monkeypatch.undo()
    assert importer.commit(result, EDITOR, store)["version_after"] == "000001"  # numbers are not burnt


def test_restore_without_the_reference_folder_is_refused(store, tmp_path):
    backup = archive.export_zip(store)
    gone = store_module.Store(store.root, store.db, store.data_dir, tmp_path / "khong_co")
    before = state(store)
    with pytest.raises(Unavailable, match="Không tìm thấy thư mục tài liệu tham chiếu"):
        archive.restore(backup, "b.zip", EDITOR, gone)
    assert state(store) == before


# ---- killed right after the pointer switch -------------------------------------------------------


def test_a_kill_after_the_pointer_switch_cannot_hide_the_import_from_undo(store, monkeypatch):
    result = importer.preview(xlsx(ROWS), "x.xlsx", store, EDITOR)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed before the audit line")

    monkeypatch.setattr(store_module, "append_line", killed)
    with pytest.raises(KeyboardInterrupt):
        importer.commit(result, EDITOR, store)
    monkeypatch.undo()
    assert store.current() == "000001" and store.pending.exists()
    assert store.audit_log.exists() is False  # the line was never written ...
    shown = audit.entries(store)  # ... yet the log, the data page and Undo see the import
    assert [(e["action"], e["file_name"]) for e in shown] == [("import", "x.xlsx")]
    assert audit.undoable(store)["id"] == shown[0]["id"]
    assert list(audit.table(store)["Tệp"]) == ["x.xlsx"]
    entry = importer.undo(EDITOR, store)  # recover() writes the line, then the undo follows it
    assert entry["undoes"] == shown[0]["id"] and store.current() == ""
    assert [e["action"] for e in audit.entries(store)] == ["import", "undo"] and audit.consistency(store) == []
