"""Commune groups (nhóm xã) of the 2026–2030 set as a filter, and trend lines that break (issue 11).

By hand, from the bundled files of the illustrative June 2026 period: commune_groups.csv puts 19 xã in group 1, 7 in
group 2 and 63 in group 3 (89 in all); commune_status.csv gives group 1 130 criteria met in all, four xã with all 10
(02908, 04303, 04498, 04705), group 2 29 met and none with all 10, group 3 382 met and six with all 10. So group 1:
4/19 = 21,1%, 130/19 = 6,8 criteria per xã; group 2: 0/7, 29/7 = 4,1; groups 1 and 3: 10/82, (130 + 382)/82.
"""

import pytest

from geo import choropleth
from ntm.figures import sparkline
from ntm.measures import analysis, metrics
from ntm.measures.metrics import Scope
from ntm.views.overview import overview
from tests import headline
from tests.conftest import open_page

JUNE_2026 = "2026-06"


def test_a_scope_counts_the_communes_of_its_groups_only(bundled_con):
    one = metrics.summary(bundled_con, Scope(JUNE_2026, groups=("1",)))
    assert (one.recognised, one.base, round(one.avg_criteria, 4)) == (4, 19, round(130 / 19, 4))
    both = metrics.summary(bundled_con, Scope(JUNE_2026, groups=("1", "3")))
    assert (both.recognised, both.base, round(both.avg_criteria, 4)) == (10, 82, round(512 / 82, 4))
    assert len(metrics.scope_status(bundled_con, Scope(JUNE_2026, groups=("2",)))) == 7 * 10  # 10 criteria each
    assert metrics.bands(bundled_con, Scope(JUNE_2026, groups=("2",))).communes.sum() == 7


def test_the_group_table_and_labels_come_from_the_data(bundled_con):
    table = metrics.group_table(bundled_con, Scope(JUNE_2026)).set_index("group_no")
    assert table.base.to_dict() == {"1": 19, "2": 7, "3": 63}
    assert table.recognised.to_dict() == {"1": 4, "2": 0, "3": 6}
    assert table.label_vi.tolist() == ["Nhóm 1", "Nhóm 2", "Nhóm 3"]
    assert metrics.group_table(bundled_con, Scope(JUNE_2026, groups=("2",))).group_no.tolist() == ["2"]
    label = metrics.scope_label(bundled_con, Scope(JUNE_2026, ("10",), "former_province", groups=("3", "1")), "en")
    assert label == "Lào Cai (former) · Group 1, Group 3"
    # the 2016–2020 set has no groups: nothing to show, and the letter's label is unchanged
    assert metrics.group_table(bundled_con, Scope("2020-02")).empty
    assert metrics.scope_label(bundled_con, Scope("2020-02")) == "Toàn tỉnh"


def test_a_group_has_no_history_before_its_set(bundled_con):
    history = metrics.trend(bundled_con, Scope(JUNE_2026, groups=("1",)))
    assert history.period_id.tolist() == [JUNE_2026]  # periods without groups are left out, not drawn as zeros
    assert metrics.summary(bundled_con, Scope("2025-07", groups=("1",))).base == 0


def test_the_overview_shows_each_group(bundled_con):
    v = overview(bundled_con, Scope(JUNE_2026))
    assert v.group_table.values.tolist() == [
        ["Nhóm 1", 19, 4, "21,1%", "6,8"],
        ["Nhóm 2", 7, 0, "0,0%", "4,1"],
        ["Nhóm 3", 63, 6, "9,5%", "6,1"],
    ]
    assert overview(bundled_con, Scope("2020-02")).group_table.empty


def test_the_map_dims_the_communes_outside_the_groups(bundled_con):
    frame = choropleth.build_frame(bundled_con, Scope(JUNE_2026, groups=("2",)))
    assert len(frame.units) == 89 and int(frame.units.in_scope.sum()) == 7 and frame.dimmed
    assert sum(c.count for c in frame.classes) == 7  # the legend counts the chosen communes


def test_the_commune_matrix_names_each_group(bundled_con):
    frame = analysis.commune_matrix(bundled_con, Scope(JUNE_2026)).frame.set_index("unit_code")
    assert frame.loc["02908", "commune_group_vi"] == "Nhóm 1" and frame.loc["02680", "commune_group_en"] == "Group 2"


def test_the_sidebar_offers_groups_only_where_the_set_has_them(bundled_db):
    june = open_page(period_id=JUNE_2026, groups=["2"])
    assert not june.exception
    picker = next(m for m in june.sidebar.multiselect if m.label == "Nhóm xã (bộ tiêu chí 2026–2030)")
    assert picker.options == ["Nhóm 1", "Nhóm 2", "Nhóm 3"] and picker.value == ["2"]
    assert headline.values(june)[0] == "0/7"
    assert june.query_params["group"] == "2"
    letter = open_page()
    assert not letter.exception
    assert all("Nhóm xã" not in m.label for m in letter.sidebar.multiselect)
    assert "group" not in letter.query_params


# ---- trend lines break where the criteria set or the province changes -------------------------------


