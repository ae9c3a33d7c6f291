"""The bundled (illustrative) dataset reproduces every published figure, through ntm.metrics.

Expected values come from the sources, not from the code: Letter 417/UBND-NLN (52/134, 38,8%, +10,8 points,
14,1), khuyennongvn 27/02/2020 (52/143, 14,1), daidoanket (28/143, 10,7), nongthonmoihatinh / ven.vn
(20/143 = 13,9% truncated), doingoailaocai (61/127).
"""

import pandas as pd
import pytest

from ntm.data import db
from ntm.locale import fmt
from ntm.measures import metrics
from ntm.measures.metrics import Scope


@pytest.mark.parametrize(
    ("period", "recognised", "base", "pct_text", "avg_text"),
    [
        ("2015-12", 20, 143, "14,0%", None),
        ("2016-12", 28, 143, "19,6%", "10,7"),
        ("2019-12", 52, 143, "36,4%", "14,1"),
        ("2020-02", 52, 134, "38,8%", "14,1"),
        ("2020-12", 61, 127, "48,0%", None),
    ],
)
def test_published_figures(bundled_con, period, recognised, base, pct_text, avg_text):
    s = metrics.summary(bundled_con, Scope(period))
    assert (s.recognised, s.base) == (recognised, base)
    assert fmt.percent(s.pct) == pct_text
    if avg_text:
        assert fmt.number(s.avg_criteria) == avg_text


def test_letter_417_headline(bundled_con):
    s = metrics.summary(bundled_con, Scope("2020-02"))
    assert f"{s.recognised}/{s.base}" == "52/134"
    assert fmt.percent(s.pct) == "38,8%"
    assert fmt.signed(s.gap_points) == "+10,8"
    assert s.target_pct == 28
    assert fmt.number(s.avg_criteria) == "14,1"


def test_published_truncations_are_explained_by_rounding(bundled_con):
    """Reports print 36,3% (52/143) and 13,9% (20/143): truncation; the dashboard rounds half up."""
    for period, published in (("2019-12", "36.3"), ("2015-12", "13.9")):
        s = metrics.summary(bundled_con, Scope(period))
        assert str(fmt.truncate(s.pct)) == published


def test_every_confirmed_recognition_holds(bundled_con):
    """A confirmed commune reaches 19/19 in its year and keeps it in every later period it belongs to."""
    rec = db.query(bundled_con, "SELECT unit_id, year FROM recognitions WHERE provenance = 'confirmed'")
    assert len(rec) == 11 + 5 + 4  # named in 2015, in 2019 (vietnamnet), for 2020 (decisions 03/2021)
    year_of = {"2015-12": 2015, "2016-12": 2016, "2019-12": 2019, "2020-02": 2019, "2020-12": 2020}
    for period, year in year_of.items():
        scores = metrics.commune_scores(bundled_con, Scope(period)).set_index("unit_id")
        for r in rec.itertuples():
            if r.year <= year and r.unit_id in scores.index:
                assert scores.loc[r.unit_id, "met_count"] == 19, (r.unit_id, period)


def test_letter_targets_are_close_in_february_2020(bundled_con):
    scores = metrics.commune_scores(bundled_con, Scope("2020-02")).set_index("unit_code")
    for code in ("02917", "02707", "02686", "02980", "03070", "02752"):  # the six communes of the letter
        assert 15 <= scores.loc[code, "met_count"] < 19


def test_district_table_adds_up_to_the_province(bundled_con):
    for period in ("2019-12", "2020-02", "2020-12"):
        table = metrics.district_table(bundled_con, Scope(period))
        s = metrics.summary(bundled_con, Scope(period))
        assert table["base"].sum() == s.base and table["recognised"].sum() == s.recognised
        weighted = (table["avg_criteria"] * table["base"]).sum() / table["base"].sum()
        assert weighted == pytest.approx(s.avg_criteria)


def test_every_status_row_is_marked_illustrative(bundled_con):
    prov = db.query(bundled_con, "SELECT DISTINCT provenance FROM commune_status")
    assert prov["provenance"].tolist() == ["illustrative"]


def test_wards_and_towns_are_never_in_a_base(bundled_con):
    types = db.query(bundled_con, "SELECT DISTINCT u.unit_type FROM period_units p JOIN units u USING (unit_id)")
    assert types["unit_type"].tolist() == ["xã"]


def test_generator_is_deterministic(tmp_path):
    """Re-running the generator reproduces the committed files byte for byte."""
    import shutil

    from ntm.data import config
    from ntm.generate import communes as datagen

    for f in config.DATA_DIR.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    frames = datagen.generate(out_dir=tmp_path)
    for name in frames:
        assert (tmp_path / f"{name}.csv").read_bytes() == (config.DATA_DIR / f"{name}.csv").read_bytes(), name
    assert isinstance(frames["commune_status"], pd.DataFrame)


def test_search_finds_ban_xen_under_its_press_spelling(bundled_con):
    """GSO spells commune 02797 'Bản Sen'; the press and the NTM office write 'Bản Xen' (unit_aliases.csv)."""
    from ntm.measures import analysis

    matrix = analysis.commune_matrix(bundled_con, Scope("2020-02")).frame
    found = analysis.filter_matrix(matrix, analysis.MatrixFilter(search="ban xen"))
    assert found["unit_code"].tolist() == ["02797"]
    both = analysis.filter_matrix(matrix, analysis.MatrixFilter(search="THANH BINH"))
    assert sorted(both["unit_code"]) == ["02779"]  # Sa Pa's Thanh Bình is counted by its former communes in 02/2020


def test_two_thanh_binh_at_end_2020(bundled_con):
    from ntm.measures import analysis

    matrix = analysis.commune_matrix(bundled_con, Scope("2020-12")).frame
    both = analysis.filter_matrix(matrix, analysis.MatrixFilter(search="thanh binh"))
    assert sorted(both["unit_code"]) == ["02779", "03022"]  # Mường Khương and Sa Pa
