"""Government forms as offices really send them: the period in the title block (or chosen on import), a
signature block under the table, problems reported per spreadsheet row with every bad cell, hidden
sheets, results written as text, and warnings when an import contradicts a confirmed recognition."""

from __future__ import annotations

import io

import openpyxl
import pytest

from ntm.loading import importer, titles
from ntm.loading.auth import User
from ntm.loading.catalog import Catalog
from tests.importing import make_store, xlsx

EDITOR = User("tinh", None)
WIDE = ["Mã xã", "Tên xã"] + [f"TC{i}" for i in range(1, 20)]


@pytest.fixture()
def store(tmp_path, base_db):
    return make_store(tmp_path, base_db)


@pytest.mark.parametrize(
    "line,month",
    [
        ("Tính đến ngày 31/12/2019", (2019, 12)),
        ("(Số liệu tính đến hết ngày 07/02/2020)", (2020, 2)),
        ("tính đến ngày 31 tháng 12 năm 2019", (2019, 12)),
        ("Kỳ báo cáo: 6 tháng đầu năm 2024", (2024, 6)),
        ("BÁO CÁO 6 THÁNG CUỐI NĂM 2020", (2020, 12)),
        ("Kết quả 9 tháng năm 2020", (2020, 9)),
        ("BÁO CÁO KẾT QUẢ QUÝ IV/2020", (2020, 12)),
        ("Quý 3 năm 2021", (2021, 9)),
        ("Tháng 02/2020", (2020, 2)),
        ("KẾT QUẢ THỰC HIỆN NĂM 2020", (2020, 12)),
        ("(Kèm theo Quyết định số 1980/QĐ-TTg năm 2016)", None),
        ("Lào Cai, ngày 05 tháng 01 năm 2020", None),
        ("Giai đoạn 2016-2020", None),
    ],
)
def test_period_phrases_of_title_blocks(line, month):
    found = titles.month_of(line)
    assert (found[:2] if found else None) == month


def wide_row(code: str, name: str, met: int) -> list[object]:
    return [code, name] + ["Đạt"] * met + ["Chưa đạt"] * (19 - met)


def test_period_from_the_title_block(store):
    rows = [
        ["UBND HUYỆN MƯỜNG KHƯƠNG"],
        ["BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ NTM"],
        ["(Kèm theo Báo cáo số 12/BC-UBND ngày 05/01/2020)"],
        ["Tính đến ngày 31/12/2019"],
        WIDE,
        wide_row("02779", "Thanh Bình", 15),
    ]
    result = importer.preview(xlsx(rows), "mk.xlsx", store, EDITOR)
    assert result.ok, result.report()
    assert result.period == "2019-12" and result.periods == ["2019-12"]
    assert "Kỳ báo cáo 2019-12 (Cuối năm 2019): theo tiêu đề tệp 'Tính đến ngày 31/12/2019'" in result.summary()


def _period_list(store) -> str:
    """The periods of the database, as the messages list them."""
    return ", ".join(Catalog.load(store.db).periods.period_id)


def test_a_title_period_with_no_matching_period_is_refused_clearly(store):
    rows = [["Kỳ báo cáo: 6 tháng đầu năm 2022"], WIDE, wide_row("02779", "Thanh Bình", 15)]
    result = importer.preview(xlsx(rows), "2022.xlsx", store, EDITOR)
    assert result.fatal == (
        "Tệp 2022.xlsx: tiêu đề ghi 'Kỳ báo cáo: 6 tháng đầu năm 2022' (tháng 06/2022) nhưng hệ thống không có "
        f"kỳ báo cáo nào ứng với thời điểm này (các kỳ: {_period_list(store)}). "
        "Hãy chọn kỳ báo cáo khi nhập (trang Dữ liệu, hoặc --period)."
    )


