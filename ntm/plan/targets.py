"""Targets of the 2020 plan and the rule that turns a measurement into a status.

A target (a row of data/targets.csv) is measured three times: at its baseline period (Letter 417's
February 2020), at the period being viewed, and against its goal. ``progress`` is the share of the way
from the baseline to the goal already covered; ``expected`` is the share of the time from the baseline
date to the deadline already used. The status rules (data/target_status_rules.csv) compare the two;
nothing here knows the thresholds.

Every function in this module is pure (numbers and DataFrames in, numbers and DataFrames out) so each
measure can be checked by hand on a few rows; ntm.plan fetches the frames from the database.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ntm.data.rules import MEASURES, WHEN, open_cases  # noqa: F401  (the vocabulary, re-exported)
from ntm.data.unit_history import lineage_graph
from ntm.locale.i18n import local
from ntm.measures.recognitions import STANDARD_LEVEL, effective_dates, recognised_by  # noqa: F401  (re-exported)

ADVANCED_LEVELS = ("NTM nâng cao", "NTM kiểu mẫu")  # a model commune has already met the advanced set
MODERN_LEVEL = "NTM hiện đại"  # the level above NTM in the 2026–2030 set (QĐ 51/2025)


@dataclass(frozen=True)
class Measurement:
    """One target measured at the baseline and at the period viewed (None = no data)."""

    baseline: float | None
    current: float | None
    goal: float
    direction: str = "higher_is_better"


def achieved(m: Measurement) -> bool:
    """The current value meets or beats the goal."""
    if m.current is None:
        return False
    return m.current >= m.goal if m.direction == "higher_is_better" else m.current <= m.goal


def progress(m: Measurement) -> float | None:
    """Share of the way from the baseline to the goal covered: 1 once achieved, may be negative if worse."""
    if m.current is None:
        return None
    if achieved(m):
        return 1.0
    base = m.baseline if m.baseline is not None else 0.0
    if m.goal == base:
        return 0.0
    return (m.current - base) / (m.goal - base)


def attainment(m: Measurement) -> float | None:
    """Current value as a share of the goal (what a progress bar shows), capped to [0, 1]."""
    if m.current is None:
        return None
    if achieved(m):
        return 1.0
    if m.direction != "higher_is_better":
        return max(0.0, min(1.0, m.goal / m.current)) if m.current else 1.0
    return max(0.0, min(1.0, m.current / m.goal)) if m.goal else 1.0


def elapsed(as_of: date, start: date, deadline: date) -> float:
    """Share of the time from start to deadline used at as_of, within [0, 1]."""
    total = (deadline - start).days
    if total <= 0:
        return 1.0
    return max(0.0, min(1.0, (as_of - start).days / total))


def _matches(
    rule: pd.Series, in_force: bool, has_data: bool, prog: float | None, lead: float | None, deadline_passed: bool
) -> bool:
    when = rule["applies_when"]
    if when == "not_in_force":
        return not in_force
    if not in_force:
        return False
    if when == "no_data":
        return not has_data
    if not has_data:
        return False
    if when == "before_deadline" and deadline_passed or when == "after_deadline" and not deadline_passed:
        return False
    if pd.notna(rule["min_progress_pct"]) and (prog is None or prog * 100 < rule["min_progress_pct"] - 1e-9):
        return False
    if pd.notna(rule["min_lead_pct"]) and (lead is None or lead * 100 < rule["min_lead_pct"] - 1e-9):
        return False
    return True


def matching_rule(
    rules: pd.DataFrame, *, in_force: bool, prog: float | None, expected: float | None, deadline_passed: bool
) -> pd.Series:
    """The first rule (in rule_order) that matches; rules are data, read in order.

    prog and expected are shares (0–1); lead = prog − expected. Raises if the rules leave a case open.
    """
    has_data = prog is not None
    lead = prog - expected if has_data and expected is not None else None
    for _, rule in rules.sort_values("rule_order").iterrows():
        if _matches(rule, in_force, has_data, prog, lead, deadline_passed):
            return rule
    raise ValueError(
        "Bảng quy tắc target_status_rules.csv không có quy tắc nào khớp "
        f"(hiệu lực={in_force}, tiến độ={prog}, kỳ vọng={expected}, quá hạn={deadline_passed}): "
        "cần một quy tắc cuối cùng không có điều kiện cho mỗi trường hợp."
    )


def status_of(rules: pd.DataFrame, **kwargs) -> str:
    """The status code (achieved, on_track, at_risk, off_track, ...) of the matching rule."""
    return str(matching_rule(rules, **kwargs)["status"])


def rule_text(rule: pd.Series, lang: str, fmt_number) -> str:
    """The rule written out, thresholds filled in from the same row the status function reads."""
    template = rule[local("rule", lang)]
    values = {k: fmt_number(abs(rule[k])) if pd.notna(rule[k]) else "" for k in ("min_progress_pct", "min_lead_pct")}
    return template.format(**values)


# ---- unit continuity through the 2020 reform ---------------------------------------------------


def successors(
    edges: pd.DataFrame | dict[str, list[str]], start_ids: list[str], target_ids: AbstractSet[str]
) -> dict[str, str]:
    """For each start unit, the unit of target_ids it is (same id) or became, following lineage edges (a frame,
    or its lineage_graph)."""
    out_edges = edges if isinstance(edges, dict) else lineage_graph(edges)
    found = {}
    for start in start_ids:
        queue, seen = deque([start]), {start}
        while queue:
            u = queue.popleft()
            if u in target_ids:
                found[start] = u
                break
            for v in out_edges.get(u, []):
                if v not in seen:
                    seen.add(v)
                    queue.append(v)
    return found


def unit_at(units: pd.DataFrame, code: str, day: date) -> str | None:
    """The unit version carrying an official code on a day (codes are re-used, so the day matters)."""
    rows = units[units["unit_code"] == code]
    for r in rows.itertuples(index=False):
        starts = pd.isna(r.valid_from) or r.valid_from <= day
        ends = pd.isna(r.valid_to) or day <= r.valid_to
        if starts and ends:
            return r.unit_id
    return None


# ---- measures, pure --------------------------------------------------------------------------


def advanced_by_district(recognitions: pd.DataFrame, day: date) -> pd.DataFrame:
    """Per district: communes recognised advanced (nâng cao or kiểu mẫu) and model (kiểu mẫu) by day."""
    rec = recognised_by(recognitions, day, ADVANCED_LEVELS)
    adv = rec.groupby("district_code")["unit_id"].nunique().rename("advanced")
    model = rec[rec["level"] == "NTM kiểu mẫu"].groupby("district_code")["unit_id"].nunique().rename("model")
    return pd.concat([adv, model], axis=1).fillna(0).astype(int)


def criteria_gains(pairs: dict[str, str], met_base: pd.DataFrame, met_now: pd.DataFrame) -> pd.DataFrame:
    """Communes newly meeting each criterion between two periods.

    pairs maps a baseline commune to the commune it is (or became) in the later period. A later commune
    gains criterion c when it meets c and at least one of its baseline communes did not.
    met_* are long frames (unit_id, criterion_code, met).
    """
    met_before = met_base[met_base["met"]]
    met_before = set(zip(met_before["unit_id"], met_before["criterion_code"]))
    now = met_now[met_now["met"]]
    preds: dict[str, list[str]] = {}
    for b, s in pairs.items():
        preds.setdefault(s, []).append(b)
    rows = []
    for u, c in zip(now["unit_id"], now["criterion_code"]):
        if u in preds and any((b, c) not in met_before for b in preds[u]):
            rows.append((c, u))
    return pd.DataFrame(rows, columns=["criterion_code", "unit_id"])


def criteria_gained(pairs: dict[str, str], count_base: pd.Series, count_now: pd.Series) -> pd.DataFrame:
    """Criteria met at baseline and now for each baseline commune (through its successor), and the gain."""
    rows = []
    for b, s in pairs.items():
        if b in count_base.index and s in count_now.index:
            rows.append((b, s, int(count_base[b]), int(count_now[s])))
    frame = pd.DataFrame(rows, columns=["unit_id", "successor_id", "met_base", "met_now"])
    frame["gained"] = frame["met_now"] - frame["met_base"]
    return frame


def district_checklist(criteria: pd.DataFrame, status: pd.DataFrame) -> pd.DataFrame:
    """One row per district criterion (QĐ 558): met when every indicator of it is reported and met.

    criteria: rows of district_criteria without the 'cond' rows (code, indicator_code, ...);
    status: (indicator_code, met) for one district and period. Unreported indicators give met = None.
    """
    met = dict(zip(status["indicator_code"], status["met"]))
    ind = criteria.assign(met=[met.get(i) for i in criteria["indicator_code"]])
    rows = []
    for code, group in ind.groupby("code", sort=False):
        values = group["met"].tolist()
        known = all(v is not None and pd.notna(v) for v in values)
        rows.append(
            {
                "code": code,
                "name_vi": group["name_vi"].iloc[0],
                "name_en": group["name_en"].iloc[0],
                "indicators": len(group),
                "indicators_met": int(sum(bool(v) for v in values if v is not None and pd.notna(v))),
                "met": (all(bool(v) for v in values) if known else None),
            }
        )
    return pd.DataFrame(rows)


def merged_recognised(units: pd.DataFrame, edges: pd.DataFrame, recognitions: pd.DataFrame, year: int) -> pd.DataFrame:
    """Communes formed by a merger in `year` where a merged unit had been recognised NTM before the merger.

    Letter 417 §1c asks for these to be re-evaluated. Returns unit_id, predecessors (list), recognised
    (list of (unit_id, year) recognised before the merger), effective_date.
    """
    edges = edges.assign(effective_date=pd.to_datetime(edges["effective_date"]))
    merges = edges[(edges["kind"] == "merged_into") & (edges["effective_date"].dt.year == year)]
    xa = set(units.loc[units["unit_type"] == "xã", "unit_id"])
    std = recognitions[recognitions["level"] == STANDARD_LEVEL].assign(eff=effective_dates(recognitions))
    valid_from = units.set_index("unit_id")["valid_from"]
    # looked up per merged commune (the 2025 reform formed seventy): each table is grouped once, not filtered each time
    sources = edges.groupby("to_unit_id")["from_unit_id"].agg(set).to_dict()
    held: dict[str, list[tuple[pd.Timestamp, int]]] = {}
    for unit_id, eff, year in zip(std["unit_id"], std["eff"], std["year"].astype(int)):
        held.setdefault(unit_id, []).append((eff, year))
    rows = []
    for target, when in merges.groupby("to_unit_id")["effective_date"].min().items():
        if target not in xa:
            continue
        preds = set(sources.get(target, ()))
        start = valid_from.get(target)
        if pd.isna(start) or pd.Timestamp(start) < when:
            preds.add(target)  # the absorbing commune kept its id: it is one of the merged units
        recognised = sorted((unit_id, year) for unit_id in preds for eff, year in held.get(unit_id, ()) if eff < when)
        if not recognised:
            continue
        rows.append(
            {"unit_id": target, "predecessors": sorted(preds), "recognised": recognised, "effective_date": when.date()}
        )
    return pd.DataFrame(rows, columns=["unit_id", "predecessors", "recognised", "effective_date"])


def criteria_met_jointly(status: pd.DataFrame, unit_ids: list[str]) -> int | None:
    """Criteria met by every one of the units: how a merged commune stands before it exists."""
    sub = status[status["unit_id"].isin(unit_ids)]
    if sub.empty:
        return None
    present = sub["unit_id"].nunique()
    met = sub[sub["met"].astype(bool)].groupby("criterion_code")["unit_id"].nunique()
    return int((met == present).sum())
