"""ntm.export: the screen frame and the .xlsx file hold the same rows; text never becomes a formula."""

import io
import zipfile
from datetime import date

import openpyxl
import pandas as pd

from ntm.figures import tables as export
from ntm.figures.tables import Col, Sheet

RAW = pd.DataFrame(
    {
        "name": ['=HYPERLINK("http://example.com","Bấm")', "+1", "-2,0", "@SUM(A1)", "Bản Xen"],
        "n": [1, 2, 3, 4, 1234],
        "pct": [38.80597, 0.0, None, 12.5, 100.0],
        "gap": [10.806, -2.0, None, 0.0, 72.0],
        "met": [True, False, None, True, True],
        "codes": [["1", "2"], [], None, ["3"], ["17"]],
    }
)
COLS = [
    Col("name", "col_district"),
    Col("n", "col_base", "int"),
    Col("pct", "col_pct", "pct"),
    Col("gap", "col_gap", "signed"),
    Col("met", "TC1", "mark", literal=True),
    Col("codes", "an_col_missing", "list"),
]


def _sheet(data: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return wb[wb.sheetnames[0]]


def test_screen_frame_is_vietnamese():
    s = export.screen(RAW, COLS, "vi")
    assert list(s.columns) == ["Huyện", "Số xã", "Tỷ lệ đạt chuẩn", "So mục tiêu (điểm %)", "TC1", "Tiêu chí chưa đạt"]
    assert s.iloc[0].tolist() == ['=HYPERLINK("http://example.com","Bấm")', 1, "38,8%", "+10,8", "✓", "1; 2"]
    assert s.iloc[2].tolist() == ["-2,0", 3, "—", "—", "—", "—"]
    assert s.iloc[4, 1] == 1234 and s["Số xã"].dtype == "int64"
    assert export.screen(RAW, COLS, "en").iloc[0, 2] == "38.8%"


def test_xlsx_has_title_as_of_date_filters_and_the_rows():
    data = export.to_xlsx(
        [Sheet("Bảng thử", RAW, COLS)],
        [("Kỳ báo cáo", "Cuối năm 2019"), ("Tìm xã", "=1+1")],
        date(2019, 12, 31),
        "vi",
        ["Dữ liệu minh họa"],
    )
    ws = _sheet(data)
    assert ws["A1"].value == "Bảng thử"
    assert ws["A2"].value == "Số liệu đến ngày" and ws["B2"].value.date() == date(2019, 12, 31)
    assert ws["B2"].number_format == "DD/MM/YYYY"
    assert (ws["A3"].value, ws["B3"].value) == ("Kỳ báo cáo", "Cuối năm 2019")
    assert (ws["A4"].value, ws["B4"].value, ws["B4"].data_type) == ("Tìm xã", "=1+1", "s")
    assert ws["A5"].value == "Dữ liệu minh họa"
    top = export.find_header_row(ws, "Huyện")
    assert top == 7
    header = [c.value for c in ws[top]]
    assert header == ["Huyện", "Số xã", "Tỷ lệ đạt chuẩn", "So mục tiêu (điểm %)", "TC1", "Tiêu chí chưa đạt"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=top + 1)]
    assert len(rows) == 5
    assert rows[0][:5] == ['=HYPERLINK("http://example.com","Bấm")', 1, 0.3880597, 10.806, "✓"]
    assert rows[2] == ["-2,0", 3, None, None, "—", None]
    assert ws.cell(top + 1, 3).number_format == "0.0%" and ws.cell(top + 1, 2).number_format == "#,##0"
    assert ws.auto_filter.ref == f"A{top}:F{top + 5}"


def test_text_that_looks_like_a_formula_stays_text():
    data = export.to_xlsx([Sheet("x", RAW, COLS)], [], date(2020, 2, 7))
    ws = _sheet(data)
    top = export.find_header_row(ws, "Huyện")
    cells = [ws.cell(top + i, 1) for i in range(1, 5)]
    assert [c.value for c in cells] == RAW["name"].tolist()[:4]
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)
    # in the file itself: no formula element anywhere, the hyperlink is an inline string
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert "HYPERLINK" in xml and 't="inlineStr"' in xml


def test_sheet_names_are_made_valid_and_unique():
    data = export.to_xlsx(
        [
            Sheet("Hồ sơ: Bản Xen/2019 [thử] rất rất rất dài", RAW, COLS),
            Sheet("Hồ sơ: Bản Xen/2019 [thử] rất rất rất dài", RAW, COLS),
        ],
        [],
        date(2020, 2, 7),
    )
    names = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    assert len(names) == 2 and len(set(names)) == 2
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_long_sheet_names_are_cut_between_words():
    data = export.to_xlsx(
        [
            Sheet("Xếp hạng huyện, thị xã, thành phố", RAW, COLS),  # 33 characters: the whole phrase before ','
            Sheet("Tiêu chí chưa đạt của xã Nậm Chạy Mường Khương", RAW, COLS),  # no comma: the last whole word
            Sheet("Hồ sơ xã", RAW, COLS, label="Tiêu chí chưa đạt"),  # a short label wins over the title
        ],
        [],
        date(2020, 2, 7),
    )
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == [
        "Xếp hạng huyện, thị xã",
        "Tiêu chí chưa đạt của xã Nậm",
        "Tiêu chí chưa đạt",
    ]


def test_download_names_say_page_period_and_scope_without_diacritics():
    assert export.download_name("tong-quan", "2020-02", "Toàn tỉnh") == "tong-quan_2020-02_toan-tinh.xlsx"
    assert export.download_name("xa", "2020-02", "Bảo Thắng") == "xa_2020-02_bao-thang.xlsx"
    assert export.download_name("huyen", "2019-12", "Bảo Thắng, Bát Xát") == "huyen_2019-12_bao-thang-bat-xat.xlsx"
    assert (
        export.download_name("xa", "2020-02", "Whole province", "Bản Xen Tiêu chí chưa đạt")
        == "xa_2020-02_whole-province_ban-xen-tieu-chi-chua-dat.xlsx"
    )
    # nine districts: whole names kept up to 60 characters: six make 55 (7+8+13+10+7+10), a seventh 63
    many = "Lào Cai, Bát Xát, Mường Khương, Si Ma Cai, Bắc Hà, Bảo Thắng, Bảo Yên, Sa Pa, Văn Bàn"
    assert (
        export.download_name("huyen", "2020-02", many)
        == "huyen_2020-02_lao-cai-bat-xat-muong-khuong-si-ma-cai-bac-ha-bao-thang.xlsx"
    )
    assert export.slug("Đồng Tâm – Thị trấn (cũ)") == "dong-tam-thi-tran-cu"
