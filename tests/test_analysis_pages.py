"""AppTest of the analysis pages (Huyện, Xã, Tiêu chí, Cần gì để đạt mục tiêu) on the mini dataset.

Every expected value is worked out by hand from the tests/mini.py table (see tests/analysis_mini.py for
the figures and the light rule); the communes page is checked for every combination of its filters
against a small oracle written here from that table, not from ntm. The Excel files are downloaded from
the pages and opened with openpyxl.
"""

from __future__ import annotations

import io
import itertools
import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from ntm.data import db
from ntm.figures import tables as export
from ntm.measures import analysis, metrics
from tests import mini
from tests.analysis_mini import build_mini
from tests.conftest import open_page


@pytest.fixture(scope="module")
def mini_env(tmp_path_factory):
    """NTM_DB pointing at the mini dataset with the test light rule (restored afterwards)."""
    old = os.environ.get("NTM_DB")
    os.environ["NTM_DB"] = str(build_mini(tmp_path_factory.mktemp("pages")))
    yield os.environ["NTM_DB"]
    if old is None:
        os.environ.pop("NTM_DB", None)
    else:
        os.environ["NTM_DB"] = old


@pytest.fixture()
def media(monkeypatch):
    """The in-memory files (download buttons) of AppTest runs, so a test can read what a user downloads: a
    deferred download (its file made on the click) is made as a click makes it."""
    stores: list[MemoryMediaFileStorage] = []
    managers: list[MediaFileManager] = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, endpoint):
            super().__init__(endpoint)
            stores.append(self)

    class RecordingManager(MediaFileManager):
        def __init__(self, storage):
            super().__init__(storage)
            managers.append(self)

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingManager)

    def stored(button):
        url = button.proto.url or managers[-1].execute_deferred(button.proto.deferred_file_id)
        return stores[-1].get_file(url.rsplit("/", 1)[1])

    def read(button) -> bytes:
        return stored(button).content

    def file_name(button) -> str | None:
        """The name the browser saves the download under."""
        return stored(button).filename

    read.name = file_name
    return read


def _page(name: str, **state) -> AppTest:
    at = open_page(f"pages/{name}.py", **state)
    assert not at.exception, at.exception
    return at


def _rows(frame, *cols):
    return [tuple(r) for r in frame[list(cols)].itertuples(index=False)]


def _xlsx_rows(data: bytes, first_header: str):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[wb.sheetnames[0]]
    top = export.find_header_row(ws, first_header)
    header = [c.value for c in ws[top]]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=top + 1)]
    meta = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, top)}
    return ws, header, rows, meta


# ---- Huyện ----------------------------------------------------------------------------------------


def test_league_table_end_of_2020(mini_env):
    at = _page("districts")
    assert at.session_state["period_id"] == "2020-12"  # mini has no 2020-02: the last period opens
    t = at.dataframe[0].value
    assert list(t.columns[:4]) == ["Hạng mức đạt", "Hạng tiến bộ", "Huyện", "Đèn tín hiệu"]
    assert _rows(
        t,
        "Huyện",
        "Hạng mức đạt",
        "Hạng tiến bộ",
        "Đèn tín hiệu",
        "Số xã",
        "Đạt chuẩn",
        "Tỷ lệ đạt chuẩn",
        "BQ tiêu chí/xã",
        "So mục tiêu (điểm %)",
        "Tỷ lệ đạt chuẩn tăng/giảm (điểm %)",
        "BQ tiêu chí tăng/giảm",
    ) == [
        ("An", 1, 1, "Xanh", 2, 2, "100,0%", "3,0", "+72,0", "+50,0", "+0,5"),
        ("Bình", 2, 2, "Vàng", 2, 0, "0,0%", "2,0", "-28,0", "-33,3", "+0,7"),
    ]
    assert [list(x) for x in t["Xu hướng tỷ lệ đạt chuẩn"]] == [[50.0, 100.0], [pytest.approx(100 / 3), 0.0]]
    rule = [m.value for m in at.markdown if "Quy tắc đèn tín hiệu" in m.value][0]
    assert "mục tiêu 28%" in rule
    assert "**Xanh**: tỷ lệ xã đạt chuẩn từ 28,0% trở lên" in rule
    assert "**Vàng**: từ -2,0% đến dưới 28,0%" in rule  # 28 - 30 points, as the test rule says
    assert "**Đỏ**: dưới -2,0%" in rule
    assert any("Tiến bộ tính so với kỳ Cuối năm 2019." in c.value for c in at.caption)
    assert any("Dữ liệu minh họa" in w.value for w in at.warning)


