"""Leader's screens say what they measure (issue 13): the poverty cards follow the period and the area or say
"Toàn tỉnh", the gap card has its own meaning, the rounding note stands where it applies, and the map's classes
part at the target. Expected values are worked out by hand from the data files named beside them."""

from __future__ import annotations

import pytest

from geo import choropleth
from ntm.figures import poverty_tables as pvt
from ntm.measures import metrics
from ntm.measures.metrics import Scope
from ntm.outputs import slides
from ntm.plan import poverty
from ntm.views.overview import overview

BAO_THANG = "086"


def _cards(con, scope, lang="vi"):
    return [(c["label"], c["value"]) for c in pvt.headline(poverty.report(con, scope), lang)]


def test_poverty_cards_show_the_figure_known_on_the_periods_date(bundled_con):
    # poverty_province.csv: 11.46% at the end of 2019; the end-2020 figure (8.2%) is not known in 02/2020
    assert _cards(bundled_con, Scope("2020-02")) == [("Tỷ lệ hộ nghèo 2019 — Toàn tỉnh", "11,46%")]
    assert _cards(bundled_con, Scope("2020-12"))[0] == ("Tỷ lệ hộ nghèo 2020 — Toàn tỉnh", "8,2%")
    # only 2011 (35.28%) is published by the end of 2015
    assert _cards(bundled_con, Scope("2015-12")) == [("Tỷ lệ hộ nghèo 2011 — Toàn tỉnh", "35,28%")]


def test_poverty_cards_follow_the_chosen_district(bundled_con):
    # poverty_district.csv, Bảo Thắng (086): 2019 1 296/29 692 = 4,36%; 2020 1 113/29 692 = 3,75%, near-poor
    # 2 032/29 692 = 6,84%; change 3,75 - 4,36 = -0,62 points
    assert _cards(bundled_con, Scope("2020-12", (BAO_THANG,))) == [
        ("Tỷ lệ hộ nghèo 2020 — Bảo Thắng (minh họa)", "3,7%"),
        ("Tỷ lệ hộ cận nghèo 2020 — Bảo Thắng (minh họa)", "6,8%"),
        ("Thay đổi so với 2019 — Bảo Thắng (minh họa)", "-0,6 điểm %"),
    ]
    assert _cards(bundled_con, Scope("2020-02", (BAO_THANG,))) == [
        ("Tỷ lệ hộ nghèo 2019 — Bảo Thắng (minh họa)", "4,4%")
    ]
    assert _cards(bundled_con, Scope("2020-12", (BAO_THANG,)), "en")[0] == (
        "Poverty rate 2020 — Bảo Thắng (illustrative)",
        "3.7%",
    )


def test_poverty_cards_say_province_wide_when_the_district_has_no_figure_yet(bundled_con):
    # no district figure before 2019: in 2015 Bảo Thắng chosen still shows the province's 2011 rate, said so
    assert _cards(bundled_con, Scope("2015-12", (BAO_THANG,))) == [("Tỷ lệ hộ nghèo 2011 — Toàn tỉnh", "35,28%")]


@pytest.mark.parametrize(
    "period_id, note",
    [
        ("2020-02", "Hơn mức mục tiêu 14 xã"),  # 28% of 134 = 37,52 -> 38 needed; 52 - 38 = 14
        ("2016-12", "Cần thêm 13 xã để đạt mục tiêu"),  # 28% of 143 = 40,04 -> 41; 41 - 28 = 13
        ("2020-12", "Hơn mức mục tiêu 25 xã"),  # 28% of 127 = 35,56 -> 36; 61 - 36 = 25
    ],
)
def test_the_gap_card_counts_communes_to_the_target_not_the_shares_change(bundled_con, period_id, note):
    v = overview(bundled_con, Scope(period_id))
    gap = v.kpis[2]
    assert gap.delta is None  # the share card already says the change
    assert gap.note == note
    deck = slides.build_deck(bundled_con, Scope(period_id), "vi")
    headline = next(s for s in deck.slides if s.key == "kpis")
    assert headline.items[0].items[2].delta is None and headline.items[0].items[2].note == note


def test_the_rounding_note_stands_only_where_the_published_share_rounds_otherwise(bundled_con):
    # published_figures.csv: 52/143 printed 36,3% at the end of 2019; 52/143 = 36,36 -> 36,4% half up
    note = "Tỷ lệ được làm tròn nửa lên (52/143 = 36,4%); nguồn công bố cắt bớt chữ số (36,3%)."
    assert note in overview(bundled_con, Scope("2019-12")).note
    for scope in (Scope("2019-12", (BAO_THANG,)), Scope("2020-02"), Scope("2020-12")):  # 38,8% and 48,0% agree
        assert "làm tròn" not in overview(bundled_con, scope).note, scope
    # 20/143 = 13,99 -> 14,0% half up; the end-2015 source prints 13,9%
    assert "(20/143 = 14,0%); nguồn công bố cắt bớt chữ số (13,9%)" in overview(bundled_con, Scope("2015-12")).note


def test_a_class_bound_is_added_at_the_target():
    assert choropleth.with_break_at([0, 20, 40, 60], 28) == [0, 20, 28, 40, 60]
    assert choropleth.with_break_at([0, 20, 40], 20) == [0, 20, 40]  # already a bound
    assert choropleth.with_break_at([40, 60], 28) == [40, 60]  # every area above it
    assert choropleth.with_break_at([0, 20], None) == [0, 20]


@pytest.mark.parametrize("period_id", ["2019-12", "2020-02", "2020-12"])
def test_no_map_class_mixes_districts_below_and_meeting_the_target(bundled_con, period_id):
    frame = choropleth.build_frame(bundled_con, Scope(period_id), "district_pct")
    target = metrics.target_for(bundled_con, period_id).pct
    assert target == 28  # targets.csv: central_share_2020
    label = {c.key: c.label for c in frame.classes}
    table = metrics.district_table(bundled_con, Scope(period_id)).set_index("district_code")
    sides: dict[str, set[bool]] = {}
    for r in frame.units.drop_duplicates("district_code").itertuples():
        meets = table.loc[r.district_code, "pct"] >= target  # the overview's bar is green
        sides.setdefault(r.class_key, set()).add(meets)
        assert label[r.class_key].endswith("đạt mục tiêu 28%" if meets else "dưới mục tiêu 28%"), r.district_code
    assert all(len(s) == 1 for s in sides.values())
