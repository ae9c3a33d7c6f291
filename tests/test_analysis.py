"""ntm.analysis, ntm.profile, ntm.target_gap and ntm.criteria_analysis on hand-made data.

Expected values are worked out by hand from the tests/mini.py table (and tests/analysis_mini.py for the
light rule) or from the small frames written in the tests themselves.
"""

from datetime import date

import pandas as pd
import pytest

from ntm.data import db
from ntm.measures import analysis, profile, target_gap
from ntm.measures import criteria as criteria_analysis
from ntm.measures.metrics import Scope
from tests.analysis_mini import build_mini


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    c = db.connect(build_mini(tmp_path_factory.mktemp("analysis")))
    yield c
    c.close()


# ---- league table on a hand-made fixture -----------------------------------------------------------

LIGHTS = pd.DataFrame(
    {
        "light": ["green", "amber", "red"],
        "sort_order": [1, 2, 3],
        "label_vi": ["Xanh", "Vàng", "Đỏ"],
        "label_en": ["Green", "Amber", "Red"],
        "colour": ["#0", "#1", "#2"],
        "min_gap_points": [0.0, -10.0, None],
        "source": ["s"] * 3,
    }
)


def _districts(rows):
    frame = pd.DataFrame(rows, columns=["district_code", "district_name", "base", "recognised", "avg_criteria"])
    frame["pct"] = frame["recognised"] / frame["base"] * 100
    frame["gap_points"] = frame["pct"] - 28.0
    return frame


CURRENT = _districts(
    [
        ("01", "A", 10, 5, 15.0),  # 50%   gap +22       was 40%  -> +10 points
        ("02", "B", 10, 5, 16.0),  # 50%   same share as A, more criteria -> above A by level
        ("03", "C", 4, 1, 12.0),  # 25%   gap -3  amber was 0%   -> +25 points: best improver
        ("04", "D", 5, 0, 9.0),  # 0%    gap -28 red   was 20%  -> -20 points
        ("05", "E", 10, 2, 12.0),  # 20%   gap -8  amber was 10%  -> +10 points, avg +1 (E above A on the avg)
        ("06", "F", 5, 1, 12.0),  # 20%   same share and avg as E: equal level rank; no previous figure
    ]
)
PREVIOUS = _districts(
    [
        ("01", "A", 10, 4, 15.0),
        ("02", "B", 10, 5, 16.0),  # 50% -> 50%: 0 points
        ("03", "C", 4, 0, 12.0),
        ("04", "D", 5, 1, 9.5),
        ("05", "E", 10, 1, 11.0),
    ]
)


def test_league_ranks_by_level_then_average_and_shares_ties():
    t = analysis.league_rows(CURRENT, PREVIOUS, LIGHTS)
    assert t["district_code"].tolist() == ["02", "01", "03", "05", "06", "04"]
    assert t["rank_level"].tolist() == [1, 2, 3, 4, 4, 6]


def test_league_ranks_by_improvement():
    t = analysis.order_league(analysis.league_rows(CURRENT, PREVIOUS, LIGHTS), "improvement")
    # C +25; E +10 (avg +1) ahead of A +10 (avg 0); B 0; D -20; F has no previous figure: last, unranked
    assert t["district_code"].tolist() == ["03", "05", "01", "02", "04", "06"]
    assert t["rank_improvement"].tolist()[:5] == [1, 2, 3, 4, 5]
    assert pd.isna(t["rank_improvement"].iloc[5])
    row = t.set_index("district_code")
    assert row.loc["03", "delta_pct"] == pytest.approx(25.0)
    assert row.loc["04", "delta_recognised"] == -1
    assert row.loc["05", "delta_avg"] == pytest.approx(1.0)


def test_lights_follow_the_thresholds_in_the_data():
    t = analysis.league_rows(CURRENT, PREVIOUS, LIGHTS).set_index("district_code")
    assert t["light"].to_dict() == {
        "02": "green",
        "01": "green",
        "03": "amber",
        "05": "amber",
        "06": "amber",
        "04": "red",
    }
    assert t.loc["04", "light_vi"] == "Đỏ"
    # exactly on a bound: a gap of 0 is green, -10 is amber, just under -10 is red
    assert [analysis.light_for(g, LIGHTS) for g in (0.0, -10.0, -10.01, None)] == ["green", "amber", "red", None]
    assert analysis.light_for(5.0, LIGHTS.iloc[0:0]) is None