def test_period_chosen_on_import(store):
    rows = [WIDE, wide_row("02779", "Thanh Bình", 15)]
    result = importer.preview(xlsx(rows), "mk.xlsx", store, EDITOR, period="12/2020")
    assert result.ok and result.periods == ["2020-12"]
    assert "Kỳ báo cáo 2020-12: theo lựa chọn khi nhập" in result.summary()
    titled = [["Tính đến ngày 31/12/2019"], *rows]
    clash = importer.preview(xlsx(titled), "mk.xlsx", store, EDITOR, period="2020-12")
    assert "tiêu đề ghi 'Tính đến ngày 31/12/2019' (kỳ 2019-12) nhưng đang nhập cho kỳ 2020-12" in clash.fatal


def test_an_unknown_chosen_period_is_one_message(store):
    rows = [["Kỳ báo cáo", "Mã xã", "Tiêu chí", "Kết quả"]] + [["2020-12", "02779", i, "Đạt"] for i in range(1, 20)]
    result = importer.preview(xlsx(rows), "ky.xlsx", store, EDITOR, period="2021-12")
    assert result.fatal == f"Không nhập: kỳ báo cáo '2021-12' không có trong hệ thống (các kỳ: {_period_list(store)})."
    assert "2015-12, 2016-12, 2019-12, 2020-02, 2020-12" in result.fatal
    assert result.rejected == []


def test_rows_of_another_period_than_the_chosen_one(store):
    rows = [["Kỳ báo cáo", "Mã xã", "Tiêu chí", "Kết quả"], ["2019-12", "02779", 1, "Đạt"]]
    result = importer.preview(xlsx(rows), "ky.xlsx", store, EDITOR, period="2020-12")
    assert [(p.row, p.column, p.value, p.message) for p in result.rejected] == [
        (2, "Kỳ báo cáo", "2019-12", "dòng ghi kỳ 2019-12, không phải kỳ đang nhập 2020-12")
    ]


def test_signature_block_is_skipped_with_a_note(store):
    rows = [
        ["Kỳ báo cáo", "Mã xã", "Tiêu chí", "Kết quả"],
        ["2020-12", "02779", 1, "Chưa đạt"],
        [],
        [None, "Lào Cai, ngày 05 tháng 01 năm 2021"],
        ["Người lập biểu", None, "KT. CHÁNH VĂN PHÒNG"],
        [None, None, "PHÓ CHÁNH VĂN PHÒNG"],
        [],
        ["Nguyễn Văn An", None, "Trần Thị Bình"],
    ]
    result = importer.preview(xlsx(rows), "ky_ten.xlsx", store, EDITOR)
    assert result.ok, result.report()
    assert result.rows_read == 1 and len(result.accepted) == 1
    assert (
        "bỏ qua 4 dòng chữ ký, ghi chú dưới bảng từ dòng 4 trang 'Biểu 01' ('Lào Cai, ngày 05 tháng 01 năm 2021')"
        in (result.notes)
    )


def test_every_bad_cell_of_a_row_is_listed_on_that_row(store):
    bad = ["02779", "Thanh Bình"] + ["Đạt"] * 17 + ["có lẽ", "??"]
    rows = [["Kỳ báo cáo", *WIDE], ["2020-12", *bad], ["2020-12", "99999", "", *["x"] * 19]]
    result = importer.preview(xlsx(rows), "o.xlsx", store, EDITOR)
    grouped = [(row, [(p.column, p.value) for p in problems]) for _, row, problems in result.problem_rows()]
    assert grouped == [(2, [("TC18", "có lẽ"), ("TC19", "??")]), (3, [("Mã xã", "99999")])]
    assert (
        "Tệp o.xlsx, trang 'Biểu 01', dòng 2: cột 'TC18' (giá trị: 'có lẽ'): không hiểu kết quả; ghi 'Đạt' (hoặc x, 1) "
        "hay 'Chưa đạt' (hoặc 0, để trống); cột 'TC19' (giá trị: '??'): không hiểu kết quả"
    ) in result.report()


