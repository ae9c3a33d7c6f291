"""Analysis for staff: the district league table and the commune x criterion matrix.

Districts are ranked two ways — by level (share meeting the standard, then average criteria) and by
improvement since the previous period (change in that share, then in the average) — and given a traffic
light whose thresholds are data (table traffic_lights). The matrix lists, for each commune of the scope,
which criteria it meets; filters and an accent-blind name search narrow it down.

The ranking, lights, filtering and search are pure functions on DataFrames (tested on hand-made frames);
the ``*_for`` style wrappers read the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from ntm.locale import fmt
from ntm.locale.i18n import local, t
from ntm.locale.text import fold
from ntm.measures import metrics, queries

EPS = 1e-9  # shares are ratios of small integers; compare them with a tolerance

# ---- traffic lights -------------------------------------------------------------------------------


def traffic_lights(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The traffic-light rule (best light first); empty when the dataset carries none."""
    return queries.traffic_lights(con)


def light_for(gap_points: float | None, lights: pd.DataFrame) -> str | None:
    """The first light whose bound the gap (share − target, points) reaches; None without target or rule."""
    if gap_points is None or pd.isna(gap_points) or lights.empty:
        return None
    for light, bound in zip(lights["light"], lights["min_gap_points"]):
        if pd.isna(bound) or gap_points >= bound - EPS:
            return light
    return None


def rule_lines(
    lights: pd.DataFrame, target_pct: float | None, lang: str = "vi", escape: Callable[[str], str] = str
) -> list[str]:
    """The rule in words with the actual thresholds, one markdown line per light ('**Vàng**: từ 18,0% đến dưới
    28,0% ...'); escape: how a page writes the light's label (data an office edits) as literal markdown text."""
    if target_pct is None or lights.empty:
        return []
    lines, upper = [], None
    for r in lights.itertuples(index=False):
        label = escape(getattr(r, local("label", lang)))
        lower = None if pd.isna(r.min_gap_points) else target_pct + r.min_gap_points
        if lower is not None and upper is None:
            span = t("an_rule_at_least", lang, lower=fmt.percent(lower, lang=lang))
        elif lower is not None:
            span = t("an_rule_between", lang, lower=fmt.percent(lower, lang=lang), upper=fmt.percent(upper, lang=lang))
        else:
            span = t("an_rule_below", lang, upper=fmt.percent(upper, lang=lang)) if upper is not None else ""
        gap = "" if pd.isna(r.min_gap_points) else t("an_rule_gap", lang, gap=fmt.signed(r.min_gap_points, lang=lang))
        lines.append(f"**{label}**: {span}{gap}")
        upper = lower
    return lines


# ---- league table ---------------------------------------------------------------------------------


def _competition_rank(keys: list[tuple[float, ...]]) -> list[int | None]:
    """Rank 1 = best (largest key); equal keys share a rank (1, 2, 2, 4); None keys get no rank."""
    out = []
    for k in keys:
        if k is None:
            out.append(None)
            continue
        better = sum(1 for o in keys if o is not None and _greater(o, k))
        out.append(better + 1)
    return out


