"""Measures by area across the 2025 merger (issue 11): the grouping of a period, the area table of a period
without districts, trends that break where the province or the criteria set changes, and the merged footprint.

By hand, from the reference files (present_facts.md): the merged province's 89 xã are 45 from old Lào Cai and 44
from old Yên Bái, and the four units formed in TP Yên Bái are phường; 127 + 150 = 277 xã on the footprint before
the merger. Periods (periods.csv): the criteria set
changes at 2023-12 (QĐ 318) and 2026-06 (QĐ 51), the province at 2024-07 (old Yên Bái) and 2025-07 (the merger).
"""

import pytest

from ntm.measures import merged, metrics
from ntm.measures.metrics import Scope


def test_a_scope_names_its_areas_as_districts_did():
    assert Scope("2020-02", districts=("086",)) == Scope("2020-02", ("086",)) == Scope("2020-02", areas=("086",))
    assert Scope("2020-02", ("086",)).districts == ("086",)


def test_each_period_opens_on_its_grouping(bundled_con):
    assert metrics.grouping_of(bundled_con, Scope("2020-02")) == "district"
    assert metrics.grouping_of(bundled_con, Scope("2025-07")) == "former_district"
    assert metrics.groupings(bundled_con, "2026-06").grouping.tolist() == ["former_district", "former_province"]
    assert metrics.districts(bundled_con).district_code.tolist() == [f"0{c}" for c in (80, *range(82, 90))]


def test_the_area_table_of_a_period_without_districts(bundled_con):
    by_province = metrics.area_table(bundled_con, Scope("2025-07", grouping="former_province")).set_index("area_id")
    assert by_province.base.to_dict() == {"10": 45, "15": 44}
    assert by_province.recognised.sum() == 37
    assert list(by_province.area_name) == ["Lào Cai (cũ)", "Yên Bái (cũ)"]
    by_district = metrics.area_table(bundled_con, Scope("2025-07"))
    assert by_district.base.sum() == 89
    # every former district but TP Yên Bái (132), whose units all became phường, which are not assessed for NTM
    assert len(by_district) == 17 and "132" not in set(by_district.area_id)
    assert (by_district.district_code == by_district.area_id).all()  # the names district callers read


def test_the_same_areas_in_another_period(bundled_con):
    later = Scope("2025-07", ("086",))
    assert later.at(bundled_con, "2020-02") == Scope("2020-02", ("086",), "district")
    province = Scope("2025-07", ("10",), "former_province").at(bundled_con, "2020-02")
    assert province == Scope("2020-02", ("10",), "province")
    assert metrics.summary(bundled_con, province).base == 134  # old Lào Cai's whole base in the letter
    label = metrics.scope_label(bundled_con, Scope("2025-07", ("10",), "former_province"), "en")
    assert label == "Lào Cai (former)"


def test_trends_break_where_the_province_or_the_set_changes(bundled_con):
    history = metrics.trend(bundled_con, Scope("2026-06"))
    breaks = dict(zip(history.period_id, history.break_before))
    assert [p for p, b in breaks.items() if b] == ["2023-12", "2024-07", "2025-07", "2026-06"]
    assert metrics.since_last_break(history).period_id.tolist() == ["2026-06"]
    letter = metrics.trend(bundled_con, Scope("2020-02"))
    assert letter.period_id.tolist() == ["2015-12", "2016-12", "2019-12", "2020-02"] and not letter.break_before.any()
    assert metrics.periods_up_to(bundled_con, "2024-07") == ["2024-07"]  # old Yên Bái's own line
    assert metrics.previous_period(bundled_con, "2024-06") == "2023-12"
    assert metrics.previous_period(bundled_con, "2023-12") is None  # 2020-12 used another set


def test_the_merged_footprint_before_the_merger(bundled_con):
    rows = merged.footprint(bundled_con, "2024-06").set_index("row")
    sides = rows.loc["province"].set_index("province_id")
    assert sides.period_id.to_dict() == {"10": "2024-06", "15": "2024-07"}  # each at its own nearest period
    whole = rows.loc["footprint"]
    assert whole.base == 127 + 150 == 277 and whole.recognised == sides.recognised.sum()
    assert whole.label_vi == "Địa bàn tỉnh sau hợp nhất (Lào Cai (cũ) + Yên Bái (cũ))" and whole.complete
    letter = merged.footprint(bundled_con, "2020-02").set_index("row")
    assert not letter.complete.any() and letter.loc["footprint", "base"] == 134  # old Yên Bái has no 2020 data
    assert merged.footprint(bundled_con, "2026-06").empty  # the merged province merged into nothing


@pytest.mark.parametrize(("period", "n"), [("2020-02", 19), ("2024-07", 19), ("2026-06", 10)])
def test_bands_and_the_standard_follow_the_set_of_the_period(bundled_con, period, n):
    scores = metrics.commune_scores(bundled_con, Scope(period))
    assert (scores.n_criteria == n).all()
    assert (scores.meets_standard == (scores.met_count == n)).all()
    bands = metrics.bands(bundled_con, Scope(period))
    assert bands.max_met.iloc[0] == n and bands.communes.sum() == len(scores)
