"""The illustrative 2021–2030 data reproduces every figure published for those years (issue 11).

Plain pandas on the generated files for now (the pages will go through ntm.measures once the build loads
data/present). Expected values come from the sources cited in data/present/published_figures.csv, via
present_facts.md: 12,02 criteria per xã over 127 (vietnamnet 2309042, [C]); 62 xã holding a recognition
keep 15,03/19 (vietnam.vn, [R]); 106/150 = 70,67%, 37 nâng cao, 11 kiểu mẫu (yenbai.gov.vn, [C]);
37/89 = 41,6% and 1 nâng cao after the merger (vietnam.vn, [R]).
"""

from datetime import date

import pandas as pd
import pytest

from ntm.data import config
from ntm.data.present_files import read_extended, read_present
from ntm.data.unit_history import build_unit_history, successors_on

LAST_BEFORE_MERGER = ("2024-06", "2024-07")  # each old province's last period


@pytest.fixture(scope="module")
def data():
    history = build_unit_history(followed=["10", "15", "15-2025"])
    status = read_present("commune_status.csv")
    met = status.assign(met=status.met.astype(int)).groupby(["period_id", "unit_id"]).met.sum()
    return {
        "history": history,
        "periods": read_present("periods.csv").set_index("period_id"),
        "base": read_present("period_units.csv").groupby("period_id").unit_id.apply(list).to_dict(),
        "met": met,
        "status": status,
        "recognitions": read_extended("recognitions.csv"),
        "advanced": read_extended("advanced_recognitions.csv"),
        "criteria": read_extended("criteria.csv").groupby("set_id").size().to_dict(),
        "published": read_present("published_figures.csv").query("period_id != ''").set_index("period_id"),
    }


def _holders(data, period: str, level: str = "NTM") -> set[str]:
    """Xã of the period's base holding a recognition of that level: on the unit, or on the unit it only
    continues (a unit that absorbed others was re-assessed)."""
    lineage = data["history"].lineage
    kept = lineage[lineage.kind == "continues_as"]
    carry = dict(zip(kept.to_unit_id, kept.from_unit_id))
    absorbers = set(lineage[lineage.kind == "merged_into"].to_unit_id)
    rec = pd.concat([data["recognitions"], data["advanced"]])
    year = int(data["periods"].loc[period, "as_of_date"][:4])
    held = set(rec[(rec.level == level) & (rec.year.astype(int) <= year)].unit_id)
    return {u for u in data["base"][period] if u in held or (u not in absorbers and carry.get(u) in held)}


def _former_xa(data, period: str) -> dict[str, list[str]]:
    """New xã of a post-merger period -> the xã of each old province's last period that reach it (by code)."""
    day = date.fromisoformat(data["periods"].loc[period, "as_of_date"])
    new = set(data["base"][period])
    out = {n: [] for n in new}
    for p in LAST_BEFORE_MERGER:
        for old, reached in successors_on(data["history"].units, data["history"].lineage, data["base"][p], day).items():
            for n in reached & new:
                out[n].append(old)
    return out


def _all_former(former: dict[str, list[str]], holders: set[str]) -> set[str]:
    return {n for n, olds in former.items() if olds and all(o in holders for o in olds)}


def test_2023_average_criteria_per_xa(data):
    met = data["met"]["2023-12"]
    assert len(met) == 127
    assert round(met.mean(), 2) == 12.02 == float(data["published"].loc["2023-12", "avg_criteria_per_commune"])


def test_2024_review_62_holders_keep_15_03_criteria(data):
    holders = _holders(data, "2024-06")
    assert len(holders) == 62
    met = data["met"]["2024-06"]
    assert round(met[sorted(holders)].mean(), 2) == 15.03
    assert data["published"].loc["2024-06", "avg_over"] == "recognised"
    # the 16 the review expects to lose their decision are the furthest behind; fewer than 62 meet all 19
    assert (met[sorted(holders)] <= 13).sum() == 16 and (met == 19).sum() < 62


def test_old_yen_bai_on_31_07_2024(data):
    met = data["met"]["2024-07"]
    n = data["criteria"][data["periods"].loc["2024-07", "criteria_set_id"]]
    assert n == 19 and len(met) == 150
    meeting = set(met[met == n].index)
    assert len(meeting) == 106 and round(106 / 150 * 100, 2) == 70.67
    assert meeting == _holders(data, "2024-07")
    advanced, model = _holders(data, "2024-07", "NTM nâng cao"), _holders(data, "2024-07", "NTM kiểu mẫu")
    assert (len(advanced), len(model)) == (37, 11) and model <= advanced <= meeting


def test_the_merger_37_of_89_by_the_rule_every_former_commune_was_recognised(data):
    assert data["periods"].loc["2025-07", "merged_rule_id"] == "all_former_recognised"
    former = _former_xa(data, "2025-07")
    assert len(former) == 89 and all(former.values())  # every new xã has at least one former xã
    holders = _holders(data, "2024-06") | _holders(data, "2024-07")
    recognised = _all_former(former, holders)
    assert len(recognised) == 37 and round(37 / 89 * 100, 1) == 41.6
    pub = data["published"].loc["2025-07"]
    assert (int(pub.ntm_communes_cumulative), int(pub.commune_base), float(pub.pct_ntm)) == (37, 89, 41.6)
    met = data["met"]["2025-07"]  # the same figure from the statuses, as the overview counts it today
    assert set(met[met == 19].index) == recognised
    advanced = _holders(data, "2024-06", "NTM nâng cao") | _holders(data, "2024-07", "NTM nâng cao")
    assert len(_all_former(former, advanced)) == 1 == int(pub.advanced_communes)


def test_the_2026_period_uses_ten_criteria_and_three_groups(data):
    status = data["status"][data["status"].period_id == "2026-06"]
    assert status.groupby("unit_id").size().eq(10).all() and status.unit_id.nunique() == 89
    assert data["criteria"]["QD51_2025"] == 10
    groups = pd.read_csv(config.DATA_DIR / "commune_groups.csv", dtype=str)
    assert sorted(groups.unit_id) == sorted(data["base"]["2026-06"])
    assert set(groups.group_no) == {"1", "2", "3"} and (groups.provenance == "illustrative").all()


def test_every_new_row_is_illustrative_and_bases_are_xa_of_the_period_province(data):
    assert set(data["status"].provenance) == {"illustrative"}
    units = data["history"].units.set_index("unit_id")
    for period, ids in data["base"].items():
        assert set(units.loc[ids, "unit_type"]) == {"xã"}
        assert set(units.loc[ids, "province_id"]) == {data["periods"].loc[period, "province_id"]}
    new = pd.concat([read_present("recognitions.csv"), read_present("advanced_recognitions.csv")])
    assert set(new.provenance) == {"illustrative"}


def test_a_reported_figure_stays_reported(data):
    marks = data["periods"].source_status.to_dict()
    pub = data["published"]
    assert pub.loc["2024-06", "status"] == marks["2024-06"] == "reported"
    assert pub.loc["2025-07", "status"] == marks["2025-07"] == "reported"
    assert pub.loc["2024-07", "status"] == marks["2024-07"] == "confirmed"
    assert marks["2026-06"] == "illustrative" and "2026-06" not in pub.index
