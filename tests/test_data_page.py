"""The data page: viewers see no write controls; an editor logs in, previews a file (dry run) and
confirms, and the app's other pages then show the new figures."""

from __future__ import annotations

import io
import shutil
import zipfile

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from ntm.data.db import fresh_connection
from ntm.loading import auth
from tests import headline
from tests.importing import logged_in_data_page, xlsx
from tests.test_analysis_pages import media  # noqa: F401  (the fixture that reads a download)


@pytest.fixture()
def app_env(tmp_path, monkeypatch, base_db):
    """The app on a private copy of the bundled database (built once per session), its own store and editor."""
    db = tmp_path / "ntm.duckdb"
    monkeypatch.setenv("NTM_DB", str(db))
    monkeypatch.setenv("NTM_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("NTM_USERS", str(tmp_path / "users.json"))
    shutil.copyfile(base_db, db)
    auth.add_user("tinh", "mat-khau-dai")
    return db


def _recognised(db, period):
    """(communes meeting all 19 criteria, communes in the base), counted straight from the file."""
    con = fresh_connection(db)
    try:
        return con.execute(
            "SELECT count(*) FILTER (WHERE m = 19), count(*) FROM "
            "(SELECT pu.unit_id, count(*) FILTER (WHERE cs.met) AS m "
            "FROM period_units pu LEFT JOIN commune_status cs USING (period_id, unit_id) "
            "WHERE pu.period_id = ? GROUP BY 1)",
            [period],
        ).fetchone()
    finally:
        con.close()


def test_login_dry_run_preview_and_confirm(app_env):
    db = app_env
    at = AppTest.from_file("../app.py", default_timeout=120).run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert any("Cần đăng nhập" in i.value for i in at.info)
    assert not at.file_uploader  # a viewer gets no upload control
    at.text_input(key="data_login_name").input("tinh")
    at.text_input(key="data_login_password").input("sai-mat-khau")
    at.get("form_submit_button")[0].click().run()
    assert any("không đúng" in e.value for e in at.error)
    at.text_input(key="data_login_password").input("mat-khau-dai")
    at.get("form_submit_button")[0].click().run()
    assert any("Đang đăng nhập: tinh" in i.value for i in at.info)

    # a commune of the period the app shows that does not meet the standard yet: mark all 19 criteria met
    period = at.session_state["period_id"]
    con = fresh_connection(db)
    unit = con.execute(
        "SELECT cs.unit_id, u.unit_code FROM commune_status cs JOIN units u USING (unit_id) "
        "WHERE period_id = ? GROUP BY ALL HAVING bool_and(met) = false ORDER BY 1 LIMIT 1",
        [period],
    ).fetchone()
    con.close()
    recognised, base = _recognised(db, period)
    rows = [
        ["Kỳ báo cáo", "Mã xã"] + [f"TC{i}" for i in range(1, 20)],
        [period, unit[1]] + ["Đạt"] * 19,
        [period, "99999"] + ["Đạt"] * 19,
    ]
    at.file_uploader(key="data_upload").set_value(("bad.xlsx", xlsx(rows), "application/octet-stream"))
    at.run()
    assert not at.exception
    assert any("1 lỗi" in e.value for e in at.error)
    rejected = next(d.value for d in at.dataframe if "Lỗi" in d.value.columns)
    assert list(rejected["Dòng"]) == [3]
    assert rejected["Lỗi"].iloc[0] == (
        f"cột 'Mã xã' (giá trị: '99999'): mã xã '99999' không có trong danh sách xã của kỳ {period}"
    )
    assert at.button(key="data_confirm").disabled
    at.file_uploader(key="data_upload").set_value(("good.xlsx", xlsx(rows[:2]), "application/octet-stream"))
    at.run()
    assert not at.button(key="data_confirm").disabled
    assert _recognised(db, period) == (recognised, base)  # the preview wrote nothing
    at.button(key="data_confirm").click().run()
    assert not at.exception
    assert any("Đã ghi: phiên bản 000001" in s.value for s in at.success)
    assert _recognised(db, period) == (recognised + 1, base)
    at.switch_page("pages/overview.py").run()
    assert headline.values(at)[0] == f"{recognised + 1}/{base}"  # the app sees the swapped-in database


def test_a_restore_that_empties_a_table_waits_for_its_checkbox(app_env, tmp_path):
    from ntm.loading import archive
    from ntm.loading.store import Store
    from tests import hostile

    backup = archive.export_zip(Store.default())
    header_only = hostile.header_only(backup)  # sponsors.csv with its header only
    at = logged_in_data_page()
    at.file_uploader(key="data_restore_file").set_value(("rong.zip", header_only, "application/zip"))
    at.run()
    assert not at.exception
    box = at.checkbox(key="data_restore_empty_sponsors")
    assert "xóa toàn bộ 82 dòng của bảng sponsors (cơ quan giúp đỡ xã)" in box.label
    assert at.button(key="data_restore").disabled
    box.check().run()
    assert not at.button(key="data_restore").disabled
    at.button(key="data_restore").click().run()
    assert not at.exception
    assert any("Đã khôi phục: 0 thêm, 0 sửa, 82 xóa" in s.value for s in at.success)
    con = fresh_connection(app_env)
    assert con.execute("SELECT count(*) FROM sponsors").fetchone() == (0,)
    con.close()


def test_the_period_picker_gives_rows_their_period(app_env):
    at = logged_in_data_page()
    rows = [["Mã xã", "Tên xã"] + [f"TC{i}" for i in range(1, 20)], ["02779", "Thanh Bình"] + ["Đạt"] * 19]
    at.file_uploader(key="data_upload").set_value(("khong_ky.xlsx", xlsx(rows), "application/octet-stream"))
    at.run()
    assert any("thiếu cột bắt buộc: Kỳ báo cáo" in d.value["Lỗi"].iloc[0] for d in at.dataframe if "Lỗi" in d.value)
    at.selectbox(key="data_imp_period").select("2019-12").run()
    assert not at.exception
    assert any("Kỳ báo cáo 2019\\-12: theo lựa chọn khi nhập" in i.value for i in at.info)  # markdown-escaped
    assert not at.button(key="data_confirm").disabled


def test_a_contradiction_with_a_confirmed_recognition_is_shown_as_a_warning(app_env):
    at = logged_in_data_page()
    head = ["Kỳ báo cáo", "Mã xã"] + [f"TC{i}" for i in range(1, 20)]
    rows = [head, ["2019-12", "02662"] + ["Đạt"] * 8 + ["Chưa đạt"] * 11]  # recognised NTM in 2015 (confirmed)
    at.file_uploader(key="data_upload").set_value(("canh_bao.xlsx", xlsx(rows), "application/octet-stream"))
    at.run()
    assert not at.exception
    warning = next(w.value for w in at.warning if "Cần xem lại trước khi ghi" in w.value)
    assert "đã được công nhận đạt chuẩn NTM năm 2015" in warning and "chỉ đạt 8/19 tiêu chí" in warning
    assert not at.button(key="data_confirm").disabled  # a warning, not an error


def test_the_template_list_follows_the_chosen_district(app_env):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.session_state["period_id"] = "2020-02"
    at.session_state["districts"] = ["086"]  # Bảo Thắng chosen in the sidebar
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    at.selectbox(key="data_tpl_kind").set_value("status").run()
    picker = at.selectbox(key="data_tpl_district")
    assert picker.options == ["Bảo Thắng"] and picker.value == "086"
    at.session_state["districts"] = []
    at.run()
    assert at.selectbox(key="data_tpl_district").options[:2] == ["Toàn tỉnh", "TP Lào Cai"]


def test_the_template_and_the_backup_are_made_when_their_buttons_are_clicked(app_env, media):  # noqa: F811
    """A visit to the data page writes neither file; a click gets the status template of the latest period (its
    communes listed, with their groups) and the backup zip of every table."""
    at = logged_in_data_page()
    assert not at.exception
    buttons = {b.key: b for b in at.download_button}
    assert not buttons["data_tpl_dl"].proto.url and not buttons["data_export"].proto.url  # nothing made yet
    template = openpyxl.load_workbook(io.BytesIO(media(buttons["data_tpl_dl"])))
    values = [c for row in template.active.iter_rows(values_only=True) for c in row if c is not None]
    assert {"Mã xã", "Tên xã", "Nhóm xã", "2026-06"} <= set(values)  # the latest period's sheet, a row a commune
    with zipfile.ZipFile(io.BytesIO(media(buttons["data_export"]))) as backup:
        assert {"manifest.json", "data/commune_status.csv", "data/sponsors.csv"} <= set(backup.namelist())