def test_a_missing_column_is_reported_with_the_other_problems(store):
    rows = [["Mã xã", "Tên xã", "TC1", "TC2"], ["02779", "", "Đạt", "abc"], ["02686", "", "x", "Đạt"]]
    result = importer.preview(xlsx(rows), "thieu.xlsx", store, EDITOR)
    assert result.rows_read == 2
    assert [(p.row, p.column, p.message[:30]) for p in result.rejected] == [
        (1, None, "thiếu cột bắt buộc: Kỳ báo cáo"),
        (2, "TC2", "không hiểu kết quả; ghi 'Đạt' "),
    ]


def test_a_conflict_says_which_values_conflict(store):
    rows = [
        ["Kỳ báo cáo", "Mã xã", "Tiêu chí", "Kết quả"],
        ["2020-12", "02779", 1, "Đạt"],
        ["2020-12", "02779", 1, "Chưa đạt"],
        ["2020-12", "02779", 1, "x"],
    ]
    result = importer.preview(xlsx(rows), "trung.xlsx", store, EDITOR)
    assert [(p.row, p.message) for p in result.rejected] == [
        (
            3,
            "trùng với dòng 2: cùng 02779 Thanh Bình (Mường Khương) · kỳ 2020-12, tiêu chí 1; "
            "khác giá trị: kết quả 'Đạt' ≠ 'Chưa đạt'",
        ),
        (4, "trùng với dòng 2: cùng 02779 Thanh Bình (Mường Khương) · kỳ 2020-12, tiêu chí 1 (giống hệt)"),
    ]


def test_hidden_sheets_are_reported(store):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu 01"
    for row in [["Kỳ báo cáo", "Mã xã", "Tiêu chí", "Kết quả"], ["2020-12", "02779", 1, "Chưa đạt"]]:
        ws.append(row)
    hidden = wb.create_sheet("Số liệu cũ")
    hidden.append(["Kỳ báo cáo", "Mã xã", "Tiêu chí", "Kết quả"])
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    result = importer.preview(out.getvalue(), "an.xlsx", store, EDITOR)
    assert result.ok and result.hidden_sheets == ["Số liệu cũ"]
    assert "trang 'Số liệu cũ' đang bị ẩn nên không được đọc; nếu có số liệu cần nhập, hãy bỏ ẩn trang" in result.notes


def test_results_written_as_text_read_like_numbers(store):
    rows = [["Kỳ báo cáo", "Mã xã", "Tiêu chí", "Kết quả"]]
    rows += [
        ["2020-12", "2779.0", crit, value] for crit, value in ((1, "1.0"), (2, "1"), (3, "0"), (4, "0.0"), (5, 1.0))
    ]
    result = importer.preview(xlsx(rows), "so.xlsx", store, EDITOR)
    assert result.ok, result.report()
    assert list(result.records["commune_status.csv"]["met"]) == ["1", "1", "0", "0", "1"]
    assert set(result.records["commune_status.csv"]["unit_id"]) == {"02779"}


def test_contradicting_a_confirmed_recognition_is_a_warning(store):
    # 02662 was recognised NTM in 2015 by a confirmed decision; a 2019 report giving it 8 criteria is suspicious
    rows = [["Kỳ báo cáo", *WIDE], ["2019-12", *wide_row("02662", "", 8)]]
    result = importer.preview(xlsx(rows), "canh_bao.xlsx", store, EDITOR)
    assert result.ok and result.has_changes
    assert len(result.warnings) == 1
    assert "đã được công nhận đạt chuẩn NTM năm 2015" in result.warnings[0]
    assert "chỉ đạt 8/19 tiêu chí ở kỳ 2019-12" in result.warnings[0]
    assert "Cảnh báo: xã 02662" in result.report()
    full = importer.preview(xlsx([rows[0], ["2019-12", *wide_row("02662", "", 19)]]), "du.xlsx", store, EDITOR)
    assert full.warnings == []
