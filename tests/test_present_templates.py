"""Templates and imports for the units of 01/07/2025 and the 2026–2030 set, groups included (issue 11).

From the bundled files: June 2026 has 89 xã, each with a group in commune_groups.csv (02680 Hợp Thành: group 2), and
10 criteria (QĐ 51/2025); units of 2025 have no district, so the template files them under their former district
(02680 was in TP Lào Cai, 080). 02662 (xã Đồng Tuyển) ended on 30/06/2025 and 02672 is in force until then too.
"""

import io

import openpyxl

from ntm.data import db
from ntm.loading import auth, importer, templates
from ntm.loading.catalog import Catalog
from tests.importing import make_store, xlsx

PROVINCE = auth.User("tinh", None)
FIRST_ROW = templates.HEADER_ROW + 2


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))["Biểu nhập"]


def _heads(ws) -> list:
    return [ws.cell(row=templates.HEADER_ROW, column=c).value for c in range(1, 8)]


def _row_of(ws, code: str) -> int:
    return next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(row=r, column=5).value == code)


def test_the_2026_template_lists_the_new_units_with_their_group(bundled_db):
    cat = Catalog.load(bundled_db)
    ws = _sheet(templates.template("status", cat, "2026-06"))
    assert _heads(ws) == ["STT", "Kỳ báo cáo", "Mã huyện cũ", "Huyện cũ", "Mã xã", "Tên xã", "Nhóm xã"]
    assert ws.max_row - FIRST_ROW + 1 == 89
    row = _row_of(ws, "02680")
    assert [ws.cell(row=row, column=c).value for c in range(3, 8)] == ["080", "TP Lào Cai", "02680", "Hợp Thành", "2"]
    assert ws.cell(row=templates.HEADER_ROW + 1, column=8).value == "1. Quy hoạch"
    assert ws.cell(row=templates.HEADER_ROW + 1, column=17).value.startswith("10. ")  # ten criteria, then the source
    # the letter's template is as it was: districts, no group column, 19 criteria from column 7
    old = _sheet(templates.template("status", cat, "2020-02"))
    assert _heads(old)[:6] == ["STT", "Kỳ báo cáo", "Mã huyện", "Huyện", "Mã xã", "Tên xã"]
    assert _heads(old)[6] == "Kết quả thực hiện tiêu chí (Đạt / Chưa đạt)"
    assert old.cell(row=templates.HEADER_ROW + 1, column=7).value == "1. Quy hoạch"


def test_a_filled_2026_template_imports_results_and_groups(tmp_path, bundled_db):
    store = make_store(tmp_path, bundled_db)
    ws_book = openpyxl.load_workbook(io.BytesIO(templates.template("status", Catalog.load(store.db), "2026-06")))
    ws = ws_book["Biểu nhập"]
    row = _row_of(ws, "02680")
    ws.cell(row=row, column=7, value="Nhóm 1")  # regrouped, written as the office would
    for col in range(8, 18):
        ws.cell(row=row, column=col, value="Đạt")
    out = io.BytesIO()
    ws_book.save(out)
    result = importer.preview(out.getvalue(), "mau_status_2026-06.xlsx", store, PROVINCE)
    assert result.ok, result.report()
    assert len(result.accepted) == 10 + 1  # ten criteria and the group; untouched rows (no result) are skipped
    importer.commit(result, PROVINCE, store)
    con = db.connect(store.db)
    try:
        group = db.query(
            con, "SELECT group_no FROM commune_groups WHERE period_id = '2026-06' AND unit_id = '02680-2025'"
        )
        met = db.query(
            con,
            "SELECT count(*) AS n FROM commune_status WHERE period_id = '2026-06' AND unit_id = '02680-2025' AND met",
        )
    finally:
        con.close()
    assert group.group_no.tolist() == ["1"] and met.n.iloc[0] == 10


def test_a_group_outside_the_set_or_in_a_set_without_groups_is_refused(tmp_path, bundled_db):
    store = make_store(tmp_path, bundled_db)
    head = ["Kỳ báo cáo", "Mã xã", "Tên xã", "Nhóm xã", "Tiêu chí", "Kết quả"]
    bad = importer.preview(xlsx([head, ["2026-06", "02680", "Hợp Thành", "4", 1, "Đạt"]]), "nhom.xlsx", store, PROVINCE)
    assert not bad.ok and "nhóm xã không có trong bộ tiêu chí QD51_2025 (các nhóm: 1, 2, 3)" in bad.report()
    old = importer.preview(xlsx([head, ["2020-12", "02680", "Hợp Thành", "1", 1, "Đạt"]]), "nhom.xlsx", store, PROVINCE)
    assert not old.ok and "bộ tiêu chí QD1980_2016 của kỳ 2020-12 không chia nhóm xã" in old.report()


def test_a_file_mixing_old_and_new_codes_is_refused_naming_its_rows(tmp_path, bundled_db):
    store = make_store(tmp_path, bundled_db)
    head = ["Kỳ báo cáo", "Mã xã", "Tên xã", "Tiêu chí", "Kết quả"]
    rows = [
        ["2026-06", "02680", "Hợp Thành", 1, "Đạt"],
        ["2026-06", "02662", "Đồng Tuyển", 1, "Đạt"],  # ended 30/06/2025
        ["2026-06", "02683", "", 1, "Đạt"],
        ["2026-06", "02662", "Đồng Tuyển", 2, "Đạt"],
    ]
    result = importer.preview(xlsx([head, *rows]), "tron_ma.xlsx", store, PROVINCE)
    assert not result.ok
    assert result.notes[0] == (
        "tệp trộn mã đơn vị hành chính cũ và mới (trước và sau 01/07/2025): mã ở dòng 3, 5 không dùng được cho kỳ "
        "báo cáo của dòng; sửa theo danh mục mã của kỳ rồi nhập lại cả tệp"
    )
    assert "Lưu ý: tệp trộn mã đơn vị hành chính cũ và mới" in result.report()
