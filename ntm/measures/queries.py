"""Every SQL statement the dashboard reads with, written once, each behind a function named for what it returns.

Measures, the plan, the map (geo) and the outputs call these functions; no other module holds SQL text.
Values always go in as parameters ($period, $districts, ...): the area filter of a scope (the ids of its
areas under a grouping: districts up to 06/2025, former districts or provinces afterwards) becomes parameters
in one place, area_params(), and the matching WHERE fragments are in_area() (a column holding a district
code) and unit_in_area() (a unit, through its area under the grouping).

Results are kept per connection and database build (ntm.measures.memo): the commune scores of a scope,
say, are read once however many figures of a page are drawn from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Protocol

import duckdb
import pandas as pd

from ntm.data import db
from ntm.data.areas import GROUPING_KIND
from ntm.measures.memo import Memo

DEFAULT_GROUPING = "district"  # of a period period_groupings says nothing about (a dataset of 2015–2020)
# groupings that put units in districts: a 2020 unit's own district, a 2025 unit's former district
DISTRICT_GROUPINGS = [g for g, kind in GROUPING_KIND.items() if kind == "district"]

# ---- the scope as SQL -------------------------------------------------------------------------------


def scope_params(period_id: str | None = None, districts: Iterable[str] = ()) -> dict:
    """SQL parameters of a scope: $period (when given) and the area filter that in_area() reads.

    No district means the whole province ($all_districts); the list is never empty, as DuckDB needs a type.
    """
    codes = list(districts)
    params = {"all_districts": not codes, "districts": codes or [""]}
    return params if period_id is None else {"period": period_id, **params}


def in_area(column: str) -> str:
    """WHERE fragment keeping rows whose district (column) is in the scope's area; values from scope_params()."""
    return f"($all_districts OR list_contains($districts, {column}))"


def area_params(period_id: str, areas: Iterable[str], grouping: str) -> dict:
    """scope_params() with the grouping the area ids are under, read by unit_in_area()."""
    return {**scope_params(period_id, areas), "grouping": grouping}


def unit_in_area(column: str, grouping: str = "$grouping") -> str:
    """WHERE fragment keeping units (column: unit_id) whose area under the grouping (default: $grouping; a
    column where each row has its own) is in the scope."""
    return (
        f"($all_districts OR {column} IN (SELECT unit_id FROM unit_areas "
        f"WHERE grouping = {grouping} AND list_contains($districts, area_id)))"
    )


def group_params(groups: Iterable[str] = ()) -> dict:
    """SQL parameters of a scope's commune-group filter (nhóm xã of the 2026–2030 set), read by unit_in_group().
    No group means every commune ($all_groups); the list is never empty, as DuckDB needs a type."""
    chosen = list(groups)
    return {"all_groups": not chosen, "groups": chosen or [""]}


def unit_in_group(column: str, period: str = "$period") -> str:
    """WHERE fragment keeping units (column: unit_id) whose group in the period (default: $period; a column
    where each row has its own) is one of the scope's."""
    return (
        f"($all_groups OR {column} IN (SELECT unit_id FROM commune_groups "
        f"WHERE period_id = {period} AND list_contains($groups, group_no)))"
    )


class Units(Protocol):
    """What a query needs of a scope (ntm.measures.metrics.Scope is one): the period, the ids of its areas under
    a grouping (None: the period's default), and its commune groups (empty: every commune)."""

    period_id: str
    areas: tuple[str, ...]
    grouping: str | None
    groups: tuple[str, ...]


def unit_params(con: duckdb.DuckDBPyConnection, units: Units) -> dict:
    """SQL parameters of the units of a scope, read by unit_in_area() and unit_in_group()."""
    grouping = units.grouping or default_grouping(con, units.period_id)
    return {**area_params(units.period_id, units.areas, grouping), **group_params(units.groups)}


# ---- reading through the memo -----------------------------------------------------------------------

BUILD = "SELECT key, value FROM meta"  # key/value pairs written by the build (built_at, fingerprint, ...)
READ_ONLY = "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"


def _build_identity(con: duckdb.DuckDBPyConnection) -> tuple | None:
    """What tells one database build from another, or None when results must not be kept (the connection
    can write, or the database was not made by the build)."""
    try:
        read_only = db.query(con, READ_ONLY)
        meta = dict(db.query(con, BUILD).itertuples(index=False))
    except duckdb.Error:
        return None
    if read_only.empty or not bool(read_only.iloc[0, 0]) or "built_at" not in meta:
        return None
    return meta.get("built_at"), meta.get("fingerprint"), meta.get("store_version")


