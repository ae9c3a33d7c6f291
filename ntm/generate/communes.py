"""Deterministic generator of the bundled, *illustrative* commune-level dataset.

Commune-by-criterion statuses for Lào Cai are not public. This script invents them, reproducibly
(fixed seed), calibrated so that aggregating them gives back every published figure exactly:

    2015-12  20/143 communes meet the standard
    2016-12  28/143, 10,7 criteria per commune
    2019-12  52/143, 14,1 criteria per commune
    2020-02  52/134 (38,8%), 14,1 criteria per commune   (Letter 417/UBND-NLN)
    2020-12  61/127

Every confirmed recognition holds (the commune reaches 19/19 in the named year and keeps it); the six
communes Letter 417 names for 2020 have at least 15 criteria in February 2020. Everything else here is
a calibration choice, marked ``illustrative`` in the output. Run: ``python -m ntm generate``; it goes on
with ntm.generate.plan (the 2020 plan) and ntm.generate.present (2021–2030), each with its own seed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from ntm.data import config
from ntm.data.units import build_unit_tables
from ntm.generate.calibration import EASE_ORDER, POOR_DISTRICTS, hit_sum

SEED = 417
CRITERIA = [str(i) for i in range(1, 20)]
# Order in which communes tend to meet criteria, easiest first (illustrative, from national patterns:
# defence, electricity and planning early; environment and income last).
DISTRICT_LEVEL_2019 = {  # mean criteria of not-yet-NTM communes at end-2019 (illustrative)
    "080": 14.0,
    "086": 13.0,
    "087": 12.0,
    "089": 11.5,
    "082": 10.5,
    "088": 10.5,
    "085": 9.5,
    "083": 9.5,
    "084": 9.0,
}
PERIOD_SUMS = {"2015-12": 1377, "2016-12": 1530, "2019-12": 2011, "2020-02": 1894}
MERGED_AWAY_2019 = {  # the 9 xã merged away by NQ 896; their end-2019 criteria (sum fixes the 134 base)
    "02698": 13,
    "02815": 13,
    "02830": 13,
    "02833": 13,
    "02845": 13,
    "02860": 13,
    "02941": 15,
    "02995": 14,
    "03058": 13,
}
# Year each commune first meets the standard. Codes are the 2019 GSO codes.
NTM_YEAR = {
    # before 2015: 9 communes, names not published -> illustrative choices
    "02674": 2014,
    "02680": 2014,
    "02665": 2014,
    "02920": 2014,
    "02935": 2014,
    "02989": 2014,
    "02971": 2014,
    "03100": 2014,
    "03064": 2014,
    # 2015: the 11 named communes (confirmed)
    "02662": 2015,
    "02677": 2015,
    "02797": 2015,
    "02788": 2015,
    "02710": 2015,
    "03097": 2015,
    "02890": 2015,
    "02926": 2015,
    "02929": 2015,
    "02983": 2015,
    "02986": 2015,
    # 2016: +8 (illustrative choices; Khánh Yên Hạ/Thượng missed the 2015 target)
    "02932": 2016,
    "02938": 2016,
    "02962": 2016,
    "02992": 2016,
    "03103": 2016,
    "03082": 2016,
    "02746": 2016,
    "02734": 2016,
    # 2017-2019: +24; the 8 named ones first (5 confirmed, 3 inferred), then illustrative choices
    "02914": 2019,
    "02911": 2019,
    "02965": 2019,
    "02884": 2019,
    "03043": 2019,
    "02866": 2019,
    "03118": 2019,
    "02800": 2019,
    "02944": 2017,
    "02716": 2017,
    "03061": 2017,
    "02878": 2017,
    "03010": 2017,
    "03106": 2018,
    "02953": 2018,
    "02869": 2018,
    "02779": 2018,
    "03040": 2018,
    "02959": 2018,
    "02719": 2019,
    "02785": 2019,
    "02824": 2019,
    "02893": 2019,
    "02950": 2019,
    # 2020: 4 confirmed (decisions 03/2021), Gia Phú (by 07/2020), A Mú Sung (likely 2020),
    # Thái Niên and Dền Sáng (outcome not found: illustrative)
    "02881": 2020,
    "02896": 2020,
    "03070": 2020,
    "02980": 2020,
    "02923": 2020,
    "02686": 2020,
    "02917": 2020,
    "02707": 2020,
}
LETTER_2020_TARGETS = ["02917", "02707", "02686", "02980", "03070", "02752"]
NEW_NTM_2020_UNITS = {"02659-2020", "03043-2020"}  # xã Thống Nhất (new xã); Mường Bo re-evaluated
PROVENANCE = "illustrative"
SPONSOR_AGENCIES = [  # provincial bodies that typically help communes (Letter 417 §2a); assignment illustrative
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Nông nghiệp và PTNT",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Lao động – Thương binh và Xã hội",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Công an tỉnh",
    "Ngân hàng Nhà nước chi nhánh Lào Cai",
    "Tỉnh đoàn Lào Cai",
    "Hội Nông dân tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Liên minh Hợp tác xã tỉnh",
    "Báo Lào Cai",
    "Đài Phát thanh – Truyền hình tỉnh",
    "Ban Dân tộc tỉnh",
]


def _bases(units: pd.DataFrame, ref: Path) -> dict[str, list[str]]:
    """Unit ids of each period's commune base."""
    old_xa = units[(units.valid_from.isna()) & (units.unit_type == "xã")].unit_id.tolist()
    src = pd.read_csv(ref / config.UNITS_2020_FILE, dtype=str, keep_default_na=False)
    current = units[units.valid_to.isna()].set_index("unit_code").unit_id
    letter = []
    for r in src.itertuples(index=False):
        flag = r.in_134_letter_base_inferred
        if r.status == "current_2020" and flag == "Y":
            letter.append(current[r.unit_code])
        elif r.status.startswith("former") and (
            flag == "Y" or (flag.startswith("ambiguous") and r.unit_code == "02809")
        ):
            letter.append(r.unit_code)  # former units keep their 2019 id; Si Ma Cai still a xã (plan basis)
    in127 = src[(src.status == "current_2020") & (src.in_127_xa_2020 == "Y")].unit_code
    return {
        "2015-12": old_xa,
        "2016-12": old_xa,
        "2019-12": old_xa,
        "2020-02": sorted(letter),
        "2020-12": sorted(current[c] for c in in127),
    }


