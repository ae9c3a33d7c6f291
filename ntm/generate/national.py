"""Illustrative data for every province of Viet Nam (issue 15), calibrated to the one national figure published:

    by 06/2025, 6 084 of 7 669 xã (79,3%) met NTM, with 17,5 criteria per xã on average   [confirmed]
    (present_facts.md §6: vietnamnet.vn 2417692, 07/2025; vietnamplus 28/12/2025)

Units come from the national code crosswalk of the reference folder (ntm.data.national_units): 63 old
provinces and their xã before 07/2025, 34 provinces and their 3 321 units after. Each old province gets
nine periods (2016–2020 on QĐ 1980, 2022–06/2025 on QĐ 318), each new one 07/2025 (QĐ 318, the merged-commune
rule) and 06/2026 (QĐ 51/2025). A period belongs to one province, so its id is ``yyyy-mm.<province id>``.

Everything is drawn with numpy in one pass (about 1,5 million status rows in a few seconds): a commune's
ability, the number of criteria it meets at 06/2025 (the national totals hit exactly), then the number it met
in each earlier period (fewer, never more), and which criteria (its own order, the common one plus noise).
The base is 35 xã smaller than the 7 704 xã of the GSO list of 03/2025 (which 35 is not published: xã of
provincial cities, drawn at random). A sample (a few new provinces) is calibrated on its own scale: the same
share and average. Every row is marked ``illustrative``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from ntm.data import config, national_units
from ntm.generate.calibration import EASE_ORDER

SEED = 417 + 15
PROVENANCE = "illustrative"
NATIONAL = {"month": "2025-06", "recognised": 6084, "base": 7669, "avg": 17.5, "xa_listed": 7704}
SOURCE = "present_facts.md §6 (vietnamnet.vn 2417692, 07/2025; vietnamplus 28/12/2025): 6 084/7 669 xã, 17,5 tiêu chí"
# (month, criteria set, as-of day, label_vi, label_en); the 06/2025 period carries the calibration
OLD_PERIODS = [
    *[(f"{y}-12", "QD1980_2016", f"{y}-12-31", f"Cuối năm {y}", f"End of {y}") for y in range(2016, 2021)],
    *[(f"{y}-12", "QD318_2022", f"{y}-12-31", f"Cuối năm {y}", f"End of {y}") for y in range(2022, 2025)],
    ("2025-06", "QD318_2022", "2025-06-30", "30/06/2025 (trước hợp nhất)", "30/06/2025 (before the merger)"),
]
NEW_PERIODS = [
    ("2025-07", "QD318_2022", "2025-07-01", "Sau hợp nhất (01/07/2025)", "After the merger (01/07/2025)"),
    ("2026-06", "QD51_2025", "2026-06-30", "Tháng 6/2026", "June 2026"),
]
# steps back from 06/2025: mean criteria lost per step (Poisson), newest step first
STEPS_BACK_318 = [0.08, 0.15, 0.15]
STEP_ACROSS_SETS = 0.1  # end-2020 on QĐ 1980 against end-2022 on QĐ 318
STEPS_BACK_1980 = [0.25, 0.3, 0.3, 0.35]
NATIONAL_PLAN = "plan_2030"  # the one plan with national targets (targets.csv, scope national): measured everywhere
EASE_2026 = ["10", "9", "1", "5", "2", "8", "4", "7", "6", "3"]
COPIED = [  # the rules of the programme, as in the bundled data/
    "criteria.csv",
    "criteria_sets.csv",
    "indicators.csv",
    "criterion_owner.csv",
    "criteria_bands.csv",
    "area_groupings.csv",
    "merged_commune_rules.csv",
    "traffic_lights.csv",
    "target_status_rules.csv",
]
EMPTY = {
    "published_figures.csv": "data/published_figures.csv",
    "sponsors.csv": "data/sponsors.csv",
}


def _nudge(k: np.ndarray, target: int, lo: int, hi: int, rng: np.random.Generator) -> np.ndarray:
    """k with ±1 on as many entries as needed (drawn at random among those that can move) to sum to target."""
    diff = target - int(k.sum())
    step = 1 if diff > 0 else -1
    can = np.flatnonzero((k + step >= lo) & (k + step <= hi))
    if abs(diff) > len(can):
        raise ValueError(f"cannot calibrate to {target}: sum is {int(k.sum())}")
    k = k.copy()
    k[rng.choice(can, abs(diff), replace=False)] += step
    return k


def calibrated_counts(ability: np.ndarray, recognised: int, total: int, n_criteria: int, rng) -> np.ndarray:
    """Criteria met per commune: the `recognised` ablest meet all n_criteria, the rest between 1 and n-1,
    higher with ability, summing to `total` exactly."""
    k = np.zeros(len(ability), dtype=np.int64)
    order = np.argsort(-ability, kind="stable")
    top, rest = order[:recognised], order[recognised:]
    k[top] = n_criteria
    left = total - recognised * n_criteria
    if len(rest):
        z = (ability[rest] - ability[rest].mean()) / (ability[rest].std() or 1.0)
        lo_m, hi_m = 0.0, float(n_criteria)
        for _ in range(40):  # the mean that gives the right sum, by bisection
            m = (lo_m + hi_m) / 2
            if np.clip(np.rint(m + 3.0 * z), 1, n_criteria - 1).sum() < left:
                lo_m = m
            else:
                hi_m = m
        k[rest] = _nudge(
            np.clip(np.rint(m + 3.0 * z), 1, n_criteria - 1).astype(np.int64), left, 1, n_criteria - 1, rng
        )
    return k


def _ranks(n: int, ease: list[str], codes: list[str], rng) -> np.ndarray:
    """rank[u, c]: the place of criterion codes[c] in commune u's order of meeting them (0 = first)."""
    common = np.array([ease.index(c) for c in codes], dtype=float)
    noisy = common[None, :] + rng.normal(0.0, 3.0 * len(codes) / 19, size=(n, len(codes)))
    return np.argsort(np.argsort(noisy, axis=1), axis=1)