def test_rule_is_written_from_the_data():
    assert analysis.rule_lines(LIGHTS, 28.0, "vi") == [
        "**Xanh**: tỷ lệ xã đạt chuẩn từ 28,0% trở lên (chênh lệch so với mục tiêu từ 0,0 điểm % trở lên)",
        "**Vàng**: từ 18,0% đến dưới 28,0% (chênh lệch so với mục tiêu từ -10,0 điểm % trở lên)",
        "**Đỏ**: dưới 18,0%",
    ]
    assert analysis.rule_lines(LIGHTS, None) == []


def test_league_on_the_mini_dataset(con):
    lg = analysis.league(con, Scope("2020-12"))
    t = lg.table.set_index("district_code")
    assert lg.previous_period_id == "2019-12" and lg.target_pct == 28.0 and lg.period_ids == ["2019-12", "2020-12"]
    assert t.loc["001", ["base", "recognised", "rank_level", "rank_improvement", "light"]].tolist() == [
        2,
        2,
        1,
        1,
        "green",
    ]
    assert t.loc["002", ["base", "recognised", "rank_level", "rank_improvement", "light"]].tolist() == [
        2,
        0,
        2,
        2,
        "amber",
    ]
    assert t.loc["001", "delta_pct"] == pytest.approx(50.0)
    assert t.loc["002", "delta_pct"] == pytest.approx(-100 / 3)
    assert t.loc["002", "delta_avg"] == pytest.approx(2 - 4 / 3)
    assert t.loc["001", "trend"] == pytest.approx([50.0, 100.0])
    assert t.loc["002", "trend"] == pytest.approx([100 / 3, 0.0])


def test_one_chosen_district_keeps_its_province_rank(con):
    # 2020-12: An 100% is first and Bình 0% second in the province; Bình chosen alone is still second
    lg = analysis.league(con, Scope("2020-12", ("002",)))
    assert lg.table["district_code"].tolist() == ["002"]
    assert lg.table[["rank_level", "rank_improvement", "light"]].iloc[0].tolist() == [2, 2, "amber"]
    assert lg.table["trend"].iloc[0] == pytest.approx([100 / 3, 0.0])


def test_first_period_has_no_improvement_rank(con):
    lg = analysis.league(con, Scope("2019-12"))
    assert lg.previous_period_id is None
    assert lg.table["rank_improvement"].isna().all()
    assert lg.table["trend"].map(len).tolist() == [1, 1]


def test_dataset_without_a_rule_has_no_lights(tmp_path):
    c = db.connect(build_mini(tmp_path, lights=False))
    lg = analysis.league(c, Scope("2020-12"))
    c.close()
    assert lg.lights.empty and lg.table["light"].isna().all()


# ---- matrix, filters, search ----------------------------------------------------------------------


def _names(frame):
    return list(zip(frame["unit_name"], frame["district_code"]))


def test_accent_and_case_insensitive_search():
    names = pd.Series(["Bản Xen", "Thanh Bình", "Thanh Bình", "Đông Tây", "Bản Phiệt"])
    assert names[analysis.name_matches(names, "ban xen")].tolist() == ["Bản Xen"]
    assert names[analysis.name_matches(names, "  BAN   XEN ")].tolist() == ["Bản Xen"]
    assert names[analysis.name_matches(names, "thanh binh")].tolist() == ["Thanh Bình", "Thanh Bình"]
    assert names[analysis.name_matches(names, "dong")].tolist() == ["Đông Tây"]
    assert names[analysis.name_matches(names, "bản")].tolist() == ["Bản Xen", "Bản Phiệt"]
    assert analysis.name_matches(names, "").all()


PROVINCE = pd.DataFrame(
    {
        "unit_id": ["02797", "02752", "02917"],
        "unit_name": ["Bản Sen", "Pha Long", "Thái Niên"],
        "area_id": ["083", "083", "086"],
        "area_name": ["Mường Khương", "Mường Khương", "Bảo Thắng"],
        "aliases": ["Bản Xen", "Pha Lọng", None],
    }
)


def test_search_hints_name_the_alias_and_the_area_outside_the_filter():
    # province-wide: 'ban xen' finds Bản Sen only through its other spelling, which the hint names
    assert analysis.search_hints(PROVINCE, "ban xen") == [
        analysis.SearchHint("02797", "Bản Sen", "083", "Mường Khương", "Bản Xen", False)
    ]
    # under Bảo Thắng: the same commune, outside the filter, with its area to switch to
    assert analysis.search_hints(PROVINCE, "ban xen", ("086",)) == [
        analysis.SearchHint("02797", "Bản Sen", "083", "Mường Khương", "Bản Xen", True)
    ]
    # an official-name match inside the filter needs no hint; outside it does (no alias named)
    assert analysis.search_hints(PROVINCE, "thai nien", ("086",)) == []
    assert analysis.search_hints(PROVINCE, "pha long", ("086",)) == [
        analysis.SearchHint("02752", "Pha Long", "083", "Mường Khương", None, True)
    ]
    assert analysis.search_hints(PROVINCE, "  ") == []