def _orders(ids: list[str], district: dict[str, str], rng) -> dict[str, list[str]]:
    """Per-commune order of acquiring criteria: the national tendency plus noise."""
    rank = {c: i for i, c in enumerate(EASE_ORDER)}
    out = {}
    for u in ids:
        key = {
            c: rank[c] + rng.normal(0, 3.0) + (3 if c == "11" and district[u] in POOR_DISTRICTS else 0)
            for c in CRITERIA
        }
        out[u] = sorted(CRITERIA, key=key.get)
    return out


def generate(ref: Path | None = None, out_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Build the illustrative tables and write them as CSV into data/."""
    ref = ref or config.ref_dir()
    out_dir = out_dir or config.DATA_DIR
    rng = np.random.default_rng(SEED)
    tables = build_unit_tables(ref, out_dir)
    units = tables.units
    district = dict(zip(units.unit_id, units.district_code))
    bases = _bases(units, ref)
    old = bases["2019-12"]
    orders = _orders(old, district, rng)

    def ntm_by(u: str, year: int) -> bool:
        return NTM_YEAR.get(u, 9999) <= year

    # End-2019 first, then walk back in time (counts never fall as time goes on).
    c19 = {}
    for u in old:
        if ntm_by(u, 2019):
            c19[u] = 19
        elif u in MERGED_AWAY_2019:
            c19[u] = MERGED_AWAY_2019[u]
        elif u in NTM_YEAR or u in LETTER_2020_TARGETS:
            c19[u] = int(rng.integers(15, 19))
        else:
            c19[u] = int(np.clip(round(DISTRICT_LEVEL_2019[district[u]] + rng.normal(0, 2.2)), 3, 17))
    free19 = [
        u
        for u in old
        if c19[u] < 19 and u not in MERGED_AWAY_2019 and u not in NTM_YEAR and u not in LETTER_2020_TARGETS
    ]
    hit_sum(c19, PERIOD_SUMS["2019-12"], free19, lambda u: 3, lambda u: 17, rng)

    c16 = {}
    for u in old:
        if ntm_by(u, 2016):
            c16[u] = 19
        else:
            gap = int(np.clip(round(rng.normal(4.5 if u in NTM_YEAR else 3.0, 1.2)), 1, c19[u] - 2))
            c16[u] = min(c19[u] - gap, 18)
    free16 = [u for u in old if c16[u] < 19]
    hit_sum(c16, PERIOD_SUMS["2016-12"], free16, lambda u: 2, lambda u: min(c19[u], 18), rng)

    c15 = {}
    for u in old:
        if ntm_by(u, 2015):
            c15[u] = 19
        elif ntm_by(u, 2016):
            c15[u] = int(rng.integers(15, 19))
        else:
            c15[u] = max(1, c16[u] - int(np.clip(round(rng.normal(1.1, 0.8)), 0, 3)))
    free15 = [u for u in old if c15[u] < 19]
    hit_sum(c15, PERIOD_SUMS["2015-12"], free15, lambda u: 1, lambda u: min(c16[u], 18), rng)

    # Successor -> the predecessor whose status it carries (same id, or GSO/our "continues_as" edge).
    carry = {r.to_unit_id: r.from_unit_id for r in tables.lineage.itertuples() if r.kind == "continues_as"}

    def pred(u: str) -> str | None:
        if u in orders:
            return u
        return carry[u] if carry.get(u) in orders else None

    feb = {u: c19[pred(u)] for u in bases["2020-02"]}
    free_feb = [u for u in feb if feb[u] < 19]
    hit_sum(feb, PERIOD_SUMS["2020-02"], free_feb, lambda u: c19[pred(u)], lambda u: 18, rng)

    dec = {}
    for u in bases["2020-12"]:
        p = pred(u)
        if u in NEW_NTM_2020_UNITS or (p is not None and ntm_by(p, 2020)):
            dec[u] = 19
        else:
            base = feb.get(p, c19.get(p, 12)) if p else 12
            dec[u] = min(18, base + int(rng.integers(0, 3)))
    for u in bases["2020-12"]:
        if pred(u) is None:
            orders[u] = _orders([u], district, rng)[u]
        elif u not in orders:
            orders[u] = orders[pred(u)]

    counts = {"2015-12": c15, "2016-12": c16, "2019-12": c19, "2020-02": feb, "2020-12": dec}
    absorbers = {r.to_unit_id for r in tables.lineage.itertuples() if r.kind == "merged_into"}
    frames = _frames(counts, orders, units, bases, carry, absorbers)
    _write(frames, out_dir)
    # issue 5: plan, district and poverty data, from the frames above with their own random generator
    from ntm.generate.plan import generate_plan

    frames.update(generate_plan(frames, tables.lineage, units, out_dir))
    # issue 11: 2021-2030, both old provinces and the merged one, with its own random generator
    from ntm.generate.present import generate_present

    present = generate_present(frames, ref, out_dir)
    for name, rows in present.items():  # 2021-2030 rows follow the 2015-2020 ones in the same file
        frames[name] = pd.concat([frames[name], rows], ignore_index=True) if name in frames else rows
    _write({name: frames[name] for name in present}, out_dir)
    return frames


def _frames(counts, orders, units: pd.DataFrame, bases, carry, absorbers) -> dict[str, pd.DataFrame]:
    code = dict(zip(units.unit_id, units.unit_code))
    status = []
    for period, per_unit in counts.items():
        for u in sorted(per_unit):
            met = set(orders[u][: per_unit[u]])
            for c in CRITERIA:
                status.append((period, u, code[u], c, int(c in met), PROVENANCE))
    base_rows = [(p, u, code[u]) for p, ids in bases.items() for u in ids]
    not_yet = [u for u in sorted(counts["2020-02"]) if counts["2020-02"][u] < 19]
    sponsors = [
        (u, SPONSOR_AGENCIES[i % len(SPONSOR_AGENCIES)], "2020-01-01", PROVENANCE) for i, u in enumerate(not_yet)
    ]
    return {
        "commune_status": pd.DataFrame(
            status, columns=["period_id", "unit_id", "unit_code", "criterion_code", "met", "provenance"]
        ),
        "period_units": pd.DataFrame(base_rows, columns=["period_id", "unit_id", "unit_code"]),
        "recognitions": _recognitions(counts, code, carry, absorbers),
        "sponsors": pd.DataFrame(sponsors, columns=["unit_id", "agency", "valid_from", "provenance"]),
    }


def _recognitions(counts, code, carry, absorbers) -> pd.DataFrame:
    """One NTM recognition per commune, in the first period it reaches 19/19.

    A unit that only moved district or changed name keeps its predecessor's recognition; a unit that
    absorbed others (e.g. Mường Bo) is re-evaluated after the merger (Letter 417 §1c) and gets its own.
    """
    published = pd.read_csv(config.DATA_DIR / "recognitions_published.csv", dtype=str, keep_default_na=False)
    published = published.set_index("unit_code")
    first: dict[str, str] = {}
    years = {"2015-12": 2015, "2016-12": 2016, "2019-12": 2019, "2020-02": 2019, "2020-12": 2020}
    for period, per_unit in counts.items():
        for u, n in per_unit.items():
            inherited = carry.get(u) in first and u not in absorbers
            if n == 19 and u not in first and not inherited:
                first[u] = period
    rows = []
    for u, period in sorted(first.items()):
        c = code[u]
        year = NTM_YEAR.get(u, years[period])
        p = published.loc[u] if u in published.index else None
        if p is not None and p["status"] == "confirmed":
            provenance, source, source_en = "confirmed", p["source_vi"], p["source_en"]
        elif p is not None:  # the source with how sure it is, in each language
            provenance = "illustrative"
            source, source_en = f"{p['status_vi']}: {p['source_vi']}", f"{p['status_en']}: {p['source_en']}"
        else:
            provenance, source, source_en = "illustrative", "", ""
        rows.append((u, c, "NTM", year, "", "", provenance, source, source_en))
    return pd.DataFrame(
        rows,
        columns=[
            "unit_id",
            "unit_code",
            "level",
            "year",
            "decision_no",
            "decision_date",
            "provenance",
            "source",
            "source_en",
        ],
    )


def _write(frames: dict[str, pd.DataFrame], out_dir: Path) -> None:
    for name, frame in frames.items():
        frame.to_csv(out_dir / f"{name}.csv", index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
