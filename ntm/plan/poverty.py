"""Poverty reduction, the other half of the programme: the province rate from published figures, poor and
near-poor households by district (illustrative until real data is loaded), the poor (30a) districts, the
link with the commune criterion on poor households, and the resources mobilised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb
import pandas as pd

from ntm.locale.i18n import LANGS, local
from ntm.measures import metrics, queries

# QĐ 1980/QĐ-TTg: criterion 11 "Hộ nghèo" (share of poor households) is where poverty enters the NTM
# commune standard; its name is read from the criteria table of the period's set.
POVERTY_CRITERION = "11"
ILLUSTRATIVE = "illustrative"


@dataclass(frozen=True)
class PovertyReport:
    """What the poverty page draws for one scope (period and districts)."""

    province: pd.DataFrame
    poor_districts: pd.DataFrame
    districts: pd.DataFrame
    district_totals: pd.DataFrame
    criterion: dict | None
    criterion_by_district: pd.DataFrame
    criterion_missing: pd.DataFrame
    districts_illustrative: bool
    communes_illustrative: bool
    # the poverty standards of the series' years up to the end of the period's phase, with the year each
    # starts: a rate under one standard is not compared with a rate under another (NĐ 351/2025 from 2027)
    standards: pd.DataFrame = field(default_factory=pd.DataFrame)
    as_of: date | None = None  # the period's date: the headline shows the latest figure known on it
    area: tuple[str, str] | None = None  # the chosen districts' name (vi, en); None: the whole province
    # the latest year of the district figures and their province's label (vi, en), when they stop more than a year
    # before the period (a 2026 period shows old Lào Cai's districts of 2020: the page says so); None otherwise
    district_vintage: tuple[int, str, str] | None = None


def known_on(frame: pd.DataFrame, as_of: date | None) -> pd.DataFrame:
    """Rows of a yearly series (year) whose year had ended by as_of: a year's figure is as of its 31 December."""
    if as_of is None or frame.empty:
        return frame
    last = as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1
    return frame[frame["year"].astype(int) <= last]


def district_totals(districts: pd.DataFrame) -> pd.DataFrame:
    """Sum of the district figures per year (to set against the published province totals)."""
    if districts.empty:
        return pd.DataFrame(columns=["year", "households", "poor_households", "near_poor_households"])
    counts = ["households", "poor_households", "near_poor_households"]
    return districts.groupby("year", as_index=False)[counts].sum(min_count=1)


