"""Units across time (issue 11): both old provinces, the 2024 mergers, the 2025 merger and its areas.

Expected values are counted by hand from the reference files and present_facts.md: 127 + 150 xã in the
2020 catalogues, NQ 1673 (99 units = 89 xã + 10 phường), 48 new units from old Lào Cai only (45 xã + 3
phường) and 51 from old Yên Bái only (44 xã + 7 phường).
"""

from datetime import date

import pandas as pd
import pytest

from ntm.data import config
from ntm.data.areas import ambiguity_report, pick_area
from ntm.data.provinces import followed_province_ids
from ntm.data.unit_history import build_unit_history, in_force, successors_on
from ntm.data.units import build_unit_tables, read_csv

MERGER = date(2025, 7, 1)


@pytest.fixture(scope="module")
def history():
    return build_unit_history()


def _catalogue_xa_2020() -> pd.DataFrame:
    ref = config.ref_dir()
    frames = [read_csv(ref / f) for f in (config.UNITS_2020_FILE, config.YENBAI_UNITS_2020_FILE)]
    cat = pd.concat(frames)
    return cat[(cat.status == "current_2020") & (cat.unit_type == "xã")]


def _reach_2025(history, unit_id: str) -> set[str]:
    """Every unit in force on the day of the merger that the lineage graph leads unit_id to."""
    return successors_on(history.units, history.lineage, [unit_id], MERGER)[unit_id]


def _current_2020_id(history, province: str, code: str) -> str:
    """The version of a code in force on 01/03/2020 (both 2020 reforms done)."""
    u = in_force(history.units, date(2020, 3, 1))
    rows = u[(u.province_id == province) & (u.unit_code == code)]
    assert len(rows) == 1, (province, code)
    return rows.unit_id.iloc[0]


def test_every_2020_xa_reaches_exactly_one_2025_unit_by_code(history):
    xa = _catalogue_xa_2020()
    assert (xa.province_code == "10").sum() == 127 and (xa.province_code == "15").sum() == 150
    crosswalk = read_csv(config.ref_dir() / config.CROSSWALK_2025_FILE)
    target = dict(zip(zip(crosswalk.old_province_code, crosswalk.old_code), crosswalk.new_code))
    current = in_force(history.units, date(2020, 3, 1)).set_index(["province_id", "unit_code"])["unit_id"]
    assert current.index.is_unique  # one version of each code in force on 01/03/2020 (both 2020 reforms done)
    ids = {(r.province_code, r.unit_code): current[(r.province_code, r.unit_code)] for r in xa.itertuples()}
    reached = successors_on(history.units, history.lineage, list(ids.values()), MERGER)
    for (province, code), unit_id in ids.items():
        assert reached[unit_id] == {f"{target[(province, code)]}-2025"}, (code, reached[unit_id])


def test_the_merged_province_has_99_units_89_xa_10_phuong_and_no_district(history):
    new = history.units[history.units.valid_from == MERGER]
    assert len(new) == 99
    assert new.unit_type.value_counts().to_dict() == {"xã": 89, "phường": 10}
    assert new.province_id.unique().tolist() == ["15-2025"]
    assert new.district_code.isna().all()
    assert new.unit_id.str.endswith("-2025").all()  # every new code was an old code: new versions


def test_48_units_from_old_lao_cai_only_and_51_from_old_yen_bai_only(history):
    ua = history.unit_areas
    former = ua[ua.grouping == "former_province"].merge(history.units, on="unit_id")
    assert not former.ambiguous.any()  # no new unit straddles the old border
    counts = former.groupby(["area_id", "unit_type"]).size().to_dict()
    assert counts == {("10", "xã"): 45, ("10", "phường"): 3, ("15", "xã"): 44, ("15", "phường"): 7}


def test_joins_go_by_code_never_by_name(history):
    reach = lambda province, code: _reach_2025(history, _current_2020_id(history, province, code))  # noqa: E731
    # old xã Yên Bình (04774) went to Bạch Hà in 2024, then to xã Thác Bà; new xã Yên Bình is TT Yên Bình's successor
    assert reach("15", "04774") == {"04717-2025"}
    assert reach("15", "04714") == {"04714-2025"}
    # the two Thanh Bình of 2020 go to different units, neither named Thanh Bình
    assert reach("10", "02779") == {"02761-2025"} and reach("10", "03022") == {"03046-2025"}
    # new xã Yên Thành took code 04744 (old Xuân Lai); old xã Yên Thành (04753) joins it by the crosswalk
    assert reach("15", "04744") == reach("15", "04753") == {"04744-2025"}
    names = history.units.set_index("unit_id").unit_name
    assert (names["04714-2025"], names["04717-2025"], names["04744-2025"]) == ("Yên Bình", "Thác Bà", "Yên Thành")


def test_the_2024_changes(history):
    u = history.units.set_index("unit_id")
    edges = {(e.from_unit_id, e.to_unit_id): (e.kind, e.status) for e in history.lineage.itertuples()}
    assert u.loc["02872", "valid_to"] == date(2024, 10, 31)  # Tà Chải, into TT Bắc Hà from 01/11/2024
    assert edges[("02872", "02839")] == ("merged_into", "confirmed")
    assert u.loc["04264-2024", "unit_name"] == "Hồng Hà" and u.loc["04264", "unit_name"] == "Nguyễn Phúc"
    assert edges[("04267", "04264-2024")] == ("merged_into", "reported")
    assert edges[("04507", "04510-2024")] == ("merged_into", "reported")
    assert edges[("04774", "04762")] == ("merged_into", "reported")
    # Nga Quán and Bảo Hưng: absorber not read, straight to the unit their area lies in
    assert edges[("04528", "04273-2025")] == ("merged_into", "inferred")
    assert edges[("04561", "04543-2025")] == ("merged_into", "inferred")
    gone = u[(u.valid_to > date(2024, 1, 1)) & (u.valid_to < date(2025, 6, 30)) & (u.province_id == "15")]
    assert sorted(gone.index) == ["04264", "04267", "04507", "04510", "04528", "04561", "04774"]


