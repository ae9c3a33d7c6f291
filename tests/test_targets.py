"""Targets and their status on the hand-made plan dataset (tests/plan_fixture.py: every value by hand)."""

from datetime import date
from io import StringIO

import pandas as pd
import pytest

from ntm.data import build, db
from ntm.data.validate import DataError
from ntm.plan import progress as plan
from ntm.plan import targets
from tests import plan_fixture

RULES = pd.read_csv(StringIO(plan_fixture.FILES["data/target_status_rules.csv"]))


def _status(**kwargs) -> str:
    base = {"in_force": True, "deadline_passed": False}
    return targets.status_of(RULES, **{**base, **kwargs})


@pytest.mark.parametrize(
    ("prog", "expected", "deadline_passed", "status"),
    [
        (1.0, 0.2, False, "achieved"),  # goal met before the deadline
        (1.0, 1.0, True, "achieved"),  # and after it
        (0.9, 1.0, True, "off_track"),  # deadline passed, not met
        (0.4, 0.5, False, "on_track"),  # 10 points behind: still on track (boundary included)
        (0.39, 0.5, False, "at_risk"),  # 11 points behind
        (0.2, 0.5, False, "at_risk"),  # 30 points behind (boundary included)
        (0.19, 0.5, False, "off_track"),  # 31 points behind
        (0.0, 0.0, False, "on_track"),  # at the baseline nothing is behind yet
        (-0.1, 0.0, False, "on_track"),  # slipped back 10 points
    ],
)
def test_status_rules_from_data(prog, expected, deadline_passed, status):
    assert _status(prog=prog, expected=expected, deadline_passed=deadline_passed) == status


def test_not_in_force_and_no_data_come_first():
    assert _status(in_force=False, prog=1.0, expected=0.0) == "not_in_force"
    assert _status(prog=None, expected=0.5) == "no_data"


def test_thresholds_are_data_not_code():
    looser = RULES.assign(min_lead_pct=RULES["min_lead_pct"].where(RULES["status"] != "on_track", -60))
    assert targets.status_of(looser, in_force=True, prog=0.0, expected=0.5, deadline_passed=False) == "on_track"
    assert _status(prog=0.0, expected=0.5) == "off_track"


def test_rules_that_leave_a_case_open_are_reported_in_vietnamese():
    partial = RULES[RULES["status"] != "off_track"]
    with pytest.raises(ValueError, match="không có quy tắc nào khớp"):
        targets.status_of(partial, in_force=True, prog=0.5, expected=1.0, deadline_passed=True)


def test_measurement_arithmetic():
    m = targets.Measurement(baseline=15, current=17, goal=19)
    assert targets.progress(m) == pytest.approx(0.5)  # 2 of the 4 missing criteria
    assert targets.attainment(m) == pytest.approx(17 / 19)
    assert not targets.achieved(m)
    assert targets.progress(targets.Measurement(None, 40, 50)) == pytest.approx(0.8)  # no baseline: from 0
    assert targets.achieved(targets.Measurement(5, 3, 4, "lower_is_better"))
    assert targets.elapsed(date(2020, 5, 1), date(2020, 1, 1), date(2020, 8, 30)) == pytest.approx(0.5)


def test_rule_text_fills_thresholds_from_the_same_row():
    row = RULES[RULES["status"] == "at_risk"].iloc[0]
    assert targets.rule_text(row, "vi", lambda v: f"{v:.0f}") == "Chậm không quá 30 điểm %."


@pytest.fixture(scope="module")
def plan_db(tmp_path_factory):
    """The plan dataset built once for this module; every test reads it through a read-only connection."""
    folder = tmp_path_factory.mktemp("plan")
    ref, data = plan_fixture.write(folder)
    path = folder / "plan.duckdb"
    build.build(path, data, ref)
    return path


@pytest.fixture(scope="module")
def plan_con(plan_db):
    con = db.connect(plan_db)
    yield con
    con.close()


def _statuses(con, period):
    rep = plan.report(con, period)
    return rep, rep.targets.set_index("target_id")


@pytest.mark.parametrize("period", ["2019-12", "2020-01", "2020-05", "2020-12"])
def test_every_target_status_worked_out_by_hand(plan_con, period):
    _, table = _statuses(plan_con, period)
    for (target, p), status in plan_fixture.EXPECTED.items():
        if p == period:
            assert table.loc[target, "status"] == status, target


def test_measured_values(plan_con):
    rep, t = _statuses(plan_con, "2020-05")
    assert t.loc["central_share", ["current", "goal"]].tolist() == pytest.approx([50.0, 50.0])
    assert t.loc["named_00004", ["baseline", "current", "goal"]].tolist() == [1, 1, 3]
    assert t.loc["sponsored", ["baseline", "current", "goal"]].tolist() == [0, 1, 2]
    assert t.loc["dept_c3", ["current", "goal"]].tolist() == [1, 4]
    assert t.loc["dept_c3", "progress"] == pytest.approx(0.25)
    assert t.loc["dept_c3", "expected"] == pytest.approx(0.5)
    assert t.loc["review_001", ["baseline", "current", "goal"]].tolist() == [1, 3, 3]
    assert t.loc["merged", ["baseline", "current"]].tolist() == [0, 0]
    assert rep.problems == []
    assert rep.illustrative is True  # commune statuses and district criteria of the fixture are illustrative


