"""Areas: how the screens group units, as data that survives the reforms.

Up to 30/06/2025 a unit lies in a district of a province. From 01/07/2025 there are no districts; a unit
of the merged province is grouped by where its former units were: its *former district* or *former
province*, derived from the lineage (itself built from the code crosswalk, never from names).

A unit formed from old units of several districts takes the district of most of them (the units open on
the eve of the merger, one vote each); on a tie, the district of the old unit whose code it took. No new
unit straddles the old provincial border, so its former province is never a choice (it would be flagged
``ambiguous`` like a former district if it ever were).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pandas as pd

# grouping -> the kind of area it puts units in (district and former_district share district areas, so a
# 2026 figure by former district sits on the same base as a 2020 figure by district).
GROUPING_KIND = {
    "district": "district",
    "province": "province",
    "former_district": "district",
    "former_province": "province",
}
AREA_COLUMNS = ["area_kind", "area_id", "name_vi", "short_vi", "name_en", "province_id", "valid_from", "valid_to"]
UNIT_AREA_COLUMNS = ["unit_id", "grouping", "area_id", "rule", "n_constituents", "n_in_area", "ambiguous"]


def _area_rows(provinces: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    dist = pd.DataFrame(
        {
            "area_kind": "district",
            "area_id": districts.district_code,
            "name_vi": districts.district_name,
            "short_vi": districts.district_short,
            "name_en": districts.district_short,
            "province_id": districts.province_id,
            "valid_from": None,
            "valid_to": districts.valid_to,
        }
    )
    prov = pd.DataFrame(
        {
            "area_kind": "province",
            "area_id": provinces.province_id,
            "name_vi": provinces.label_vi,
            "short_vi": provinces.label_vi,
            "name_en": provinces.label_en,
            "province_id": provinces.province_id,
            "valid_from": provinces.valid_from,
            "valid_to": provinces.valid_to,
        }
    )
    return pd.concat([dist, prov], ignore_index=True)[AREA_COLUMNS]


def pick_area(votes, tie_break: str | None) -> tuple[str, str]:
    """(area, rule) from one vote per constituent: 'single', 'majority', or 'tie_code' (the tie_break area)."""
    counts = Counter(votes)
    if len(counts) == 1:
        return next(iter(counts)), "single"
    most = max(counts.values())
    top = sorted(a for a, n in counts.items() if n == most)
    if len(top) == 1:
        return top[0], "majority"
    return (tie_break if tie_break in top else top[0]), "tie_code"


def _former(units: pd.DataFrame, lineage: pd.DataFrame) -> list[dict]:
    """Former district and former province of every unit formed, at its start, from another province's units."""
    unit = {r.unit_id: r for r in units.itertuples(index=False)}
    by_new: dict[str, list] = {}
    for e in lineage.itertuples(index=False):
        new, old = unit[e.to_unit_id], unit[e.from_unit_id]
        if e.effective_date == new.valid_from and old.province_id != new.province_id:
            by_new.setdefault(new.unit_id, []).append(old)
    rows = []
    for unit_id in sorted(by_new):
        new, olds = unit[unit_id], by_new[unit_id]
        eve = new.valid_from - timedelta(days=1)
        voters = [o for o in olds if o.valid_to == eve] or olds  # units open on the eve, else every one
        own = [o for o in voters if o.unit_code == new.unit_code]
        for grouping, col in (("former_district", "district_code"), ("former_province", "province_id")):
            votes = [getattr(o, col) for o in voters]
            area, rule = pick_area(votes, getattr(own[0], col) if own else None)
            rows.append(
                {
                    "unit_id": unit_id,
                    "grouping": grouping,
                    "area_id": area,
                    "rule": rule,
                    "n_constituents": len(voters),
                    "n_in_area": votes.count(area),
                    "ambiguous": len(set(votes)) > 1,
                }
            )
    return rows


def build_areas(
    provinces: pd.DataFrame, districts: pd.DataFrame, units: pd.DataFrame, lineage: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(areas, unit_areas): every area, and for each unit version its area under each grouping that applies."""
    direct = []
    for r in units.itertuples(index=False):
        if pd.notna(r.district_code) and r.district_code:
            direct.append({"unit_id": r.unit_id, "grouping": "district", "area_id": r.district_code})
        direct.append({"unit_id": r.unit_id, "grouping": "province", "area_id": r.province_id})
    direct_frame = pd.DataFrame(direct).assign(rule="direct", n_constituents=1, n_in_area=1, ambiguous=False)
    unit_areas = pd.concat([direct_frame, pd.DataFrame(_former(units, lineage))], ignore_index=True)
    return _area_rows(provinces, districts), unit_areas[UNIT_AREA_COLUMNS]


def ambiguity_report(unit_areas: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Per derived grouping: units placed, units whose former units lay in several areas, ties settled by code."""
    out = {}
    for grouping in ("former_district", "former_province"):
        g = unit_areas[unit_areas.grouping == grouping]
        out[grouping] = {
            "units": len(g),
            "ambiguous": int(g.ambiguous.sum()),
            "ties": int((g.rule == "tie_code").sum()),
        }
    return out
