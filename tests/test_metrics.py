"""ntm.metrics on the hand-made mini dataset (expected values worked out in tests/mini.py)."""

import pytest

from ntm.measures import metrics
from ntm.measures.metrics import Scope


def test_summary_of_the_whole_province(mini_con):
    s = metrics.summary(mini_con, Scope("2019-12"))
    assert (s.recognised, s.base, s.n_criteria) == (2, 5, 3)
    assert s.pct == pytest.approx(40.0)
    assert s.avg_criteria == pytest.approx(1.8)
    assert s.target_pct == 28.0
    assert s.gap_points == pytest.approx(12.0)
    assert s.illustrative is True


def test_summary_restricted_to_one_district(mini_con):
    s = metrics.summary(mini_con, Scope("2019-12", ("002",)))
    assert (s.recognised, s.base) == (1, 3)
    assert s.avg_criteria == pytest.approx(4 / 3)


def test_bands_follow_the_band_table(mini_con):
    b = metrics.bands(mini_con, Scope("2019-12"))
    assert b["communes"].tolist() == [2, 2, 1]
    assert b["label_vi"].tolist() == ["3 tiêu chí", "1–2 tiêu chí", "0 tiêu chí"]


def test_communes_meeting_each_criterion(mini_con):
    a = metrics.criteria_achievement(mini_con, Scope("2019-12"))
    assert dict(zip(a.criterion_code, a.communes_met)) == {"1": 4, "2": 3, "3": 2}
    assert a["department"].tolist()[:2] == ["Sở Xây dựng", "Sở Giao thông vận tải"]


def test_district_table(mini_con):
    t = metrics.district_table(mini_con, Scope("2019-12")).set_index("district_code")
    assert t.loc["001", ["base", "recognised"]].tolist() == [2, 1]
    assert t.loc["001", "pct"] == pytest.approx(50.0)
    assert t.loc["002", "pct"] == pytest.approx(100 / 3)
    assert t.loc["002", "avg_criteria"] == pytest.approx(4 / 3)
    assert t.loc["002", "gap_points"] == pytest.approx(100 / 3 - 28)


def test_district_table_agrees_with_district_summaries(mini_con):
    table = metrics.district_table(mini_con, Scope("2019-12")).set_index("district_code")
    for code in table.index:
        s = metrics.summary(mini_con, Scope("2019-12", (code,)))
        assert (s.recognised, s.base) == (table.loc[code, "recognised"], table.loc[code, "base"])


def test_each_period_uses_its_own_base_and_change_reports_it(mini_con):
    s = metrics.summary(mini_con, Scope("2020-12"))
    assert (s.recognised, s.base) == (2, 4)
    assert s.avg_criteria == pytest.approx(2.5)
    ch = metrics.change_since_previous(mini_con, Scope("2020-12"))
    assert ch.previous_period_id == "2019-12"
    assert ch.recognised == 0
    assert ch.pct_points == pytest.approx(10.0)
    assert ch.avg_criteria == pytest.approx(0.7)
    assert (ch.base_before, ch.base_changed) == (5, True)


def test_first_period_has_no_change(mini_con):
    ch = metrics.change_since_previous(mini_con, Scope("2019-12"))
    assert ch.previous_period_id is None and ch.recognised is None


def test_unknown_period_is_reported_in_vietnamese(mini_con):
    with pytest.raises(KeyError, match="Không có kỳ báo cáo"):
        metrics.previous_period(mini_con, "1999-01")


def test_empty_scope(mini_con):
    s = metrics.summary(mini_con, Scope("2019-12", ("999",)))
    assert (s.recognised, s.base, s.pct, s.avg_criteria) == (0, 0, None, None)


def test_a_second_criteria_set_needs_no_code(mini_con):
    """The mini dataset uses a 3-criterion set: 'meets the standard' means 3/3 there, 19/19 in QĐ 1980."""
    scores = metrics.commune_scores(mini_con, Scope("2019-12"))
    assert set(scores["n_criteria"]) == {3}
    assert scores.loc[scores.meets_standard, "unit_name"].tolist() == ["Bản Xen", "Đông"]


def test_trend_stops_at_the_scope_period(mini_con):
    tr = metrics.trend(mini_con, Scope("2020-12", ("001",)))
    assert tr["period_id"].tolist() == ["2019-12", "2020-12"]
    assert tr["recognised"].tolist() == [1, 2]  # An: Bản Xen, then Bản Xen and Thanh Bình
    assert metrics.trend(mini_con, Scope("2019-12"))["period_id"].tolist() == ["2019-12"]


def test_default_period_is_data(mini_con, bundled_con):
    assert metrics.default_period(metrics.periods(mini_con)) == "2020-12"  # none flagged: the latest
    assert metrics.default_period(metrics.periods(bundled_con)) == "2020-02"  # flagged in periods.csv
