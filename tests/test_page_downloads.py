"""Excel on every page that shows a table (issue 13, staff): the overview, the 2020 plan and the poverty page
download their tables as one workbook named by page, period and scope; the file holds the rows on screen."""

from __future__ import annotations

import io

import openpyxl
import pytest

from ntm.figures import tables as export
from ntm.locale import fmt
from tests.conftest import open_page
from tests.test_analysis_pages import media  # noqa: F401  (the fixture that reads a download)

BAO_THANG = "086"


def _download(at, key: str):
    buttons = [b for b in at.download_button if b.key == key]
    assert len(buttons) == 1, [b.key for b in at.download_button]
    return buttons[0]


@pytest.mark.parametrize(
    ("page", "key", "districts", "name"),
    [
        ("pages/overview.py", "tong-quan_xlsx", [], "tong-quan_2020-02_toan-tinh.xlsx"),
        ("pages/overview.py", "tong-quan_xlsx", [BAO_THANG], "tong-quan_2020-02_bao-thang.xlsx"),
        ("pages/plan.py", "ke-hoach-2020_xlsx", [BAO_THANG], "ke-hoach-2020_2020-02_bao-thang.xlsx"),
        ("pages/poverty.py", "giam-ngheo_xlsx", [], "giam-ngheo_2020-02_toan-tinh.xlsx"),
    ],
)
def test_page_downloads_are_named_by_page_period_and_scope(bundled_db, media, page, key, districts, name):  # noqa: F811
    at = open_page(page, period_id="2020-02", districts=districts)
    assert not at.exception
    button = _download(at, key)
    assert media.name(button) == name
    wb = openpyxl.load_workbook(io.BytesIO(media(button)))
    assert all(len(n) <= 31 for n in wb.sheetnames)
    ws = wb[wb.sheetnames[0]]
    assert ws["B4"].value == ("Toàn tỉnh" if not districts else "Bảo Thắng")


def test_overview_workbook_holds_the_district_table_on_screen_with_numbers_as_numbers(bundled_db, media):  # noqa: F811
    at = open_page("pages/overview.py", period_id="2020-02", districts=[BAO_THANG])
    screen = at.dataframe[0].value
    wb = openpyxl.load_workbook(io.BytesIO(media(_download(at, "tong-quan_xlsx"))))
    assert wb.sheetnames == ["Bảng theo huyện"]
    ws = wb.active
    first = str(screen.columns[0])
    top = export.find_header_row(ws, first)
    assert [c.value for c in ws[top]] == [str(c) for c in screen.columns]
    ((code, name, base, recognised, pct, avg, gap),) = [[c.value for c in r] for r in ws.iter_rows(min_row=top + 1)]
    shown = list(next(screen.itertuples(index=False)))
    assert [code, name, base, recognised] == ["086", "Bảo Thắng", *shown[2:4]]
    # an office sums and sorts what it downloads: the share is a fraction in Excel's percent format, the average and
    # the gap are numbers, and each is the value the screen words (38,8% on screen is 0.388 in the cell)
    assert pct == pytest.approx(recognised / base)
    assert [ws.cell(top + 1, c).number_format for c in (5, 6, 7)] == ["0.0%", "0.0", "+0.0;-0.0;0.0"]
    assert [fmt.percent(pct * 100), fmt.number(avg), fmt.signed(gap)] == shown[4:]


def test_a_2026_overview_workbook_holds_both_its_tables_by_former_district_and_by_commune_group(bundled_db, media):  # noqa: F811
    at = open_page("pages/overview.py", period_id="2026-06")
    assert not at.exception
    wb = openpyxl.load_workbook(io.BytesIO(media(_download(at, "tong-quan_xlsx"))))
    assert wb.sheetnames[0] == "Bảng theo huyện cũ" and wb.sheetnames[1].startswith("Theo nhóm xã")
    ws = wb[wb.sheetnames[1]]
    top = export.find_header_row(ws, "Nhóm xã")
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=top + 1)]
    assert [r[0] for r in rows] == ["Nhóm 1", "Nhóm 2", "Nhóm 3"]
    # 89 xã of new Lào Cai, each in one group (commune_groups.csv); shares as fractions, as on screen
    assert sum(r[1] for r in rows) == 89
    assert all(r[3] == pytest.approx(r[2] / r[1]) for r in rows)
    screen = next(d.value for d in at.dataframe if "Nhóm xã" in d.value.columns)
    assert [fmt.percent(r[3] * 100) for r in rows] == list(screen["Tỷ lệ đạt chuẩn"])


def test_the_poverty_workbook_holds_rates_and_households_as_numbers(bundled_db, media):  # noqa: F811
    """dantri.com.vn 31/12/2020 (data/poverty_province.csv): 14.322 poor households = 8,2%; 16.370 near-poor = 9,87%.
    On screen as worded; in the workbook as numbers an office can sum (rates as fractions in a percent format)."""
    at = open_page("pages/poverty.py", period_id="2020-02")
    assert not at.exception
    wb = openpyxl.load_workbook(io.BytesIO(media(_download(at, "giam-ngheo_xlsx"))))
    ws = wb[wb.sheetnames[0]]
    top = export.find_header_row(ws, "Năm")
    rows = {r[0].value: r for r in ws.iter_rows(min_row=top + 1)}
    year_2020 = rows["2020"]
    assert [c.value for c in year_2020[2:6]] == [pytest.approx(0.082), 14322, pytest.approx(0.0987), 16370]
    assert year_2020[2].number_format == "0.00%" and year_2020[3].number_format == "#,##0"
    screen = next(d.value for d in at.dataframe if "Năm" in d.value.columns).set_index("Năm")
    assert list(screen.loc["2020", ["Tỷ lệ hộ nghèo", "Hộ nghèo"]]) == ["8,2%", "14.322"]
    # resources: whole numbers of million VND, the total row the sum of the districts'
    ws = next(wb[n] for n in wb.sheetnames if n.startswith("Nguồn lực"))
    top = export.find_header_row(ws, "Huyện")
    body = [[c.value for c in r] for r in ws.iter_rows(min_row=top + 1)]
    *districts, total = body
    assert total[0] == "Tổng" and all(isinstance(v, int) for v in total[1:])
    assert total[1:] == [sum(r[j] for r in districts) for j in range(1, len(total))]
