"""Illustrative commune data for 2021–2030 (issue 11), calibrated so that aggregating it gives back every
published figure of those years:

    2023-12  province 10: 12,02 criteria per xã over its 127 xã (provincial 2022–2025 set)       [confirmed]
    2024-06  province 10: 62 xã hold an NTM recognition and keep 15,03/19 criteria on average      [reported]
    2024-07  province 15: 106/150 xã NTM (70,67%); 37 NTM nâng cao, 11 NTM kiểu mẫu               [confirmed]
    2025-07  merged province: 37/89 xã NTM (41,6%), 1 nâng cao                                      [reported]
    2026-06  merged province, 2026–2030 set (10 criteria, three commune groups)                    illustrative

The 2025 figures come out of the merged-commune rule "every former commune was recognised"
(merged_commune_rules.csv) applied to each old province's last period: a new xã counts when every xã of
that period flowing into it (by the code crosswalk) holds the recognition. The old province with the
2015–2020 data continues it (its recognitions and end-2020 statuses); the other one gets invented
recognition years. Every row says ``illustrative``. It runs after the 2015–2020 generation with its own
random generator (seed 417 + 2), so the files that generation writes stay byte-identical.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from ntm.data import config, provinces
from ntm.data.unit_history import UnitHistory, build_unit_history, in_force, successors_on
from ntm.generate.calibration import EASE_ORDER, POOR_DISTRICTS, hit_sum

SEED = 417 + 2
PROVENANCE = "illustrative"
NTM, ADVANCED, MODEL = "NTM", "NTM nâng cao", "NTM kiểu mẫu"
# Calibration targets, from data/published_figures.csv (checked by tests/test_present_calibration.py).
AVERAGE_2023 = {"period": "2023-12", "sum": 1527}  # 1527/127 = 12,02 criteria per xã
RECOGNISED_2024 = {"period": "2024-06", "holders": 62, "sum": 932}  # 932/62 = 15,03 criteria per holder
AT_RISK_2024 = 16  # "16 expected to have their decisions revoked" (same source)
MEETING_ALL_2024 = 12  # illustrative
NEW_RECOGNITION_YEAR = 2023  # 62 held before the 10 planned for 2024 (baodantoc.vn 19/05/2024)
OTHER_PROVINCE = {"period": "2024-07", "ntm": 106, "advanced": 37, "model": 11}
MERGED = {"period": "2025-07", "ntm": 37, "advanced": 1}
NEW_SET_PERIOD = "2026-06"
PERIODS = [
    AVERAGE_2023["period"],
    RECOGNISED_2024["period"],
    OTHER_PROVINCE["period"],
    MERGED["period"],
    NEW_SET_PERIOD,
]
# Years the other province's xã were recognised (illustrative; its history is not in the reference folder). A
# decision without a date counts from 31/12 of its year, so every one of them is in force on 31/07/2024.
RECOGNITION_YEARS = list(range(2012, 2024))
RECOGNITION_WEIGHTS = [3, 5, 7, 9, 9, 10, 10, 11, 11, 7, 6, 7]
# Order in which xã tend to meet the ten 2026–2030 criteria, easiest first (illustrative).
EASE_2026 = ["10", "9", "1", "5", "2", "8", "4", "7", "6", "3"]
URBAN_DISTRICT_TYPES = {"thành phố", "thị xã"}


def _read(name: str, out_dir: Path) -> pd.DataFrame:
    """A hand-written input: from out_dir when it has one, else from the bundled data/."""
    path = out_dir / name if (out_dir / name).exists() else config.DATA_DIR / name
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _criteria(out_dir: Path) -> dict[str, list[str]]:
    crit = _read("criteria.csv", out_dir)
    return {s: list(g.code) for s, g in crit.groupby("set_id", sort=False)}


def _orders(ids, ease: list[str], district: dict, rng, poor: set[str] = frozenset()) -> dict[str, list[str]]:
    """Per-xã order of meeting criteria: a common tendency plus noise (poverty harder in poor districts)."""
    rank = {c: i for i, c in enumerate(ease)}
    out = {}
    for u in ids:
        key = {
            c: rank[c] + rng.normal(0, 3.0 * len(ease) / 19) + (3 if c == "11" and district.get(u) in poor else 0)
            for c in ease
        }
        out[u] = sorted(ease, key=key.get)
    return out


def _holders(base: list[str], held: set[str], lineage: pd.DataFrame) -> set[str]:
    """Xã of a base holding a recognition: their own, or their predecessor's when they only continued it
    (a unit that absorbed others was re-assessed: ntm.generate.communes)."""
    carry = {r.to_unit_id: r.from_unit_id for r in lineage.itertuples() if r.kind == "continues_as"}
    absorbers = {r.to_unit_id for r in lineage.itertuples() if r.kind == "merged_into"}
    return {u for u in base if u in held or (u not in absorbers and carry.get(u) in held)}


def _rule_all_former(former: dict[str, list[str]], holders: set[str]) -> set[str]:
    """merged_commune_rules.csv 'all_former_recognised': every former xã holds the recognition."""
    return {new for new, olds in former.items() if olds and all(o in holders for o in olds)}


class _Context:
    """Units, periods and bases shared by the steps below."""

    def __init__(self, ref: Path, out_dir: Path):
        prov = pd.read_csv(config.DATA_DIR / provinces.PROVINCES_FILE, dtype=str, keep_default_na=False)
        self.history: UnitHistory = build_unit_history(ref, config.DATA_DIR, followed=prov.province_id.tolist())
        self.periods = _read("periods.csv", out_dir).set_index("period_id").loc[PERIODS]
        self.criteria = _criteria(out_dir)
        units = self.history.units
        self.code = dict(zip(units.unit_id, units.unit_code))
        self.district = dict(zip(units.unit_id, units.district_code))
        self.bases = {
            p: self._base(r.province_id, date.fromisoformat(r.as_of_date)) for p, r in self.periods.iterrows()
        }

    def _base(self, province_id: str, day: date) -> list[str]:
        u = in_force(self.history.units, day)
        return sorted(u[(u.province_id == province_id) & (u.unit_type == "xã")].unit_id)

    def former_xa(self, merged_period: str, last_periods: list[str]) -> dict[str, list[str]]:
        """New xã -> the xã of each old province's last period that flow into it (through the lineage)."""
        day = date.fromisoformat(self.periods.loc[merged_period, "as_of_date"])
        new_xa = set(self.bases[merged_period])
        out: dict[str, list[str]] = {n: [] for n in sorted(new_xa)}
        for p in last_periods:
            for old, reached in successors_on(self.history.units, self.history.lineage, self.bases[p], day).items():
                for n in reached & new_xa:
                    out[n].append(old)
        return out


