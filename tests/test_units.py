"""Unit versions and lineage built from the GSO catalogues in the reference folder."""

from ntm.data.units import build_unit_tables


def test_reused_codes_become_distinct_versions():
    t = build_unit_tables()
    u = t.units.set_index("unit_id")
    # 03022 was xã Bản Phùng (2019) and is xã Thanh Bình from 2020 (Sa Pa restructuring)
    assert u.loc["03022", "unit_name"] == "Bản Phùng"
    assert u.loc["03022-2020", "unit_name"] == "Thanh Bình"
    assert str(u.loc["03022", "valid_to"]) == "2019-12-31"
    # Cốc San moved from Bát Xát (082) to TP Lào Cai (080)
    assert (u.loc["02746", "district_code"], u.loc["02746-2020", "district_code"]) == ("082", "080")
    # A Lù absorbed Ngải Thầu but kept its name and code: one version
    assert "02692-2020" not in u.index


def test_lineage_of_the_2020_mergers():
    t = build_unit_tables()
    edges = set(zip(t.lineage.from_unit_id, t.lineage.to_unit_id, t.lineage.kind))
    assert ("02698", "02692", "merged_into") in edges  # Ngải Thầu -> A Lù
    assert ("02995", "02998-2020", "merged_into") in edges  # Long Phúc -> Phúc Khánh
    assert ("02998", "02998-2020", "continues_as") in edges  # Long Khánh -> Phúc Khánh
    assert ("03043", "03043-2020", "continues_as") in edges  # Thanh Phú -> Mường Bo (inferred)


def test_counts_of_the_catalogues():
    t = build_unit_tables()
    u = t.units
    old = u[u.valid_from.isna()]
    assert len(old) == 164 and (old.unit_type == "xã").sum() == 143
    current = u[u.valid_to.isna()]
    assert len(current) == 152 and (current.unit_type == "xã").sum() == 127
    assert len(t.districts) == 9
