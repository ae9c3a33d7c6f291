"""ntm.views: what a page draws, from one call, on the hand-made mini dataset (figures worked out in tests/mini.py)."""

from ntm.measures.metrics import Scope
from ntm.views.overview import overview
from ntm.views.poverty import poverty_view


def test_overview_end_of_2020_with_its_change_since_2019(mini_con):
    v = overview(mini_con, Scope("2020-12"))
    # 2/4 = 50,0% (28% target: +22,0 points); 2019: 2/5 = 40,0%, +12,0 points, average 1,8 -> 2,5
    assert [(k.label, k.value, k.delta, k.flat) for k in v.kpis] == [
        ("Xã đạt chuẩn NTM", "2/4", "0 xã", True),  # no change: no arrow
        ("Tỷ lệ xã đạt chuẩn", "50,0%", "+10,0 điểm %", False),
        ("So với mục tiêu 28% (điểm %)", "+22,0", None, False),  # not the share's change again
        ("Bình quân tiêu chí/xã", "2,5", "+0,7 tiêu chí", False),
    ]
    assert v.kpis[2].note == "Vừa đủ số xã của mục tiêu"  # 28% of 4 = 1,12 -> 2 communes needed; 2 meet it
    assert v.kpis[0].history == (2, 2) and v.kpis[1].history == (40.0, 50.0)
    assert v.since == "so với Cuối năm 2019"
    assert "Số xã trong kỳ thay đổi do sáp nhập: 5 → 4" in v.note
    assert "Số liệu công bố" not in v.note  # published figures exist for 2019 only
    # An: Bản Xen 3, Thanh Bình 3 -> 2/2; Bình: Thanh Bình 2, Đông Tây 2 -> 0/2
    assert v.district_table.values.tolist() == [
        ["001", "An", 2, 2, "100,0%", "3,0", "+72,0"],
        ["002", "Bình", 2, 0, "0,0%", "2,0", "-28,0"],
    ]


def test_overview_first_period_says_so_and_checks_the_published_figure(mini_con):
    v = overview(mini_con, Scope("2019-12"), "en")
    assert v.since is None and all(k.delta is None for k in v.kpis)
    assert v.kpis[1].value == "40.0%"
    assert v.note.startswith("First period: nothing to compare with · Published figure for this period: 2/5 (40.0%)")


def test_overview_of_a_scope_without_communes_is_none(mini_con):
    assert overview(mini_con, Scope("2020-12", ("999",))) is None


def test_poverty_view_follows_the_districts(bundled_con):
    whole, bat_xat = poverty_view(bundled_con, Scope("2020-12")), poverty_view(bundled_con, Scope("2020-12", ("082",)))
    assert whole.resources["district_code"].nunique() == 9 and whole.report.districts["district_code"].nunique() == 9
    assert set(bat_xat.resources["district_code"]) == set(bat_xat.report.districts["district_code"]) == {"082"}
    assert bat_xat.report.province.equals(whole.report.province)  # the province series ignores the filter