def criterion_link(scores: pd.DataFrame, status: pd.DataFrame, code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per district, communes meeting / missing one criterion; and the list of communes missing it.

    scores: one row per commune of the period (metrics.commune_scores); status: (unit_id, criterion_code, met).
    """
    met = status[status["criterion_code"] == code].set_index("unit_id")["met"]
    frame = scores.assign(meets_criterion=scores["unit_id"].map(met).fillna(False).astype(bool))
    by_district = frame.groupby(["district_code", "district_name"], as_index=False).agg(
        base=("unit_id", "size"), met=("meets_criterion", "sum")
    )
    by_district["met"] = by_district["met"].astype(int)
    by_district["missing"] = by_district["base"] - by_district["met"]
    missing = frame[~frame["meets_criterion"]][
        ["unit_code", "unit_name", "district_code", "district_name", "met_count", "n_criteria"]
    ].reset_index(drop=True)
    return by_district, missing


def report(con: duckdb.DuckDBPyConnection, scope: metrics.Scope) -> PovertyReport:
    """The poverty figures of a scope: province series, districts, and criterion 11 in the scope's period."""
    mine = in_line(con, scope.period_id)
    districts = mine(queries.poverty_districts(con, scope.districts))
    criteria = metrics.criteria_table(con, scope.period_id).set_index("criterion_code")
    criterion = None
    by_district = missing = pd.DataFrame()
    scores = metrics.commune_scores(con, scope)
    if POVERTY_CRITERION in criteria.index:
        c = criteria.loc[POVERTY_CRITERION]
        criterion = {
            "code": POVERTY_CRITERION,
            "name_vi": c["name_vi"],
            "name_en": c["name_en"],
            "department": c["department"],
            "department_en": c["department_en"],
        }
        status = metrics.scope_status(con, scope)
        by_district, missing = criterion_link(scores, status, POVERTY_CRITERION)
    series = province_series(con, scope.period_id)
    return PovertyReport(
        province=series,
        poor_districts=mine(queries.poor_districts(con)),
        districts=districts,
        district_totals=district_totals(districts),
        criterion=criterion,
        criterion_by_district=by_district,
        criterion_missing=missing,
        districts_illustrative=bool((districts["provenance"] == ILLUSTRATIVE).any()),
        communes_illustrative=bool(scores["illustrative"].any()) if len(scores) else False,
        standards=phase_standards(con, scope.period_id, series),
        as_of=pd.Timestamp(metrics.period_row(con, scope.period_id)["as_of_date"]).date(),
        area=(metrics.scope_label(con, scope, "vi"), metrics.scope_label(con, scope, "en"))
        if scope.districts
        else None,
        district_vintage=district_vintage(con, districts, scope.period_id),
    )


def in_line(con: duckdb.DuckDBPyConnection, period_id: str):
    """A filter keeping the rows (by district_code) of districts of the period's province or of the provinces that
    became it: a period of old Yên Bái shows no Lào Cai district, a 2026 period those of both old provinces."""
    province = metrics.period_row(con, period_id)["province_id"]
    line = metrics.province_line(con, province)
    of = _province_of_district(con)
    return lambda rows: rows[rows["district_code"].map(of).isin(line)].reset_index(drop=True)


def _province_of_district(con: duckdb.DuckDBPyConnection) -> pd.Series:
    """district_code -> province_id, for every followed province's districts."""
    return queries.districts(con).set_index("district_code")["province_id"]


def district_vintage(con: duckdb.DuckDBPyConnection, districts: pd.DataFrame, period_id: str) -> tuple | None:
    """(latest year, province label vi, en) of the district figures when they stop more than a year before the
    period's date, else None."""
    if districts.empty:
        return None
    latest = int(districts["year"].astype(int).max())
    as_of = pd.Timestamp(metrics.period_row(con, period_id)["as_of_date"])
    if as_of.year - latest <= 1:
        return None
    of = _province_of_district(con)
    provinces = queries.provinces(con).drop_duplicates("province_id").set_index("province_id")
    ids = list(dict.fromkeys(of.reindex(districts["district_code"]).dropna()))
    label = {lang: ", ".join(provinces.loc[p, f"label_{lang}"] for p in ids if p in provinces.index) for lang in LANGS}
    return latest, label["vi"], label["en"]


def province_series(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The published poverty rates of the period's province (and of those that became it) up to the end of the
    programme phase the period belongs to (the years its criteria set is valid: 2016–2020, 2021–2025, ...),
    each with the standard it was measured under (standard_id, by year where the source does not say) and
    ``break_before``: the standard differs from the row before's (a chart breaks its line there)."""
    per = metrics.period_row(con, period_id)
    rates = queries.poverty_province(con)
    end = metrics.phase_end(con, period_id)
    keep = rates["province_id"].isin(metrics.province_line(con, per["province_id"]))
    if end is not None:
        keep &= rates["year"] <= end.year
    rates = rates[keep].reset_index(drop=True)
    by_year = standard_of_year(queries.poverty_standards(con), rates["year"])
    rates["standard_id"] = rates["standard_id"].fillna(by_year) if len(rates) else rates["standard_id"]
    rates["break_before"] = rates["standard_id"].ne(rates["standard_id"].shift(1)) & rates.index.to_series().gt(0)
    return rates


def standard_of_year(standards: pd.DataFrame, years: pd.Series) -> pd.Series:
    """The poverty standard in force in each year (poverty_standards: first_year..last_year), None where none."""
    out = pd.Series(None, index=years.index, dtype=object)
    for r in standards.itertuples(index=False):
        out[years.between(r.first_year, r.last_year)] = r.standard_id
    return out


def phase_standards(con: duckdb.DuckDBPyConnection, period_id: str, series: pd.DataFrame) -> pd.DataFrame:
    """The standards that apply from the series' first year to the end of the period's phase, oldest first,
    with the year each starts (the 2026–2030 phase: the 2022–2025 standard in 2026, NĐ 351/2025 from 2027)."""
    standards = queries.poverty_standards(con)
    end = metrics.phase_end(con, period_id)
    first = int(series["year"].min()) if len(series) else None
    keep = pd.Series(True, index=standards.index)
    if end is not None:
        keep &= standards["first_year"] <= end.year
    if first is not None:
        keep &= standards["last_year"] >= first
    return standards[keep].sort_values("first_year").reset_index(drop=True)


def resources(con: duckdb.DuckDBPyConnection, districts: tuple[str, ...] = ()) -> pd.DataFrame:
    """Resources mobilised (million VND) by year, district and source, with the source labels."""
    return queries.resources(con, districts)


def resources_table(frame: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """District × source table for one year, sources in their order, with totals (row and column)."""
    rows = frame[frame["year"] == year]
    label = local("label", lang)
    order = rows.drop_duplicates("source_code").sort_values("sort_order")[label].tolist()
    wide = rows.pivot_table(index="district_name", columns=label, values="amount_mil_vnd", aggfunc="sum", sort=False)[
        order
    ]
    return wide


def published_rate_decimals(value: float) -> int:
    """Decimals to show a published rate as it was published: 8,2% but 35,28% and 9,87%."""
    return 1 if round(value, 1) == round(value, 2) else 2
