"""After 07/2025 the sidebar offers the period's groupings (data: period_groupings): former district or former
province; the overview's area table follows the choice. Before, periods have one grouping and no choice."""

from __future__ import annotations

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


def test_february_2020_has_no_grouping_choice(bundled_db, monkeypatch):
    monkeypatch.setenv("NTM_DB", str(bundled_db))
    at = open_page()
    assert not at.exception
    assert [r for r in at.sidebar.radio if r.key == "_w_grouping"] == []
