"""What it takes to reach a target share of communes meeting the standard.

For a target share (by default the province target in force at the next period, from the targets
table) and its deadline: how many communes the scope needs in total (the share of the period's base,
rounded up), how many more than today, which communes are closest (fewest criteria missing, with what
each still misses and who is in charge), and the pace per year that reaches the target by the deadline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import duckdb
import pandas as pd

from ntm.locale.i18n import column_in_lang, in_lang
from ntm.measures import analysis, metrics, queries

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class TargetChoice:
    """A target share with its deadline, where it comes from, and why it is the default."""

    pct: float
    deadline: date | None
    target_id: str | None
    source: str | None
    basis: str  # 'next_period' / 'this_period' / 'user'
    basis_period_id: str | None = None  # the period at whose date the target is in force
    source_en: str | None = None  # the source in English (None: as source)

    def source_in(self, lang: str) -> str | None:
        """The source in lang: the English one where written, else the source as the data gives it."""
        return self.source_en if lang == "en" and self.source_en else self.source


def default_target(con: duckdb.DuckDBPyConnection, period_id: str) -> TargetChoice | None:
    """The target share in force at the province's next period (the one to reach next), else the one in force
    now: the province's own, else the national one (2030: about 65% of xã)."""
    after = metrics.next_period(con, period_id)
    tries = ([(after, "next_period")] if after else []) + [(period_id, "this_period")]
    for p, basis in tries:
        rows = queries.period_target(con, p)
        if not rows.empty:
            r = rows.iloc[0]
            return TargetChoice(
                float(r["value"]),
                pd.Timestamp(r["deadline"]).date(),
                r["target_id"],
                r["source"],
                basis,
                p,
                in_lang(r, "source", "en") or None,
            )
    return None


def periods_to_deadline(con: duckdb.DuckDBPyConnection, period_id: str, deadline: date | None) -> list[str]:
    """The reporting periods of the data after period_id up to the deadline (the province's line), oldest first:
    the reports still to come before the target falls due."""
    if deadline is None:
        return []
    as_of = metrics.periods(con).set_index("period_id")["as_of_date"]
    out, p = [], metrics.next_period(con, period_id)
    while p is not None and pd.Timestamp(as_of[p]).date() <= deadline:
        out.append(p)
        p = metrics.next_period(con, p)
    return out


def communes_required(target_pct: float, base: int) -> int:
    """Fewest communes whose share of base reaches target_pct (28% of 134 = 37,52 -> 38)."""
    return math.ceil(Decimal(str(target_pct)) * base / 100)


def years_between(start: date, end: date) -> float:
    return (end - start).days / DAYS_PER_YEAR


def pace_needed(needed: int, as_of: date, deadline: date | None) -> float | None:
    """Communes per year to add from as_of to reach the target by deadline (None: no deadline or past)."""
    if deadline is None:
        return None
    years = years_between(as_of, deadline)
    if years <= 0:
        return None
    return needed / years


def candidates(matrix: pd.DataFrame, criteria: pd.DataFrame, close: pd.Series | None, needed: int) -> pd.DataFrame:
    """Communes not yet meeting the standard, closest first, with what each misses and who is in charge.

    Kept: every commune of the band just below the standard, and at least the `needed` closest ones.
    `shortest` marks the `needed` closest (ties broken by district code and name).
    """
    owners = dict(zip(criteria["criterion_code"], criteria["department"]))
    owners_en = dict(zip(criteria["criterion_code"], column_in_lang(criteria, "department", "en")))
    out = analysis.filter_matrix(matrix[~matrix["meets_standard"]], analysis.MatrixFilter(sort="met_desc"))
    out["rank"] = range(1, len(out) + 1)
    out["shortest"] = out["rank"] <= needed
    in_close = out["met_count"].between(close["min_met"], close["max_met"]) if close is not None else False
    out = out[in_close | out["shortest"]].copy()
    for column, names in (("departments", owners), ("departments_en", owners_en)):
        out[column] = [list(dict.fromkeys(names[c] for c in m if pd.notna(names.get(c)))) for m in out["missing"]]
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class Gap:
    """How far a scope is from a target share, and the shortest way there."""

    period_id: str
    as_of: date
    base: int
    recognised: int
    pct: float | None
    target: TargetChoice
    required: int
    needed: int
    years_left: float | None
    pace_per_year: float | None
    observed_per_year: float | None  # communes gained per year since the previous period (same districts)
    previous_period_id: str | None
    candidates: pd.DataFrame
    close_band: pd.Series | None
    illustrative: bool

    @property
    def deadline_passed(self) -> bool:
        return self.years_left is not None and self.years_left <= 0

    @property
    def missing_to_close(self) -> int:
        """Criteria the `needed` closest communes still miss in total (work to reach the target)."""
        return int(self.candidates.loc[self.candidates["shortest"], "missing_count"].sum())


def target_gap(con: duckdb.DuckDBPyConnection, scope: metrics.Scope, target: TargetChoice) -> Gap:
    """The gap of the scope to the target, with candidates and pace."""
    per = metrics.periods(con).set_index("period_id")
    as_of = pd.Timestamp(per.loc[scope.period_id, "as_of_date"]).date()
    m = analysis.commune_matrix(con, scope)
    frame = m.frame
    base, recognised = len(frame), int(frame["meets_standard"].sum())
    required = communes_required(target.pct, base)
    needed = max(0, required - recognised)
    n_criteria = int(frame["n_criteria"].max()) if base else 0
    close = analysis.close_band(m.bands, n_criteria)
    prev_id = metrics.previous_period(con, scope.period_id)
    observed = None
    if prev_id:
        before = metrics.summary(con, scope.at(con, prev_id))
        span = years_between(pd.Timestamp(per.loc[prev_id, "as_of_date"]).date(), as_of)
        observed = (recognised - before.recognised) / span if span > 0 and before.base else None
    years_left = years_between(as_of, target.deadline) if target.deadline else None
    return Gap(
        period_id=scope.period_id,
        as_of=as_of,
        base=base,
        recognised=recognised,
        pct=recognised / base * 100 if base else None,
        target=target,
        required=required,
        needed=needed,
        years_left=years_left,
        pace_per_year=pace_needed(needed, as_of, target.deadline),
        observed_per_year=observed,
        previous_period_id=prev_id,
        candidates=candidates(frame, m.criteria, close, needed),
        close_band=close,
        illustrative=m.illustrative,
    )
