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

from ntm.data.db import query

COMMUNE_SCORES_SQL = """
SELECT u.unit_id, u.unit_code, u.unit_name, u.unit_type, u.district_code,
       d.district_short AS district_name,
       count(cs.criterion_code) FILTER (WHERE cs.met) AS met_count,
       count(cs.criterion_code) AS reported_count,
       (SELECT count(*) FROM criteria c WHERE c.set_id = p.criteria_set_id) AS n_criteria,
       coalesce(bool_or(cs.provenance = 'illustrative'), false) AS illustrative,
       (SELECT string_agg(a.alias, ' | ' ORDER BY a.alias) FROM unit_aliases a WHERE a.unit_code = u.unit_code) AS aliases
FROM period_units pu
JOIN periods p ON p.period_id = pu.period_id
JOIN units u ON u.unit_id = pu.unit_id
JOIN districts d ON d.district_code = u.district_code
LEFT JOIN commune_status cs ON cs.period_id = pu.period_id AND cs.unit_id = pu.unit_id
WHERE pu.period_id = $period AND ($all_districts OR list_contains($districts, u.district_code))
GROUP BY ALL
ORDER BY u.district_code, u.unit_name
"""

STATUS_SQL = """
SELECT cs.unit_id, cs.criterion_code, cs.met
FROM commune_status cs JOIN units u ON u.unit_id = cs.unit_id
WHERE cs.period_id = $period AND ($all_districts OR list_contains($districts, u.district_code))
"""

CRITERIA_SQL = """
SELECT c.criterion_code, c.sort_order, c.name_vi, c.name_en, c.group_no, c.group_vi, c.group_en,
       o.department
FROM periods p JOIN criteria c ON c.set_id = p.criteria_set_id
LEFT JOIN criterion_owners o ON o.set_id = c.set_id AND o.criterion_code = c.criterion_code
WHERE p.period_id = $period ORDER BY c.sort_order
"""

BANDS_SQL = """
SELECT b.band_order, b.label_vi, b.label_en, b.min_met, b.max_met
FROM periods p JOIN criteria_bands b ON b.set_id = p.criteria_set_id
WHERE p.period_id = $period ORDER BY b.band_order
"""

PERIODS_SQL = """
SELECT p.period_id, p.label_vi, p.label_en, p.as_of_date, p.criteria_set_id, p.base_note_vi,
       p.base_note_en, p.source, coalesce(p.is_default, false) AS is_default, count(pu.unit_id) AS commune_base
FROM periods p LEFT JOIN period_units pu ON pu.period_id = p.period_id
GROUP BY ALL ORDER BY p.as_of_date
"""

TARGET_SQL = """
SELECT t.target_id, t.value, t.source FROM targets t, periods p
WHERE p.period_id = $period AND t.scope_type = 'province' AND t.measure = 'pct_communes_ntm'
  AND (t.valid_from IS NULL OR t.valid_from <= p.as_of_date) AND p.as_of_date <= t.deadline
ORDER BY t.deadline LIMIT 1
"""


@dataclass(frozen=True)
class Scope:
    """A reporting period and, optionally, the districts to restrict to (empty = whole province)."""

    period_id: str
    districts: tuple[str, ...] = ()

    def params(self) -> dict:
        return {"period": self.period_id, "all_districts": not self.districts, "districts": list(self.districts) or [""]}


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
    return Summary(period_id, recognised, base, pct, avg, n_criteria, target_pct, gap,
                   bool(scores["illustrative"].any()) if base else False)


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
    return query(con, PERIODS_SQL)


def default_period(per: pd.DataFrame) -> str:
    """The period the dashboard opens on: the one flagged in periods.csv, else the latest."""
    flagged = per.loc[per["is_default"], "period_id"]
    return flagged.iloc[0] if len(flagged) else per["period_id"].iloc[-1]


def previous_period(con: duckdb.DuckDBPyConnection, period_id: str) -> str | None:
    """The period just before period_id (None for the first)."""
    ids = periods(con)["period_id"].tolist()
    if period_id not in ids:
        raise KeyError(f"Không có kỳ báo cáo '{period_id}'. Các kỳ: {', '.join(ids)}")
    i = ids.index(period_id)
    return ids[i - 1] if i else None


def commune_scores(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """One row per commune of the period's base: criteria met, and whether it meets the standard."""
    scores = query(con, COMMUNE_SCORES_SQL, scope.params())
    scores["meets_standard"] = scores["met_count"] == scores["n_criteria"]
    return scores


def target_for(con: duckdb.DuckDBPyConnection, period_id: str) -> Target | None:
    """The central target in force on the period's date, if any."""
    rows = query(con, TARGET_SQL, {"period": period_id})
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
    return band_counts(commune_scores(con, scope), query(con, BANDS_SQL, {"period": scope.period_id}))


def criteria_table(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The criteria of the period's set, in order, with the department in charge."""
    return query(con, CRITERIA_SQL, {"period": period_id})


def criteria_achievement(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Communes meeting each criterion."""
    status = query(con, STATUS_SQL, scope.params())
    base = len(commune_scores(con, scope))
    return criteria_counts(status, criteria_table(con, scope.period_id), base)


def district_table(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Per-district figures of the scope."""
    target = target_for(con, scope.period_id)
    return district_rows(commune_scores(con, scope), target.pct if target else None)


def status_matrix(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Commune x criterion table of met (True/False), communes as rows."""
    status = query(con, STATUS_SQL, scope.params())
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
    ids = periods(con)["period_id"].tolist()
    ids = ids[: ids.index(scope.period_id) + 1]
    return pd.DataFrame([summary(con, Scope(p, scope.districts)).as_dict() for p in ids])


def districts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Districts (code, short and full name) in code order."""
    return query(con, "SELECT district_code, district_short, district_name FROM districts ORDER BY district_code")


def published_figures(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """Figures published for the period (with their source), to show beside the computed ones."""
    return query(con, "SELECT * FROM published_figures WHERE period_id = $p", {"p": period_id})
