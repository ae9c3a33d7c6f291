"""Cancel clicked in Debian's chromium while a restore is being written (issue 12): the data page says the write
was cancelled, and the database, the import store and the audit log are byte for byte as they were.

The server runs on a private copy of the bundled database with a store of its own that already holds one import
(so there is a current version and an audit line to keep). The backup restored is the export of that store with
every criterion result of every period turned over (23 367 rows, every one a change). Its write reads and checks
the whole backup and then rebuilds the database, which takes seconds; the page shows its progress and a Cancel
button for that whole time. A cancel is honoured at the write's next checkpoint, and every checkpoint comes before
the pointer switch, so nothing is written. A restore is used rather than an import because its write also reads
the whole backup before the rebuild: the longest write the bundled data allows, so the click always lands in
time (an import's write is only the rebuild, about a second here). Both writes are followed by the same code on
the page (pages/data.py follow_change, pages/ui/work.watch)."""

from __future__ import annotations

import hashlib
import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from ntm.data import config
from ntm.loading import archive, auth, importer
from ntm.loading.store import Store
from tests.conftest import start_streamlit, stop_streamlit
from tests.hostile import rezip
from tests.importing import xlsx

TIMEOUT = 120_000
EDITOR, PASSWORD = "tinh", "mat-khau-dai"
STATUS = "data/commune_status.csv"
CANCELLED = "Đã hủy. Dữ liệu, kho dữ liệu nhập và nhật ký không thay đổi."


def _state(folder: Path) -> dict[str, str]:
    """sha256 of every file under folder and the name of every folder in it: the database and its neighbours (a
    half-built next database would sit there), the users file and the whole store (versions, pointer, audit log,
    lock files)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        for p in folder.rglob("*")
    }


def _turned_over(line: str) -> str:
    """A row of commune_status.csv (period_id,unit_id,unit_code,criterion_code,met,provenance), met ↔ not met."""
    cells = line.split(",")
    cells[4] = {"1": "0", "0": "1"}[cells[4]]
    return ",".join(cells)


def _every_result_turned_over(backup: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(backup)) as zf:
        head, *rows = zf.read(STATUS).decode().splitlines()
    assert len(rows) == 23_367  # every commune × criterion result of the bundled periods
    return rezip(backup, {STATUS: "\n".join([head, *map(_turned_over, rows)]).encode() + b"\n"})


@pytest.fixture()
def served(bundled_db, browser, tmp_path):
    """(url, folder holding the database and the store, the backup to restore): a server on a private copy of
    the bundled database whose store holds one import already, made through the importer as the page would."""
    folder = tmp_path / "served"
    folder.mkdir()
    db, store_dir, users = folder / "ntm.duckdb", folder / "store", folder / "users.json"
    shutil.copyfile(bundled_db, db)
    editor = auth.add_user(EDITOR, PASSWORD, None, users)
    store = Store(store_dir, db, config.DATA_DIR.resolve(), config.ref_dir())
    head = ["Kỳ báo cáo", "Mã xã", "Tiêu chí", "Kết quả"]
    first = importer.preview(xlsx([head, ["2020-12", "02779", 1, "Chưa đạt"]]), "mot_dong.xlsx", store, editor)
    assert first.ok and first.changed == 1, first.report(5)
    importer.commit(first, editor, store)
    backup = tmp_path / "sao_luu.zip"
    backup.write_bytes(_every_result_turned_over(archive.export_zip(store)))
    url, proc = start_streamlit({"NTM_DB": str(db), "NTM_STORE": str(store_dir), "NTM_USERS": str(users)})
    yield url, store, backup
    stop_streamlit(proc)


def test_cancel_clicked_while_a_restore_is_written_leaves_everything_as_it_was(served, page):
    url, store, backup = served
    page.goto(f"{url}/du-lieu", wait_until="domcontentloaded")
    page.get_by_text("Đăng nhập biên tập viên").click()
    page.locator(".st-key-data_login_name input").fill(EDITOR)
    page.locator(".st-key-data_login_password input").fill(PASSWORD)
    page.locator('[data-testid="stFormSubmitButton"] button').click()
    page.get_by_text(f"Đang đăng nhập: {EDITOR}").wait_for(timeout=TIMEOUT)

    page.get_by_role("tab", name="Sao lưu và khôi phục").click()
    page.locator(".st-key-data_restore_file input[type=file]").set_input_files(str(backup))
    plan = "Khôi phục từ sao_luu.zip: 0 thêm, 23367 sửa, 0 xóa (kết quả tiêu chí của xã: 0 thêm, 23367 sửa, 0 xóa)."
    page.get_by_text(plan).wait_for(timeout=TIMEOUT)  # the restore worked out: every row a change
    confirm = page.locator(".st-key-data_restore button")
    assert confirm.is_enabled()
    before = _state(store.db.parent)
    assert store.current() == "000001" and len(store.audit_log.read_text(encoding="utf-8").splitlines()) == 1

    started = time.monotonic()
    confirm.click()
    cancel = page.locator(".st-key-data_write_cancel button")
    cancel.wait_for(timeout=TIMEOUT)
    assert page.locator('[data-testid="stProgress"]').count() == 1  # the write's progress bar, above Cancel
    cancel.click()
    clicked = time.monotonic() - started
    page.get_by_text(CANCELLED).wait_for(timeout=TIMEOUT)  # a write that finished before the click fails here
    said = time.monotonic() - started

    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Đã khôi phục" not in main and "Traceback" not in main, main
    assert page.locator('[data-testid="stException"]').count() == 0
    assert _state(store.db.parent) == before
    assert store.current() == "000001" and len(store.audit_log.read_text(encoding="utf-8").splitlines()) == 1
    assert page.locator(".st-key-data_restore button").is_enabled()  # the page is ready for the next write
    assert page.blocked_requests == []
    print(f"Cancel clicked {clicked:.1f} s after Confirm; cancelled said after {said:.1f} s")
