"""A target is data: change its value in the data file and the plan changes, with no code change.

The app is pointed at a copy of data/ (config.DATA_DIR) and a database of its own (NTM_DB); the app's start-up
check rebuilds the database whenever a data file changed, so editing targets.csv is all it takes.
"""

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ntm.data import build, config, db
from ntm.locale.i18n import t
from ntm.plan import progress as plan

APP = str(Path(__file__).resolve().parents[1] / "app.py")
CENTRAL = "central_share_2020,province,10,pct_communes_ntm,{},"


@pytest.fixture()
def data_copy(tmp_path, monkeypatch) -> Path:
    data = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*", "local"))
    monkeypatch.setattr(config, "DATA_DIR", data)
    monkeypatch.setenv("NTM_DB", str(tmp_path / "app.duckdb"))
    return data


def _set_target(data: Path, old: str, new: str) -> None:
    path = data / "targets.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _central_row(period: str = "2020-12"):
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["period_id"] = period
    at.run()
    at.switch_page("pages/plan.py").run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(
        d.value for d in at.dataframe if t("col_progress") in d.value.columns and t("col_group") in d.value.columns
    )
    return table[table[t("col_target")].str.startswith("Tỷ lệ xã đạt chuẩn NTM so với mục tiêu")].iloc[0]


def test_editing_the_central_target_changes_the_page(data_copy):
    # 61/127 = 48,0% at the end of 2020: above the letter's 28% (achieved), below 50% (not met when due)
    row = _central_row()
    assert (row[t("col_goal")], row[t("col_status")], row[t("col_progress")]) == ("28%", "✔ Đã đạt", 100)
    _set_target(data_copy, CENTRAL.format(28), CENTRAL.format(50))
    row = _central_row()
    assert (row[t("col_goal")], row[t("col_status")], row[t("col_progress")]) == ("50%", "✖ Không đạt", 96)  # 48,0/50
    _set_target(data_copy, CENTRAL.format(50), CENTRAL.format(45))
    row = _central_row()
    assert (row[t("col_goal")], row[t("col_status")]) == ("45%", "✔ Đã đạt")


def test_a_district_target_value_changes_the_advanced_check(data_copy, tmp_path):
    # Bảo Yên (087) has no advanced commune in the bundled data: with a goal of 0 it is met
    _set_target(
        data_copy, "advanced_087,district,087,advanced_communes,1,", "advanced_087,district,087,advanced_communes,0,"
    )
    path = build.build(tmp_path / "changed.duckdb", data_copy)
    with db.connect(path) as con:
        row = plan.report(con, "2020-12").advanced.set_index("district_code").loc["087"]
    assert (row["advanced"], row["goal"], row["status"]) == (0, 0, "achieved")
