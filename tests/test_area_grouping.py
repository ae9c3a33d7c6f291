"""After 07/2025 the sidebar offers the period's groupings (data: period_groupings): former district or former
province; the overview's area table follows the choice. Before, periods have one grouping and no choice."""

from __future__ import annotations

import json

from ntm.measures import metrics
from ntm.outputs import slides
from tests.conftest import open_page


def test_a_2026_period_offers_former_districts_and_former_provinces(bundled_db, monkeypatch):
    monkeypatch.setenv("NTM_DB", str(bundled_db))
    at = open_page(period_id="2026-06")
    assert not at.exception
    choice = [r for r in at.sidebar.radio if r.key == "_w_grouping"]
    assert len(choice) == 1 and choice[0].options == ["Huyện cũ", "Tỉnh cũ"]
    assert choice[0].value == "former_district"  # the period's default (period_groupings.csv)
    by_district = len(at.dataframe[-1].value)
    choice[0].set_value("former_province").run()
    assert not at.exception
    table = at.dataframe[-1].value
    # 89 xã of new Lào Cai: 45 from old Lào Cai and 44 from old Yên Bái (laocai_2025_crosswalk.csv)
    assert len(table) == 2 < by_district
    assert dict(zip(table["Mã"], table["Số xã"])) == {"10": 45, "15": 44}


def test_the_area_table_and_chart_are_named_by_the_grouping_never_by_district_after_the_merger(bundled_db, monkeypatch):
    """Districts ended on 30/06/2025: a 2026 table by area says former district or former province, in its title,
    its column and its chart; February 2020 keeps 'huyện'."""
    monkeypatch.setenv("NTM_DB", str(bundled_db))

    def named(at) -> tuple[str, str, str]:
        title = next(s.value for s in at.subheader if s.value.startswith("Bảng theo"))
        chart = next(c for c in at.get("plotly_chart") if c.proto.id and "district_chart" in c.proto.id)
        return title, str(at.dataframe[-1].value.columns[1]), json.loads(chart.proto.spec)["layout"]["title"]["text"]

    at = open_page(period_id="2026-06")
    assert named(at) == ("Bảng theo huyện cũ", "Huyện cũ", "Tỷ lệ xã đạt chuẩn theo huyện cũ")
    next(r for r in at.sidebar.radio if r.key == "_w_grouping").set_value("former_province").run()
    assert named(at) == ("Bảng theo tỉnh cũ", "Tỉnh cũ", "Tỷ lệ xã đạt chuẩn theo tỉnh cũ")
    assert named(open_page(period_id="2020-02")) == ("Bảng theo huyện", "Huyện", "Tỷ lệ xã đạt chuẩn theo huyện")


def test_the_analysis_pages_and_the_deck_rank_former_districts_after_the_merger(bundled_db, bundled_con, monkeypatch):
    monkeypatch.setenv("NTM_DB", str(bundled_db))
    at = open_page("pages/districts.py", period_id="2026-06")
    assert not at.exception
    assert at.title[0].value == "Xếp hạng theo huyện cũ" and "Huyện cũ" in at.dataframe[0].value.columns
    at = open_page("pages/criteria.py", period_id="2026-06")
    assert "Số xã đạt từng tiêu chí theo huyện cũ" in [s.value for s in at.subheader]
    titles = [s.title for s in slides.build_deck(bundled_con, metrics.Scope("2026-06")).slides]
    assert "Xếp hạng theo huyện cũ" in titles and "Tỷ lệ xã đạt chuẩn theo huyện cũ" in titles
    assert not any("Xếp hạng huyện" in title or title.endswith("theo huyện") for title in titles)
    # February 2020's districts keep their full name
    assert open_page("pages/districts.py").title[0].value == "Xếp hạng huyện, thị xã, thành phố"


def test_february_2020_has_no_grouping_choice(bundled_db, monkeypatch):
    monkeypatch.setenv("NTM_DB", str(bundled_db))
    at = open_page()
    assert not at.exception
    assert [r for r in at.sidebar.radio if r.key == "_w_grouping"] == []
