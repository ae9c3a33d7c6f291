"""Targets and plans after 2020 (issue 11): each period measures the targets of its own plan.

By hand: QĐ 417/QĐ-BNNMT sets about 65% of xã by 2030; 65% of the 89 xã of the merged province is 57,85,
so 58 xã; after the merger 37 meet the standard (published), 21 short, over the 5,5 years from 01/07/2025
to 31/12/2030 that is 21 / (2010 / 365,25) = 3,82 xã a year. Old Lào Cai's plans (KH 158: 94/127, KH 104:
84/127 by 2025) count xã holding a recognition: 62 at the end of 2023 (the 2024 review's figure); old Yên
Bái planned 116/150 by the end of 2024 and had 106.
"""

import shutil

import pandas as pd
import pytest

from ntm.data import config, db
from ntm.measures import metrics, queries, target_gap
from ntm.measures.metrics import Scope
from ntm.plan import progress as plan


def _targets(con, period: str) -> pd.DataFrame:
    return plan.report(con, period).targets.set_index("target_id")


def test_the_letter_417_plan_stays_the_2020_plan(bundled_con):
    targets = pd.read_csv(config.DATA_DIR / "targets.csv", dtype=str, keep_default_na=False)
    letter = set(targets.loc[targets.plan_id == "letter_417", "target_id"])
    for period in ("2015-12", "2020-02", "2020-12"):
        assert set(_targets(bundled_con, period).index) == letter
    assert not letter & set(_targets(bundled_con, "2026-06").index)


def test_old_provinces_plans_count_recognitions_each_in_its_province(bundled_con):
    lc = _targets(bundled_con, "2023-12")
    assert set(lc.index) == {"kh158_2025_ntm", "kh104_2025_ntm", "plan_2024_ntm_lc"}
    assert (lc.loc["kh158_2025_ntm", "goal"], lc.loc["kh104_2025_ntm", "goal"]) == (94, 84)
    assert lc.loc["kh158_2025_ntm", "current"] == 62 and lc.loc["plan_2024_ntm_lc", "status"] == "not_in_force"
    yb = _targets(bundled_con, "2024-07")
    assert list(yb.index) == ["plan_2024_ntm_yb"] and (yb.iloc[0].current, yb.iloc[0].goal) == (106, 116)


def test_2030_targets_on_the_89_xa_base_keep_the_source_wording(bundled_con):
    t = _targets(bundled_con, "2026-06")
    assert set(t.index) == {
        "national_2030_ntm_share",
        "national_2030_modern_share",
        "province_2030_ntm_share",
        "province_2030_modern_share",
    }
    share = t.loc["national_2030_ntm_share"]
    recognised = metrics.summary(bundled_con, Scope("2026-06")).recognised
    assert share.goal == 65 and share.current == pytest.approx(recognised / 89 * 100)
    assert share.label_vi == "Khoảng 65% số xã đạt chuẩn nông thôn mới" and share.value_qualifier == "about"
    modern = t.loc["national_2030_modern_share"]
    assert modern.label_en == "Of which about 10% recognised as NTM hiện đại" and modern.status == "no_data"
    own = t.loc["province_2030_ntm_share"]  # no document yet: measured, never judged
    assert pd.isna(own.goal) and pd.isna(own.attainment) and own.status == "no_data"
    assert own.current == share.current
    # before the national targets were set (31/01/2026) they are not in force
    assert _targets(bundled_con, "2025-07").loc["national_2030_ntm_share", "status"] == "not_in_force"


def test_what_it_takes_to_reach_65_percent_after_the_merger(bundled_con):
    choice = target_gap.default_target(bundled_con, "2025-07")
    assert (choice.pct, str(choice.deadline), choice.target_id) == (65.0, "2030-12-31", "national_2030_ntm_share")
    assert (choice.basis, choice.basis_period_id) == ("next_period", "2026-06")
    gap = target_gap.target_gap(bundled_con, Scope("2025-07"), choice)
    assert (gap.base, gap.recognised, gap.required, gap.needed) == (89, 37, 58, 21)
    assert round(gap.pace_per_year, 2) == 3.82
    assert gap.candidates["shortest"].sum() == 21


def test_what_it_takes_under_the_2026_2030_set(bundled_con):
    choice = target_gap.default_target(bundled_con, "2026-06")
    assert choice.basis == "this_period" and choice.pct == 65.0
    gap = target_gap.target_gap(bundled_con, Scope("2026-06"), choice)
    assert gap.required == 58 and gap.needed == 58 - gap.recognised
    assert gap.previous_period_id is None  # the set changed: no pace carried over from the 19 criteria
    assert gap.close_band is not None and gap.close_band["label_vi"] == "8–9 tiêu chí"


def test_a_period_whose_plan_has_no_target_gets_an_empty_report(bundled_db, monkeypatch):
    """A province loaded without a plan (a national database, a new province): nothing to measure, no crash."""
    queries.MEMO.clear()  # reports are kept per file version: this one is measured afresh
    con = db.connect(bundled_db)
    measured = plan.report(con, "2020-12").targets
    assert list(measured.columns) == list(plan.REPORT_COLUMNS)  # every measured row has exactly these keys
    monkeypatch.setattr(plan, "plan_targets", lambda targets, period: targets.iloc[0:0])
    empty = plan.report(con, "2026-06")
    assert empty.targets.empty and list(empty.targets.columns) == list(plan.REPORT_COLUMNS)
    assert empty.baseline_period_id is None and empty.named_communes.empty and empty.departments.empty
    con.close()


def test_a_plan_report_is_measured_once_per_file_and_handed_out_as_copies(bundled_db, tmp_path, monkeypatch):
    """The plan page, the plan slides and the PDF of one period share one measurement, whichever connection to the
    file asks; a caller that edits its report never changes the next caller's; another file is measured again."""
    queries.MEMO.clear()
    calls = []
    measure = plan._report
    monkeypatch.setattr(plan, "_report", lambda c, p: calls.append(p) or measure(c, p))
    con, other = db.connect(bundled_db), db.connect(bundled_db)
    first = plan.report(con, "2020-02")
    first.targets.loc[:, "status"] = "edited"
    first.problems.append("edited")
    second = plan.report(other, "2020-02")
    assert calls == ["2020-02"]
    assert "edited" not in set(second.targets["status"]) and "edited" not in second.problems
    copy = tmp_path / "copy.duckdb"
    shutil.copy(bundled_db, copy)  # the same bytes in another file: another version, measured for itself
    third = db.connect(copy)
    plan.report(third, "2020-02")
    assert calls == ["2020-02", "2020-02"]
    for c in (con, other, third):
        c.close()
