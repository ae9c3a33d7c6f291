"""The 2025 merger measured: the merged-commune rule a figure uses, and one question asked on both sides.

How a commune formed by merging keeps NTM status is not published, so the rule is data
(merged_commune_rules) and a post-merger period names the one its figures use (periods.merged_rule_id).
``merged_figure`` applies it: "every former commune was recognised" counts a new xã when every xã of the
old provinces' last periods that flows into it (by the code crosswalk, through the lineage) held the
recognition then; "re-assessed" leaves the count unknown until the re-assessment is loaded.

``footprint`` asks a question of a period before the merger on the merged province's base: the old
provinces side by side and summed, each at its own period nearest in time under the same criteria set,
clearly labelled, so that 2020 and 2026 can be compared on one base.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from ntm.data.unit_history import successors_on
from ntm.measures import metrics, queries, recognitions

ALL_FORMER = "all_former_recognised"  # the named rules the code knows how to apply
ADVANCED = "NTM nâng cao"


@dataclass(frozen=True)
class MergedFigure:
    """A post-merger period's communes counted by its merged-commune rule (None: the rule leaves it unknown)."""

    period_id: str
    rule_id: str
    label_vi: str
    label_en: str
    base: int
    recognised: int | None
    advanced: int | None
    former: dict[str, list[str]]  # new xã -> the xã of the old provinces' last periods that flow into it


def _dated(units: pd.DataFrame) -> pd.DataFrame:
    return units.assign(
        valid_from=pd.to_datetime(units["valid_from"]).dt.date, valid_to=pd.to_datetime(units["valid_to"]).dt.date
    )


def last_periods_before(con: duckdb.DuckDBPyConnection, period_id: str) -> list[str]:
    """Each province that became the period's province: its last period before the merger (if it has one)."""
    per = metrics.periods(con)
    province = per.set_index("period_id").loc[period_id, "province_id"]
    prov = queries.provinces(con).set_index("province_id")
    start = prov.loc[province, "valid_from"] if province in prov.index else None
    out = []
    for old in prov.index[prov["successor_id"] == province]:
        mine = per[(per["province_id"] == old) & (start is None or per["as_of_date"] < pd.Timestamp(start))]
        if len(mine):
            out.append(mine["period_id"].iloc[-1])
    return out


def former_communes(con: duckdb.DuckDBPyConnection, period_id: str) -> dict[str, list[str]]:
    """New xã of a post-merger period -> the xã of each old province's last period that reach it."""
    per = metrics.periods(con).set_index("period_id")
    day = pd.Timestamp(per.loc[period_id, "as_of_date"]).date()
    units, lineage = _dated(queries.units(con)), queries.lineage(con)
    new = queries.period_base(con, period_id)
    out: dict[str, list[str]] = {n: [] for n in new}
    for last in last_periods_before(con, period_id):
        for old, reached in successors_on(units, lineage, queries.period_base(con, last), day).items():
            for n in sorted(reached & set(new)):
                out[n].append(old)
    return out


def _all_former(former: dict[str, list[str]], held: set[str]) -> int:
    return sum(1 for olds in former.values() if olds and all(o in held for o in olds))


def merged_figure(con: duckdb.DuckDBPyConnection, period_id: str) -> MergedFigure | None:
    """The period's communes counted by its merged-commune rule; None when the period names no rule."""
    per = metrics.periods(con).set_index("period_id")
    rule_id = per.loc[period_id, "merged_rule_id"]
    if not isinstance(rule_id, str) or not rule_id:
        return None
    rule = queries.merged_rules(con).set_index("rule_id").loc[rule_id]
    former = former_communes(con, period_id)
    recognised = advanced = None
    if rule_id == ALL_FORMER:
        recs, lineage = queries.all_recognitions(con), queries.lineage(con)
        held = {ADVANCED: set(), recognitions.STANDARD_LEVEL: set()}
        for last in last_periods_before(con, period_id):
            day = pd.Timestamp(per.loc[last, "as_of_date"]).date()
            base = queries.period_base(con, last)
            for level in held:
                held[level] |= recognitions.holders(base, recs, lineage, day, level)
        recognised = _all_former(former, held[recognitions.STANDARD_LEVEL])
        advanced = _all_former(former, held[ADVANCED])
    return MergedFigure(
        period_id, rule_id, rule["label_vi"], rule["label_en"], len(former), recognised, advanced, former
    )


# ---- the merged footprint before the merger --------------------------------------------------------


def sibling_periods(con: duckdb.DuckDBPyConnection, period_id: str) -> dict[str, str | None]:
    """For a period of a province that later merged: every province of that merger -> its period nearest in
    time to this one under the same criteria set (None: it has none)."""
    per = metrics.periods(con)
    me = per.set_index("period_id").loc[period_id]
    successor = queries.provinces(con).set_index("province_id")["successor_id"]
    target = successor.get(me["province_id"])
    if not isinstance(target, str) or not target:
        return {}
    out = {}
    for province in successor.index[successor == target]:
        mine = per[(per["province_id"] == province) & (per["criteria_set_id"] == me["criteria_set_id"])]
        gap = (pd.to_datetime(mine["as_of_date"]) - pd.Timestamp(me["as_of_date"])).abs()
        out[province] = mine.loc[gap.idxmin(), "period_id"] if len(mine) else None
    return out


def footprint(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The merged province's footprint for a period before the merger: one row per old province (at its own
    period, labelled) and one row summing those that have data; empty when the period's province did not
    merge. Columns: row ('province' / 'footprint'), province_id, period_id, label_vi, label_en, recognised,
    base, pct, avg_criteria, complete (every old province has data)."""
    siblings = sibling_periods(con, period_id)
    if not siblings:
        return pd.DataFrame()
    prov = queries.provinces(con).set_index("province_id")
    labels = metrics.periods(con).set_index("period_id")
    rows, met_sum = [], 0.0
    for province, p in siblings.items():
        s = metrics.summary(con, metrics.Scope(p)) if p else None
        when_vi, when_en = (
            (labels.loc[p, "label_vi"], labels.loc[p, "label_en"]) if p else ("chưa có số liệu", "no data")
        )
        rows.append(
            {
                "row": "province",
                "province_id": province,
                "period_id": p,
                "label_vi": f"{prov.loc[province, 'label_vi']} — {when_vi}",
                "label_en": f"{prov.loc[province, 'label_en']} — {when_en}",
                "recognised": s.recognised if s else None,
                "base": s.base if s else None,
                "pct": s.pct if s else None,
                "avg_criteria": s.avg_criteria if s else None,
            }
        )
        met_sum += (s.avg_criteria or 0) * s.base if s else 0
    have = [r for r in rows if r["base"]]
    base = sum(r["base"] for r in have)
    recognised = sum(r["recognised"] for r in have)
    names_vi = " + ".join(prov.loc[r["province_id"], "label_vi"] for r in have)
    names_en = " + ".join(prov.loc[r["province_id"], "label_en"] for r in have)
    target = prov.loc[next(iter(siblings)), "successor_id"]
    rows.append(
        {
            "row": "footprint",
            "province_id": target,
            "period_id": period_id,
            "label_vi": f"Địa bàn tỉnh sau hợp nhất ({names_vi})",
            "label_en": f"Footprint of the merged province ({names_en})",
            "recognised": recognised,
            "base": base,
            "pct": recognised / base * 100 if base else None,
            "avg_criteria": met_sum / base if base else None,
        }
    )
    return pd.DataFrame(rows).assign(complete=len(have) == len(siblings))