def generate_present(frames: dict[str, pd.DataFrame], ref: Path, out_dir: Path) -> dict[str, pd.DataFrame]:
    """The illustrative 2021–2030 rows: period bases, statuses and recognitions (which the caller appends to the
    2015–2020 rows of the same files) and commune_groups.csv (written here, all its own)."""
    rng = np.random.default_rng(SEED)
    ctx = _Context(ref, out_dir)
    lineage = ctx.history.lineage
    counts: dict[str, dict[str, int]] = {}
    orders: dict[str, dict[str, list[str]]] = {}

    # -- the province with 2015–2020 data: 2023-12 and 2024-06 ---------------------------------------
    p23, p24 = AVERAGE_2023["period"], RECOGNISED_2024["period"]
    base = ctx.bases[p24]
    held20 = _holders(base, set(frames["recognitions"].unit_id), lineage)
    dec = frames["commune_status"][frames["commune_status"].period_id == "2020-12"]
    dec = dec.assign(met=dec.met.astype(int)).groupby("unit_id").met.sum().to_dict()
    missing = RECOGNISED_2024["holders"] - len(held20)
    candidates = sorted((u for u in base if u not in held20), key=lambda u: (-dec.get(u, 0), u))[: 3 * missing]
    newly = sorted(rng.choice(candidates, size=missing, replace=False).tolist())
    holders24 = held20 | set(newly)
    order318 = _orders(base, EASE_ORDER, ctx.district, rng, POOR_DISTRICTS)

    c23 = {}
    for u in ctx.bases[p23]:
        if u in holders24:
            c23[u] = int(np.clip(round(rng.normal(15.0, 1.8)), 11, 19))
        else:
            c23[u] = int(np.clip(round(dec.get(u, 10) * 0.72 + rng.normal(0, 1.3)), 2, 17))
    hit_sum(
        c23,
        AVERAGE_2023["sum"],
        sorted(c23),
        lambda u: 11 if u in holders24 else 2,
        lambda u: 19 if u in holders24 else 17,
        rng,
    )
    # 2024-06: of the 62 holders, the 16 the review expects to lose their decision are the furthest behind;
    # an illustrative 12 still meet every criterion; the rest sit between, summing to 15,03 per holder.
    ranked = sorted(holders24, key=lambda u: (c23[u], u))
    at_risk, meeting = set(ranked[:AT_RISK_2024]), set(ranked[-MEETING_ALL_2024:])
    c24 = {}
    for u in base:
        if u in at_risk:
            c24[u] = int(np.clip(round(rng.normal(11.0, 1.2)), 8, 13))
        elif u in meeting:
            c24[u] = 19
        elif u in holders24:
            c24[u] = int(np.clip(round(rng.normal(15.5, 1.2)), 14, 18))
        else:
            c24[u] = min(18, c23[u] + int(rng.integers(0, 2)))
    middle = sorted(holders24 - at_risk - meeting)
    hit_sum(
        c24,
        RECOGNISED_2024["sum"] + sum(c24[u] for u in base if u not in holders24),
        middle,
        lambda u: 14,
        lambda u: 18,
        rng,
    )
    counts[p23], counts[p24] = c23, c24
    orders[p23] = orders[p24] = order318

    # -- the other old province on 31/07/2024, calibrated with the merged-commune rule ---------------
    pm, py = MERGED["period"], OTHER_PROVINCE["period"]
    former = ctx.former_xa(pm, [p24, py])
    other = set(ctx.bases[py])
    first_full = _rule_all_former({n: o for n, o in former.items() if not set(o) & other}, holders24)
    groups = {n: o for n, o in former.items() if set(o) & other}
    holders_y = _pick_holders(
        groups,
        sorted(other - {o for v in groups.values() for o in v}),
        OTHER_PROVINCE["ntm"],
        MERGED["ntm"] - len(first_full),
        rng,
    )
    counts[py] = {u: 19 if u in holders_y else int(np.clip(round(rng.normal(13.5, 2.5)), 6, 18)) for u in ctx.bases[py]}
    orders[py] = _orders(ctx.bases[py], EASE_ORDER, ctx.district, rng)
    adv = frames["advanced_recognitions"]
    adv_first = _holders(base, set(adv[adv.level == ADVANCED].unit_id), lineage)
    first_adv_full = _rule_all_former({n: o for n, o in former.items() if not set(o) & other}, adv_first)
    full_groups = {n: o for n, o in groups.items() if all(x in holders_y for x in o)}
    advanced_y = _pick_advanced(
        full_groups, holders_y, OTHER_PROVINCE["advanced"], MERGED["advanced"] - len(first_adv_full), rng
    )
    model_y = set(rng.choice(sorted(advanced_y), size=OTHER_PROVINCE["model"], replace=False).tolist())

    # -- the merged province: the rule, then each new xã meets what all its former xã met ----------
    recognised_new = _rule_all_former(former, holders24 | holders_y)
    met_at_eve = {u: set(orders[p][u][: counts[p][u]]) for p in (p24, py) for u in ctx.bases[p]}
    all19 = ctx.criteria[ctx.periods.loc[pm, "criteria_set_id"]]
    counts[pm], orders[pm] = {}, {}
    for n in ctx.bases[pm]:
        if n in recognised_new:
            met = set(all19)
        else:  # weakest link: a criterion every former xã met (none known when it had no former xã)
            met = set.intersection(*(met_at_eve[o] for o in former[n])) if former[n] else set()
        orders[pm][n] = [c for c in all19 if c in met] + [c for c in all19 if c not in met]
        counts[pm][n] = len(met)

    # -- 2026: the 2026–2030 set, three groups; nothing carried over from the 2021–2025 set ----------
    pn = NEW_SET_PERIOD
    ten = ctx.criteria[ctx.periods.loc[pn, "criteria_set_id"]]
    orders[pn] = _orders(ctx.bases[pn], EASE_2026, {}, rng)
    counts[pn] = {
        n: int(np.clip(round(10 * counts[pm][n] / len(all19) * 0.9 + rng.normal(0, 1.2)), 1, len(ten)))
        for n in ctx.bases[pn]
    }

    return {
        "period_units": pd.DataFrame(
            [(p, u, ctx.code[u]) for p in ctx.periods.index for u in ctx.bases[p]],
            columns=["period_id", "unit_id", "unit_code"],
        ),
        "commune_status": _status(counts, orders, ctx),
        "recognitions": _recognitions(newly, holders_y, ctx, rng),
        "advanced_recognitions": _advanced(advanced_y, model_y, ctx),
        "commune_groups": _groups(pn, ctx),
    }