def test_the_sparkline_is_not_drawn_across_a_break():
    picture = sparkline.svg([20, 28, 4, 12, 106], "x", breaks=(2, 4))
    assert picture.count("<polyline") == 2  # 20 → 28 and 4 → 12; 106 stands alone as a dot
    assert picture.count('stroke-dasharray="2,2"') == 2  # one mark in each gap
    assert sparkline.svg([20, 28, 52], "x").count("<polyline") == 1 and "stroke-dasharray" not in sparkline.svg(
        [20, 28, 52], "x"
    )


def test_the_overview_cards_draw_the_whole_line_broken_where_it_changes(bundled_con):
    v = overview(bundled_con, Scope(JUNE_2026))
    # published figures (periods.csv): 20, 28, 52 of 143; 52/134 (the letter); 61/127; 106/150 (old Yên Bái);
    # 37/89 after the merger; 4 and 12 in 2023–2024 meet every criterion of the 2021–2025 set; 10 in June 2026
    assert v.kpis[0].history == (20, 28, 52, 52, 61, 4, 12, 106, 37, 10)
    assert v.kpis[0].breaks == (5, 7, 8, 9)  # QĐ 318 from 2023-12, old Yên Bái, the merger, QĐ 51
    assert "Đường xu hướng ngắt trước kỳ Năm 2023 (Lào Cai cũ); 31/07/2024 (Yên Bái cũ)" in v.note
    letter = overview(bundled_con, Scope("2020-02"))
    assert all(k.breaks == () for k in letter.kpis) and "ngắt" not in letter.note


@pytest.mark.parametrize(
    ("period", "line", "broke"),
    [("2020-02", ["2015-12", "2016-12", "2019-12", "2020-02"], False), ("2024-06", ["2023-12", "2024-06"], True)],
)
def test_the_league_line_starts_after_the_last_change(bundled_con, period, line, broke):
    lg = analysis.league(bundled_con, Scope(period))
    assert lg.period_ids == line and lg.trend_break is broke
    assert {len(series) for series in lg.table.trend} <= {len(line)}


# ---- the merged footprint on the overview ----------------------------------------------------------------


def test_the_overview_offers_the_merged_footprint_before_the_merger(bundled_con):
    v = overview(bundled_con, Scope("2024-06"))
    assert v.footprint.iloc[:, 1].tolist() == ["12/127", "106/150", "118/277"]  # 127 + 150 = 277 xã
    assert v.footprint.iloc[2, 0] == "Địa bàn tỉnh sau hợp nhất (Lào Cai (cũ) + Yên Bái (cũ))"
    letter = overview(bundled_con, Scope("2020-02"))
    assert letter.footprint.iloc[:, 1].tolist() == ["52/134", "—", "52/134"]  # old Yên Bái has no 2016–2020 data
    assert letter.footprint.iloc[2, 0].endswith("(thiếu tỉnh chưa có số liệu)")
    assert overview(bundled_con, Scope(JUNE_2026)).footprint is None  # after the merger there is nothing to add
    assert overview(bundled_con, Scope("2024-06", ("083",))).footprint is None  # whole provinces only


def test_the_footprint_is_shown_only_when_asked(bundled_db):
    at = open_page(period_id="2024-06")
    assert not at.exception
    assert len(at.dataframe) == 1 and "Địa bàn tỉnh sau hợp nhất" not in [s.value for s in at.subheader]
    at.toggle(key="overview_footprint").set_value(True).run()
    assert not at.exception
    assert len(at.dataframe) == 2 and at.subheader[0].value == "Địa bàn tỉnh sau hợp nhất"
    assert at.dataframe[0].value.iloc[:, 1].tolist() == ["12/127", "106/150", "118/277"]


# ---- area layers of the 2025 layer --------------------------------------------------------------------------


def test_the_2025_layer_draws_the_former_provinces_when_grouped_by_them(bundled_con):
    """area_layers.csv: over the 2025 layer, former districts are the 2019 district outlines of both provinces, and
    former provinces the two 2019 provincial outlines (joined by code 10 / 15). Of the ten xã meeting all 10 criteria
    in June 2026, 02890 and 02908 were formed from old Lào Cai units (codes 026xx–030xx): 2/45 = 4,4%; the eight others
    from old Yên Bái (04xxx): 8/44 = 18,2%."""
    frame = choropleth.build_frame(bundled_con, Scope(JUNE_2026, grouping="former_province"), "district_pct")
    areas = frame.districts.set_index("district_code")
    assert areas.district_name.to_dict() == {"10": "Lào Cai (cũ)", "15": "Yên Bái (cũ)"}
    assert areas.value_text.to_dict() == {"10": "4,4%", "15": "18,2%"}
    assert frame.title == "Tỉnh cũ: tỷ lệ xã đạt chuẩn" and frame.legend_title.endswith("(2 vùng)")
    assert frame.layer == "2025" and len(frame.units) == 89
    by_district = choropleth.build_frame(bundled_con, Scope(JUNE_2026), "district_pct")
    assert len(by_district.districts) == 18 and by_district.title == "Huyện cũ: tỷ lệ xã đạt chuẩn"
    # the letter keeps its district wording and its nine districts
    letter = choropleth.build_frame(bundled_con, Scope("2020-02"), "district_pct")
    assert len(letter.districts) == 9 and letter.title == "Huyện: tỷ lệ xã đạt chuẩn"