def test_search_on_the_mini_matrix(con):
    m = analysis.commune_matrix(con, Scope("2019-12")).frame
    assert _names(analysis.filter_matrix(m, analysis.MatrixFilter(search="ban xen"))) == [("Bản Xen", "001")]
    assert _names(analysis.filter_matrix(m, analysis.MatrixFilter(search="thanh binh"))) == [
        ("Thanh Bình", "001"),
        ("Thanh Bình", "002"),
    ]


def test_matrix_rows_bands_and_missing_criteria(con):
    m = analysis.commune_matrix(con, Scope("2019-12"))
    f = m.frame.set_index("unit_id")
    assert f.loc["00002", ["met_count", "band_order", "band_vi"]].tolist() == [2, 2, "1–2 tiêu chí"]
    assert f.loc["00004", "missing"] == ["2", "3"]
    assert f.loc["00004", "missing_vi"] == ["2. Giao thông", "3. Thu nhập"]
    assert f.loc["00006", "band_order"] == 3 and f.loc["00001", "band_order"] == 1
    assert [bool(f.loc["00002", analysis.criterion_field(c)]) for c in "123"] == [True, True, False]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("met_desc", ["00001", "00005", "00002", "00004", "00006"]),  # 3,3 (An before Bình), 2, 1, 0
        ("met_asc", ["00006", "00004", "00002", "00001", "00005"]),
        ("name", ["00001", "00005", "00006", "00002", "00004"]),  # ban xen, dong, tay, thanh binh (An, Bình)
    ],
)
def test_sorting(con, sort, expected):
    m = analysis.commune_matrix(con, Scope("2019-12")).frame
    assert analysis.filter_matrix(m, analysis.MatrixFilter(sort=sort))["unit_id"].tolist() == expected


@pytest.mark.parametrize(
    "f, expected",
    [
        (analysis.MatrixFilter(bands=(2,)), ["00002", "00004"]),
        (analysis.MatrixFilter(bands=(1, 3)), ["00001", "00005", "00006"]),
        (analysis.MatrixFilter(criterion="3", criterion_status="missing"), ["00002", "00004", "00006"]),
        (analysis.MatrixFilter(criterion="2", criterion_status="met"), ["00001", "00005", "00002"]),
        (analysis.MatrixFilter(criterion="1"), ["00001", "00005", "00002", "00004", "00006"]),  # no status: no filter
        (analysis.MatrixFilter(bands=(2,), criterion="2", criterion_status="missing"), ["00004"]),
        (analysis.MatrixFilter(bands=(1,), criterion="1", criterion_status="missing"), []),
    ],
)
def test_filters(con, f, expected):
    m = analysis.commune_matrix(con, Scope("2019-12")).frame
    assert analysis.filter_matrix(m, f)["unit_id"].tolist() == expected


def test_close_band_comes_from_the_bands_table():
    bands = pd.DataFrame(
        {"band_order": [1, 2, 3], "label_vi": ["19", "15–18", "<15"], "min_met": [19, 15, 0], "max_met": [19, 18, 14]}
    )
    assert analysis.close_band(bands, 19)["label_vi"] == "15–18"
    assert analysis.close_band(bands.iloc[[0]], 19) is None


# ---- commune profile ------------------------------------------------------------------------------


def test_profile_of_a_merged_unit_follows_its_predecessors(con):
    p = profile.commune_profile(con, "00005-2020", "2020-12")
    assert p.unit["unit_name"] == "Đông Tây" and p.in_base
    assert (p.met_count, p.n_criteria) == (2, 3)
    miss = p.missing
    assert miss[["criterion_code", "name_vi", "department"]].values.tolist() == [
        ["3", "Thu nhập", "Sở Nông nghiệp và PTNT"]
    ]
    assert miss["sponsors"].tolist() == [[]]
    h = p.history
    assert list(zip(h["period_id"], h["unit_name"], h["relation"], h["met_count"])) == [
        ("2019-12", "Đông", "predecessor", 3),
        ("2019-12", "Tây", "predecessor", 0),
        ("2020-12", "Đông Tây", "self", 2),
    ]
    assert list(zip(p.recognitions["unit_name"], p.recognitions["year"], p.recognitions["relation"])) == [
        ("Đông", 2019, "predecessor")
    ]
    assert sorted(zip(p.lineage["from_name"], p.lineage["kind"], p.lineage["to_name"])) == [
        ("Tây", "merged_into", "Đông Tây"),
        ("Đông", "continues_as", "Đông Tây"),
    ]