def _status_frame(period_ids: np.ndarray, unit_ids: np.ndarray, met: np.ndarray, codes: list[str]) -> pd.DataFrame:
    """Long rows (period_id, unit_id, unit_code, criterion_code, met, provenance) of a [unit, criterion] matrix."""
    n, c = met.shape
    units = np.repeat(unit_ids, c)
    return pd.DataFrame(
        {
            "period_id": np.repeat(period_ids, c),
            "unit_id": units,
            "unit_code": np.char.partition(units.astype(str), "-")[:, 0],
            "criterion_code": np.tile(np.array(codes), n),
            "met": met.reshape(-1).astype(np.int8),
            "provenance": PROVENANCE,
        }
    )


def _labels(provinces: pd.DataFrame) -> tuple[dict, dict]:
    return dict(zip(provinces.province_id, provinces.label_vi)), dict(zip(provinces.province_id, provinces.label_en))


def province_rows(cw: pd.DataFrame) -> pd.DataFrame:
    """data/provinces.csv of the country: 63 old provinces until 30/06/2025, 34 from 01/07/2025."""
    old = cw.drop_duplicates("old_province_code").sort_values("old_province_code")
    new = cw.drop_duplicates("new_province_code").sort_values("new_province_code")
    src = f"{config.NATIONAL_CROSSWALK_FILE} (dvhcvn/20250701 mapping/merges.json, MIT; GSO list of 01/03/2025)"
    rows = []
    for r in old.itertuples(index=False):
        name = _short(r.old_province_name)
        rows.append(
            {
                "province_id": r.old_province_code,
                "province_code": r.old_province_code,
                "name_vi": name,
                "name_en": name,
                "label_vi": f"{name} (cũ)",
                "label_en": f"{name} (former)",
                "valid_from": "",
                "valid_to": "2025-06-30",
                "successor_id": national_units.new_province_id(r.new_province_code),
                "source": src,
                "source_status": "confirmed",
            }
        )
    for r in new.itertuples(index=False):
        name = _short(r.new_province_name)
        rows.append(
            {
                "province_id": national_units.new_province_id(r.new_province_code),
                "province_code": r.new_province_code,
                "name_vi": name,
                "name_en": name,
                "label_vi": name,
                "label_en": name,
                "valid_from": "2025-07-01",
                "valid_to": "",
                "successor_id": "",
                "source": src,
                "source_status": "confirmed",
            }
        )
    return pd.DataFrame(rows)


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def generate(out_dir: Path, sample: list[str] | None = None, ref: Path | None = None, seed: int = SEED) -> dict:
    """Write a national data folder to out_dir (sample: new province codes to keep, e.g. ['15', '04']).

    Returns {file name: number of rows} of what was written."""
    ref = ref or config.ref_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    cw = national_units.read_crosswalk(ref / config.NATIONAL_CROSSWALK_FILE)
    if sample:
        cw = cw[cw.new_province_code.isin([s.zfill(2) for s in sample])]
        if cw.empty:
            raise ValueError(f"Không có tỉnh nào mang mã {', '.join(sample)} trong bảng chuyển đổi mã")
    provinces = province_rows(cw)
    written: dict[str, int] = {}

    def write(name: str, frame: pd.DataFrame) -> None:
        frame.to_csv(out_dir / name, index=False)
        written[name] = len(frame)

    crit = pd.read_csv(config.DATA_DIR / "criteria.csv", dtype=str, keep_default_na=False)
    codes = {s: list(g.code) for s, g in crit.groupby("set_id", sort=False)}

    # -- the old xã and the calibrated base
    old = cw.drop_duplicates("old_code").sort_values("old_code")
    xa = old[old.old_type == "Xã"].reset_index(drop=True)
    n_excluded = round((NATIONAL["xa_listed"] - NATIONAL["base"]) * len(xa) / NATIONAL["xa_listed"])
    city = np.flatnonzero(xa.old_district_name.str.startswith("Thành phố").to_numpy())
    excluded = rng.choice(city, min(n_excluded, len(city)), replace=False)
    xa = xa.drop(index=excluded).reset_index(drop=True)
    n = len(xa)
    recognised = round(NATIONAL["recognised"] * n / NATIONAL["base"])
    total = int(NATIONAL["avg"] * n + 0.5)

    # -- ability: a province level plus the commune's own
    prov_codes, prov_of = np.unique(xa.old_province_code.to_numpy(), return_inverse=True)
    level = rng.normal(0.0, 1.0, len(prov_codes))
    ability = 1.2 * level[prov_of] + rng.normal(0.0, 1.0, n)
    k_now = calibrated_counts(ability, recognised, total, 19, rng)

    # -- criteria met in every old period: fewer going back, never more
    k_318 = [k_now]
    for lam in STEPS_BACK_318:
        k_318.insert(0, np.maximum(k_318[0] - rng.poisson(lam, n), 0))
    k_1980 = [np.clip(k_318[0] - rng.poisson(STEP_ACROSS_SETS, n), 0, 19)]
    for lam in STEPS_BACK_1980:
        k_1980.insert(0, np.maximum(k_1980[0] - rng.poisson(lam, n), 0))
    ranks = {"QD1980_2016": _ranks(n, EASE_ORDER, codes["QD1980_2016"], rng)}
    ranks["QD318_2022"] = _ranks(n, EASE_ORDER, codes["QD318_2022"], rng)
    per_period = dict(zip([p[0] for p in OLD_PERIODS], k_1980 + k_318))
    unit_ids = xa.old_code.to_numpy()
    old_prov = xa.old_province_code.to_numpy()
    status, bases, met_at = [], [], {}
    for month, set_id, *_ in OLD_PERIODS:
        pids = np.char.add(f"{month}.", old_prov.astype(str))
        met = ranks[set_id] < per_period[month][:, None]
        met_at[month] = met
        status.append(_status_frame(pids, unit_ids, met, codes[set_id]))
        bases.append(pd.DataFrame({"period_id": pids, "unit_id": unit_ids, "unit_code": unit_ids}))

    # -- after the merger: a new xã meets a criterion when every former xã of the base met it (the rule
    #    "every former commune was recognised", criterion by criterion); xã without former xã drawn at random
    new = cw.drop_duplicates("new_code").sort_values("new_code")
    new_xa = new[new.new_type == "Xã"].reset_index(drop=True)
    taken = set(old.old_code)
    new_ids = np.array([f"{c}-2025" if c in taken else c for c in new_xa.new_code])
    new_prov = new_xa.new_province_code.map(national_units.new_province_id).to_numpy()
    edges = cw[cw.new_code.isin(set(new_xa.new_code)) & cw.old_code.isin(set(xa.old_code))]
    row_of = pd.Series(np.arange(n), index=xa.old_code)
    former = pd.DataFrame(met_at["2025-06"][row_of[edges.old_code].to_numpy()], columns=codes["QD318_2022"])
    merged = former.groupby(edges.new_code.to_numpy()).min()
    new_met = merged.reindex(new_xa.new_code).to_numpy(dtype=float, copy=True)
    orphan = np.isnan(new_met).any(axis=1)
    if orphan.any():
        k_orphan = np.clip(rng.poisson(14, orphan.sum()), 0, 18)
        new_met[orphan] = _ranks(orphan.sum(), EASE_ORDER, codes["QD318_2022"], rng) < k_orphan[:, None]
    new_met = new_met.astype(bool)
    month, set_id = NEW_PERIODS[0][:2]
    pids = np.char.add(f"{month}.", new_prov.astype(str))
    status.append(_status_frame(pids, new_ids, new_met, codes[set_id]))
    bases.append(pd.DataFrame({"period_id": pids, "unit_id": new_ids, "unit_code": new_xa.new_code.to_numpy()}))
    month, set_id = NEW_PERIODS[1][:2]
    k_2026 = np.clip(np.rint(new_met.sum(axis=1) * 10 / 19 - rng.poisson(1.5, len(new_ids))), 0, 10)
    met_2026 = _ranks(len(new_ids), EASE_2026, codes[set_id], rng) < k_2026[:, None]
    pids = np.char.add(f"{month}.", new_prov.astype(str))
    status.append(_status_frame(pids, new_ids, met_2026, codes[set_id]))
    bases.append(pd.DataFrame({"period_id": pids, "unit_id": new_ids, "unit_code": new_xa.new_code.to_numpy()}))

    write("commune_status.csv", pd.concat(status, ignore_index=True))
    write("period_units.csv", pd.concat(bases, ignore_index=True))

    # -- recognitions: the year from which a xã meets every criterion in each later old period
    ntm = np.column_stack([(per_period[p[0]] == 19) for p in OLD_PERIODS])
    held = np.cumprod(ntm[:, ::-1], axis=1)[:, ::-1].astype(bool)  # NTM from this period to 06/2025
    first = np.argmax(held, axis=1)
    holders = held[:, -1]
    years = np.array([int(p[2][:4]) for p in OLD_PERIODS])
    write(
        "recognitions.csv",
        pd.DataFrame(
            {
                "unit_id": unit_ids[holders],
                "unit_code": unit_ids[holders],
                "level": "NTM",
                "year": years[first[holders]],
                "decision_no": "",
                "decision_date": "",
                "provenance": PROVENANCE,
                "source": "",
            }
        ),
    )

    # -- periods, groupings, provinces, and the rules copied from data/
    vi, en = _labels(provinces)
    rows, groupings = [], []
    for specs, ids, kinds in (
        (OLD_PERIODS, provinces.province_id[provinces.valid_to != ""], ("district", "province")),
        (NEW_PERIODS, provinces.province_id[provinces.valid_to == ""], ("former_district", "former_province")),
    ):
        for month, set_id, day, label_vi, label_en in specs:
            for p in ids:
                period_id = f"{month}.{p}"
                rows.append(
                    {
                        "period_id": period_id,
                        "label_vi": f"{label_vi} · {vi[p]}",
                        "label_en": f"{label_en} · {en[p]}",
                        "as_of_date": day,
                        "criteria_set_id": set_id,
                        "base_note_vi": "Xã theo danh mục GSO 01/03/2025 (dữ liệu toàn quốc minh họa)",
                        "base_note_en": "Xã of the GSO list of 01/03/2025 (illustrative national data)",
                        "source": SOURCE if month == NATIONAL["month"] else "",
                        "boundary_layer": "",
                        "is_default": "0",
                        "province_id": p,
                        "source_status": PROVENANCE,
                        "merged_rule_id": "all_former_recognised" if month == "2025-07" else "",
                        "plan_id": NATIONAL_PLAN,
                    }
                )
                groupings += [
                    {"period_id": period_id, "grouping": g, "is_default": int(i == 0)} for i, g in enumerate(kinds)
                ]
    write("periods.csv", pd.DataFrame(rows))
    write("period_groupings.csv", pd.DataFrame(groupings))
    write("provinces.csv", provinces)
    write(
        "followed_provinces.csv",
        pd.DataFrame({"province_id": provinces.province_id, "note_vi": "", "note_en": ""}),
    )
    write(
        national_units.CATALOGUE_FILE,
        pd.DataFrame(
            {"source_file": [config.NATIONAL_CROSSWALK_FILE], "note": ["đơn vị cả nước, trước và sau 07/2025"]}
        ),
    )
    targets = pd.read_csv(config.DATA_DIR / "targets.csv", dtype=str, keep_default_na=False)
    write("targets.csv", targets[targets.scope_type == "national"])
    for name in COPIED:
        shutil.copyfile(config.DATA_DIR / name, out_dir / name)
    for name, template in EMPTY.items():
        write(name, pd.read_csv(config.ROOT / template, dtype=str, nrows=0))
    return written