def _greater(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    for x, y in zip(a, b):
        if x > y + EPS:
            return True
        if x < y - EPS:
            return False
    return False


def league_rows(current: pd.DataFrame, previous: pd.DataFrame | None, lights: pd.DataFrame) -> pd.DataFrame:
    """Rank districts by level and by improvement and give each its light.

    current/previous: one row per district (metrics.district_rows: district_code, district_name, base,
    recognised, pct, avg_criteria, gap_points). Returned in level order (ties by district code).
    """
    out = current.copy()
    if previous is not None and not previous.empty:
        prev = previous.set_index("district_code")
        out["prev_pct"] = out["district_code"].map(prev["pct"])
        out["prev_avg"] = out["district_code"].map(prev["avg_criteria"])
        out["prev_recognised"] = out["district_code"].map(prev["recognised"])
    else:
        out["prev_pct"] = out["prev_avg"] = out["prev_recognised"] = float("nan")
    out["delta_pct"] = out["pct"] - out["prev_pct"]
    out["delta_avg"] = out["avg_criteria"] - out["prev_avg"]
    out["delta_recognised"] = out["recognised"] - out["prev_recognised"]
    level_keys = [(p, a) for p, a in zip(out["pct"], out["avg_criteria"])]
    move_keys = [
        None if pd.isna(d) else (d, 0.0 if pd.isna(a) else a) for d, a in zip(out["delta_pct"], out["delta_avg"])
    ]
    out["rank_level"] = pd.array(_competition_rank(level_keys), dtype="Int64")
    out["rank_improvement"] = pd.array(_competition_rank(move_keys), dtype="Int64")
    gaps = out["gap_points"] if "gap_points" in out else pd.Series([None] * len(out), index=out.index)
    out["light"] = [light_for(None if pd.isna(g) else float(g), lights) for g in gaps]
    names = dict(zip(lights["light"], lights["label_vi"])) if not lights.empty else {}
    names_en = dict(zip(lights["light"], lights["label_en"])) if not lights.empty else {}
    out["light_vi"] = out["light"].map(names)
    out["light_en"] = out["light"].map(names_en)
    return out.sort_values(["rank_level", "district_code"]).reset_index(drop=True)


def order_league(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """The league in 'level' or 'improvement' order (districts without a previous figure last)."""
    column = "rank_improvement" if by == "improvement" else "rank_level"
    return table.sort_values([column, "district_code"], na_position="last").reset_index(drop=True)


def trends(history: pd.DataFrame, period_ids: list[str]) -> dict[str, list[float]]:
    """Share meeting the standard per district in each period (oldest first), for sparklines.

    history: one row per (period, commune) with district_code, met_count, n_criteria. A district absent
    from a period (no commune in its base) is skipped for that period.
    """
    h = history.assign(meets=history["met_count"] == history["n_criteria"])
    grouped = h.groupby(["district_code", "period_id"])["meets"].mean() * 100
    out: dict[str, list[float]] = {}
    for code in h["district_code"].unique():
        out[code] = [float(grouped[(code, p)]) for p in period_ids if (code, p) in grouped.index]
    return out


@dataclass(frozen=True)
class League:
    """The district league table of a scope and what is needed to read it."""

    table: pd.DataFrame
    period_ids: list[str]  # periods of the sparklines, oldest first (since the last change of set or province)
    previous_period_id: str | None
    target_pct: float | None
    lights: pd.DataFrame
    illustrative: bool
    trend_break: bool = False  # the sparklines start after a change of criteria set or province


def scores_history(con: duckdb.DuckDBPyConnection, scope: metrics.Scope) -> pd.DataFrame:
    """Commune scores of the scope's districts in every period up to the scope's, oldest first, with
    period_id (the same one read of the line as the overview's, so the two pages share it)."""
    frames = [scores.assign(period_id=at.period_id) for at, scores in metrics.line_scores(con, scope)]
    return pd.concat(frames, ignore_index=True)


def since_last_change(con: duckdb.DuckDBPyConnection, period_ids: list[str]) -> list[str]:
    """The periods (oldest first) after the last change of criteria set or province: a sparkline joins only
    those (a status met under one set is not carried into another)."""
    per = metrics.periods(con).set_index("period_id")
    keys = [(per.loc[p, "province_id"], per.loc[p, "criteria_set_id"]) for p in period_ids]
    start = max((i for i in range(1, len(keys)) if keys[i] != keys[i - 1]), default=0)
    return period_ids[start:]


def league(con: duckdb.DuckDBPyConnection, scope: metrics.Scope) -> League:
    """League table of the scope's districts with both ranks, lights and sparkline series.

    Ranks are the province's: the whole province is ranked, then the chosen areas kept, so the area that is
    second in the province shows 2 when it is chosen alone."""
    history = scores_history(con, metrics.Scope(scope.period_id, (), scope.grouping, groups=scope.groups))
    every = list(dict.fromkeys(history["period_id"]))
    period_ids = since_last_change(con, every)
    prev_id = metrics.previous_period(con, scope.period_id)
    target = metrics.target_for(con, scope.period_id)
    target_pct = target.pct if target else None
    current = metrics.district_rows(history[history["period_id"] == scope.period_id], target_pct)
    previous = metrics.district_rows(history[history["period_id"] == prev_id], None) if prev_id else None
    lights = traffic_lights(con)
    table = league_rows(current, previous, lights)
    series = trends(history, period_ids)
    table["trend"] = [series.get(code, []) for code in table["district_code"]]
    if scope.areas:
        table = table[table["district_code"].isin(scope.areas)].reset_index(drop=True)
        history = history[history["area_id" if "area_id" in history else "district_code"].isin(scope.areas)]
    illustrative = bool(history.loc[history["period_id"] == scope.period_id, "illustrative"].any())
    return League(table, period_ids, prev_id, target_pct, lights, illustrative, len(period_ids) < len(every))


# ---- commune x criterion matrix -------------------------------------------------------------------


def criterion_field(code: str) -> str:
    """Column of the matrix holding criterion code's status."""
    return f"c_{code}"


def band_of(met_count: int, bands: pd.DataFrame) -> int | None:
    """band_order of the band holding met_count (bands as data)."""
    hit = bands[(bands["min_met"] <= met_count) & (met_count <= bands["max_met"])]
    return int(hit["band_order"].iloc[0]) if len(hit) else None


def build_matrix(
    scores: pd.DataFrame, status: pd.DataFrame, criteria: pd.DataFrame, bands: pd.DataFrame
) -> pd.DataFrame:
    """One row per commune: scores, band, missing criteria and one True/False/NA column per criterion."""
    out = scores.copy()
    wide = status.pivot(index="unit_id", columns="criterion_code", values="met") if len(status) else pd.DataFrame()
    codes = criteria["criterion_code"].tolist()
    for code in codes:
        col = wide[code] if code in wide.columns else pd.Series(dtype="boolean")
        out[criterion_field(code)] = out["unit_id"].map(col).astype("boolean")
    flags = out[[criterion_field(c) for c in codes]].itertuples(index=False)
    out["missing"] = [[c for c, v in zip(codes, row) if pd.isna(v) or not v] for row in flags]
    names = dict(zip(codes, criteria["name_vi"]))
    names_en = dict(zip(codes, criteria["name_en"]))
    out["missing_vi"] = [[f"{c}. {names[c]}" for c in m] for m in out["missing"]]
    out["missing_en"] = [[f"{c}. {names_en[c]}" for c in m] for m in out["missing"]]
    out["missing_count"] = out["n_criteria"] - out["met_count"]
    band = {m: band_of(int(m), bands) for m in out["met_count"].unique()}  # a few counts, not one per commune
    out["band_order"] = pd.array([band[m] for m in out["met_count"]], dtype="Int64")
    labels = bands.set_index("band_order")
    out["band_vi"] = out["band_order"].map(labels["label_vi"])
    out["band_en"] = out["band_order"].map(labels["label_en"])
    out["meets_standard"] = out["met_count"] == out["n_criteria"]
    return out


@dataclass(frozen=True)
class MatrixFilter:
    """What the communes page narrows the matrix to (empty = no restriction)."""

    bands: tuple[int, ...] = ()  # band_order values
    criterion: str | None = None  # a criterion code
    criterion_status: str | None = None  # 'met' or 'missing' (for the criterion)
    search: str = ""  # part of the commune name, accents and case ignored
    sort: str = "met_desc"  # met_desc | met_asc | name


SORTS = ("met_desc", "met_asc", "name")


def name_matches(names: pd.Series, text: str) -> pd.Series:
    """Which names contain text, ignoring accents, case and extra spaces ('ban xen' finds 'Bản Xen')."""
    needle = fold(text).strip()
    if not needle:
        return pd.Series(True, index=names.index)
    return names.map(lambda n: needle in fold(n))


@dataclass(frozen=True)
class SearchHint:
    """A commune a search found that the table alone would not explain: it lies outside the chosen areas, or
    it was found by another spelling of its name (unit_aliases), which the hint then names."""

    unit_id: str
    unit_name: str
    area_id: str
    area_name: str
    alias: str | None  # the other spelling that matched, when the official name did not
    outside: bool  # outside the chosen areas (a click on the hint can switch the area filter to it)


def search_hints(province: pd.DataFrame, text: str, areas: tuple[str, ...] = (), limit: int = 5) -> list[SearchHint]:
    """The hints of a search over the province's matrix: communes outside `areas` that match (by name or alias),
    and communes inside that match only by an alias; at most `limit`, in the order of the matrix."""
    needle = fold(text).strip()
    if not needle:
        return []
    key, label = ("area_id", "area_name") if "area_id" in province.columns else ("district_code", "district_name")
    aliases = province["aliases"] if "aliases" in province.columns else pd.Series(None, index=province.index)
    hints = []
    for r, others in zip(province.itertuples(index=False), aliases):
        spelled = [a.strip() for a in (others or "").split("|") if a.strip()] if isinstance(others, str) else []
        by_name = needle in fold(r.unit_name)
        alias = None if by_name else next((a for a in spelled if needle in fold(a)), None)
        if not by_name and alias is None:
            continue
        outside = bool(areas) and getattr(r, key) not in areas
        if outside or alias is not None:
            hints.append(SearchHint(r.unit_id, r.unit_name, getattr(r, key), getattr(r, label), alias, outside))
    return hints[:limit]


def filter_matrix(matrix: pd.DataFrame, f: MatrixFilter) -> pd.DataFrame:
    """Rows of the matrix kept by f, sorted as f asks (ties: district code, then name)."""
    keep = pd.Series(True, index=matrix.index)
    if f.bands:
        keep &= matrix["band_order"].isin(list(f.bands)).fillna(False).astype(bool)
    if f.criterion and f.criterion_status in ("met", "missing"):
        status = matrix[criterion_field(f.criterion)]
        keep &= (status.fillna(False) if f.criterion_status == "met" else ~status.fillna(False)).astype(bool)
    if f.search:  # the official name or another known spelling ("Bản Xen" for GSO's "Bản Sen")
        names = matrix["unit_name"]
        if "aliases" in matrix.columns:
            names = names + " | " + matrix["aliases"].fillna("")
        keep &= name_matches(names, f.search)
    out = matrix[keep].assign(_name=lambda d: d["unit_name"].map(fold))
    if f.sort == "name":
        out = out.sort_values(["_name", "district_code"])
    else:
        out = out.sort_values(["met_count", "district_code", "_name"], ascending=[f.sort == "met_asc", True, True])
    return out.drop(columns="_name").reset_index(drop=True)


@dataclass(frozen=True)
class Matrix:
    """The matrix of a scope with the criteria and bands that label it."""

    frame: pd.DataFrame
    criteria: pd.DataFrame
    bands: pd.DataFrame
    illustrative: bool


def commune_matrix(con: duckdb.DuckDBPyConnection, scope: metrics.Scope) -> Matrix:
    """Commune x criterion matrix of the scope (period and districts)."""
    scores = metrics.commune_scores(con, scope)
    status = metrics.scope_status(con, scope)
    criteria = metrics.criteria_table(con, scope.period_id)
    bands = queries.bands(con, scope.period_id)
    frame = build_matrix(scores, status, criteria, bands)
    types = queries.group_types(con, scope.period_id).set_index("group_no")
    frame["commune_group_vi"] = frame["group_no"].map(types["label_vi"])
    frame["commune_group_en"] = frame["group_no"].map(types["label_en"])
    return Matrix(frame, criteria, bands, bool(scores["illustrative"].any()) if len(scores) else False)


def close_band(bands: pd.DataFrame, n_criteria: int) -> pd.Series | None:
    """The band just below the standard (15–18 of 19 in the bundled data): the highest band that does not
    reach n_criteria. Taken from the bands table, never typed."""
    below = bands[bands["max_met"] < n_criteria]
    if below.empty:
        return None
    return below.sort_values("max_met", ascending=False).iloc[0]
