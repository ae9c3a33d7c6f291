"""A target is data: change its value in a copy of data/, rebuild, and the plan changes with no code change."""

import shutil
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ntm import build, config, db, plan
from ntm.i18n import t

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _rebuilt_with(tmp_path: Path, old: str, new: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    targets = data / "targets.csv"
    text = targets.read_text(encoding="utf-8")
    assert text.count(old) == 1
    targets.write_text(text.replace(old, new), encoding="utf-8")
    path = tmp_path / "changed.duckdb"
    build.build(path, data)
    return path


def test_raising_the_central_target_changes_status_and_page(tmp_path, bundled_con, monkeypatch):
    # 61/127 = 48,0% at the end of 2020: above the letter's 28% (achieved), below 50% (off track once due)
    before = plan.report(bundled_con, "2020-12").targets.set_index("target_id").loc["central_share_2020"]
    assert (before["goal"], before["status"]) == (28, "achieved")
    path = _rebuilt_with(tmp_path, "central_share_2020,province,10,pct_communes_ntm,28,",
                         "central_share_2020,province,10,pct_communes_ntm,50,")
    with db.connect(path) as con:
        after = plan.report(con, "2020-12").targets.set_index("target_id").loc["central_share_2020"]
    assert (after["goal"], after["status"]) == (50, "off_track")

    monkeypatch.setenv("NTM_DB", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["period_id"] = "2020-12"
    at.run()
    at.switch_page("pages/plan.py").run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if t("col_progress") in d.value.columns and t("col_group") in d.value.columns)
    row = table[table[t("col_target")].str.startswith("Tỷ lệ xã đạt chuẩn NTM so với mục tiêu")].iloc[0]
    assert row[t("col_goal")] == "50%"
    assert row[t("col_status")] == "✖ Không đạt"
    assert row[t("col_progress")] == 96        # 48,0 / 50


def test_a_district_target_value_changes_the_advanced_check(tmp_path):
    # Bảo Yên (087) has no advanced commune in the bundled data; a goal of 0 is met
    path = _rebuilt_with(tmp_path, "advanced_087,district,087,advanced_communes,1,",
                         "advanced_087,district,087,advanced_communes,0,")
    with db.connect(path) as con:
        rep = plan.report(con, "2020-12")
    row = rep.advanced.set_index("district_code").loc["087"]
    assert (row["advanced"], row["goal"], row["status"]) == (0, 0, "achieved")