def test_profile_of_a_unit_that_merged_away_shows_its_successor_and_sponsor(con):
    p = profile.commune_profile(con, "00006", "2019-12")
    assert p.missing["department"].tolist() == ["Sở Xây dựng", "Sở Giao thông vận tải", "Sở Nông nghiệp và PTNT"]
    assert p.missing["sponsors"].tolist() == [["Sở Y tế"]] * 3
    assert list(zip(p.history["unit_name"], p.history["relation"])) == [("Tây", "self"), ("Đông Tây", "successor")]
    assert p.recognitions.empty  # Đông (a sibling) was recognised, not Tây nor Đông Tây


def test_profile_recognition_with_its_decision(con):
    p = profile.commune_profile(con, "00001", "2019-12")
    assert p.missing.empty and p.lineage.empty
    r = p.recognitions.iloc[0]
    assert (r["level"], r["year"], r["decision_no"], pd.Timestamp(r["decision_date"]).date(), r["provenance"]) == (
        "NTM",
        2018,
        "12/QĐ-UBND",
        date(2018, 12, 20),
        "confirmed",
    )


def test_related_units_are_transitive():
    edges = pd.DataFrame({"from_unit_id": ["a", "b", "x"], "to_unit_id": ["b", "c", "c"]})
    assert profile.related_units(edges, "c") == {
        "c": "self",
        "b": "predecessor",
        "x": "predecessor",
        "a": "predecessor",
    }
    assert profile.related_units(edges, "a") == {"a": "self", "b": "successor", "c": "successor"}


# ---- what it takes --------------------------------------------------------------------------------


def test_communes_required_rounds_up():
    assert target_gap.communes_required(28, 134) == 38  # 37,52
    assert target_gap.communes_required(28, 5) == 2  # 1,4
    assert target_gap.communes_required(60, 5) == 3  # exactly 3
    assert target_gap.communes_required(0, 5) == 0


def test_default_target_is_the_next_periods_then_this_ones(con):
    nxt = target_gap.default_target(con, "2019-12")
    assert (nxt.pct, nxt.deadline, nxt.basis, nxt.basis_period_id) == (
        28.0,
        date(2020, 12, 31),
        "next_period",
        "2020-12",
    )
    now = target_gap.default_target(con, "2020-12")
    assert (now.basis, now.basis_period_id, now.source) == ("this_period", "2020-12", "test letter")


def test_gap_to_a_target_already_met(con):
    g = target_gap.target_gap(con, Scope("2019-12"), target_gap.default_target(con, "2019-12"))
    assert (g.base, g.recognised, g.required, g.needed, g.pace_per_year) == (5, 2, 2, 0, 0.0)
    # the close band (1–2 criteria): both Thanh Bình, closest first
    assert g.candidates["unit_id"].tolist() == ["00002", "00004"]
    assert g.candidates["shortest"].tolist() == [False, False]


def test_gap_to_a_higher_target(con):
    g = target_gap.target_gap(
        con, Scope("2019-12"), target_gap.TargetChoice(100, date(2020, 12, 31), None, None, "user")
    )
    assert (g.required, g.needed) == (5, 3)
    assert g.years_left == pytest.approx(366 / 365.25)
    assert g.pace_per_year == pytest.approx(3 / (366 / 365.25))
    # Tây (0 criteria) is outside the close band but among the 3 needed
    c = g.candidates
    assert c["unit_id"].tolist() == ["00002", "00004", "00006"] and c["shortest"].all()
    assert c["missing_vi"].tolist()[0] == ["3. Thu nhập"]
    assert c["departments"].tolist()[1] == ["Sở Giao thông vận tải", "Sở Nông nghiệp và PTNT"]
    assert g.missing_to_close == 1 + 2 + 3


def test_gap_when_the_deadline_is_reached(con):
    g = target_gap.target_gap(
        con, Scope("2020-12"), target_gap.TargetChoice(100, date(2020, 12, 31), None, None, "user")
    )
    assert (g.required, g.needed, g.pace_per_year, g.deadline_passed) == (4, 2, None, True)
    assert g.observed_per_year == pytest.approx(0.0)  # 2 communes met it at the end of 2019 and of 2020


