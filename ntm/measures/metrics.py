"""Programme metrics for a reporting period and an optional set of districts.

Everything is computed from commune-level criterion statuses. A commune meets the NTM standard when it
meets every criterion of the set its period uses (the number of criteria comes from the data, never
from code). The aggregation functions are pure (DataFrame in, figures out) so they can be tested on
hand-made frames; the ``*_for`` wrappers fetch what they need from the database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb
import pandas as pd

from ntm.locale.i18n import t
from ntm.measures import queries


@dataclass(frozen=True)
class Scope:
    """A reporting period and, optionally, the districts to restrict to (empty = whole province)."""

    period_id: str
    districts: tuple[str, ...] = ()

    def params(self) -> dict:
        """The scope as SQL parameters (queries.scope_params)."""
        return queries.scope_params(self.period_id, self.districts)


@dataclass(frozen=True)
class Target:
    """The share of communes meeting the standard that the centre set for the province."""

    target_id: str
    pct: float
    source: str


@dataclass(frozen=True)
class Summary:
    """Headline figures of one scope."""

    period_id: str
    recognised: int
    base: int
    pct: float | None
    avg_criteria: float | None
    n_criteria: int
    target_pct: float | None
    gap_points: float | None
    illustrative: bool

    def as_dict(self) -> dict:
        return asdict(self)


# ---- pure aggregation -------------------------------------------------------------------------


def summarize(scores: pd.DataFrame, period_id: str, target_pct: float | None) -> Summary:
    """Headline figures from one row per commune (met_count, n_criteria, illustrative)."""
    base = len(scores)
    n_criteria = int(scores["n_criteria"].max()) if base else 0
    recognised = int((scores["met_count"] == scores["n_criteria"]).sum()) if base else 0
    pct = recognised / base * 100 if base else None
    avg = float(scores["met_count"].mean()) if base else None
    gap = pct - target_pct if pct is not None and target_pct is not None else None
    return Summary(
        period_id,
        recognised,
        base,
        pct,
        avg,
        n_criteria,
        target_pct,
        gap,
        bool(scores["illustrative"].any()) if base else False,
    )


def band_counts(scores: pd.DataFrame, bands: pd.DataFrame) -> pd.DataFrame:
    """Number of communes in each band of criteria met (bands as data: 19, 15–18, ...)."""
    out = bands.copy()
    out["communes"] = [int(scores["met_count"].between(lo, hi).sum()) for lo, hi in zip(bands.min_met, bands.max_met)]
    out["pct"] = out["communes"] / len(scores) * 100 if len(scores) else 0.0
    return out


def criteria_counts(status: pd.DataFrame, criteria: pd.DataFrame, base: int) -> pd.DataFrame:
    """For each criterion, how many communes of the scope meet it."""
    met = status[status["met"]].groupby("criterion_code").size()
    out = criteria.copy()
    out["communes_met"] = out["criterion_code"].map(met).fillna(0).astype(int)
    out["base"] = base
    out["pct"] = out["communes_met"] / base * 100 if base else 0.0
    return out


def district_rows(scores: pd.DataFrame, target_pct: float | None) -> pd.DataFrame:
    """One row per district: base, recognised, %, average criteria, gap to target."""
    scores = scores.assign(meets=scores["met_count"] == scores["n_criteria"])
    grouped = scores.groupby(["district_code", "district_name"], as_index=False).agg(
        base=("unit_id", "size"), recognised=("meets", "sum"), avg_criteria=("met_count", "mean")
    )
    grouped["recognised"] = grouped["recognised"].astype(int)
    grouped["pct"] = grouped["recognised"] / grouped["base"] * 100
    grouped["gap_points"] = grouped["pct"] - target_pct if target_pct is not None else None
    return grouped[["district_code", "district_name", "base", "recognised", "pct", "avg_criteria", "gap_points"]]


# ---- database-backed wrappers ------------------------------------------------------------------


def periods(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Reporting periods in time order, with the size of each commune base."""
    return queries.periods(con)


def default_period(per: pd.DataFrame) -> str:
    """The period the dashboard opens on: the one flagged in periods.csv, else the latest."""
    flagged = per.loc[per["is_default"], "period_id"]
    return flagged.iloc[0] if len(flagged) else per["period_id"].iloc[-1]


