"""The plan and poverty pages on the bundled data, in AppTest (no browser).

Expected names come from Letter 417 (the six communes) and the GSO district list (nine districts); expected
statuses are whatever ntm.plan computes, so the test checks the page shows the model, not a typed result.
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ntm.figures import plan_charts
from ntm.locale.i18n import t
from ntm.measures import metrics
from ntm.plan import progress as plan

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SIX_COMMUNES = ["Thái Niên", "Dền Sáng", "A Mú Sung", "Xuân Thượng", "Tân Thượng", "Pha Long"]  # Letter 417 §1a
NINE_DISTRICTS = [
    "TP Lào Cai",
    "Bát Xát",
    "Mường Khương",
    "Si Ma Cai",
    "Bắc Hà",
    "Bảo Thắng",
    "Bảo Yên",
    "TX Sa Pa",
    "Văn Bàn",
]


def _run(page: str, period: str, lang: str = "vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["period_id"] = period
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _table(at: AppTest, column: str):
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, f"no table with column {column!r}"
    return found[0]


@pytest.mark.parametrize("period", ["2020-02", "2020-12"])
def test_plan_page_shows_six_communes_nine_districts_two_reviews(bundled_db, bundled_con, period):
    at = _run("pages/plan.py", period)
    rep = plan.report(bundled_con, period)

    named = _table(at, t("col_missing"))
    for name in SIX_COMMUNES:
        assert named[t("col_commune")].str.startswith(f"Xã {name} (").sum() == 1, name
    expected = dict(
        zip(rep.named_communes["scope_vi"], rep.named_communes["icon"] + " " + rep.named_communes["status_vi"])
    )
    assert dict(zip(named[t("col_commune")], named[t("col_status")])) == expected

    advanced = _table(at, t("col_advanced"))
    assert advanced[t("col_district")].tolist() == NINE_DISTRICTS
    assert advanced[t("col_advanced")].tolist() == rep.advanced["advanced"].tolist()

    reviews = [
        m.value for m in at.markdown if m.value.startswith("**TP Lào Cai**") or m.value.startswith("**Bảo Thắng**")
    ]
    assert len(reviews) == 2
    checklists = [
        d.value for d in at.dataframe if t("col_check") in d.value.columns and t("col_detail") in d.value.columns
    ]
    assert len(checklists) == 2
    for checklist in checklists:  # nine QĐ 558 criteria, then the all-communes condition
        assert len(checklist) == 10
        assert checklist[t("col_criterion")].iloc[-1].endswith(t("all_communes_condition"))

    assert any(w.value == t("illustrative_banner") for w in at.warning)  # the project's standard note
    assert any(m.value == t("illustrative") for m in at.markdown)  # and its reason, one click away
    assert [w.value for w in at.warning] == [t("illustrative_banner")]  # one warning, not two
    assert any(c.value == t("plan_illustrative") for c in at.caption)  # what else is illustrative here, under it
    rules = " ".join(m.value for m in at.markdown)
    for label in rep.rules["label_vi"]:
        assert f"**{label}**" in rules


def test_plan_page_counts_match_the_model(bundled_con):
    at = _run("pages/plan.py", "2020-12")
    rep = plan.report(bundled_con, "2020-12")
    shown = {m.label: int(m.value) for m in at.metric}
    expected = rep.targets.groupby(rep.targets["icon"] + " " + rep.targets["status_vi"]).size().to_dict()
    assert shown == expected
    assert sum(shown.values()) == len(rep.targets)
    targets = _table(at, t("col_progress"))
    assert len(targets) == len(rep.targets)


def test_plan_page_before_the_baseline_and_in_english(bundled_db):
    at = _run("pages/plan.py", "2019-12")
    assert any(i.value.startswith("Kỳ đang xem trước kỳ gốc") for i in at.info)
    en = _run("pages/plan.py", "2020-12", lang="en")
    assert en.title[0].value == t("page_plan", "en")
    assert _table(en, t("col_missing", "en"))[t("col_commune", "en")].size == 6


def test_plan_page_filtered_to_one_district(bundled_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["period_id"] = "2020-12"
    at.session_state["districts"] = ["082"]
    at.run()
    at.switch_page("pages/plan.py").run()
    assert not at.exception
    named = _table(at, t("col_missing"))
    assert sorted(named[t("col_commune")]) == ["Xã A Mú Sung (Bát Xát)", "Xã Dền Sáng (Bát Xát)"]
    assert _table(at, t("col_advanced"))[t("col_district")].tolist() == ["Bát Xát"]


def test_poverty_page(bundled_db, bundled_con):
    at = _run("pages/poverty.py", "2020-12")
    cards = {m.label: m.value for m in at.metric}
    # laocai_facts.md §3: 8,2% (14.322 households), near-poor 9,87% (16.370); 11,46% in 2019 -> -3,26 points
    assert cards == {  # the whole province chosen: the cards say so
        "Tỷ lệ hộ nghèo 2020 — Toàn tỉnh": "8,2%",
        "Tỷ lệ hộ cận nghèo 2020 — Toàn tỉnh": "9,87%",
        "Thay đổi so với 2019 — Toàn tỉnh": "-3,26 điểm %",
    }
    text = " ".join(m.value for m in at.markdown)
    assert "Còn trong danh sách huyện nghèo: Mường Khương, Si Ma Cai, Bắc Hà" in text
    assert any(w.value.startswith("**Số liệu minh họa.**") for w in at.warning)  # district figures
    assert any(w.value.startswith("**Số liệu minh họa**") for w in at.warning)  # resources
    districts = _table(at, t("col_households"))
    assert len(districts) == 9
    # criterion 11 link agrees with the criteria achievement of ntm.metrics
    c11 = metrics.criteria_achievement(bundled_con, metrics.Scope("2020-12")).set_index("criterion_code").loc["11"]
    assert f"{c11['communes_met']}/{c11['base']} xã đạt tiêu chí 11" in text
    assert any(c.value.startswith("Tổng các huyện năm 2020: 14.322 hộ nghèo, 16.370 hộ cận nghèo") for c in at.caption)


def test_plan_page_at_end_2015_with_one_district_says_each_notice_once(bundled_db):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["period_id"] = "2015-12"
    at.session_state["districts"] = ["086"]  # Bảo Thắng
    at.run()
    at.switch_page("pages/plan.py").run()
    assert not at.exception
    notices = [n.value for kind in ("info", "warning", "error", "success") for n in at.get(kind)]
    assert len(notices) == len(set(notices)), notices
    assert sum(n.startswith("Kỳ đang xem trước kỳ gốc") for n in notices) == 1
    assert any(c.value == t("sponsors_before_baseline") for c in at.caption)


def test_advanced_chart_of_one_district_keeps_its_height_and_its_legend_below_the_axis(bundled_con):
    rep = plan.restrict(plan.report(bundled_con, "2020-12"), ("086",))
    fig = plan_charts.advanced_bars(rep.advanced)
    assert len(rep.advanced) == 1
    # three rows of 34 px at least, and 50 px of title and 70 px of axis and legend around them
    assert fig.layout.height == 50 + 70 + 3 * 34
    assert fig.layout.margin.b == 70
    assert (fig.layout.legend.yref, fig.layout.legend.y, fig.layout.legend.yanchor) == ("container", 0, "bottom")