def test_league_first_period_and_ranking_by_improvement(mini_env):
    at = _page("districts", period_id="2019-12")
    t = at.dataframe[0].value
    assert _rows(t, "Huyện", "Hạng mức đạt", "Hạng tiến bộ", "Tỷ lệ đạt chuẩn", "BQ tiêu chí/xã", "Đèn tín hiệu") == [
        ("An", 1, "—", "50,0%", "2,5", "Xanh"),
        ("Bình", 2, "—", "33,3%", "1,3", "Xanh"),
    ]
    assert any("chưa xếp hạng theo tiến bộ" in c.value for c in at.caption)
    at.radio(key="an_league_order").set_value("improvement").run()
    assert at.dataframe[0].value["Huyện"].tolist() == ["An", "Bình"]  # unranked rows keep level order


def test_league_of_one_district(mini_env):
    # Bình is second in the province (0% after An's 100%): chosen alone it keeps rank 2, said so under the table
    at = _page("districts", districts=["002"])
    assert _rows(at.dataframe[0].value, "Huyện", "Hạng mức đạt", "Hạng tiến bộ", "Đạt chuẩn") == [("Bình", 2, 2, 0)]
    assert any(c.value.startswith("Hạng trong toàn tỉnh") for c in at.caption)
    assert not any(c.value.startswith("Hạng trong toàn tỉnh") for c in _page("districts").caption)