def _pick_holders(groups: dict[str, list[str]], loose: list[str], total: int, full: int, rng) -> set[str]:
    """total holders among the xã of groups and loose ones, with exactly `full` groups entirely held."""
    names = sorted(groups)
    for _ in range(1000):
        chosen = set(rng.choice(names, size=full, replace=False).tolist())
        sure = {x for n in chosen for x in groups[n]}
        spare = list(loose)
        for n in names:
            if n not in chosen:
                keep_out = groups[n][int(rng.integers(len(groups[n])))]
                spare += [x for x in groups[n] if x != keep_out]
        need = total - len(sure)
        if 0 <= need <= len(spare):
            return sure | set(rng.choice(sorted(spare), size=need, replace=False).tolist())
    raise ValueError(f"cannot hold {total} xã with exactly {full} whole groups")


def _pick_advanced(full_groups: dict[str, list[str]], holders: set[str], total: int, full: int, rng) -> set[str]:
    """total advanced xã among the holders, with exactly `full` of the wholly held groups wholly advanced."""
    small = sorted(full_groups, key=lambda n: (len(full_groups[n]), n))[: max(full, 4)]
    chosen = set(rng.choice(small, size=full, replace=False).tolist()) if full else set()
    sure = {x for n in chosen for x in full_groups[n]}
    barred = {full_groups[n][int(rng.integers(len(full_groups[n])))] for n in sorted(full_groups) if n not in chosen}
    spare = sorted(holders - sure - barred)
    return sure | set(rng.choice(spare, size=total - len(sure), replace=False).tolist())


