"""The 2021–2030 data files (issue 11): criteria sets, bands, periods, groupings, targets, poverty, rules.

Counts come from present_facts.md: QĐ 318/QĐ-TTg has 19 criteria in 5 groups, QĐ 51/2025/QĐ-TTg 10 criteria
(groups, 47 indicators and thresholds unknown); NĐ 351/2025 breaks the poverty series in 2027.
"""

from datetime import date

import pandas as pd
import pytest

from ntm.data import build, config, registry
from ntm.data.provinces import read_provinces

NEW_PERIODS = ["2023-12", "2024-06", "2024-07", "2025-07", "2026-06"]
NEW_TABLES = {
    "area_groupings": "area_groupings.csv",
    "period_groupings": "period_groupings.csv",
    "merged_commune_rules": "merged_commune_rules.csv",
    "commune_group_types": "commune_group_types.csv",
    "group_thresholds": "group_thresholds.csv",
    "commune_groups": "commune_groups.csv",
    "poverty_standards": "poverty_standards.csv",
}


def _data(name: str) -> pd.DataFrame:
    return pd.read_csv(config.DATA_DIR / name, dtype=str, keep_default_na=False)


def _new_periods() -> pd.DataFrame:
    periods = _data("periods.csv")
    return periods[periods.period_id.isin(NEW_PERIODS)]


def test_every_new_table_is_declared_once_with_its_file_and_the_place_files_are_inputs():
    for name, file in NEW_TABLES.items():
        assert registry.table(name).file == file and (config.DATA_DIR / file).exists(), name
    assert [t.name for t in registry.TABLES].count("provinces") == 1 and registry.table("provinces").file is None
    for name in ("provinces.csv", "followed_provinces.csv", "unit_changes_2024.csv"):
        assert name in build.UNIT_FILES and (config.DATA_DIR / name).exists()
    assert not (config.DATA_DIR / "present").exists()  # one file per table


def test_the_two_new_criteria_sets():
    crit = _data("criteria.csv")
    s318 = crit[crit.set_id == "QD318_2022"]
    assert len(s318) == 19 and sorted(s318.group_no.unique()) == ["I", "II", "III", "IV", "V"]
    assert s318.set_index("code").loc["11", "name_vi"] == "Nghèo đa chiều"
    s51 = crit[crit.set_id == "QD51_2025"]
    assert len(s51) == 10 and (s51[["group_no", "group", "group_en"]] == "").all().all()  # groups unknown
    ref = pd.read_csv(config.ref_dir() / "reference/criteria_2026_2030.csv", dtype=str)
    assert s51.name_vi.tolist() == ref.name_vi.tolist()
    sets = _data("criteria_sets.csv").set_index("set_id")
    assert (sets.loc["QD318_2022", "valid_from"], sets.loc["QD51_2025", "valid_from"]) == ("2022-03-08", "2026-02-15")


@pytest.mark.parametrize(
    ("set_id", "tops"),
    [("QD1980_2016", [19, 18, 14, 9, 4]), ("QD318_2022", [19, 18, 14, 9, 4]), ("QD51_2025", [10, 9, 7, 4])],
)
def test_bands_cover_every_count_once(set_id, tops):
    n = int(_data("criteria.csv").groupby("set_id").size()[set_id])
    bands = _data("criteria_bands.csv")
    bands = bands[bands.set_id == set_id].astype({"min_met": int, "max_met": int}).sort_values("band_order")
    assert bands.max_met.tolist() == tops and bands.max_met.iloc[0] == n
    covered = [k for lo, hi in zip(bands.min_met, bands.max_met) for k in range(lo, hi + 1)]
    assert sorted(covered) == list(range(n + 1))


def test_owners_name_criteria_of_their_set():
    owners = _data("criterion_owner.csv")
    crit = _data("criteria.csv")
    known = set(zip(crit.set_id, crit.code))
    assert set(zip(owners.set_id, owners.criterion_code)) <= known
    assert (owners.set_id == "QD318_2022").sum() == 19
    assert set(owners[owners.set_id == "QD51_2025"].criterion_code) == {"1", "3", "7", "8", "9", "10"}


