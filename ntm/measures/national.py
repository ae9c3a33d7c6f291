"""The country: every province side by side at one date, and the national figure, by the code the pages use.

A national database (``python -m ntm generate --national``) holds one period per province and date; the
national figure at a date is metrics.summarize() over the communes of all of them, the ranking of provinces
is the district league's (analysis.league_rows) with provinces as its areas, and a province's own pages use
the periods of its line (the province and those that became it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from ntm.measures import analysis, metrics, queries


def dates(con: duckdb.DuckDBPyConnection) -> list[date]:
    """Dates at which several provinces have a period, oldest first."""
    return [pd.Timestamp(d).date() for d in queries.national_dates(con)["as_of_date"]]


def current_provinces(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Provinces in force today (no end date), in code order: what the province picker offers."""
    prov = queries.provinces(con)
    return prov[prov["valid_to"].isna()].sort_values("province_code").reset_index(drop=True)


def line_periods(con: duckdb.DuckDBPyConnection, province_id: str) -> list[str]:
    """Period ids of a province and of the provinces that became it, oldest first."""
    per = metrics.periods(con)
    return per.loc[per["province_id"].isin(metrics.province_line(con, province_id)), "period_id"].tolist()


def province_of(con: duckdb.DuckDBPyConnection, period_id: str) -> str | None:
    """The current province whose line holds a period (None when no current province does)."""
    for p in current_provinces(con)["province_id"]:
        if period_id in line_periods(con, p):
            return p
    return None


def summary(con: duckdb.DuckDBPyConnection, day: date) -> metrics.Summary:
    """The national figure at a date: communes of every province's period, as one scope."""
    return metrics.summarize(queries.national_scores(con, day), day.isoformat(), None)


def previous_date(con: duckdb.DuckDBPyConnection, day: date) -> date | None:
    """The latest earlier national date under the same criteria set (None: the first, or a break)."""
    known = queries.national_dates(con).assign(day=lambda f: [pd.Timestamp(d).date() for d in f["as_of_date"]])
    me = known[known["day"] == day]
    if me.empty:
        return None
    same = known[(known["day"] < day) & (known["criteria_set_id"] == me["criteria_set_id"].iloc[0])]
    return same["day"].iloc[-1] if len(same) else None


@dataclass(frozen=True)
class Ranking:
    """Provinces ranked by level and by improvement at a date, with the national figure."""

    day: date
    previous_day: date | None
    national: metrics.Summary
    table: pd.DataFrame  # analysis.league_rows columns; district_code / district_name = province id / label
    illustrative: bool


def ranking(con: duckdb.DuckDBPyConnection, day: date, lang: str = "vi") -> Ranking:
    """The district league's ranking with provinces as its areas (level: % meeting NTM, then average criteria;
    improvement: change in points since the previous national date)."""
    scores = queries.national_scores(con, day)
    names = "area_name_en" if lang == "en" else "area_name"
    current = metrics.area_rows(scores.assign(area_name=scores[names]), None)
    prev_day = previous_date(con, day)
    previous = None
    if prev_day is not None:
        before = queries.national_scores(con, prev_day)
        previous = metrics.area_rows(before, None)
    table = analysis.league_rows(current, previous, analysis.traffic_lights(con))
    return Ranking(day, prev_day, summary(con, day), table, bool(scores["illustrative"].any()))
