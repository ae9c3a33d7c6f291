"""Illustrative data for the 2020 plan and poverty pages, generated after (and from) the commune dataset.

No public source gives these, so they are invented, reproducibly, and every row says ``illustrative``:

* department plans: how many communes each department in charge of a criterion plans to bring to it in
  2020 (Letter 417 §2b), written as rows of targets.csv (group ``department_plan``; other rows untouched);
* the QĐ 558 district criteria of TP Lào Cai and Bảo Thắng in 02/2020 and at the end of 2020 (§1đ);
* recognitions as xã NTM nâng cao / kiểu mẫu (§1c), on communes recognised NTM by 2018;
* poor and near-poor households by district, summing exactly to the published province totals of 2020
  (14.322 poor = 8,2%; 16.370 near-poor) and to the 2019 rate (11,46%);
* resources mobilised by source and district in 2020.

It runs after ntm.datagen's own generation with its own random generator (seed 417 + 1), so the files
that generation writes stay byte-identical.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from ntm.plan import targets

SEED = 417 + 1
PROVENANCE = "illustrative"
PLAN_BASELINE, PLAN_RESULT = "2020-02", "2020-12"
PLAN_START, PLAN_DEADLINE = "2020-02-07", "2020-12-31"
PLAN_ID = "letter_417"  # the plan the department rows belong to (targets.plan_id)
REVIEWED_DISTRICTS = {"080": (1, 0), "086": (3, 1)}  # indicators not met in 02/2020 and at end-2020
# Share of households per district and relative poverty level (1 = province average); illustrative,
# poorest where the facts name the 30a districts (083 Mường Khương, 084 Si Ma Cai, 085 Bắc Hà).
HOUSEHOLD_SHARE = {
    "080": 0.20,
    "082": 0.11,
    "083": 0.08,
    "084": 0.05,
    "085": 0.09,
    "086": 0.17,
    "087": 0.12,
    "088": 0.07,
    "089": 0.11,
}
POVERTY_LEVEL = {
    "080": 0.15,
    "082": 1.2,
    "083": 2.3,
    "084": 3.4,
    "085": 2.4,
    "086": 0.5,
    "087": 0.9,
    "088": 1.1,
    "089": 1.0,
}
PROVINCE_POVERTY = {2019: (11.46, None, None), 2020: (8.2, 14322, 16370)}  # rate %, poor, near-poor (confirmed)
RESOURCE_SHARES = {
    "central_budget": 0.28,
    "local_budget": 0.17,
    "integrated": 0.30,
    "credit": 0.15,
    "enterprises": 0.03,
    "people": 0.07,
}
RESOURCES_TOTAL_MIL = 950_000  # million VND in 2020, illustrative order of magnitude


def generate_plan(
    frames: dict[str, pd.DataFrame], lineage: pd.DataFrame, units: pd.DataFrame, out_dir: Path
) -> dict[str, pd.DataFrame]:
    """Write the illustrative plan files into out_dir and return them."""
    rng = np.random.default_rng(SEED)
    status = frames["commune_status"].assign(met=frames["commune_status"]["met"].astype(bool))
    bases = frames["period_units"].groupby("period_id")["unit_id"].apply(list).to_dict()
    out = {
        "targets": _department_plans(status, bases, lineage, out_dir, rng),
        "district_criteria_status": _district_criteria(out_dir, rng),
        "advanced_recognitions": _advanced(frames["recognitions"], units, bases, rng),
        "poverty_district": _poverty(rng),
        "resources": _resources(bases, units, rng),
    }
    for name, frame in out.items():
        frame.to_csv(out_dir / f"{name}.csv", index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return out


def _department_plans(status, bases, lineage, out_dir: Path, rng) -> pd.DataFrame:
    """targets.csv with the department_plan rows replaced: planned = real gain of the generated data ± noise."""
    base = status[status.period_id == PLAN_BASELINE]
    now = status[status.period_id == PLAN_RESULT]
    pairs = targets.successors(lineage, bases[PLAN_BASELINE], set(bases[PLAN_RESULT]))
    gains = targets.criteria_gains(pairs, base, now).groupby("criterion_code").size()
    lacking = base[~base.met].groupby("criterion_code").size()
    owners = pd.read_csv(out_dir / "criterion_owner.csv", dtype=str, keep_default_na=False)
    owners = owners[owners.set_id == "QD1980_2016"].set_index("criterion_code")
    owners_en = owners.get("department_en", owners["lead_department_province"])
    owners = owners["lead_department_province"]
    rows = []
    for code in sorted(lacking.index, key=int):
        planned = int(np.clip(int(gains.get(code, 0)) + int(rng.integers(-2, 4)), 1, lacking[code]))
        rows.append(
            {
                "target_id": f"department_plan_{int(code):02d}",
                "scope_type": "criterion",
                "scope_code": code,
                "measure": "communes_gaining_criterion",
                "value": str(planned),
                "unit": "xã",
                "valid_from": PLAN_START,
                "deadline": PLAN_DEADLINE,
                "direction": "higher_is_better",
                "source": (
                    "Công văn 417/UBND-NLN ngày 07/02/2020 §2b: sở, ngành phụ trách tiêu chí nêu rõ trong năm hoàn "
                    f"thành bao nhiêu xã ({owners.get(code, '')}); số kế hoạch là minh họa (sinh tự động)"
                ),
                "source_en": (
                    "Official Letter 417/UBND-NLN of 07/02/2020 §2b: each department in charge of a criterion states "
                    f"how many communes will meet it in the year ({owners_en.get(code, '')}); planned numbers are "
                    "illustrative (generated)"
                ),
                "source_status": "directive confirmed (letter 417); planned number illustrative",
                "target_group": "department_plan",
                "label_vi": "Số xã đạt thêm tiêu chí theo kế hoạch của sở, ngành phụ trách",
                "label_en": "Communes newly meeting the criterion, as planned by the department in charge",
                "baseline_period_id": PLAN_BASELINE,
                "provenance": PROVENANCE,
                "plan_id": PLAN_ID,
            }
        )
    current = pd.read_csv(out_dir / "targets.csv", dtype=str, keep_default_na=False)
    kept = current[current.get("target_group", "") != "department_plan"]
    return pd.concat([kept, pd.DataFrame(rows)], ignore_index=True).fillna("")[list(current.columns)]


def _district_criteria(out_dir: Path, rng) -> pd.DataFrame:
    """QĐ 558 indicators of the two reviewed districts: a few unmet in 02/2020, fewer at end-2020."""
    crit = pd.read_csv(out_dir / "district_criteria.csv", dtype=str, keep_default_na=False)
    crit = crit[crit.code != "cond"]
    rows = []
    for district, (missing_feb, missing_dec) in REVIEWED_DISTRICTS.items():
        codes = crit.indicator_code.tolist()
        unmet_feb = set(rng.choice(codes, size=missing_feb, replace=False))
        unmet_dec = set(rng.choice(sorted(unmet_feb), size=missing_dec, replace=False)) if missing_dec else set()
        for period, unmet in ((PLAN_BASELINE, unmet_feb), (PLAN_RESULT, unmet_dec)):
            for r in crit.itertuples(index=False):
                rows.append(
                    (period, district, r.set_id, r.indicator_code, int(r.indicator_code not in unmet), PROVENANCE)
                )
    return pd.DataFrame(rows, columns=["period_id", "district_code", "set_id", "indicator_code", "met", "provenance"])


def _advanced(recognitions: pd.DataFrame, units: pd.DataFrame, bases, rng) -> pd.DataFrame:
    """0–2 advanced communes per district among those NTM by 2018 (a few already in 2019), one model commune."""
    stable = set(bases["2019-12"]) & set(bases[PLAN_RESULT])
    std = recognitions[
        (recognitions.level == "NTM") & (recognitions.year.astype(int) <= 2018) & recognitions.unit_id.isin(stable)
    ]
    district = dict(zip(units.unit_id, units.district_code))
    std = std.assign(district_code=std.unit_id.map(district)).sort_values(["district_code", "year", "unit_id"])
    rows = []
    for _district, group in std.groupby("district_code"):
        k = min(len(group), int(rng.choice([0, 1, 1, 2])))
        for u, c in zip(group.unit_id[:k], group.unit_code[:k]):
            year = 2019 if rng.random() < 0.2 else 2020
            day = pd.Timestamp(f"{year}-09-01") + pd.Timedelta(days=int(rng.integers(0, 118)))
            rows.append((u, c, "NTM nâng cao", year, "", day.date().isoformat(), PROVENANCE, ""))
    early = [r for r in rows if r[3] == 2019]
    if early:
        u, c = early[int(rng.integers(len(early)))][:2]
        day = pd.Timestamp("2020-10-01") + pd.Timedelta(days=int(rng.integers(0, 80)))
        rows.append((u, c, "NTM kiểu mẫu", 2020, "", day.date().isoformat(), PROVENANCE, ""))
    return pd.DataFrame(
        rows, columns=["unit_id", "unit_code", "level", "year", "decision_no", "decision_date", "provenance", "source"]
    )


def _largest_remainder(weights: dict[str, float], total: int) -> dict[str, int]:
    """Integers proportional to weights that add up exactly to total."""
    keys = list(weights)
    raw = np.array([weights[k] for k in keys], dtype=float)
    raw = raw / raw.sum() * total
    floor = np.floor(raw).astype(int)
    order = np.argsort(-(raw - floor), kind="stable")
    floor[order[: total - floor.sum()]] += 1
    return dict(zip(keys, floor.tolist()))


def _poverty(rng) -> pd.DataFrame:
    """Households, poor and near-poor households by district, summing to the confirmed province figures."""
    households_total = round(PROVINCE_POVERTY[2020][1] / PROVINCE_POVERTY[2020][0] * 100)
    households = _largest_remainder(HOUSEHOLD_SHARE, households_total)
    rows = []
    for year, (rate, poor_total, near_total) in PROVINCE_POVERTY.items():
        poor_total = poor_total or round(rate / 100 * households_total)
        level = {d: households[d] * POVERTY_LEVEL[d] * float(rng.lognormal(0, 0.1)) for d in households}
        poor = _largest_remainder(level, poor_total)
        near = (
            _largest_remainder({d: households[d] * POVERTY_LEVEL[d] ** 0.5 for d in households}, near_total)
            if near_total
            else {}
        )
        for d in households:
            rows.append((year, d, households[d], poor[d], near.get(d, ""), PROVENANCE))
    return pd.DataFrame(
        rows, columns=["year", "district_code", "households", "poor_households", "near_poor_households", "provenance"]
    )


def _resources(bases, units: pd.DataFrame, rng) -> pd.DataFrame:
    """Million VND by district and source in 2020, spread by the number of communes of each district."""
    district = dict(zip(units.unit_id, units.district_code))
    communes = pd.Series([district[u] for u in bases[PLAN_RESULT]]).value_counts()
    rows = []
    for d in sorted(communes.index):
        for source, share in RESOURCE_SHARES.items():
            amount = RESOURCES_TOTAL_MIL * communes[d] / communes.sum() * share * float(rng.lognormal(0, 0.25))
            rows.append((2020, d, source, int(round(amount, -1)), PROVENANCE))
    return pd.DataFrame(rows, columns=["year", "district_code", "source_code", "amount_mil_vnd", "provenance"])
