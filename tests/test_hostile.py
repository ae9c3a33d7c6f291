"""Hostile files (tests/hostile.py, built here, never committed): each is refused fast with a Vietnamese
message, and leaves the database, the store and the audit log byte for byte as they were."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from ntm.loading import importer, limits
from ntm.loading.auth import User
from tests import hostile
from tests.importing import make_store

EDITOR = User("tinh", None)


@pytest.fixture()
def store(tmp_path, base_db):
    return make_store(tmp_path, base_db)


def state(store) -> dict[str, str]:
    """sha256 of the database file and of every file of the store (versions, pointer, audit log, lock files)."""
    files = [store.db] + (sorted(p for p in store.root.rglob("*") if p.is_file()) if store.root.exists() else [])
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


IMPORTS = [
    ("shared string of 280 MB", "bom.xlsx", lambda: hostile.shared_string_bomb(280), "khi giải nén là 280 MB"),
    ("1,2 million rows", "trieu.xlsx", lambda: hostile.many_rows_xlsx(1_200_000), "khi giải nén là 208 MB"),
    ("60 000 rows", "sau_muoi.xlsx", lambda: hostile.many_rows_xlsx(60_000), "tối đa 50.000 dòng số liệu"),
    ("199 000 repeated rows", "lap.xlsx", lambda: hostile.repeated_rows_xlsx(199_000), "khi giải nén là 232 MB"),
    ("14 000 wide rows", "rong_lap.xlsx", lambda: hostile.repeated_rows_xlsx(14_000), "tối đa 300.000"),
    ("cell at XFD1048576", "xa.xlsx", hostile.far_cell_xlsx, "cột thứ 703 trở đi"),
    ("16 384 columns", "rong.xlsx", hostile.wide_row_xlsx, "cột thứ 703 trở đi"),
    ("5 million shared strings", "chuoi.xlsx", lambda: hostile.many_strings_xlsx(5_000_000), "khi giải nén là 81 MB"),
    ("1 million shared strings", "chuoi.xlsx", lambda: hostile.many_strings_xlsx(1_000_000), "dưới 200 lần"),
    ("400 000 distinct strings", "so.xlsx", lambda: hostile.many_strings_xlsx(400_000, True), "hơn 300.000 chuỗi"),
    ("40 000-character cell", "dai.xlsx", hostile.long_cell_xlsx, "dài hơn 32.767 ký tự"),
    ("entity bomb", "thuc_the.xlsx", hostile.entity_bomb_xlsx, "khai báo DOCTYPE/ENTITY"),
    ("500 sheets", "trang.xlsx", hostile.many_sheets_xlsx, "có 500 trang (tối đa 50)"),
    ("100 000 merged ranges", "gop.xlsx", hostile.many_merges_xlsx, "hơn 10000 vùng ô gộp"),
    ("csv of 1,2 million rows", "trieu.csv", hostile.csv_many_rows, "vượt giới hạn 50000 dòng"),
    ("csv field of 20 MB", "truong.csv", hostile.csv_long_field, "có ô quá dài"),
    ("csv of 100 000 columns", "cot.csv", hostile.csv_wide_row, "100000 cột (tối đa 702)"),
]


@pytest.mark.parametrize("name,file_name,make,message", IMPORTS, ids=[c[0] for c in IMPORTS])
def test_hostile_upload_is_refused_and_changes_nothing(store, name, file_name, make, message):
    content = make()
    before = state(store)
    result = importer.preview(content, file_name, store, EDITOR)  # how fast: bench/bench_limits.py
    assert not result.ok and result.fatal is not None, result.report(5)
    assert message in result.fatal, result.fatal
    with pytest.raises(importer.ImportRefused):
        importer.commit(result, EDITOR, store)
    assert state(store) == before


def test_a_bomb_is_refused_by_its_directory_before_anything_is_inflated(monkeypatch):
    content = hostile.shared_string_bomb(280)
    inflated = []
    real = limits.chunks
    monkeypatch.setattr(limits, "chunks", lambda *a, **k: inflated.append(a[1]) or real(*a, **k))
    with pytest.raises(limits.Refused, match="khi giải nén là 280 MB"):
        limits.open_zip(content, "bom.xlsx")
    assert inflated == []


def test_problems_are_capped_and_counted(store):
    # 2 000 rows repeating the first (wide layout, 19 criteria each): one problem per row, 200 kept, the rest counted
    result = importer.preview(hostile.repeated_rows_xlsx(2_001), "lap.xlsx", store, EDITOR)
    assert len(result.rejected) == limits.MAX_PROBLEMS and result.omitted == 2_000 - limits.MAX_PROBLEMS
    assert result.n_problems == 2_000 and not result.ok
    first = result.rejected[0]
    assert first.row == 3 and first.message.startswith("trùng với dòng 2: cùng 02779 Thanh Bình (Mường Khương)")
    assert "và 18 ô khác (giống hệt)" in first.message
    text = result.report()
    assert "... và 1800 lỗi khác" in text and text.count("trùng với dòng 2") == limits.MAX_PROBLEMS


def test_declared_member_count_is_read_before_the_directory():
    content = hostile.many_sheets_xlsx(3)
    assert limits.declared_members(content) == 4 + 3  # content types, rels, workbook, its rels + 3 sheets
    assert limits.declared_members(b"not a zip") is None


def test_limits_hold_for_a_file_just_within_them(store):
    # the title block and 2 500 long-layout rows of 5 cells, well inside every limit: read, not refused
    rows = [["BIỂU TỔNG HỢP"], [], hostile.HEAD] + [
        ["2020-12", "02779", "Thanh Bình", i % 19 + 1, "Đạt"] for i in range(2_500)
    ]
    result = importer.preview(hostile.simple_xlsx(rows), "vua.xlsx", store, EDITOR)
    assert result.fatal is None and result.rows_read == 2_500
    assert Path(store.db).exists()


# ---- backups -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def backup(base_db, tmp_path_factory):
    from ntm.loading import archive

    return archive.export_zip(make_store(tmp_path_factory.mktemp("hostile_export"), base_db))


@pytest.fixture(scope="module")
def corpus(backup) -> dict[str, bytes]:
    """The malformed and lying backups, made once for the module (each test reads one)."""
    return hostile.restore_corpus(backup)


RESTORES = {
    "empty": "rỗng (0 byte)",
    "not a zip": "nội dung không phải zip",
    "truncated": "không đọc được cấu trúc zip",
    "bad json": "manifest.json bị hỏng (không đọc được JSON",
    "bad crc": "phần 'data/targets.csv' bị hỏng, không giải nén được (sai mã kiểm tra CRC)",
    "non utf-8": "data/sponsors.csv không phải văn bản UTF-8",
    "wrong columns": "data/commune_status.csv không đúng cột của bảng kết quả tiêu chí của xã; cột lạ: foo, bar",
    "wrong columns with rows": "cột lạ: foo, bar; thiếu cột: period_id, unit_id, criterion_code, met, provenance",
    "wrong types": "dòng 2, cột 'criterion_code': tiêu chí không có trong bộ tiêu chí của kỳ 2015-12",
    "symlink": "phần 'data/sponsors.csv' là liên kết hoặc tệp đặc biệt",
    "missing hash": "manifest.json không có mã băm của targets.csv",
    "unknown member": "chứa 'data/../../evil.csv': không phải tệp của bản sao lưu",
    "header only": "sẽ làm rỗng bảng sponsors (cơ quan giúp đỡ xã): xóa toàn bộ 82 dòng",
}


@pytest.mark.parametrize("name", list(RESTORES))
def test_hostile_backup_is_refused_with_its_message_and_changes_nothing(store, corpus, name):
    from ntm.loading import archive

    content = corpus[name]
    before = state(store)
    with pytest.raises(importer.ImportRefused) as refused:
        archive.restore(content, f"{name}.zip", EDITOR, store)
    assert RESTORES[name] in str(refused.value), str(refused.value)
    assert state(store) == before


def test_restore_bomb_is_refused_before_inflating(store, backup):
    from ntm.loading import archive

    content = hostile.restore_bomb(backup, 480)
    before = state(store)
    with pytest.raises(importer.ImportRefused, match="data/commune_status.csv' khi giải nén là 479 MB .tối đa 24 MB"):
        archive.restore(content, "bom.zip", EDITOR, store)
    assert state(store) == before


def test_emptying_a_table_needs_a_confirmation_naming_it(store, corpus):
    from ntm.loading import archive

    content = corpus["header only"]
    with pytest.raises(archive.NeedsConfirmation) as asked:
        archive.restore(content, "rong.zip", EDITOR, store, confirm_empty=["targets"])  # another table: not enough
    assert asked.value.tables == {"sponsors": 82} and "--confirm-empty sponsors" in str(asked.value)
    entry = archive.restore(content, "rong.zip", EDITOR, store, confirm_empty=["sponsors"])
    assert entry["rows_removed"] == 82 and entry["action"] == "restore"
    from ntm.data.db import fresh_connection

    con = fresh_connection(store.db)
    assert con.execute("SELECT count(*) FROM sponsors").fetchone() == (0,)
    con.close()


def test_a_restore_lists_changes_by_table_and_keeps_exact_counts(store, backup):
    from ntm.loading import archive

    with zipfile.ZipFile(io.BytesIO(backup)) as zf:
        status = zf.read("data/commune_status.csv").decode()
    lines = status.splitlines()
    flipped = [lines[0]] + [_flip(line) for line in lines[1:4]] + lines[4:]  # three results turned over
    content = hostile.rezip(backup, {"data/commune_status.csv": ("\n".join(flipped) + "\n").encode()})
    plan = archive.plan_restore(content, "ba.zip", store)
    assert (plan.added, plan.changed, plan.removed) == (0, 3, 0)
    assert plan.by_table == {"commune_status.csv": (0, 3, 0)} and plan.emptied == {}
    assert set(plan.changes["column"]) == {"met"} and len(plan.changes) == 3
    assert "kết quả tiêu chí của xã: 0 thêm, 3 sửa, 0 xóa" in plan.summary()
    changes, added, changed, removed = archive.table_diff(
        "commune_status.csv", plan.overlay["commune_status.csv"][0], plan.overlay["commune_status.csv"][0].head(0), 2
    )
    assert (added, changed, removed) == (0, 0, len(lines) - 1) and len(changes) == 2  # capped rows, exact counts


def _flip(line: str) -> str:
    cells = line.split(",")
    cells[4] = "0" if cells[4] == "1" else "1"
    return ",".join(cells)


# ---- data the pages rely on -----------------------------------------------------------------------

TARGET_HEAD = [
    "Mã mục tiêu",
    "Nhóm mục tiêu",
    "Nội dung mục tiêu",
    "Phạm vi",
    "Mã phạm vi",
    "Chỉ tiêu đo",
    "Giá trị mục tiêu",
    "Thời hạn",
    "Chiều đánh giá",
]


def _target(target_id: str, group: str = "advanced_per_district", label: str = "Xã nâng cao", code: str = "83"):
    return [target_id, group, label, "Huyện", code, "advanced_communes", 3, "31/12/2020", "Càng cao càng tốt"]


@pytest.mark.parametrize(
    "row,message",
    [
        (_target("moi_1", group="nhom_la"), "giá trị không nằm trong danh sách cho phép"),
        (_target("moi_2", label="x" * 5_000), "dài quá 200 ký tự"),
        (_target("moi_3"), "mỗi phạm vi và chỉ tiêu đo chỉ có một mục tiêu cho một thời hạn"),
    ],
    ids=["unknown target group", "5 000-character label", "second target for a district and measure"],
)
def test_data_that_would_break_a_page_is_refused_at_import(store, row, message):
    before = state(store)
    result = importer.preview(hostile.simple_xlsx([TARGET_HEAD, row]), "muc_tieu.xlsx", store, EDITOR)
    assert not result.ok and message in result.report(), result.report()
    with pytest.raises(importer.ImportRefused):
        importer.commit(result, EDITOR, store)
    assert state(store) == before