def _status(counts, orders, ctx: _Context) -> pd.DataFrame:
    rows = []
    for period, per_unit in counts.items():
        crit = ctx.criteria[ctx.periods.loc[period, "criteria_set_id"]]
        for u in sorted(per_unit):
            met = set(orders[period][u][: per_unit[u]])
            rows += [(period, u, ctx.code[u], c, int(c in met), PROVENANCE) for c in crit]
    return pd.DataFrame(rows, columns=["period_id", "unit_id", "unit_code", "criterion_code", "met", "provenance"])


def _recognitions(newly: list[str], holders_other: set[str], ctx: _Context, rng) -> pd.DataFrame:
    """NTM recognitions after 2020 (the province with 2015–2020 data) and all of the other province's.

    A unit that became a new version in 2020 (moved district, changed type) is recognised from 2020 on."""
    rows = [(u, ctx.code[u], NTM, NEW_RECOGNITION_YEAR) for u in newly]
    weights = np.array(RECOGNITION_WEIGHTS, dtype=float)
    for u in sorted(holders_other):
        allowed = [y >= 2020 or "-" not in u for y in RECOGNITION_YEARS]
        p = weights * allowed
        rows.append((u, ctx.code[u], NTM, int(rng.choice(RECOGNITION_YEARS, p=p / p.sum()))))
    return pd.DataFrame(
        [(*r, "", "", PROVENANCE, "") for r in rows],
        columns=["unit_id", "unit_code", "level", "year", "decision_no", "decision_date", "provenance", "source"],
    )


def _advanced(advanced: set[str], model: set[str], ctx: _Context) -> pd.DataFrame:
    """NTM nâng cao (and kiểu mẫu) recognitions of the other province by 31/07/2024; years illustrative."""
    rows = [(u, ctx.code[u], ADVANCED, 2021 + i % 3) for i, u in enumerate(sorted(advanced))]
    rows += [(u, ctx.code[u], MODEL, 2023) for u in sorted(model)]
    return pd.DataFrame(
        [(*r, "", "", PROVENANCE, "") for r in rows],
        columns=["unit_id", "unit_code", "level", "year", "decision_no", "decision_date", "provenance", "source"],
    )


def _groups(period: str, ctx: _Context) -> pd.DataFrame:
    """Nhóm 1/2/3 of each xã (illustrative: the official KV II/III list of the new xã was not found).

    Nhóm 1 (urbanising): a former thị trấn or phường is among its constituents; nhóm 2: otherwise formed in a
    former city or town (thành phố, thị xã); nhóm 3 (DTTS&MN areas II–III, most xã): the rest."""
    units = ctx.history.units.set_index("unit_id")
    dist_type = dict(zip(ctx.history.districts.district_code, ctx.history.districts.district_type))
    former_district = ctx.history.unit_areas.query("grouping == 'former_district'").set_index("unit_id").area_id
    edges = ctx.history.lineage
    rows = []
    for n in ctx.bases[period]:
        olds = edges[edges.to_unit_id == n].from_unit_id
        urban = units.loc[olds, "unit_type"].isin(["thị trấn", "phường"]).any()
        if urban:
            group, basis = "1", "a former thị trấn or phường among its constituents"
        elif dist_type.get(former_district.get(n)) in URBAN_DISTRICT_TYPES:
            group, basis = "2", "formed in a former city or town, no urban constituent"
        else:
            group, basis = "3", "rural, ethnic-minority and mountain region (assumed area II-III)"
        rows.append((period, n, ctx.code[n], group, basis, PROVENANCE))
    return pd.DataFrame(rows, columns=["period_id", "unit_id", "unit_code", "group_no", "basis", "provenance"])