def test_gap_restricted_to_a_district(con):
    g = target_gap.target_gap(
        con, Scope("2020-12", ("002",)), target_gap.TargetChoice(50, date(2025, 12, 31), None, None, "user")
    )
    assert (g.base, g.recognised, g.required, g.needed) == (2, 0, 1, 1)
    assert g.pace_per_year == pytest.approx(1 / (1826 / 365.25))
    assert g.candidates["unit_name"].tolist() == ["Đông Tây", "Thanh Bình"]  # both miss one criterion: by name


# ---- criteria page --------------------------------------------------------------------------------


def test_criteria_by_district(con):
    v = criteria_analysis.criteria_view(con, Scope("2019-12"))
    w = v.wide.set_index("criterion_code")
    assert w[["d_001", "d_002", "total", "base"]].values.tolist() == [[2, 2, 4, 5], [2, 1, 3, 5], [1, 1, 2, 5]]
    assert w["pct"].tolist() == pytest.approx([80.0, 60.0, 40.0])
    assert v.districts[["district_name", "base"]].values.tolist() == [["An", 2], ["Bình", 3]]


def test_blockers_of_the_close_communes(con):
    v = criteria_analysis.criteria_view(con, Scope("2019-12"))
    assert v.close_band["label_vi"] == "1–2 tiêu chí"
    b = v.blockers
    assert b[["criterion_code", "close_missing", "sole_blocker", "all_missing"]].values.tolist() == [
        ["3", 2, 1, 3],
        ["2", 1, 0, 2],
        ["1", 0, 0, 1],
    ]


def test_department_scorecard(con):
    s = criteria_analysis.criteria_view(con, Scope("2019-12")).scorecard
    assert s["department"].tolist() == ["Sở Nông nghiệp và PTNT", "Sở Giao thông vận tải", "Sở Xây dựng"]
    assert s["avg_pct_met"].tolist() == pytest.approx([40.0, 60.0, 80.0])
    assert s[["missing_pairs", "close_blocked", "sole_blocked"]].values.tolist() == [[3, 2, 1], [2, 1, 0], [1, 0, 0]]


def test_criteria_at_the_end_of_2020(con):
    v = criteria_analysis.criteria_view(con, Scope("2020-12"))
    assert v.wide[["d_001", "d_002", "total"]].values.tolist() == [[2, 2, 4], [2, 2, 4], [2, 0, 2]]
    assert v.blockers[["criterion_code", "close_missing", "sole_blocker"]].values.tolist()[0] == ["3", 2, 2]


def test_heatmap_keeps_every_commune_and_marks_missing_data():
    from ntm.figures import analysis_charts

    rows = pd.DataFrame(
        {
            "unit_name": ["A", "A", "B"],
            "district_name": ["X", "X", "X"],
            "unit_code": ["1", "2", "3"],
            "c_1": pd.array([True, False, None], dtype="boolean"),
        }
    )
    crit = pd.DataFrame({"criterion_code": ["1"], "name_vi": ["Quy hoạch"], "name_en": ["Planning"]})
    fig = analysis_charts.matrix_heatmap(rows, crit)
    assert fig.data[0].y == ("A · X (1)", "A · X (2)", "B · X")  # two communes with one label stay two rows
    assert fig.data[0].z == ([1.0], [0.0], [0.5])
    assert fig.data[0].text[2][0] == "B (X)<br>TC1. Quy hoạch: Chưa có số liệu"


def test_a_bad_light_rule_is_reported_with_file_row_and_column(tmp_path):
    from ntm.data.validate import DataError
    from tests import mini
    from tests.analysis_mini import LIGHTS_CSV

    ref, data = mini.write(tmp_path)
    # amber's bound above green's (row 3) and a colour that is not #rrggbb (row 4)
    bad = LIGHTS_CSV.replace(",-30,", ",5,").replace("#D55E00", "đỏ")
    (data / "traffic_lights.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(DataError) as err:
        from ntm.data import build

        build.build(tmp_path / "x.duckdb", data, ref)
    text = str(err.value)
    assert "Tệp traffic_lights.csv, dòng 3, cột 'min_gap_points'" in text and "(giá trị: '5')" in text
    assert "Tệp traffic_lights.csv, dòng 4, cột 'colour': sai định dạng (giá trị: 'đỏ')" in text
    assert not (tmp_path / "x.duckdb").exists()
