"""Importing real data: messy files accepted, hostile files refused with the right Vietnamese message
and the database left exactly as it was, rights, undo, export/restore, concurrency and recovery."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
import zipfile

import duckdb
import openpyxl
import pytest

from ntm.data import build
from ntm.data.db import fresh_connection
from ntm.loading import archive, audit, auth, importer, templates
from ntm.loading.catalog import Catalog
from ntm.loading.store import Busy
from tests.cli import run_cli
from tests.importing import (
    EXTRA_PERIODS,
    big_dataset,
    big_status_rows,
    make_store,
    same_data,
    snapshot,
    xlsx,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EDITOR = auth.User("tinh", None)
MK_EDITOR = auth.User("mk", "083")
HEAD = ["Kỳ báo cáo", "Mã xã", "Tên xã", "Tiêu chí", "Kết quả"]


@pytest.fixture()
def store(tmp_path, base_db):
    return make_store(tmp_path, base_db)


def q(db, sql):
    con = fresh_connection(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def status(db, period, unit):
    return dict(
        q(db, f"SELECT criterion_code, met FROM commune_status WHERE period_id = '{period}' AND unit_id = '{unit}'")
    )


# ---- messy but valid -----------------------------------------------------------------------------


def messy_file() -> bytes:
    nfd = unicodedata.normalize("NFD", "Thanh  Bình ")
    rows = [
        ["BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ NTM"],
        ["(Kèm theo báo cáo số 12/BC-UBND)"],
        [],
        ["STT", "Kỳ báo cáo", "Huyện", "Mã xã", "Tên xã", "Kết quả thực hiện tiêu chí", None, None, "Nguồn"],
        [None, None, None, None, None, "TC1", "TC 2", "Tiêu chí 3", None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
        ["I", "Huyện Mường Khương"],
        [1, "12/2020", None, 2779, nfd, "đạt", "x", "Chưa đạt", "BC 12/BC-UBND"],
        [2, "2020-12", None, None, " Bản  Lầu", 1, "0", None, None],
        ["II", None, "Sa Pa", None, None],
        [3, "Cuối năm 2020", "Sa Pa", None, "Thanh Bình", "Đạt", "Đạt", "Đạt", None],
        [None, "Tổng cộng", None, None, None, 3, 2, 1, None],
    ]
    merges = ["A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:H4", "I4:I5"]
    return xlsx(rows, merges=merges)


def test_messy_government_file_is_read_and_written(store):
    result = importer.preview(messy_file(), "bao_cao.xlsx", store, EDITOR)
    assert result.ok, result.report()
    assert result.rows_read == 4 and len(result.accepted) == 9  # the 'II | Sa Pa' line is read, holds no result
    assert "1 dòng để trống toàn bộ tiêu chí được bỏ qua (chưa báo cáo) ở trang 'Biểu 01'" in result.notes
    importer.commit(result, EDITOR, store)
    # code without leading zero + NFD name with stray spaces -> 02779; heading row gives Mường Khương for Bản Lầu;
    # Thanh Bình by name is unambiguous inside Sa Pa -> 03022-2020 (the code GSO re-used in 2020)
    assert [status(store.db, "2020-12", "02779")[c] for c in "123"] == [True, True, False]
    ban_lau = q(store.db, "SELECT unit_id FROM units WHERE unit_name = 'Bản Lầu'")[0][0]
    assert [status(store.db, "2020-12", ban_lau)[c] for c in "123"] == [True, False, False]
    assert [status(store.db, "2020-12", "03022-2020")[c] for c in "123"] == [True, True, True]
    assert (
        q(
            store.db,
            "SELECT provenance FROM commune_status WHERE period_id='2020-12' AND unit_id='02779' "
            "AND criterion_code='1'",
        )[0][0]
        == "BC 12/BC-UBND"
    )
    assert (
        q(
            store.db,
            "SELECT provenance FROM commune_status WHERE period_id='2020-12' AND unit_id='03022-2020' "
            "AND criterion_code='1'",
        )[0][0]
        == "Tệp nhập: bao_cao.xlsx"
    )
    assert audit.consistency(store) == []


def test_code_resolves_against_the_periods_own_base(store):
    # 03022 was xã Bản Phùng until 2019 and is xã Thanh Bình from 2020
    rows = [HEAD, ["2019-12", "03022", "Bản Phùng", 1, "Chưa đạt"], ["2020-12", "03022", "Thanh Bình", 1, "Chưa đạt"]]
    result = importer.preview(xlsx(rows), "ma.xlsx", store, EDITOR)
    assert result.ok, result.report()
    keys = set(zip(result.records["commune_status.csv"].period_id, result.records["commune_status.csv"].unit_id))
    assert keys == {("2019-12", "03022"), ("2020-12", "03022-2020")}


# ---- hostile files: right message, nothing written -----------------------------------------------


def _garbage_xlsx() -> bytes:
    return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n"


HOSTILE = [
    ("empty", "rong.xlsx", lambda: b"", "rỗng (0 byte)"),
    ("renamed", "bao_cao.xlsx", _garbage_xlsx, "không phải tệp Excel hợp lệ"),
    ("header only", "trong.xlsx", lambda: xlsx([HEAD]), "không có dòng số liệu nào"),
    ("no header", "lung_tung.xlsx", lambda: xlsx([["a", "b"], [1, 2]]), "không tìm thấy dòng tiêu đề"),
    (
        "wrong code",
        "ma_sai.xlsx",
        lambda: xlsx([HEAD, ["2020-12", "99999", "", 1, "Đạt"]]),
        "cột 'Mã xã' (giá trị: '99999'): mã xã '99999' không có trong danh sách xã của kỳ 2020-12",
    ),
    (
        "code and name disagree",
        "lech.xlsx",
        lambda: xlsx([HEAD, ["2020-12", "02779", "Bản Lầu", 1, "Đạt"]]),
        "mã xã 02779 là xã Thanh Bình (Mường Khương) nhưng tên trong tệp là 'Bản Lầu'",
    ),
    (
        "ambiguous name",
        "trung_ten.xlsx",
        lambda: xlsx([HEAD, ["2020-12", None, "Thanh Bình", 1, "Đạt"]]),
        "tên xã 'Thanh Bình' trùng ở 2 xã (02779 (Mường Khương), 03022 (TX Sa Pa)); hãy ghi mã xã",
    ),
    (
        "unknown criterion long",
        "tc20.xlsx",
        lambda: xlsx([HEAD, ["2020-12", "02779", "", 20, "Đạt"]]),
        "dòng 2: cột 'Tiêu chí' (giá trị: '20'): tiêu chí '20' không có trong bộ tiêu chí QD1980_2016 (mã 1–19)",
    ),
    (
        "unknown criterion wide",
        "tc20w.xlsx",
        lambda: xlsx([["Kỳ báo cáo", "Mã xã", "TC1", "TC20"], ["2020-12", "02779", "Đạt", "Đạt"]]),
        "dòng 1: cột 'TC20' (giá trị: 'TC20'): cột tiêu chí này không có trong bộ tiêu chí",
    ),
    (
        "duplicates",
        "trung.xlsx",
        lambda: xlsx([HEAD, ["2020-12", "02779", "", 1, "Đạt"], ["2020-12", "2779", "", "TC1", "0"]]),
        "dòng 3: trùng với dòng 2",
    ),
    (
        "wrong period",
        "ky.xlsx",
        lambda: xlsx([HEAD, ["2021-12", "02779", "", 1, "Đạt"]]),
        "kỳ báo cáo '2021-12' không có trong hệ thống",
    ),
    (
        "unreadable result",
        "kq.xlsx",
        lambda: xlsx([HEAD, ["2020-12", "02779", "", 1, "Đạt rồi"]]),
        "không hiểu kết quả",
    ),
    (
        "formula in a result",
        "cong_thuc.xlsx",
        lambda: xlsx([HEAD, ["2020-12", "02779", "", 1, '=HYPERLINK("http://x","Đạt")']]),
        "ô chứa công thức",
    ),
    ("csv with binary", "nhi_phan.csv", lambda: b"a,b\x00\x01", "không phải tệp văn bản CSV"),
]


@pytest.mark.parametrize("name,file_name,make,message", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_file_gets_its_message_and_changes_nothing(store, name, file_name, make, message):
    before = snapshot(store.db)
    result = importer.preview(make(), file_name, store, EDITOR)
    assert not result.ok
    text = result.report()
    assert message in text, text
    with pytest.raises(importer.ImportRefused):
        importer.commit(result, EDITOR, store)
    assert same_data(snapshot(store.db), before, ignore=())
    assert store.current() == "" and audit.entries(store) == []


def test_one_bad_row_means_nothing_is_written(store):
    before = snapshot(store.db)
    rows = [HEAD, ["2020-12", "02779", "", 1, "Chưa đạt"], ["2020-12", "99999", "", 1, "Đạt"]]
    result = importer.preview(xlsx(rows), "mot_loi.xlsx", store, EDITOR)
    assert len(result.accepted) == 1 and len(result.rejected) == 1
    with pytest.raises(importer.ImportRefused, match="tệp có lỗi"):
        importer.commit(result, EDITOR, store)
    assert same_data(snapshot(store.db), before, ignore=())


def test_formula_and_markup_are_stored_as_inert_text(store):
    link, script = '=HYPERLINK("http://evil.example","bấm")', "<script>alert(1)</script>"
    rows = [HEAD + ["Nguồn"], ["2020-12", "02779", "", 1, "Đạt", link], ["2020-12", "02779", "", 2, "Đạt", script]]
    importer.commit(importer.preview(xlsx(rows), "nguon.xlsx", store, EDITOR), EDITOR, store)
    stored = dict(
        q(
            store.db,
            "SELECT criterion_code, provenance FROM commune_status WHERE period_id='2020-12' "
            "AND unit_id='02779' AND criterion_code IN ('1','2')",
        )
    )
    assert stored == {"1": link, "2": script}
    # written back out it stays text: a string cell in Excel, an apostrophe-prefixed value in the CSV export
    wb = openpyxl.Workbook()
    cell = templates.put(wb.active, 1, 1, link)
    out = io.BytesIO()
    wb.save(out)
    back = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert cell.data_type == "s" and back.data_type == "s" and back.value == link
    with zipfile.ZipFile(io.BytesIO(archive.export_zip(store))) as zf:
        csv_text = zf.read("data/commune_status.csv").decode("utf-8")
    assert "'=HYPERLINK" in csv_text and "\n=HYPERLINK" not in csv_text and ",=HYPERLINK" not in csv_text


# ---- rights --------------------------------------------------------------------------------------


def test_district_editor_is_refused_outside_their_district(store):
    before = snapshot(store.db)
    rows = [HEAD, ["2020-12", "02779", "", 1, "Chưa đạt"], ["2020-12", "02686", "", 1, "Chưa đạt"]]  # 083, 082
    result = importer.preview(xlsx(rows), "hai_huyen.xlsx", store, MK_EDITOR)
    assert [r.row for r in result.rejected] == [3]
    assert (
        "tài khoản 'mk' chỉ được cập nhật dữ liệu của huyện 083 Mường Khương; dòng này thuộc huyện 082 Bát Xát"
        in result.rejected[0].reason
    )
    with pytest.raises(importer.ImportRefused):
        importer.commit(result, MK_EDITOR, store)
    assert same_data(snapshot(store.db), before, ignore=())
    own = importer.preview(xlsx(rows[:2]), "mk.xlsx", store, MK_EDITOR)
    importer.commit(own, MK_EDITOR, store)
    assert status(store.db, "2020-12", "02779")["1"] is False


def test_viewer_is_refused_every_write(store):
    before = snapshot(store.db)
    result = importer.preview(xlsx([HEAD, ["2020-12", "02779", "", 1, "Chưa đạt"]]), "x.xlsx", store)
    assert result.ok
    for write in (
        lambda: importer.commit(result, None, store),
        lambda: importer.undo(None, store),
        lambda: archive.restore(archive.export_zip(store), "b.zip", None, store),
    ):
        with pytest.raises(auth.AuthError, match="Cần đăng nhập tài khoản biên tập"):
            write()
    with pytest.raises(auth.AuthError, match="cần tài khoản cấp tỉnh"):
        archive.restore(archive.export_zip(store), "b.zip", MK_EDITOR, store)
    assert same_data(snapshot(store.db), before, ignore=())


def test_district_editor_cannot_undo_a_province_import(store):
    importer.commit(
        importer.preview(xlsx([HEAD, ["2020-12", "02686", "", 1, "Chưa đạt"]]), "bx.xlsx", store, EDITOR), EDITOR, store
    )
    with pytest.raises(auth.AuthError, match="chỉ được hoàn tác lần nhập của chính huyện 083"):
        importer.undo(MK_EDITOR, store)


def test_login_backoff_is_persisted(tmp_path):
    users = tmp_path / "users.json"
    auth.add_user("an", "mat-khau-dai", "083", users)
    t0 = 1_000_000.0
    for i in range(3):
        with pytest.raises(auth.AuthError, match="không đúng"):
            auth.authenticate("an", "sai", users, now=t0 + i)
    # the third failure imposes 2 s; even the right password is refused until then, and no hash is checked
    with pytest.raises(auth.AuthError, match="Vui lòng chờ 2 giây"):
        auth.authenticate("an", "mat-khau-dai", users, now=t0 + 2.5)
    assert json.loads((tmp_path / "users.failures.json").read_text())["an"]["count"] == 3
    assert auth.authenticate("an", "mat-khau-dai", users, now=t0 + 4.5) == auth.User("an", "083")
    assert "an" not in json.loads((tmp_path / "users.failures.json").read_text())
    assert "mat-khau-dai" not in users.read_text() and "$argon2id$" in users.read_text()
    assert auth.wait_seconds(6) == 16 and auth.wait_seconds(40) == auth.MAX_WAIT_S


def test_passwords_are_stored_at_argon2s_recommended_cost(tmp_path, monkeypatch):
    from tests.conftest import PRODUCTION_HASHER  # the tests' own logins use the cheapest cost

    monkeypatch.setattr(auth, "_HASHER", PRODUCTION_HASHER)
    users = tmp_path / "users.json"
    auth.add_user("an", "mat-khau-dai", "083", users)
    # RFC 9106's second recommended option (argon2-cffi's default): 64 MiB, 3 passes, 4 lanes
    assert json.loads(users.read_text())["an"]["hash"].startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert auth.authenticate("an", "mat-khau-dai", users) == auth.User("an", "083")
    with pytest.raises(auth.AuthError, match="không đúng"):
        auth.authenticate("an", "mat-khau-sai", users)


# ---- undo, export, restore -----------------------------------------------------------------------


def test_undo_brings_back_exactly_the_previous_data(store):
    before = snapshot(store.db)
    importer.commit(importer.preview(messy_file(), "a.xlsx", store, EDITOR), EDITOR, store)
    assert not same_data(snapshot(store.db), before)
    entry = importer.undo(EDITOR, store)
    assert entry["version_after"] == "" and store.current() == ""
    after = snapshot(store.db)  # undo rebuilds from data/: compare the tables imports write
    assert all(after[t] == before[t] for t in ("commune_status", "recognitions", "targets", "sponsors"))
    assert [e["action"] for e in audit.entries(store)] == ["import", "undo"]
    assert audit.consistency(store) == []
    changes = importer.read_changes(store, audit.entries(store)[1])
    assert set(changes["change"]) == {"thay đổi"} and len(changes) > 0
    with pytest.raises(importer.ImportRefused, match="Không có lần nhập nào để hoàn tác"):
        importer.undo(EDITOR, store)


def test_export_then_restore_gives_back_the_exported_data(store):
    importer.commit(importer.preview(messy_file(), "a.xlsx", store, EDITOR), EDITOR, store)
    exported = snapshot(store.db)
    backup = archive.export_zip(store)
    with zipfile.ZipFile(io.BytesIO(backup)) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
    assert {"manifest.json", "tu_dien_du_lieu.csv", "data/commune_status.csv", "data/periods.csv"} <= names
    assert manifest["data_as_of"] == max(r[0] for r in q(store.db, "SELECT CAST(as_of_date AS VARCHAR) FROM periods"))
    importer.commit(
        importer.preview(xlsx([HEAD, ["2020-12", "02779", "", 5, "Chưa đạt"]]), "b.xlsx", store, EDITOR), EDITOR, store
    )
    entry = archive.restore(backup, "sao_luu.zip", EDITOR, store)
    assert entry["action"] == "restore" and entry["rows_changed"] == 1
    assert same_data(snapshot(store.db), exported)
    tampered = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(backup)) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.namelist():
            data = src.read(item)
            dst.writestr(item, data.replace(b",1,", b",0,", 1) if item == "data/commune_status.csv" else data)
    with pytest.raises(importer.ImportRefused, match="không khớp mã băm"):
        archive.restore(tampered.getvalue(), "sua.zip", EDITOR, store)


# ---- templates: every kind imports back ----------------------------------------------------------


def test_filled_templates_import_back(store):
    cat = Catalog.load(store.db)
    book = openpyxl.load_workbook(io.BytesIO(templates.template("status", cat, "2020-12", "083")))
    ws = book["Biểu nhập"]
    assert ws.cell(row=6, column=7).value == "1. Quy hoạch" and ws.data_validations.dataValidation
    row = next(r for r in range(7, ws.max_row + 1) if ws.cell(row=r, column=5).value == "02779")
    for col in range(7, 26):
        ws.cell(row=row, column=col, value="x")
    out = io.BytesIO()
    book.save(out)
    result = importer.preview(out.getvalue(), "mau_status.xlsx", store, MK_EDITOR)
    assert result.ok and len(result.accepted) == 19, result.report()

    fills = {
        "recognitions": {
            "Mã xã": "02779",
            "Mức đạt chuẩn": "NTM nâng cao",
            "Năm công nhận": 2020,
            "Ngày quyết định": "15/12/2020",
            "Số quyết định": "99/QĐ-UBND",
        },
        "targets": {
            "Mã mục tiêu": "test_083",
            "Phạm vi": "Huyện",
            "Mã phạm vi": "83",
            "Chỉ tiêu đo": "advanced_communes",
            "Giá trị mục tiêu": 2,
            "Thời hạn": "31/12/2021",
            "Chiều đánh giá": "Càng cao càng tốt",
        },
        "poverty": {"Năm": 2021, "Huyện": "Mường Khương", "Tổng số hộ": "13.500", "Số hộ nghèo": 2100},
        "resources": {
            "Năm": 2021,
            "Mã huyện": "083",
            "Nguồn vốn": cat.resource_sources.get("central_budget"),
            "Số tiền (triệu đồng)": "1.234,5",
        },
    }
    for kind, values in fills.items():
        book = openpyxl.load_workbook(io.BytesIO(templates.template(kind, cat)))
        ws = book["Biểu nhập"]
        heads = {str(ws.cell(row=5, column=c).value).rstrip(" *"): c for c in range(1, ws.max_column + 1)}
        for label, value in values.items():
            ws.cell(row=6, column=heads[label], value=value)
        out = io.BytesIO()
        book.save(out)
        result = importer.preview(out.getvalue(), f"mau_{kind}.xlsx", store, EDITOR)
        assert result.ok and result.kind == kind and len(result.accepted) == 1, result.report()
        importer.commit(result, EDITOR, store)
    assert q(store.db, "SELECT level, year, decision_date FROM advanced_recognitions WHERE unit_id = '02779'") == [
        ("NTM nâng cao", 2020, __import__("datetime").date(2020, 12, 15))
    ]
    assert q(store.db, "SELECT scope_code, value FROM targets WHERE target_id = 'test_083'") == [("083", 2.0)]
    assert q(
        store.db, "SELECT households, poor_households FROM poverty_district WHERE year = 2021 AND district_code = '083'"
    ) == [(13500, 2100)]
    assert q(
        store.db,
        "SELECT amount_mil_vnd FROM resources WHERE year = 2021 AND district_code = '083' "
        "AND source_code = 'central_budget'",
    ) == [(1234.5,)]


# ---- concurrency, killed process, recovery -------------------------------------------------------


def _env(store) -> dict:
    return {
        **os.environ,
        "NTM_DB": str(store.db),
        "NTM_STORE": str(store.root),
        "NTM_USERS": str(store.root / "users.json"),
        "PYTHONPATH": ROOT,
    }


def test_second_writer_gets_a_clear_message(store):
    before = snapshot(store.db)
    marker = store.root / "held"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time, pathlib; from ntm.loading.store import Store\n"
                "with Store.default().lock('ha'):\n"
                f"    pathlib.Path({str(marker)!r}).touch(); time.sleep(30)\n"
            ),
        ],
        env=_env(store),
        cwd=ROOT,
    )
    try:
        deadline = time.time() + 30
        while not marker.exists() and time.time() < deadline:
            time.sleep(0.05)
        result = importer.preview(xlsx([HEAD, ["2020-12", "02779", "", 1, "Chưa đạt"]]), "x.xlsx", store, EDITOR)
        with pytest.raises(Busy, match="Đang có một lần nhập, hoàn tác hoặc khôi phục dữ liệu khác chạy .tài khoản ha"):
            importer.commit(result, EDITOR, store)
    finally:
        holder.kill()
        holder.wait()
    assert same_data(snapshot(store.db), before, ignore=())
    importer.commit(result, EDITOR, store)  # the lock died with its process


def test_import_killed_midway_leaves_database_and_log_intact(store):
    auth.add_user("tinh", "mat-khau-dai", None, store.root / "users.json")
    rows = [["Kỳ báo cáo", "Mã xã"] + [f"TC{i}" for i in range(1, 20)]]
    rows += [["2020-12", u.unit_code] + ["Đạt"] * 19 for u in Catalog.load(store.db).base["2020-12"]]
    path = store.root.parent / "ca_tinh.xlsx"
    path.write_bytes(xlsx(rows))
    before = snapshot(store.db)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ntm", "import", str(path), "--user", "tinh"],
        env=_env(store),
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    proc.stdin.write(b"mat-khau-dai\n")
    proc.stdin.close()
    deadline = time.time() + 120
    while time.time() < deadline and not list(store.db.parent.glob("ntm.duckdb.tmp-next-*")):
        assert proc.poll() is None, "the import finished before it could be killed"
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)  # while the new database is being built
    proc.wait()
    assert same_data(snapshot(store.db), before, ignore=())
    assert store.current() == "" and audit.entries(store) == [] and audit.consistency(store) == []
    with store.lock("test"):
        notes = store.recover()
    assert any("Đã hủy lần ghi bị gián đoạn (ca_tinh.xlsx)" in n for n in notes)
    assert not store.pending.exists() and not list(store.db.parent.glob("ntm.duckdb.tmp-next-*"))
    entry = importer.commit(importer.preview(path.read_bytes(), path.name, store, EDITOR), EDITOR, store)
    assert entry["rows_changed"] > 0 and audit.consistency(store) == []


def test_death_after_the_commit_point_is_finished_by_the_next_writer(store, monkeypatch):
    import ntm.loading.store as store_module

    real_replace = os.replace

    def die_on_db_swap(src, dst):
        if str(dst) == str(store.db):
            raise KeyboardInterrupt("killed")
        return real_replace(src, dst)

    result = importer.preview(xlsx([HEAD, ["2020-12", "02779", "", 1, "Chưa đạt"]]), "x.xlsx", store, EDITOR)
    monkeypatch.setattr(store_module.os, "replace", die_on_db_swap)
    with pytest.raises(KeyboardInterrupt):
        importer.commit(result, EDITOR, store)
    monkeypatch.setattr(store_module.os, "replace", real_replace)
    assert store.current() == "000001" and status(store.db, "2020-12", "02779")["1"] is True  # pointer moved, db not
    assert audit.consistency(store) != []
    with store.lock("test"):
        notes = store.recover()
    assert any("Đã hoàn tất lần ghi bị gián đoạn (x.xlsx)" in n for n in notes)
    assert status(store.db, "2020-12", "02779")["1"] is False
    assert [e["action"] for e in audit.entries(store)] == ["import"] and audit.consistency(store) == []


# ---- a 20 000-row file ---------------------------------------------------------------------------


def test_twenty_thousand_rows(tmp_path):
    data = big_dataset(tmp_path)
    base = tmp_path / "base.duckdb"
    build.build(base, data, overlay=None)
    store = make_store(tmp_path, base, data)
    content = xlsx(big_status_rows(store.db, 20_000))
    before = snapshot(store.db)
    result = importer.preview(content, "hai_muoi_nghin.xlsx", store, EDITOR)
    assert result.ok, result.report(5)
    assert len(result.accepted) == 20_000 and result.added == 20_000 and result.changed == 0
    assert same_data(snapshot(store.db), before, ignore=())  # the dry run wrote nothing
    importer.commit(result, EDITOR, store)
    periods = "', '".join(EXTRA_PERIODS)
    assert q(store.db, f"SELECT count(*) FROM commune_status WHERE period_id IN ('{periods}')") == [(20_000,)]
    importer.undo(EDITOR, store)
    assert same_data(snapshot(store.db), before)


# ---- command line ----------------------------------------------------------------------------------


def test_cli_dry_run_rejects_and_import_writes(store):
    auth.add_user("tinh", "mat-khau-dai", None, store.root / "users.json")
    bad, good = store.root.parent / "bad.xlsx", store.root.parent / "good.xlsx"
    bad.write_bytes(xlsx([HEAD, ["2020-12", "99999", "", 1, "Đạt"]]))
    good.write_bytes(xlsx([HEAD, ["2020-12", "02779", "", 1, "Chưa đạt"]]))
    before = snapshot(store.db)

    def run(*a: str, stdin: str = "") -> subprocess.CompletedProcess:
        return run_cli(*a, env=_env(store), stdin=stdin)

    out = run("import", str(bad), "--dry-run")  # `main` in this process: tests/test_build.py runs the entry point
    assert out.returncode == 1 and "mã xã '99999' không có trong danh sách xã của kỳ 2020-12" in out.stderr
    assert out.stdout == ""
    out = run("import", str(bad), "--dry-run", "--json")  # exactly one JSON document on stdout, errors on stderr
    answer = json.loads(out.stdout)
    assert out.returncode == 1 and answer["ok"] is False and answer["written"] is None
    assert answer["rejected_rows"] == [
        {
            "sheet": "Biểu 01",
            "row": 2,
            "problems": "cột 'Mã xã' (giá trị: '99999'): mã xã '99999' không có trong danh sách xã của kỳ 2020-12",
        }
    ]
    assert out.stderr.startswith("Lỗi: Tệp bad.xlsx")
    out = run("import", str(good), "--dry-run", "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["added"] == 0 and json.loads(out.stdout)["changed"] == 1
    out = run("import", str(store.root.parent / "khong_co.xlsx"), "--json")
    assert out.returncode == 2 and out.stdout == "" and "không tìm thấy tệp" in out.stderr
    empty = store.root.parent / "rong.xlsx"
    empty.write_bytes(b"")
    out = run("import", str(empty), "--dry-run")
    assert out.returncode == 1 and out.stdout == "" and "rỗng (0 byte)" in out.stderr
    out = run("import", str(bad), "--user", "tinh", stdin="mat-khau-dai\n")
    assert out.returncode == 1
    out = run("import", str(good))
    assert out.returncode == 1 and "Cần --user" in out.stderr
    assert same_data(snapshot(store.db), before, ignore=())
    out = run("import", str(good), "--user", "tinh", "--json", stdin="mat-khau-dai\n")
    assert out.returncode == 0 and json.loads(out.stdout)["written"]["version_after"] == "000001", out.stderr
    assert status(store.db, "2020-12", "02779")["1"] is False
    out = run("undo", "--user", "tinh", stdin="mat-khau-dai\n")
    assert out.returncode == 0 and status(store.db, "2020-12", "02779")["1"] is True


def test_the_catalogue_is_read_again_from_a_swapped_in_file(mini_db, tmp_path):
    """Catalog.load keeps the catalogue of each version of the database file: a file swapped in (what every write
    does) is read again, the same file is not."""
    first = Catalog.load(mini_db)
    assert Catalog.load(mini_db) is first
    new = tmp_path / "next.duckdb"
    shutil.copy(mini_db, new)
    with duckdb.connect(str(new)) as con:
        con.execute("UPDATE districts SET district_short = 'Đổi tên' WHERE district_code = '001'")
    os.replace(new, mini_db)
    assert Catalog.load(mini_db).districts["001"] == "Đổi tên" != first.districts["001"]
