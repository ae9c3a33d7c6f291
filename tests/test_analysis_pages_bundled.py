"""The analysis pages on the bundled data, every period: they run, and their totals agree with the
headline figures of ntm.metrics (a separate code path: one SQL aggregate per scope)."""

import pytest

from ntm.measures import metrics
from ntm.measures.metrics import Scope
from tests.conftest import open_page

PERIODS = ["2015-12", "2016-12", "2019-12", "2020-02", "2020-12"]


def _page(name, **state):
    at = open_page(f"pages/{name}.py", **state)
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("period", PERIODS)
def test_league_totals_match_the_summary(bundled_db, bundled_con, period):
    s = metrics.summary(bundled_con, Scope(period))
    t = _page("districts", period_id=period).dataframe[0].value
    assert t["Số xã"].sum() == s.base and t["Đạt chuẩn"].sum() == s.recognised
    assert len(t) == 9
    if s.target_pct is None:  # before the target is in force (2015): no lights
        assert (t["Đèn tín hiệu"] == "—").all()


@pytest.mark.parametrize("period", PERIODS)
def test_matrix_and_criteria_match_the_summary(bundled_db, bundled_con, period):
    s = metrics.summary(bundled_con, Scope(period))
    at = _page("communes", period_id=period)
    m = at.dataframe[0].value
    assert len(m) == s.base and (m["Số tiêu chí đạt"] == 19).sum() == s.recognised
    assert m["Số tiêu chí đạt"].sum() == round(s.avg_criteria * s.base)
    ach = metrics.criteria_achievement(bundled_con, Scope(period))
    wide = _page("criteria", period_id=period).dataframe[0].value
    assert wide.iloc[:, -2].tolist() == ach["communes_met"].tolist()


@pytest.mark.parametrize("period", PERIODS)
def test_what_it_takes_on_every_period(bundled_db, bundled_con, period):
    s = metrics.summary(bundled_con, Scope(period))
    at = _page("target_gap", period_id=period)
    values = {m.label: m.value for m in at.metric}
    assert values["Số xã đang đạt chuẩn"] == f"{s.recognised}/{s.base}"
    assert at.number_input(key="an_gap_target").value == 28.0  # the central target of the targets table


def test_letter_417_needs_no_more_communes_for_28_percent(bundled_db):
    at = _page("target_gap")
    values = {m.label: m.value for m in at.metric}
    assert values["Cần có để đạt 28%"] == "38 xã"  # 28% of 134 = 37,52 -> 38, and 52 meet it
    assert values["Cần thêm"] == "0 xã"


def test_search_by_another_spelling_says_which_commune_it_is(bundled_db):
    # unit_aliases: the press writes Bản Xen for GSO's Bản Sen (02797, Mường Khương, 083)
    at = _page("communes", period_id="2020-02")
    at.text_input(key="an_search").set_value("ban xen").run()
    assert at.dataframe[0].value["Xã"].tolist() == ["Bản Sen"]
    assert "Bản Xen là tên cũ/tên khác của Bản Sen" in [c.value for c in at.caption]
    at = _page("communes", period_id="2020-02", districts=["086"])  # Bảo Thắng chosen
    at.text_input(key="an_search").set_value("ban xen").run()
    assert at.info[0].value == "Bản Xen (tên cũ/tên khác của Bản Sen) thuộc Mường Khương — hiện xã này?"
    at.button(key="an_search_hint_0").click().run()
    assert at.session_state["districts"] == ["083"] and at.selectbox(key="an_profile_unit").value == "02797"


def test_what_it_takes_at_end_2015_names_the_deadline_and_the_reports_left(bundled_db):
    # no target in force at end-2015; the central 28% (data/targets.csv: from 01/01/2016, due 31/12/2020) applies
    # from the next report, end-2016
    at = _page("target_gap", period_id="2015-12")
    captions = [c.value for c in at.caption]
    assert not any("kỳ tiếp theo" in c for c in captions)
    default = [c for c in captions if c.startswith("Mặc định:")]
    assert len(default) == 1 and default[0].startswith(
        "Mặc định: mục tiêu hạn 31/12/2020, có hiệu lực từ kỳ báo cáo sau (Cuối năm 2016) — "
    )
    assert (
        "Đến hạn 31/12/2020 còn 4 kỳ báo cáo trong dữ liệu: Cuối năm 2016, Cuối năm 2019, "
        "Tháng 02/2020 (Công văn 417), Cuối năm 2020." in captions
    )