def test_named_communes_by_code_with_missing_criteria(plan_con):
    rep = plan.report(plan_con, "2020-05")
    named = rep.named_communes.set_index("unit_code")
    assert named.loc["00004", "scope_vi"] == "Xã Thanh Bình (Bình)"  # district short name
    assert named.loc["00002", "scope_vi"] == "Xã Thanh Bình (An)"  # same name, other commune
    assert named.loc["00004", "missing_vi"] == "2. Giao thông; 3. Thu nhập"
    assert named.loc["00002", "missing_vi"] == ""


def test_advanced_table_lists_every_district(plan_con):
    adv = plan.report(plan_con, "2020-12").advanced.set_index("district_code")
    assert adv["advanced"].to_dict() == {"001": 1, "002": 1}
    assert adv.loc["002", "goal"] == 2 and adv.loc["002", "status"] == "off_track"
    assert [c[0] for c in adv.loc["001", "communes"]] == ["Bản Xen"]


def test_sponsors_follow_a_merged_commune(plan_con):
    sp = plan.report(plan_con, "2020-05").sponsors.set_index("unit_id")
    assert sp.loc["00006", ["met_base", "met_now", "gained", "reached"]].tolist() == [0, 2, 2, True]
    assert sp.loc["00006", "successor_name"] == "Đông Tây"
    assert sp.loc["00004", ["gained", "reached"]].tolist() == [0, False]
    assert sp.loc["00004", "agency"] == "Sở Tài chính"


def test_district_review_checklist(plan_con):
    rv = plan.report(plan_con, "2020-01").district_reviews
    one = rv[rv["district_code"] == "001"].set_index("code")
    assert one.loc["1", "met"] == True  # noqa: E712 (numpy bool)
    assert one.loc["2", "met"] == False  # noqa: E712
    assert one.loc["2", ["indicators", "indicators_met"]].tolist() == [2, 1]
    assert one.loc["cond", ["indicators", "indicators_met", "met"]].tolist() == [2, 1, False]
    assert one.loc["cond", "name_vi"] == "Điều kiện huyện: 100% số xã đạt chuẩn NTM"
    assert rv[rv["district_code"] == "002"]["kind"].tolist() == ["no_data"]


def test_merged_commune_found_from_lineage_and_recognitions(plan_con):
    mg = plan.report(plan_con, "2020-01").merged
    assert mg["unit_id"].tolist() == ["00005-2020"]
    assert mg.loc[0, "recognised"] == "Đông (2019)"
    assert mg.loc[0, "measured_on"] == "Đông, Tây"
    assert mg.loc[0, "met_count"] == 0


def test_restrict_keeps_province_rows(plan_con):
    rep = plan.restrict(plan.report(plan_con, "2020-05"), ("001",))
    kept = set(rep.targets["target_id"])
    assert {"named_00002", "advanced_001", "review_001", "central_share", "dept_c1"} <= kept
    assert not {"named_00004", "advanced_002", "review_002"} & kept
    assert rep.advanced["district_code"].tolist() == ["001"]


def test_unknown_scope_code_is_a_clear_problem_not_a_crash(tmp_path):
    ref, data = plan_fixture.write(tmp_path)
    path = data / "targets.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",00004,", ",09999,"), encoding="utf-8")
    build.build(tmp_path / "x.duckdb", data, ref)
    with db.connect(tmp_path / "x.duckdb") as con:
        rep = plan.report(con, "2020-05")
    assert rep.problems == ["Tệp targets.csv, mục tiêu 'named_00004': mã xã '09999' không có trong danh mục đơn vị"]
    assert rep.targets.set_index("target_id").loc["named_00004", "status"] == "no_data"


def test_unknown_measure_is_rejected_with_file_row_and_column(tmp_path):
    ref, data = plan_fixture.write(tmp_path)
    path = data / "targets.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("advanced_communes,2,", "advanced_count,2,"), encoding="utf-8"
    )
    with pytest.raises(DataError) as err:
        build.build(tmp_path / "x.duckdb", data, ref)
    assert "Tệp targets.csv, dòng 6, cột 'measure'" in str(err.value)
    assert not (tmp_path / "x.duckdb").exists()


def test_rules_file_that_leaves_a_case_open_is_rejected_at_build(tmp_path):
    ref, data = plan_fixture.write(tmp_path)
    path = data / "target_status_rules.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("7,")) + "\n", encoding="utf-8")
    with pytest.raises(
        DataError, match="Tệp target_status_rules.csv: không đạt kiểm tra đủ quy tắc cho mọi trường hợp"
    ):
        build.build(tmp_path / "x.duckdb", data, ref)
    assert targets.open_cases(pd.read_csv(path)) == ["before_deadline"]