def test_group_thresholds_are_left_empty_not_invented():
    thresholds = _data("group_thresholds.csv")
    assert len(thresholds) == 10 * 3 and (thresholds.threshold == "").all()
    assert _data("commune_group_types.csv").group_no.tolist() == ["1", "2", "3"]


def test_periods_belong_to_a_province_alive_on_their_date():
    periods = _data("periods.csv")
    assert periods.period_id.is_unique and periods.period_id.str.fullmatch(r"\d{4}-\d{2}").all()
    assert periods[periods.is_default == "1"].period_id.tolist() == ["2020-02"]
    prov = read_provinces().set_index("province_id")
    for r in periods.itertuples(index=False):
        day, p = date.fromisoformat(r.as_of_date), prov.loc[r.province_id]
        started = pd.isna(p.valid_from) or p.valid_from <= day
        assert started and (pd.isna(p.valid_to) or day <= p.valid_to), r.period_id
    sets = _data("criteria_sets.csv").set_index("set_id")
    for r in _new_periods().itertuples(index=False):  # (2015-12 is mapped onto the 2016 set)
        assert sets.loc[r.criteria_set_id, "valid_from"] <= r.as_of_date <= sets.loc[r.criteria_set_id, "valid_to"]
    assert _new_periods().set_index("period_id").province_id.to_dict() == {
        "2023-12": "10",
        "2024-06": "10",
        "2024-07": "15",
        "2025-07": "15-2025",
        "2026-06": "15-2025",
    }


def test_each_period_has_one_default_grouping_and_districts_only_before_the_merger():
    groupings = _data("period_groupings.csv")
    periods = _data("periods.csv").set_index("period_id")
    assert set(groupings.period_id) == set(periods.index)
    assert groupings.groupby("period_id").is_default.apply(lambda s: (s == "1").sum()).eq(1).all()
    assert set(groupings.grouping) <= set(_data("area_groupings.csv").grouping)
    for r in groupings.itertuples(index=False):
        after = periods.loc[r.period_id, "as_of_date"] >= "2025-07-01"
        assert (r.grouping.startswith("former_")) == after, r


def test_merged_rule_is_data_and_named_by_the_post_merger_period():
    rules = _data("merged_commune_rules.csv")
    assert rules.rule_id.tolist() == ["all_former_recognised", "reassessed_unknown"]
    assert (rules.is_default == "1").sum() == 1
    periods = _new_periods().set_index("period_id")
    assert periods.loc["2025-07", "merged_rule_id"] in set(rules.rule_id)
    figures = _data("published_figures.csv").set_index("period")
    assert figures.loc["after 07/2025", "merged_rule_id"] == "all_former_recognised"


def test_2030_targets_keep_the_source_wording_and_leave_the_provincial_ones_empty():
    targets = _data("targets.csv").set_index("target_id")
    assert (
        "about 65% of xã meeting NTM, of which about 10% recognised as NTM hiện đại"
        in targets.loc["national_2030_ntm_share", "source"]
    )
    assert targets.loc["national_2030_modern_share", "label_en"] == "Of which about 10% recognised as NTM hiện đại"
    own = targets[targets.target_group == "province_2030"]
    assert len(own) == 2 and (own.value == "").all() and (own.source_status == "unknown").all()
    assert set(own.scope_code) == {"15-2025"}


def test_poverty_end_2024_and_the_2027_break():
    pov = _data("poverty_province.csv").set_index("year")
    assert pov.loc["2024", "poverty_rate_pct"] == "11.24" and pov.loc["2024", "source_status"] == "confirmed"
    assert round(20411 / 181603 * 100, 2) == 11.24
    assert pov.standard_id.to_dict() == {
        "2011": "income_2011_2015",
        "2019": "md_2016_2020",
        "2020": "md_2016_2020",
        "2024": "md_2022_2025",
    }
    std = _data("poverty_standards.csv").set_index("standard_id")
    assert (std.loc["md_2022_2025", "last_year"], std.loc["md_2026_2030", "first_year"]) == ("2026", "2027")
    assert std.loc["md_2026_2030", "legal_basis"] == "NĐ 351/2025/NĐ-CP"
