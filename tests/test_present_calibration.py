"""Every figure published for 2021–2026 comes back out of the built database through ntm.measures (issue 11).

Expected values are the sources' own, cited in data/published_figures.csv via present_facts.md: 12,02
criteria per xã over 127 (vietnamnet 2309042, [C]); 62 xã holding a recognition keep 15,03/19 (vietnam.vn,
[R]); 106/150 = 70,67%, 37 nâng cao, 11 kiểu mẫu on 31/07/2024 (yenbai.gov.vn, [C]); 37/89 = 41,6% and
1 nâng cao after the merger (vietnam.vn, [R]). The 2026 period is illustrative: 10 criteria, three groups.
"""

import pandas as pd
import pytest

from ntm.data import build, config, db
from ntm.locale import fmt
from ntm.measures import merged, metrics
from ntm.measures.metrics import Scope


def _published(con, period: str) -> pd.Series:
    rows = metrics.published_figures(con, period)
    assert len(rows) == 1, period
    return rows.iloc[0]


def test_2023_average_criteria_per_xa(bundled_con):
    s = metrics.summary(bundled_con, Scope("2023-12"))
    pub = _published(bundled_con, "2023-12")
    assert s.base == 127 == pub.commune_base and s.n_criteria == 19
    assert fmt.number(s.avg_criteria, 2) == "12,02" and pub.avg_criteria == "12.02" and pub.avg_over == "base"
    assert pub.status == "confirmed"


def test_2024_review_counts_recognitions_62_holders_keep_15_03_criteria_as_reported(bundled_con):
    pub = _published(bundled_con, "2024-06")
    assert pub.avg_over == "recognised" and pub.status == "reported"  # carried as reported, never confirmed
    r = metrics.recognition_holders(bundled_con, Scope("2024-06"))
    assert r.holders == 62 == pub.ntm_communes and fmt.number(r.avg_criteria, 2) == "15,03" == "15,03"
    assert float(pub.avg_criteria) == 15.03
    # holding a recognition is not meeting every criterion today: the review found 16 behind
    assert r.holders_meeting_all < r.holders and metrics.summary(bundled_con, Scope("2024-06")).recognised < 62


def test_old_yen_bai_on_31_07_2024(bundled_con):
    s = metrics.summary(bundled_con, Scope("2024-07"))
    pub = _published(bundled_con, "2024-07")
    assert (s.recognised, s.base, fmt.percent(s.pct, 2)) == (106, 150, "70,67%")
    assert (pub.ntm_communes, pub.commune_base, pub.pct_ntm, pub.status) == (106, 150, 70.67, "confirmed")
    advanced = metrics.recognition_holders(bundled_con, Scope("2024-07"), "NTM nâng cao").holders
    model = metrics.recognition_holders(bundled_con, Scope("2024-07"), "NTM kiểu mẫu").holders
    assert (advanced, model) == (37, 11) == (pub.advanced_communes, pub.model_communes)


def test_the_merger_37_of_89_by_the_named_rule(bundled_con):
    s = metrics.summary(bundled_con, Scope("2025-07"))
    pub = _published(bundled_con, "2025-07")
    assert (s.recognised, s.base, fmt.percent(s.pct)) == (37, 89, "41,6%")
    assert (pub.ntm_communes, pub.commune_base, pub.pct_ntm, pub.status) == (37, 89, 41.6, "reported")
    figure = merged.merged_figure(bundled_con, "2025-07")
    assert figure.rule_id == "all_former_recognised" == pub.merged_rule_id
    assert figure.label_en == "Every former commune was recognised"
    assert (figure.recognised, figure.base, figure.advanced) == (37, 89, 1) == (37, 89, pub.advanced_communes)
    assert all(figure.former.values())  # every new xã has at least one former xã
    per = metrics.periods(bundled_con).set_index("period_id")
    assert per.loc["2025-07", "source_status"] == "reported" and per.loc["2023-12", "source_status"] == "confirmed"


def test_the_2026_period_uses_ten_criteria_its_bands_and_three_groups(bundled_con):
    scope = Scope("2026-06")
    s = metrics.summary(bundled_con, scope)
    assert (s.n_criteria, s.base, s.illustrative) == (10, 89, True)
    bands = metrics.bands(bundled_con, scope)
    assert bands.label_vi.tolist() == ["10 tiêu chí", "8–9 tiêu chí", "5–7 tiêu chí", "Dưới 5 tiêu chí"]
    assert bands.communes.sum() == 89 and bands.communes.iloc[0] == s.recognised
    assert len(metrics.criteria_achievement(bundled_con, scope)) == 10
    groups = metrics.commune_scores(bundled_con, scope).group_no.value_counts()
    assert set(groups.index) == {"1", "2", "3"} and groups.sum() == 89
    assert metrics.target_for(bundled_con, "2026-06").target_id == "national_2030_ntm_share"
    assert metrics.periods(bundled_con).set_index("period_id").loc["2026-06", "source_status"] == "illustrative"


def test_february_2020_stays_the_default_and_the_period_has_no_merged_rule(bundled_con):
    assert metrics.default_period(metrics.periods(bundled_con)) == "2020-02"
    assert merged.merged_figure(bundled_con, "2020-02") is None


def test_old_yen_bai_alone_with_the_same_code(tmp_path, monkeypatch):
    monkeypatch.setenv(config.PROVINCES_ENV, "15")
    path = build.build(tmp_path / "yenbai.duckdb", overlay=None)
    con = db.connect(path)
    try:
        per = metrics.periods(con)
        assert per.period_id.tolist() == ["2024-07"] and metrics.default_period(per) == "2024-07"
        s = metrics.summary(con, Scope("2024-07"))
        assert (s.recognised, s.base, fmt.percent(s.pct, 2)) == (106, 150, "70,67%")
        assert len(metrics.area_table(con, Scope("2024-07"))) == 9  # its nine districts
        assert con.execute("SELECT DISTINCT province_id FROM units").fetchall() == [("15",)]
    finally:
        con.close()


@pytest.mark.parametrize("period", ["2023-12", "2024-06", "2024-07", "2025-07", "2026-06"])
def test_every_new_period_marks_its_figures(bundled_con, period):
    per = metrics.periods(bundled_con).set_index("period_id")
    assert per.loc[period, "source_status"] in ("confirmed", "reported", "illustrative")
    scores = metrics.commune_scores(bundled_con, Scope(period))
    assert scores.illustrative.all() and (scores.unit_type == "xã").all()