def test_drill_down_by_row_selection_and_by_picker(mini_env):
    at = _page("districts")
    at.session_state["an_league"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    at.run()
    assert "Các xã của huyện Bình" in [s.value for s in at.subheader]
    drill = at.dataframe[1].value
    assert _rows(drill, "Mã xã", "Xã", "Số tiêu chí đạt", "Nhóm", "Tiêu chí chưa đạt") == [
        ("00005", "Đông Tây", 2, "1–2 tiêu chí", "3. Thu nhập"),
        ("00004", "Thanh Bình", 2, "1–2 tiêu chí", "3. Thu nhập"),
    ]
    at.selectbox(key="an_drill_district").set_value("001").run()  # the picker wins once the user changes it
    assert _rows(at.dataframe[1].value, "Xã", "Số tiêu chí đạt") == [("Bản Xen", 3), ("Thanh Bình", 3)]


def test_league_without_a_rule_in_the_data(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DB", str(build_mini(tmp_path, lights=False)))
    at = _page("districts")
    assert any("Dữ liệu chưa có quy tắc đèn tín hiệu" in c.value for c in at.caption)
    assert at.dataframe[0].value["Đèn tín hiệu"].tolist() == ["—", "—"]


def test_league_table_downloads_as_excel(mini_env, media):
    at = _page("districts")
    screen = at.dataframe[0].value
    ws, header, rows, meta = _xlsx_rows(media(at.download_button[0]), "Hạng mức đạt")
    assert media.name(at.download_button[0]) == "huyen_2020-12_toan-tinh.xlsx"
    assert ws.title == "Xếp hạng huyện, thị xã"  # the title's 33 characters cut after a whole phrase
    assert header == list(screen.columns)
    assert [r[:4] for r in rows] == [list(r) for r in screen.iloc[:, :4].itertuples(index=False)]
    assert [r[header.index("Tỷ lệ đạt chuẩn")] for r in rows] == [1.0, 0.0]
    assert rows[1][header.index("Tỷ lệ đạt chuẩn tăng/giảm (điểm %)")] == pytest.approx(-100 / 3)
    assert rows[0][header.index("Xu hướng tỷ lệ đạt chuẩn")] == "50,0 → 100,0"
    assert meta["Kỳ báo cáo"] == "Cuối năm 2020" and meta["Phạm vi"] == "Toàn tỉnh"
    assert meta["Xếp hạng theo"].startswith("Mức đạt")
    assert meta["Số liệu đến ngày"].date() == date(2020, 12, 31)


# ---- Xã: every combination of the filters against an oracle written from the mini table -------------

NAMES = {
    "00001": ("Bản Xen", "001"),
    "00002": ("Thanh Bình", "001"),
    "00004": ("Thanh Bình", "002"),
    "00005": ("Đông", "002"),
    "00006": ("Tây", "002"),
    "00005-2020": ("Đông Tây", "002"),
}
PLAIN = {"Bản Xen": "ban xen", "Thanh Bình": "thanh binh", "Đông": "dong", "Tây": "tay", "Đông Tây": "dong tay"}
DISTRICT = {"001": "An", "002": "Bình"}
BANDS = {1: (3, 3), 2: (1, 2), 3: (0, 0)}
BAND_LABEL = {1: "3 tiêu chí", 2: "1–2 tiêu chí", 3: "0 tiêu chí"}


def expected_rows(period, districts=(), bands=(), criterion=None, status="any", search_plain=""):
    """(code, name, district, criteria met, band, marks) of the communes a user should see, in default order."""
    out = []
    for unit, bits in mini.STATUS[period].items():
        name, d = NAMES[unit]
        met = bits.count("1")
        band = next(b for b, (lo, hi) in BANDS.items() if lo <= met <= hi)
        if districts and d not in districts:
            continue
        if bands and band not in bands:
            continue
        if criterion and status != "any" and (bits[int(criterion) - 1] == "1") != (status == "met"):
            continue
        if search_plain and search_plain not in PLAIN[name]:
            continue
        marks = tuple("✓" if b == "1" else "✗" for b in bits)
        out.append(((-met, d, PLAIN[name]), (unit[:5], name, DISTRICT[d], met, BAND_LABEL[band]) + marks))
    return [row for _, row in sorted(out)]


def _matrix_rows(at):
    t = at.dataframe[0].value
    return _rows(t, "Mã xã", "Xã", "Huyện", "Số tiêu chí đạt", "Nhóm", "TC1", "TC2", "TC3")


FILTERS = list(
    itertools.product(
        [(None, "any")] + [(c, s) for c in ("1", "2", "3") for s in ("any", "met", "missing")],  # criterion, status
        [list(s) for n in range(4) for s in itertools.combinations([1, 2, 3], n)],  # bands
    )
)
SCOPES = list(itertools.product(["2019-12", "2020-12"], [[], ["001"], ["002"]]))  # period, districts


def test_the_commune_filter_keeps_what_the_oracle_keeps_for_every_combination(mini_env):
    """ntm's filter on every scope x criterion x status x bands (480 cases), against the oracle."""
    con = db.connect(Path(mini_env))
    frames = {(p, tuple(d)): analysis.commune_matrix(con, metrics.Scope(p, tuple(d))).frame for p, d in SCOPES}
    checked = 0
    for (period, districts), ((criterion, status), bands) in itertools.product(SCOPES, FILTERS):
        frame = frames[period, tuple(districts)]
        chosen = analysis.MatrixFilter(tuple(bands), criterion, None if criterion is None else status, "", "met_desc")
        got = [(r.unit_id[:5], r.unit_name, r.met_count) for r in analysis.filter_matrix(frame, chosen).itertuples()]
        want = [
            (code, name, met) for code, name, _, met, *_ in expected_rows(period, districts, bands, criterion, status)
        ]
        assert got == want, (period, districts, bands, criterion, status)
        checked += 1
    assert checked == 2 * 3 * 8 * 10


def test_communes_page_follows_every_filter(mini_env):
    """The page on each of the 80 criterion x status x bands choices, the six scopes taken in turn: what it
    shows (rows, their cells, the count caption, the empty notice) is what the oracle keeps."""
    at = _page("communes")
    for i, ((criterion, status), bands) in enumerate(FILTERS):
        period, districts = SCOPES[i % len(SCOPES)]
        at.session_state["period_id"] = period  # the sidebar's filters, as app.py stores them
        at.session_state["districts"] = districts
        if at.selectbox(key="an_criterion").value != criterion:
            at.selectbox(key="an_criterion").set_value(criterion).run()  # enables the status radio
        if criterion is not None:
            at.radio(key="an_status").set_value(status)
        at.multiselect(key="an_bands").set_value(bands)
        at.run()
        assert not at.exception
        want = expected_rows(period, districts, bands, criterion, status)
        total = len(expected_rows(period, districts))
        assert any(c.value == f"Đang hiển thị {len(want)}/{total} xã" for c in at.caption), (period, districts, bands)
        if want:
            assert _matrix_rows(at) == want, (period, districts, bands, criterion, status)
        else:
            assert any(i.value == "Không có xã nào khớp bộ lọc." for i in at.info)


@pytest.mark.parametrize(
    "text, plain",
    [
        ("ban xen", "ban xen"),
        ("BẢN XEN", "ban xen"),
        ("thanh binh", "thanh binh"),
        ("Đông", "dong"),
        ("tay", "tay"),
        ("xyz", "xyz"),
    ],
)
def test_communes_search_ignores_accents_and_case(mini_env, text, plain):
    at = _page("communes", period_id="2019-12")
    at.text_input(key="an_search").set_value(text).run()
    want = expected_rows("2019-12", search_plain=plain)
    if want:
        assert _matrix_rows(at) == want
    else:
        assert any(i.value == "Không có xã nào khớp bộ lọc." for i in at.info)
    if text == "thanh binh":
        assert [r[1:3] for r in want] == [("Thanh Bình", "An"), ("Thanh Bình", "Bình")]


@pytest.mark.parametrize(
    "sort, names",
    [
        ("met_desc", ["Bản Xen", "Đông", "Thanh Bình", "Thanh Bình", "Tây"]),
        ("met_asc", ["Tây", "Thanh Bình", "Thanh Bình", "Bản Xen", "Đông"]),
        ("name", ["Bản Xen", "Đông", "Tây", "Thanh Bình", "Thanh Bình"]),
    ],
)
def test_communes_sorting(mini_env, sort, names):
    at = _page("communes", period_id="2019-12")
    at.selectbox(key="an_sort").set_value(sort).run()
    assert at.dataframe[0].value["Xã"].tolist() == names
    assert len(at.get("plotly_chart")) == 1  # the heatmap draws the same rows


def test_matrix_downloads_as_excel_with_the_filters(mini_env, media):
    at = _page("communes", period_id="2019-12")
    at.multiselect(key="an_bands").set_value([2])
    at.selectbox(key="an_criterion").set_value("3").run()
    at.radio(key="an_status").set_value("missing")
    at.text_input(key="an_search").set_value("thanh")
    at.run()
    screen = at.dataframe[0].value
    ws, header, rows, meta = _xlsx_rows(media(at.download_button[0]), "Mã xã")
    assert media.name(at.download_button[0]) == "xa_2019-12_toan-tinh.xlsx"
    assert header == list(screen.columns)
    assert rows == [list(r) for r in screen.itertuples(index=False)]
    assert [r[:4] for r in rows] == [["00002", "Thanh Bình", "An", 2], ["00004", "Thanh Bình", "Bình", 1]]
    assert {k: meta[k] for k in list(meta)[:9]} == {
        "Số liệu đến ngày": meta["Số liệu đến ngày"],
        "Kỳ báo cáo": "Cuối năm 2019",
        "Phạm vi": "Toàn tỉnh",
        "Nhóm theo số tiêu chí đạt": "1–2 tiêu chí",
        "Tiêu chí": "TC3. Thu nhập",
        "Tình trạng của tiêu chí đã chọn": "Chưa đạt",
        "Tìm xã theo tên (gõ có dấu hoặc không dấu)": "thanh",
        "Sắp xếp": "Số tiêu chí đạt: nhiều đến ít",
        "Số liệu theo xã, huyện, tiêu chí là dữ liệu minh họa": None,
    }
    assert meta["Số liệu đến ngày"].date() == date(2019, 12, 31)


def test_a_name_that_looks_like_a_formula_is_downloaded_as_text(tmp_path, monkeypatch, media):
    link = '=HYPERLINK("http://example.com","Bản Xen")'
    monkeypatch.setenv("NTM_DB", str(build_mini(tmp_path, rename={"Bản Xen": link})))
    at = _page("communes", period_id="2019-12")
    assert at.dataframe[0].value["Xã"].iloc[0] == link
    ws, header, rows, meta = _xlsx_rows(media(at.download_button[0]), "Mã xã")
    cell = ws.cell(export.find_header_row(ws, "Mã xã") + 1, 2)
    assert (cell.value, cell.data_type) == (link, "s")


# ---- commune profile ------------------------------------------------------------------------------


def _table_with(at, column):
    """The one table on screen that has this column (non-selectable tables carry no key)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, column
    return found[0]


def _profile(at, unit):
    at.selectbox(key="an_profile_unit").set_value(unit).run()
    assert not at.exception
    return at


def test_profile_of_the_merged_commune(mini_env):
    at = _profile(_page("communes"), "00005-2020")
    assert any(m.value.startswith("Xã Đông Tây · Bình · mã 00005") for m in at.markdown)
    assert {m.label: m.value for m in at.metric} == {"Tiêu chí đạt": "2/3", "Tiêu chí chưa đạt": "1"}
    assert any(c.value == "Xã chưa có cơ quan, đơn vị giúp đỡ trong dữ liệu." for c in at.caption)
    missing = _table_with(at, "Cơ quan, đơn vị giúp đỡ xã")
    assert _rows(missing, "Mã", "Tiêu chí", "Sở, ngành phụ trách") == [("3", "Thu nhập", "Sở Nông nghiệp và PTNT")]
    history = _table_with(at, "Quan hệ với xã")
    assert _rows(history, "Kỳ báo cáo", "Đơn vị", "Quan hệ với xã", "Số tiêu chí đạt", "Đạt chuẩn NTM") == [
        ("Cuối năm 2019", "Đông", "Đơn vị tiền thân", 3, "✓"),
        ("Cuối năm 2019", "Tây", "Đơn vị tiền thân", 0, "✗"),
        ("Cuối năm 2020", "Đông Tây", "Chính xã này", 2, "✗"),
    ]
    rec = _table_with(at, "Số quyết định")
    assert _rows(rec, "Đơn vị", "Mức", "Năm", "Nguồn gốc số liệu") == [("Đông", "NTM", 2019, "minh họa")]
    lineage = _table_with(at, "Từ đơn vị")
    assert sorted(_rows(lineage, "Từ đơn vị", "Hình thức", "Thành đơn vị", "Hiệu lực từ", "Mức xác nhận")) == [
        ("Tây", "sáp nhập vào", "Đông Tây", "01/03/2020", "đã xác nhận"),
        ("Đông", "tiếp tục thành", "Đông Tây", "01/03/2020", "đã xác nhận"),
    ]


def test_profile_opened_by_selecting_a_row_shows_the_sponsor(mini_env):
    at = _page("communes", period_id="2019-12")
    at.session_state["an_matrix"] = {"selection": {"rows": [4], "columns": [], "cells": []}}  # Tây, last by criteria
    at.run()
    assert at.selectbox(key="an_profile_unit").value == "00006"
    assert any(c.value == "Cơ quan, đơn vị giúp đỡ xã: Sở Y tế" for c in at.caption)
    missing = at.dataframe[1].value
    assert _rows(missing, "Tiêu chí", "Sở, ngành phụ trách", "Cơ quan, đơn vị giúp đỡ xã") == [
        ("Quy hoạch", "Sở Xây dựng", "Sở Y tế"),
        ("Giao thông", "Sở Giao thông vận tải", "Sở Y tế"),
        ("Thu nhập", "Sở Nông nghiệp và PTNT", "Sở Y tế"),
    ]
    assert any(c.value == "Chưa có quyết định công nhận trong dữ liệu." for c in at.caption)


def test_profile_of_a_recognised_commune(mini_env, media):
    at = _profile(_page("communes", period_id="2019-12"), "00001")
    assert [s.value for s in at.success] == ["Xã đạt đủ 3/3 tiêu chí."]
    assert any(c.value == "Đơn vị không thay đổi trong các đợt sắp xếp 2019–2020." for c in at.caption)
    rec = _table_with(at, "Số quyết định")
    assert _rows(rec, "Mức", "Năm", "Số quyết định", "Ngày quyết định", "Nguồn gốc số liệu", "Nguồn") == [
        ("NTM", 2018, "12/QĐ-UBND", "20/12/2018", "đã xác nhận", "test source")
    ]
    button = [b for b in at.download_button if b.key == "an_profile_recognitions_xlsx"][0]
    assert media.name(button) == "xa_2019-12_toan-tinh_ban-xen-cong-nhan-dat-chuan.xlsx"
    ws, header, rows, meta = _xlsx_rows(media(button), "Đơn vị")
    assert [r[:4] + r[5:] for r in rows] == [["Bản Xen", "NTM", 2018, "12/QĐ-UBND", "đã xác nhận", "test source"]]
    assert rows[0][4].date() == date(2018, 12, 20)
    assert meta["Xã"] == "Bản Xen (00001)"


def test_every_table_has_an_excel_button(mini_env):
    at = _profile(_page("communes"), "00005-2020")
    keys = {b.key for b in at.download_button}
    assert keys == {
        "an_matrix_xlsx",
        "an_profile_missing_xlsx",
        "an_profile_all_xlsx",
        "an_profile_history_xlsx",
        "an_profile_recognitions_xlsx",
        "an_profile_lineage_xlsx",
    }
    assert len(at.dataframe) == len(keys)


# ---- Tiêu chí -------------------------------------------------------------------------------------


def test_criteria_page_end_of_2019(mini_env):
    at = _page("criteria", period_id="2019-12")
    wide, blockers, card = (d.value for d in at.dataframe)
    assert list(wide.columns) == ["Mã", "Tiêu chí", "An (2)", "Bình (3)", "Toàn phạm vi (5 xã)", "Tỷ lệ xã đạt"]
    assert _rows(wide, "Mã", "An (2)", "Bình (3)", "Toàn phạm vi (5 xã)", "Tỷ lệ xã đạt") == [
        ("1", 2, 2, 4, "80,0%"),
        ("2", 2, 1, 3, "60,0%"),
        ("3", 1, 1, 2, "40,0%"),
    ]
    assert "Tiêu chí cản trở các xã gần đạt chuẩn (1–2 tiêu chí)" in [s.value for s in at.subheader]
    assert any(c.value == "2 xã thuộc nhóm 1–2 tiêu chí." for c in at.caption)
    assert _rows(
        blockers, "Mã", "Số xã gần đạt chuẩn còn thiếu", "Số xã chỉ còn thiếu tiêu chí này", "Tổng số xã chưa đạt"
    ) == [("3", 2, 1, 3), ("2", 1, 0, 2), ("1", 0, 0, 1)]
    assert _rows(
        card,
        "Sở, ngành phụ trách",
        "Tiêu chí phụ trách",
        "Tỷ lệ xã đạt bình quân",
        "Lượt xã chưa đạt",
        "Xã gần đạt chuẩn bị vướng",
        "Xã chỉ vướng ở sở, ngành này",
    ) == [
        ("Sở Nông nghiệp và PTNT", "TC3", "40,0%", 3, 2, 1),
        ("Sở Giao thông vận tải", "TC2", "60,0%", 2, 1, 0),
        ("Sở Xây dựng", "TC1", "80,0%", 1, 0, 0),
    ]
    assert len(at.get("plotly_chart")) == 2 and len(at.download_button) == 3


def test_criteria_page_end_of_2020_one_district(mini_env):
    at = _page("criteria", districts=["002"])
    wide = at.dataframe[0].value
    assert list(wide.columns) == ["Mã", "Tiêu chí", "Bình (2)", "Toàn phạm vi (2 xã)", "Tỷ lệ xã đạt"]
    assert _rows(wide, "Bình (2)", "Tỷ lệ xã đạt") == [(2, "100,0%"), (2, "100,0%"), (0, "0,0%")]
    blockers = at.dataframe[1].value
    assert _rows(blockers, "Mã", "Số xã gần đạt chuẩn còn thiếu", "Số xã chỉ còn thiếu tiêu chí này")[0] == ("3", 2, 2)


def test_criteria_table_downloads_as_excel(mini_env, media):
    at = _page("criteria", period_id="2019-12")
    screen = at.dataframe[0].value
    ws, header, rows, meta = _xlsx_rows(media(at.download_button[0]), "Mã")
    assert header == list(screen.columns)
    assert [r[:5] for r in rows] == [list(r)[:5] for r in screen.itertuples(index=False)]
    assert [r[5] for r in rows] == pytest.approx([0.8, 0.6, 0.4])


# ---- Cần gì để đạt mục tiêu -----------------------------------------------------------------------


def _metrics(at):
    return {m.label: m.value for m in at.metric}


def test_target_met_with_the_default_target(mini_env):
    at = _page("target_gap", period_id="2019-12")
    assert at.number_input(key="an_gap_target").value == 28.0
    assert at.date_input(key="an_gap_deadline").value == date(2020, 12, 31)
    captions = [c.value for c in at.caption]
    assert "Mặc định: mục tiêu hạn 31/12/2020, có hiệu lực từ kỳ báo cáo sau (Cuối năm 2020) — test letter" in captions
    assert "Đến hạn 31/12/2020 còn 1 kỳ báo cáo trong dữ liệu: Cuối năm 2020." in captions  # mini's two periods
    assert _metrics(at) == {
        "Số xã đang đạt chuẩn": "2/5",
        "Cần có để đạt 28%": "2 xã",  # 28% of 5 = 1,4 -> 2
        "Cần thêm": "0 xã",
        "Nhịp cần thiết đến 31/12/2020": "0,0 xã/năm",
    }
    assert not any(c.value.startswith("Nhịp đã đạt") for c in at.caption)  # first period: nothing to compare
    assert [s.value for s in at.success] == ["Đã đạt mục tiêu: 2/5 xã đạt chuẩn, cần 2 xã."]
    cand = at.dataframe[0].value
    assert _rows(cand, "Thứ tự", "Xã", "Huyện", "Số tiêu chí đạt", "Tiêu chí chưa đạt", "Trong số cần thêm") == [
        (1, "Thanh Bình", "An", 2, "3. Thu nhập", "✗"),
        (2, "Thanh Bình", "Bình", 1, "2. Giao thông; 3. Thu nhập", "✗"),
    ]


def test_target_edited_on_the_page(mini_env, media):
    at = _page("target_gap", period_id="2019-12")
    at.number_input(key="an_gap_target").set_value(100.0).run()
    assert not at.exception
    assert _metrics(at) == {
        "Số xã đang đạt chuẩn": "2/5",
        "Cần có để đạt 100%": "5 xã",
        "Cần thêm": "3 xã",
        "Nhịp cần thiết đến 31/12/2020": "3,0 xã/năm",
    }  # 3 / (366/365,25)
    assert any(c.value == "Mục tiêu đã được sửa trên trang (khác dữ liệu mục tiêu)." for c in at.caption)
    sentence = [m.value for m in at.markdown if m.value.startswith("Để đạt")][0]
    assert sentence == (
        "Để đạt 100% vào 31/12/2020 (còn 1,0 năm), cần thêm 3 xã đạt chuẩn, khoảng 3,0 xã mỗi năm. "
        "3 xã gần đạt nhất còn thiếu tổng cộng 6 tiêu chí."
    )
    cand = at.dataframe[0].value
    assert _rows(cand, "Xã", "Số tiêu chí chưa đạt", "Sở, ngành phụ trách phần còn thiếu", "Trong số cần thêm") == [
        ("Thanh Bình", 1, "Sở Nông nghiệp và PTNT", "✓"),
        ("Thanh Bình", 2, "Sở Giao thông vận tải; Sở Nông nghiệp và PTNT", "✓"),
        ("Tây", 3, "Sở Xây dựng; Sở Giao thông vận tải; Sở Nông nghiệp và PTNT", "✓"),
    ]
    ws, header, rows, meta = _xlsx_rows(media(at.download_button[0]), "Thứ tự")
    assert [r[2] for r in rows] == cand["Xã"].tolist()
    assert meta["Mục tiêu tỷ lệ xã đạt chuẩn (%)"] == "100%" and meta["Hạn hoàn thành"] == "31/12/2020"


def test_deadline_reached_then_moved(mini_env):
    at = _page("target_gap")  # end of 2020: no next period, the target in force now
    assert any(c.value.startswith("Mặc định: mục tiêu đang áp dụng cho kỳ này, hạn 31/12/2020") for c in at.caption)
    at.number_input(key="an_gap_target").set_value(100.0).run()
    assert [w.value for w in at.warning if "Hạn" in w.value] == [
        "Hạn 31/12/2020 không còn sau ngày số liệu 31/12/2020: cần thêm 2 xã ngay."
    ]
    assert _metrics(at)["Nhịp cần thiết đến 31/12/2020"] == "— xã/năm"
    at.date_input(key="an_gap_deadline").set_value(date(2025, 12, 31)).run()
    assert _metrics(at)["Nhịp cần thiết đến 31/12/2025"] == "0,4 xã/năm"  # 2 / (1826/365,25)
    assert any(c.value == "Nhịp đã đạt từ Cuối năm 2019 đến kỳ này: 0,0 xã/năm." for c in at.caption)


def test_target_for_one_district(mini_env):
    at = _page("target_gap", districts=["001"], period_id="2019-12")
    assert _metrics(at)["Số xã đang đạt chuẩn"] == "1/2"
    at.number_input(key="an_gap_target").set_value(100.0).run()
    assert _metrics(at)["Cần thêm"] == "1 xã"
    assert at.dataframe[0].value["Xã"].tolist() == ["Thanh Bình"]


@pytest.mark.parametrize(
    "page, check",
    [
        (
            "districts",
            lambda at: (
                list(at.dataframe[0].value.columns[:4])
                == ["Rank by level", "Rank by improvement", "District", "Traffic light"]
                and at.dataframe[0].value["Traffic light"].tolist() == ["Green", "Amber"]
            ),
        ),
        ("communes", lambda at: any(c.value == "Showing 4 of 4 communes" for c in at.caption)),
        ("criteria", lambda at: "Whole scope (4 communes)" in at.dataframe[0].value.columns),
        ("target_gap", lambda at: _metrics(at)["Communes meeting it now"] == "2/4"),
    ],
)
def test_pages_in_english(mini_env, page, check):
    at = _page(page, lang="en")
    assert check(at)
    assert any(w.value.startswith("**Illustrative data**") for w in at.warning)


# ---- search under an area filter (issue 13, staff) -------------------------------------------------


def test_search_under_a_district_points_to_the_commune_of_another(mini_env):
    # Bản Xen is An's (001); with Bình (002) chosen the table is empty and the hint offers to switch
    at = _page("communes", period_id="2019-12", districts=["002"])
    at.text_input(key="an_search").set_value("ban xen").run()
    assert [i.value for i in at.info] == ["Bản Xen thuộc An — hiện xã này?", "Không có xã nào khớp bộ lọc."]
    at.button(key="an_search_hint_0").click().run()
    assert at.session_state["districts"] == ["001"]
    assert _matrix_rows(at) == expected_rows("2019-12", districts=("001",), search_plain="ban xen")
    assert at.selectbox(key="an_profile_unit").value == "00001"  # its profile opens
    assert not any("hiện xã này" in i.value for i in at.info)
