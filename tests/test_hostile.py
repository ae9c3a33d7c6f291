"""Hostile files (tests/hostile.py, built here, never committed): each is refused fast with a Vietnamese
message, and leaves the database, the store and the audit log byte for byte as they were."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from ntm.data import build
from ntm.loading import importer, limits
from ntm.loading.auth import User
from tests import hostile
from tests.importing import make_store

EDITOR = User("tinh", None)


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile_base") / "ntm.duckdb"
    build.build(path, overlay=None)
    return path


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
def test_hostile_upload_is_refused_fast_and_changes_nothing(store, name, file_name, make, message):
    content = make()
    before = state(store)
    t0 = time.perf_counter()
    result = importer.preview(content, file_name, store, EDITOR)
    elapsed = time.perf_counter() - t0
    assert not result.ok and result.fatal is not None, result.report(5)
    assert message in result.fatal, result.fatal
    assert elapsed < 2.0, f"refused after {elapsed:.1f} s"
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