MEMO = Memo(_build_identity, shared=db.origin)  # the cursors of one file version share what they read


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def _key(sql: str, params: dict | None) -> tuple:
    return (sql, tuple(sorted((k, _frozen(v)) for k, v in (params or {}).items())))


def read(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> pd.DataFrame:
    """The result of one of this module's statements, read once per connection and database build."""
    return MEMO.get(con, _key(sql, params), lambda: db.query(con, sql, params))


def period_part(con: duckdb.DuckDBPyConnection, sql: str, period_id: str) -> pd.DataFrame:
    """One period's rows of a statement that reads a small table whole with a period_id column, without that
    column: the table is read and split by period once per build, as a trend asks it of every period of its line
    (a filter of the whole table per period cost a 2026 trend 10 ms)."""

    def split() -> pd.DataFrame:
        rows = read(con, sql)
        at_period = rows.groupby("period_id", sort=False).indices
        rows = rows.drop(columns="period_id")
        parts = {p: rows.iloc[at] for p, at in at_period.items()}
        for p, part in parts.items():
            part.index = pd.RangeIndex(len(part))
            MEMO.put(con, (sql, "period", p), part)
        return parts.get(period_id, rows.iloc[0:0])

    return MEMO.get(con, (sql, "period", period_id), split)


def build_info(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The meta table of the connection's database (built_at, fingerprint, store_version, ...)."""
    return dict(read(con, BUILD).itertuples(index=False))


# ---- small tables read whole ------------------------------------------------------------------------


def _whole(sql: str, doc: str) -> Callable[[duckdb.DuckDBPyConnection], pd.DataFrame]:
    """A reader of a statement that takes no parameter (a small table read whole), kept like every read."""

    def reader(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        return read(con, sql)

    reader.__doc__ = doc
    return reader


PROVINCES = "SELECT * FROM provinces ORDER BY valid_from NULLS FIRST, province_id"
MERGED_RULES = "SELECT * FROM merged_commune_rules ORDER BY sort_order"
TARGETS = "SELECT * FROM targets"
STATUS_RULES = "SELECT * FROM target_status_rules ORDER BY rule_order"
LIGHTS = "SELECT light, sort_order, label_vi, label_en, colour, min_gap_points, source, source_en FROM traffic_lights"
SPONSORS = """
SELECT s.unit_id, s.agency, n.name_en AS agency_en, s.valid_from, s.provenance
FROM sponsors s LEFT JOIN agency_names n ON n.name_vi = s.agency ORDER BY s.unit_id, s.agency
"""
POVERTY_PROVINCE = "SELECT * FROM poverty_province ORDER BY year"
POVERTY_STANDARDS = "SELECT * FROM poverty_standards ORDER BY first_year"

provinces = _whole(PROVINCES, "The followed provinces (dated versions) and the province each became.")
merged_rules = _whole(MERGED_RULES, "How a commune formed by merging keeps NTM status: the named rules, in order.")
targets = _whole(TARGETS, "Every target of every plan (data/targets.csv), as stored.")
status_rules = _whole(STATUS_RULES, "The rules giving a target its status (achieved, on track ...), in order.")
traffic_lights = _whole(f"{LIGHTS} ORDER BY sort_order", "The traffic-light rule, best first (may be empty).")
sponsors = _whole(SPONSORS, "The agencies sponsoring communes, per commune in agency order.")
poverty_province = _whole(POVERTY_PROVINCE, "The province's poverty figures per year, as published.")
poverty_standards = _whole(POVERTY_STANDARDS, "The poverty standards and the years each applies.")


# ---- periods, districts, units ----------------------------------------------------------------------

PERIODS = """
SELECT p.period_id, p.label_vi, p.label_en, p.as_of_date, p.criteria_set_id, p.base_note_vi,
       p.base_note_en, p.source_vi, p.source_en, coalesce(p.is_default, false) AS is_default,
       coalesce(b.commune_base, 0) AS commune_base,
       p.province_id, coalesce(p.source_status, 'confirmed') AS source_status, p.merged_rule_id, p.plan_id,
       p.boundary_layer
FROM periods p
LEFT JOIN (SELECT period_id, count(*) AS commune_base FROM period_units GROUP BY period_id) b USING (period_id)
ORDER BY p.as_of_date
"""  # the base counted per period before the join: grouping the joined rows by all sixteen columns took a third longer


def periods(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Reporting periods in time order, with their labels, criteria set, source and size of the commune base, and
    the province, mark (confirmed / reported / illustrative), merged-commune rule and plan of each."""
    return read(con, PERIODS)


PERIOD_LAYER = "SELECT boundary_layer FROM periods WHERE period_id = $period"


def period_layer(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """One row (boundary_layer) for a known period, none for an unknown one."""
    return read(con, PERIOD_LAYER, {"period": period_id})


AREA_LAYER = "SELECT file, area_key FROM area_layers WHERE layer = $layer AND grouping = $grouping ORDER BY file"


def area_layer(con: duckdb.DuckDBPyConnection, layer: str, grouping: str) -> pd.DataFrame:
    """The files (file, area_key) of the outlines drawn over a boundary layer for a grouping (none: the layer's
    own district outlines)."""
    return read(con, AREA_LAYER, {"layer": layer, "grouping": grouping})


PERIOD_BASE = "SELECT unit_id FROM period_units WHERE period_id = $period ORDER BY unit_id"


def period_base(con: duckdb.DuckDBPyConnection, period_id: str) -> list[str]:
    """unit_id of every commune in the period's base (the communes it counts), in id order."""
    return read(con, PERIOD_BASE, {"period": period_id})["unit_id"].tolist()


DISTRICTS = """
SELECT district_code, district_short, district_name, district_type, province_id FROM districts ORDER BY district_code
"""


def districts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Districts in code order: code, short name ('Bát Xát'), full name, type (huyện / thị xã / thành phố) and
    province (every followed province's, including districts that ended in 2025)."""
    return read(con, DISTRICTS)


PERIOD_GROUPINGS = """
SELECT pg.period_id, pg.grouping, pg.is_default, g.label_vi, g.label_en, g.area_kind
FROM period_groupings pg LEFT JOIN area_groupings g ON g.grouping = pg.grouping
ORDER BY pg.period_id, g.sort_order NULLS LAST, pg.grouping
"""


def period_groupings(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The groupings a period offers (default first in the file's order), with their labels; none for a period
    the dataset gives no grouping (it is then grouped by district). The small table is read whole once: a trend
    asks it of every period of its line."""
    return period_part(con, PERIOD_GROUPINGS, period_id)


def default_grouping(con: duckdb.DuckDBPyConnection, period_id: str) -> str:
    """The grouping a period opens with: the one period_groupings flags, else districts."""
    rows = period_groupings(con, period_id)
    flagged = rows.loc[rows["is_default"].fillna(False).astype(bool), "grouping"]
    return flagged.iloc[0] if len(flagged) else (rows["grouping"].iloc[0] if len(rows) else DEFAULT_GROUPING)


PERIOD_AREAS = """
SELECT a.area_id, a.short_vi, a.name_vi, a.name_en, a.province_id, count(*) AS communes
FROM period_units pu
JOIN unit_areas ua ON ua.unit_id = pu.unit_id AND ua.grouping = $grouping
JOIN areas a ON a.area_kind = $kind AND a.area_id = ua.area_id
WHERE pu.period_id = $period
GROUP BY ALL ORDER BY a.area_id
"""


def period_areas(con: duckdb.DuckDBPyConnection, period_id: str, grouping: str) -> pd.DataFrame:
    """The areas of a grouping holding communes of the period's base, in id order, with their names."""
    return read(con, PERIOD_AREAS, {"period": period_id, "grouping": grouping, "kind": GROUPING_KIND.get(grouping)})


UNITS = f"""
WITH dist AS (SELECT unit_id, area_id FROM unit_areas WHERE list_contains({DISTRICT_GROUPINGS}, grouping))
SELECT u.unit_id, u.unit_code, u.unit_name, u.unit_type, dist.area_id AS district_code,
       d.short_vi AS district_name, u.valid_from, u.valid_to, u.province_id
FROM units u
LEFT JOIN dist ON dist.unit_id = u.unit_id
LEFT JOIN areas d ON d.area_kind = 'district' AND d.area_id = dist.area_id
ORDER BY u.unit_id
"""


def units(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every unit version (communes before and after the 2020 and 2025 reforms) with its district's short name:
    its own district, or for a unit of 2025 its former district."""
    return read(con, UNITS)


LINEAGE = """
SELECT l.from_unit_id, f.unit_name AS from_name, l.to_unit_id, t.unit_name AS to_name, l.kind,
       l.effective_date, l.status, l.note
FROM unit_lineage l JOIN units f ON f.unit_id = l.from_unit_id JOIN units t ON t.unit_id = l.to_unit_id
ORDER BY l.effective_date, l.from_unit_id, l.to_unit_id
"""


def lineage(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Lineage edges of the 2020 reform (from unit -> to unit, continues_as / merged_into), with unit names."""
    return read(con, LINEAGE)


# ---- commune scores and statuses -------------------------------------------------------------------

COMMUNE_SCORES = f"""
WITH set_size AS (SELECT set_id, count(*) AS n_criteria FROM criteria GROUP BY set_id),
     dist AS (SELECT unit_id, area_id FROM unit_areas WHERE list_contains({DISTRICT_GROUPINGS}, grouping)),
     alias AS (SELECT unit_code, string_agg(alias, ' | ' ORDER BY alias) AS aliases
               FROM unit_aliases GROUP BY unit_code),
     met AS (SELECT unit_id, count(criterion_code) FILTER (WHERE met) AS met_count,
                    count(criterion_code) AS reported_count,
                    coalesce(bool_or(provenance = 'illustrative'), false) AS illustrative
             FROM commune_status WHERE period_id = $period GROUP BY unit_id)
SELECT u.unit_id, u.unit_code, u.unit_name, u.unit_type, dist.area_id AS district_code,
       d.short_vi AS district_name, coalesce(met.met_count, 0) AS met_count,
       coalesce(met.reported_count, 0) AS reported_count, coalesce(set_size.n_criteria, 0) AS n_criteria,
       coalesce(met.illustrative, false) AS illustrative, alias.aliases, ua.area_id, a.short_vi AS area_name,
       u.province_id, cg.group_no
FROM period_units pu
JOIN periods p ON p.period_id = pu.period_id
JOIN units u ON u.unit_id = pu.unit_id
LEFT JOIN dist ON dist.unit_id = u.unit_id
LEFT JOIN areas d ON d.area_kind = 'district' AND d.area_id = dist.area_id
LEFT JOIN unit_areas ua ON ua.unit_id = u.unit_id AND ua.grouping = $grouping
LEFT JOIN areas a ON a.area_kind = $kind AND a.area_id = ua.area_id
LEFT JOIN commune_groups cg ON cg.period_id = pu.period_id AND cg.unit_id = pu.unit_id
LEFT JOIN set_size ON set_size.set_id = p.criteria_set_id
LEFT JOIN alias ON alias.unit_code = u.unit_code
LEFT JOIN met ON met.unit_id = pu.unit_id
WHERE pu.period_id = $period AND {unit_in_area("u.unit_id")} AND {unit_in_group("u.unit_id")}
ORDER BY dist.area_id, u.unit_name
"""


def commune_scores(con: duckdb.DuckDBPyConnection, units: Units) -> pd.DataFrame:
    """One row per commune of the period's base in the area (and commune groups, when given): criteria met and
    reported, the size of the period's criteria set, whether any status is illustrative, other known spellings
    of its name, its district (own or former), its area under the grouping (default: the period's) and its
    group (nhóm)."""
    params = unit_params(con, units)
    return read(con, COMMUNE_SCORES, {**params, "kind": GROUPING_KIND.get(params["grouping"])})


# The same rows as COMMUNE_SCORES (plus period_id) for several periods at once, each with its own grouping and
# kind ($periods, $groupings, $kinds side by side): a trend line's scopes in one read instead of one per period.
COMMUNE_SCORES_LINE = f"""
WITH line AS (SELECT unnest($periods) AS period_id, unnest($groupings) AS grouping, unnest($kinds) AS kind,
                     generate_subscripts($periods, 1) AS pos),
     set_size AS (SELECT set_id, count(*) AS n_criteria FROM criteria GROUP BY set_id),
     dist AS (SELECT unit_id, area_id FROM unit_areas WHERE list_contains({DISTRICT_GROUPINGS}, grouping)),
     alias AS (SELECT unit_code, string_agg(alias, ' | ' ORDER BY alias) AS aliases
               FROM unit_aliases GROUP BY unit_code),
     met AS (SELECT period_id, unit_id, count(criterion_code) FILTER (WHERE met) AS met_count,
                    count(criterion_code) AS reported_count,
                    coalesce(bool_or(provenance = 'illustrative'), false) AS illustrative
             FROM commune_status WHERE list_contains($periods, period_id) GROUP BY period_id, unit_id)
SELECT pu.period_id, u.unit_id, u.unit_code, u.unit_name, u.unit_type, dist.area_id AS district_code,
       d.short_vi AS district_name, coalesce(met.met_count, 0) AS met_count,
       coalesce(met.reported_count, 0) AS reported_count, coalesce(set_size.n_criteria, 0) AS n_criteria,
       coalesce(met.illustrative, false) AS illustrative, alias.aliases, ua.area_id, a.short_vi AS area_name,
       u.province_id, cg.group_no
FROM line
JOIN period_units pu ON pu.period_id = line.period_id
JOIN periods p ON p.period_id = pu.period_id
JOIN units u ON u.unit_id = pu.unit_id
LEFT JOIN dist ON dist.unit_id = u.unit_id
LEFT JOIN areas d ON d.area_kind = 'district' AND d.area_id = dist.area_id
LEFT JOIN unit_areas ua ON ua.unit_id = u.unit_id AND ua.grouping = line.grouping
LEFT JOIN areas a ON a.area_kind = line.kind AND a.area_id = ua.area_id
LEFT JOIN commune_groups cg ON cg.period_id = pu.period_id AND cg.unit_id = pu.unit_id
LEFT JOIN set_size ON set_size.set_id = p.criteria_set_id
LEFT JOIN alias ON alias.unit_code = u.unit_code
LEFT JOIN met ON met.period_id = pu.period_id AND met.unit_id = pu.unit_id
WHERE {unit_in_area("u.unit_id", "line.grouping")} AND {unit_in_group("u.unit_id", "pu.period_id")}
ORDER BY line.pos, dist.area_id, u.unit_name
"""


def line_rows(con: duckdb.DuckDBPyConnection, scopes: list[Units]) -> tuple[pd.DataFrame, list[dict]]:
    """commune_scores() of several scopes of the same areas and commune groups in different periods (a trend
    line: a scope and Scope.at() of it in the periods before) as one frame, period_id first, in the scopes' order,
    read in one query; with each scope's SQL parameters (line_parts() takes them)."""
    if len({(s.areas, s.groups) for s in scopes}) > 1:
        raise ValueError("the scopes of a line share their areas and commune groups")
    per_scope = [unit_params(con, s) for s in scopes]
    per_scope = [{**p, "kind": GROUPING_KIND.get(p["grouping"])} for p in per_scope]
    first = per_scope[0]
    params = {
        **{k: first[k] for k in ("all_districts", "districts", "all_groups", "groups")},
        "periods": [p["period"] for p in per_scope],
        "groupings": [p["grouping"] for p in per_scope],
        "kinds": [p["kind"] for p in per_scope],
    }
    return read(con, COMMUNE_SCORES_LINE, params), per_scope


def line_parts(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame, per_scope: list[dict]) -> list[pd.DataFrame]:
    """The parts of line_rows() of the scopes whose parameters are given, each as that scope's commune_scores()
    read would give it, and kept as that read: the figures drawn from one period afterwards (the headline, the
    change since the previous period) read nothing more."""
    by_period = rows.groupby("period_id", sort=False)
    # a text column holding no value in a period (aliases, group_no of a period without groups) comes from DuckDB
    # as objects (None) when that period is read alone, not as text: each part is typed as its own read would be
    text = [
        c
        for c in rows.columns
        if c != "period_id" and pd.api.types.is_string_dtype(rows[c]) and rows[c].dtype != object
    ]
    filled = by_period[text].count()
    positions = by_period.indices
    parts = []
    for p in per_scope:
        part = rows.iloc[positions.get(p["period"], []), 1:]  # period_id is the first column
        part.index = pd.RangeIndex(len(part))
        for column in text:
            if p["period"] not in filled.index or not filled.at[p["period"], column]:
                part[column] = pd.Series([None] * len(part), dtype=object)
        MEMO.put(con, _key(COMMUNE_SCORES, p), part)
        parts.append(part.copy())
    return parts


def commune_scores_line(con: duckdb.DuckDBPyConnection, scopes: list[Units]) -> list[pd.DataFrame]:
    """commune_scores() of each scope of a line (see line_rows()), in the scopes' order, read in one query, each
    kept as that scope's read."""
    rows, per_scope = line_rows(con, scopes)
    return line_parts(con, rows, per_scope)


STATUS = f"""
SELECT cs.unit_id, cs.criterion_code, cs.met
FROM commune_status cs
JOIN periods p ON p.period_id = cs.period_id
LEFT JOIN criteria c ON c.set_id = p.criteria_set_id AND c.criterion_code = cs.criterion_code
WHERE cs.period_id = $period AND {unit_in_area("cs.unit_id")} AND {unit_in_group("cs.unit_id")}
ORDER BY cs.unit_id, c.sort_order NULLS LAST, cs.criterion_code
"""


def status(con: duckdb.DuckDBPyConnection, units: Units) -> pd.DataFrame:
    """Every commune x criterion status of the period in the area (and commune groups, when given): unit_id,
    criterion_code, met, by commune and criterion order; the area ids are under the grouping (default: the
    period's)."""
    return read(con, STATUS, unit_params(con, units))


UNIT_HISTORY = """
SELECT p.period_id, p.label_vi, p.label_en, p.as_of_date, u.unit_id, u.unit_name,
       count(cs.criterion_code) FILTER (WHERE cs.met) AS met_count,
       (SELECT count(*) FROM criteria c WHERE c.set_id = p.criteria_set_id) AS n_criteria
FROM period_units pu
JOIN periods p ON p.period_id = pu.period_id
JOIN units u ON u.unit_id = pu.unit_id
LEFT JOIN commune_status cs ON cs.period_id = pu.period_id AND cs.unit_id = pu.unit_id
WHERE list_contains($units, pu.unit_id)
GROUP BY ALL ORDER BY p.as_of_date, u.unit_id
"""


def unit_history(con: duckdb.DuckDBPyConnection, unit_ids: list[str]) -> pd.DataFrame:
    """Criteria met by each of the units in every period whose base holds it, oldest first."""
    return read(con, UNIT_HISTORY, {"units": list(unit_ids)})


# ---- criteria, bands, targets ----------------------------------------------------------------------

CRITERIA = """
SELECT c.criterion_code, c.sort_order, c.name_vi, c.name_en, c.group_no, c.group_vi, c.group_en,
       o.department, o.department_en
FROM periods p JOIN criteria c ON c.set_id = p.criteria_set_id
LEFT JOIN criterion_owners o ON o.set_id = c.set_id AND o.criterion_code = c.criterion_code
WHERE p.period_id = $period ORDER BY c.sort_order
"""


def criteria(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The criteria of the period's set in order, with their group and the department in charge."""
    return read(con, CRITERIA, {"period": period_id})


COMMUNE_CRITERIA = """
SELECT c.criterion_code, c.sort_order, c.name_vi, c.name_en, c.group_vi, c.group_en,
       o.department, o.department_en, o.supporting_units, o.supporting_units_en, o.status_vi AS owner_status_vi,
       o.status_en AS owner_status_en, cs.met, cs.provenance
FROM periods p
JOIN criteria c ON c.set_id = p.criteria_set_id
LEFT JOIN criterion_owners o ON o.set_id = c.set_id AND o.criterion_code = c.criterion_code
LEFT JOIN commune_status cs ON cs.period_id = p.period_id AND cs.unit_id = $unit
                           AND cs.criterion_code = c.criterion_code
WHERE p.period_id = $period ORDER BY c.sort_order
"""


def commune_criteria(con: duckdb.DuckDBPyConnection, unit_id: str, period_id: str) -> pd.DataFrame:
    """Every criterion of the period's set with one commune's status (met NULL: not reported) and who is in charge."""
    return read(con, COMMUNE_CRITERIA, {"unit": unit_id, "period": period_id})


CRITERIA_SET = "SELECT * FROM criteria_sets WHERE set_id = $set"


def criteria_set(con: duckdb.DuckDBPyConnection, set_id: str) -> pd.DataFrame:
    """One criteria set (level, names, legal basis, validity), or no row."""
    return read(con, CRITERIA_SET, {"set": set_id})


BANDS = """
SELECT b.band_order, b.label_vi, b.label_en, b.min_met, b.max_met
FROM periods p JOIN criteria_bands b ON b.set_id = p.criteria_set_id
WHERE p.period_id = $period ORDER BY b.band_order
"""


def bands(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The bands of criteria met of the period's set (19, 15–18, ...), best first."""
    return read(con, BANDS, {"period": period_id})


GROUP_TYPES = """
SELECT g.group_no, g.label_vi, g.label_en, g.definition_vi, g.definition_en, g.source_status
FROM periods p JOIN commune_group_types g ON g.set_id = p.criteria_set_id
WHERE p.period_id = $period ORDER BY g.group_no
"""


def group_types(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The commune groups (nhóm xã) of the period's criteria set with their labels and definitions; none for
    a set without groups (every set before 2026–2030)."""
    return read(con, GROUP_TYPES, {"period": period_id})


COMMUNE_GROUP = """
SELECT cg.group_no, g.label_vi, g.label_en, g.definition_vi, g.definition_en, cg.basis, cg.provenance
FROM commune_groups cg
JOIN periods p ON p.period_id = cg.period_id
LEFT JOIN commune_group_types g ON g.set_id = p.criteria_set_id AND g.group_no = cg.group_no
WHERE cg.period_id = $period AND cg.unit_id = $unit
"""


def commune_group(con: duckdb.DuckDBPyConnection, unit_id: str, period_id: str) -> pd.DataFrame:
    """One commune's group in a period with its label, definition and basis (no row: no group)."""
    return read(con, COMMUNE_GROUP, {"unit": unit_id, "period": period_id})


PERIOD_TARGETS = """
SELECT period_id, target_id, value, deadline, source, source_en, scope_type, value_qualifier
FROM (
  SELECT p.period_id, t.target_id, t.value, t.deadline, t.source, t.source_en, t.scope_type, t.value_qualifier,
    row_number() OVER (PARTITION BY p.period_id ORDER BY t.scope_type = 'national', t.deadline, t.target_id) AS rank
  FROM periods p
  JOIN targets t
    ON t.measure = 'pct_communes_ntm' AND t.value IS NOT NULL
    AND (t.scope_type = 'national' OR (t.scope_type = 'province' AND t.scope_code = p.province_id))
    AND (t.valid_from IS NULL OR t.valid_from <= p.as_of_date) AND p.as_of_date <= t.deadline
)
WHERE rank = 1
"""


def period_target(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The target share of communes meeting the standard in force on a period's date for its province: its own
    (nearest deadline), else the national one; no row when neither. A target whose value is unknown is not one.
    Every period's is read in one statement, once per build: a trend asks this of every period of its line."""
    return period_part(con, PERIOD_TARGETS, period_id)


def period_targets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """period_target() of every period that has one (period_id first), in one read."""
    return read(con, PERIOD_TARGETS)


COMMUNE_TARGETS = """
SELECT DISTINCT pu.unit_id, year(t.deadline) AS target_year
FROM targets t
JOIN periods p ON p.period_id = $period
JOIN period_units pu ON pu.period_id = p.period_id
JOIN units u ON u.unit_id = pu.unit_id
WHERE t.scope_type = 'commune' AND t.measure = $measure
  AND (t.scope_code = u.unit_id OR t.scope_code = u.unit_code)
  AND (t.valid_from IS NULL OR t.valid_from <= p.as_of_date) AND p.as_of_date <= t.deadline
"""


def commune_targets(con: duckdb.DuckDBPyConnection, period_id: str, measure: str) -> pd.DataFrame:
    """Communes of the period's base named by a commune target of that measure in force on the period's
    date (named by then, deadline not passed), with the deadline's year. The target's scope_code is the
    commune's unit_code or unit_id."""
    return read(con, COMMUNE_TARGETS, {"period": period_id, "measure": measure})


PUBLISHED_FIGURES = "SELECT * FROM published_figures WHERE period_id = $period"


def published_figures(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The figures published for the period, with their source."""
    return read(con, PUBLISHED_FIGURES, {"period": period_id})


# ---- recognitions and sponsors ---------------------------------------------------------------------

RECOGNITIONS = """
SELECT r.unit_id, u.unit_name, r.level, r.year, r.decision_no, r.decision_date, r.provenance, r.source, r.source_en
FROM recognitions r JOIN units u ON u.unit_id = r.unit_id
WHERE list_contains($units, r.unit_id) ORDER BY r.year, r.unit_id
"""


def recognitions(con: duckdb.DuckDBPyConnection, unit_ids: list[str]) -> pd.DataFrame:
    """NTM recognitions (decisions) of the units, oldest first."""
    return read(con, RECOGNITIONS, {"units": list(unit_ids)})


ALL_RECOGNITIONS = """
SELECT r.unit_id, u.unit_code, u.unit_name, u.district_code, r.level, r.year, r.decision_date, r.provenance
FROM (SELECT unit_id, level, year, decision_date, provenance FROM recognitions
      UNION ALL
      SELECT unit_id, level, year, decision_date, provenance FROM advanced_recognitions) r
JOIN units u ON u.unit_id = r.unit_id
"""


def all_recognitions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every recognition, standard NTM and advanced / model, with the unit's code, name and district."""
    return read(con, ALL_RECOGNITIONS)


# ---- district standard (QĐ 558) --------------------------------------------------------------------

DISTRICT_SET = """
SELECT s.set_id FROM criteria_sets s, periods p
WHERE s.level = 'huyện' AND p.period_id = $period
  AND (s.valid_from IS NULL OR s.valid_from <= p.as_of_date) AND (s.valid_to IS NULL OR p.as_of_date <= s.valid_to)
ORDER BY s.valid_from DESC LIMIT 1
"""


def district_set(con: duckdb.DuckDBPyConnection, period_id: str) -> str | None:
    """The district-level criteria set in force on the period's date (None: none)."""
    rows = read(con, DISTRICT_SET, {"period": period_id})
    return None if rows.empty else rows["set_id"].iloc[0]


DISTRICT_CRITERIA = """
SELECT code, indicator_code, name_vi, name_en, requirement_vi, requirement_en FROM district_criteria
WHERE set_id = $set ORDER BY try_cast(code AS INTEGER) NULLS LAST, indicator_code
"""


def district_criteria(con: duckdb.DuckDBPyConnection, set_id: str) -> pd.DataFrame:
    """The criteria and indicators of a district-level set, in their order."""
    return read(con, DISTRICT_CRITERIA, {"set": set_id})


DISTRICT_STATUS = """
SELECT district_code, indicator_code, met, provenance FROM district_criteria_status
WHERE period_id = $period AND set_id = $set
"""


def district_status(con: duckdb.DuckDBPyConnection, period_id: str, set_id: str) -> pd.DataFrame:
    """Which district indicators each district meets in the period."""
    return read(con, DISTRICT_STATUS, {"period": period_id, "set": set_id})


# ---- poverty and resources -------------------------------------------------------------------------


POOR_DISTRICTS = """
SELECT p.district_code, d.district_short AS district_name, p.list_status, p.note_vi, p.note_en, p.source, p.source_en,
       p.source_status
FROM poor_districts p JOIN districts d USING (district_code) ORDER BY p.list_status DESC, p.district_code
"""


def poor_districts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The poor (30a) districts and their status on the list."""
    return read(con, POOR_DISTRICTS)


POVERTY_DISTRICTS = f"""
SELECT v.year, v.district_code, d.district_short AS district_name, v.households, v.poor_households,
       v.near_poor_households, v.provenance,
       100.0 * v.poor_households / v.households AS rate_pct,
       100.0 * v.near_poor_households / v.households AS near_rate_pct
FROM poverty_district v JOIN districts d USING (district_code)
WHERE {in_area("v.district_code")}
ORDER BY v.year, v.district_code
"""


def poverty_districts(con: duckdb.DuckDBPyConnection, districts: Iterable[str] = ()) -> pd.DataFrame:
    """Households, poor and near-poor households (and their rates, %) per year and district of the area."""
    return read(con, POVERTY_DISTRICTS, scope_params(None, districts))


RESOURCES = f"""
SELECT r.year, r.district_code, d.district_short AS district_name, r.source_code, s.sort_order, s.label_vi,
       s.label_en, r.amount_mil_vnd, r.provenance
FROM resources r JOIN districts d USING (district_code) JOIN resource_sources s USING (source_code)
WHERE {in_area("r.district_code")}
ORDER BY r.year, r.district_code, s.sort_order
"""


def resources(con: duckdb.DuckDBPyConnection, districts: Iterable[str] = ()) -> pd.DataFrame:
    """Resources mobilised (million VND) per year, district of the area and source, with the source labels."""
    return read(con, RESOURCES, scope_params(None, districts))


# ---- the country: every province's period at one date (issue 15) ------------------------------------

NATIONAL_DATES = """
SELECT as_of_date, min(criteria_set_id) AS criteria_set_id, count(*) AS provinces
FROM periods GROUP BY as_of_date HAVING count(*) > 1 ORDER BY as_of_date
"""


def national_dates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Dates at which more than one province has a period (as_of_date, criteria set, number of provinces)."""
    return read(con, NATIONAL_DATES)


NATIONAL_SCORES = """
WITH day_periods AS (SELECT period_id, province_id, criteria_set_id FROM periods WHERE as_of_date = $day),
     set_size AS (SELECT set_id, count(*) AS n_criteria FROM criteria GROUP BY set_id),
     met AS (SELECT cs.period_id, cs.unit_id, count(*) FILTER (WHERE cs.met) AS met_count,
                    coalesce(bool_or(cs.provenance = 'illustrative'), false) AS illustrative
             FROM commune_status cs WHERE cs.period_id IN (SELECT period_id FROM day_periods) GROUP BY ALL)
SELECT pu.period_id, pu.unit_id, dp.province_id AS area_id, pr.label_vi AS area_name, pr.label_en AS area_name_en,
       coalesce(met.met_count, 0) AS met_count, coalesce(set_size.n_criteria, 0) AS n_criteria,
       coalesce(met.illustrative, false) AS illustrative
FROM period_units pu
JOIN day_periods dp ON dp.period_id = pu.period_id
JOIN provinces pr ON pr.province_id = dp.province_id
LEFT JOIN set_size ON set_size.set_id = dp.criteria_set_id
LEFT JOIN met ON met.period_id = pu.period_id AND met.unit_id = pu.unit_id
ORDER BY dp.province_id, pu.unit_id
"""


def national_scores(con: duckdb.DuckDBPyConnection, day: date) -> pd.DataFrame:
    """One row per commune of every province's period at a date: its province (area_id, area_name), criteria
    met, size of the set, whether illustrative."""
    return read(con, NATIONAL_SCORES, {"day": day})