def periods_up_to(con: duckdb.DuckDBPyConnection, period_id: str) -> list[str]:
    """Ids of the periods up to and including period_id, oldest first (KeyError: no such period)."""
    ids = periods(con)["period_id"].tolist()
    if period_id not in ids:
        raise KeyError(f"Không có kỳ báo cáo '{period_id}'. Các kỳ: {', '.join(ids)}")
    return ids[: ids.index(period_id) + 1]


def previous_period(con: duckdb.DuckDBPyConnection, period_id: str) -> str | None:
    """The period just before period_id (None for the first)."""
    ids = periods_up_to(con, period_id)
    return ids[-2] if len(ids) > 1 else None


def commune_scores(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """One row per commune of the period's base: criteria met, and whether it meets the standard.

    Read once per scope and database build (queries.read), however many figures are drawn from it."""
    scores = queries.commune_scores(con, scope.period_id, scope.districts)
    scores["meets_standard"] = scores["met_count"] == scores["n_criteria"]
    return scores


def target_for(con: duckdb.DuckDBPyConnection, period_id: str) -> Target | None:
    """The central target in force on the period's date, if any."""
    per = periods(con).set_index("period_id")
    if period_id not in per.index:
        return None
    rows = queries.province_target_at(con, pd.Timestamp(per.loc[period_id, "as_of_date"]).date())
    if rows.empty:
        return None
    r = rows.iloc[0]
    return Target(r["target_id"], float(r["value"]), r["source"])


def summary(con: duckdb.DuckDBPyConnection, scope: Scope) -> Summary:
    """Headline figures for a scope."""
    target = target_for(con, scope.period_id)
    return summarize(commune_scores(con, scope), scope.period_id, target.pct if target else None)


def bands(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Communes per band of criteria met."""
    return band_counts(commune_scores(con, scope), queries.bands(con, scope.period_id))


def criteria_table(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The criteria of the period's set, in order, with the department in charge."""
    return queries.criteria(con, period_id)


def criteria_achievement(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Communes meeting each criterion."""
    status = queries.status(con, scope.period_id, scope.districts)
    base = len(commune_scores(con, scope))
    return criteria_counts(status, criteria_table(con, scope.period_id), base)


def district_table(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Per-district figures of the scope."""
    target = target_for(con, scope.period_id)
    return district_rows(commune_scores(con, scope), target.pct if target else None)


def status_matrix(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Commune x criterion table of met (True/False), communes as rows."""
    status = queries.status(con, scope.period_id, scope.districts)
    return status.pivot(index="unit_id", columns="criterion_code", values="met")


@dataclass(frozen=True)
class Change:
    """How a scope moved since the previous period (None where there is no previous period)."""

    previous_period_id: str | None
    recognised: int | None
    pct_points: float | None
    avg_criteria: float | None
    gap_points: float | None
    base_before: int | None
    base_changed: bool


def compare(current: Summary, previous: Summary | None) -> Change:
    """Differences current - previous; the base may differ (mergers), which the change reports."""
    if previous is None or previous.base == 0:
        return Change(None, None, None, None, None, None, False)

    def diff(a: float | None, b: float | None) -> float | None:
        return a - b if a is not None and b is not None else None

    return Change(
        previous.period_id,
        current.recognised - previous.recognised,
        diff(current.pct, previous.pct),
        diff(current.avg_criteria, previous.avg_criteria),
        diff(current.gap_points, previous.gap_points),
        previous.base,
        previous.base != current.base,
    )


def change_since_previous(con: duckdb.DuckDBPyConnection, scope: Scope) -> Change:
    """compare() of the scope with the same districts in the previous period."""
    prev = previous_period(con, scope.period_id)
    before = summary(con, Scope(prev, scope.districts)) if prev else None
    return compare(summary(con, scope), before)


def trend(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Headline figures of the scope's districts in every period up to the scope's, oldest first (sparklines)."""
    ids = periods_up_to(con, scope.period_id)
    return pd.DataFrame([summary(con, Scope(p, scope.districts)).as_dict() for p in ids])


def districts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Districts (code, short and full name) in code order."""
    return queries.districts(con)[["district_code", "district_short", "district_name"]]


def published_figures(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """Figures published for the period (with their source), to show beside the computed ones."""
    return queries.published_figures(con, period_id)


def scope_label(con: duckdb.DuckDBPyConnection, scope: Scope, lang: str = "vi") -> str:
    """'Toàn tỉnh' or the chosen district names in code order: the one label of a scope, on screen and in files."""
    if not scope.districts:
        return t("all_districts", lang)
    names = districts(con)
    return ", ".join(names[names["district_code"].isin(scope.districts)]["district_short"])