def test_old_yen_bai_2020_reform_is_versioned_like_lao_cai(history):
    u = history.units.set_index("unit_id")
    assert (u.loc["04660", "district_code"], u.loc["04660-2020", "district_code"]) == ("140", "133")  # to TX Nghĩa Lộ
    assert (u.loc["04672", "unit_type"], u.loc["04672-2020", "unit_type"]) == ("xã", "thị trấn")  # Sơn Thịnh
    day = date(2020, 2, 1)
    yb = in_force(history.units, day)
    yb = yb[yb.province_id == "15"]
    assert len(yb) == 173 and (yb.unit_type == "xã").sum() == 150
    edges = set(zip(history.lineage.from_unit_id, history.lineage.to_unit_id, history.lineage.kind))
    assert ("04549", "04558", "merged_into") in edges  # Văn Tiến -> Văn Phú (the GSO list keeps Văn Phú)


def test_old_lao_cai_versions_are_the_current_builds(history):
    today = build_unit_tables()
    mine = history.units[history.units.province_id == "10"].set_index("unit_id")
    assert set(mine.index) == set(today.units.unit_id)
    assert mine.loc[today.units.unit_id, "district_code"].tolist() == today.units.district_code.tolist()


def test_districts_end_with_the_merger(history):
    assert len(history.districts) == 18
    assert (history.districts.valid_to == date(2025, 6, 30)).all()
    old = history.units[history.units.province_id != "15-2025"]
    assert old.district_code.notna().all() and (old.valid_to <= date(2025, 6, 30)).all()


def test_former_district_takes_the_majority_then_the_code(history):
    ua = history.unit_areas[history.unit_areas.grouping == "former_district"].set_index("unit_id")
    # Phường Lào Cai: 5 units of TP Lào Cai + Bản Phiệt of Bảo Thắng
    assert tuple(ua.loc["02647-2025", ["area_id", "rule", "n_constituents", "n_in_area"]]) == ("080", "majority", 6, 5)
    # Mỏ Vàng = Mỏ Vàng (Văn Yên, 04450) + An Lương (Văn Chấn): a tie, settled by the code it kept
    assert tuple(ua.loc["04450-2025", ["area_id", "rule"]]) == ("136", "tie_code")
    assert ambiguity_report(history.unit_areas) == {
        "former_district": {"units": 99, "ambiguous": 12, "ties": 2},
        "former_province": {"units": 99, "ambiguous": 0, "ties": 0},
    }
    assert pick_area(pd.Series(["a", "b", "b"]), "a") == ("b", "majority")
    assert pick_area(pd.Series(["a", "b"]), "b") == ("b", "tie_code")


def test_every_unit_has_an_area_in_each_grouping_that_applies(history):
    ua = history.unit_areas
    per_unit = ua.groupby("unit_id").grouping.apply(frozenset)
    new = set(history.units[history.units.valid_from == MERGER].unit_id)
    for unit_id, groupings in per_unit.items():
        expected = {"province", "former_district", "former_province"} if unit_id in new else {"province", "district"}
        assert groupings == expected, unit_id
    assert set(per_unit.index) == set(history.units.unit_id)
    kinds = history.areas.set_index(["area_kind", "area_id"]).index
    assert ("district", "140") in kinds and ("province", "15-2025") in kinds


def test_one_old_province_alone(monkeypatch):
    monkeypatch.setenv(config.PROVINCES_ENV, "15")
    assert followed_province_ids() == ["15"]
    alone = build_unit_history()
    assert alone.units.province_id.unique().tolist() == ["15"]
    assert alone.provinces.province_id.tolist() == ["15"] and len(alone.districts) == 9
    assert not alone.lineage.to_unit_id.str.endswith("-2025").any()
    assert set(alone.unit_areas.grouping) == {"district", "province"}


def test_unknown_followed_province_is_refused(monkeypatch):
    monkeypatch.setenv(config.PROVINCES_ENV, "10,99")
    with pytest.raises(ValueError, match="99"):
        followed_province_ids()


def test_the_groupings_file_names_every_grouping_the_code_derives():
    from ntm.data.areas import GROUPING_KIND

    groupings = pd.read_csv(config.DATA_DIR / "area_groupings.csv", dtype=str)
    assert dict(zip(groupings.grouping, groupings.area_kind)) == GROUPING_KIND


def test_the_merged_province_alone_keeps_its_former_areas():
    alone = build_unit_history(followed=["15-2025"])
    assert len(alone.units) == 99 and alone.lineage.empty and alone.districts.empty
    kinds = set(zip(alone.areas.area_kind, alone.areas.area_id))
    former = alone.unit_areas[alone.unit_areas.grouping == "former_district"]
    assert {("district", a) for a in former.area_id} <= kinds and len(set(former.area_id)) == 18
    assert {("province", "10"), ("province", "15"), ("province", "15-2025")} <= kinds
