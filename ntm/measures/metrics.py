"""Programme metrics for a reporting period and an optional set of areas.

Everything is computed from commune-level criterion statuses. A commune meets the NTM standard when it
meets every criterion of the set its period uses (the number of criteria comes from the data, never
from code). The aggregation functions are pure (DataFrame in, figures out) so they can be tested on
hand-made frames; the ``*_for`` wrappers fetch what they need from the database.

Areas are what a period groups its communes by (data: period_groupings): districts up to 06/2025, the
former district or former province of each commune afterwards.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from ntm.locale.i18n import local, t
from ntm.locale.text import in_sentence
from ntm.measures import queries, recognitions


@dataclass(frozen=True, init=False)
class Scope:
    """A reporting period and, optionally, the areas and the commune groups to restrict to (empty = the whole
    province, every group).

    areas are ids under `grouping` (None: the period's default grouping, period_groupings); the positional
    second argument and the keyword ``districts=`` name them as before, for callers written for districts.
    groups are group numbers (nhóm xã: '1', '2', '3') of the period's criteria set (data: commune_groups); a
    period whose set has no groups has no commune in any group."""

    period_id: str
    areas: tuple[str, ...] = ()
    grouping: str | None = None
    groups: tuple[str, ...] = ()

    def __init__(
        self,
        period_id: str,
        areas: tuple[str, ...] = (),
        grouping: str | None = None,
        *,
        districts: tuple[str, ...] | None = None,
        groups: tuple[str, ...] = (),
    ):
        object.__setattr__(self, "period_id", period_id)
        object.__setattr__(self, "areas", tuple(districts if districts is not None else areas))
        object.__setattr__(self, "grouping", grouping)
        object.__setattr__(self, "groups", tuple(groups))

    @property
    def districts(self) -> tuple[str, ...]:
        """The area ids (named districts when every grouping was by district)."""
        return self.areas

    def params(self) -> dict:
        """The scope's area filter as SQL parameters (queries.scope_params)."""
        return queries.scope_params(self.period_id, self.areas)

    def at(self, con: duckdb.DuckDBPyConnection, period_id: str) -> Scope:
        """The same areas in another period, under the grouping of the same kind that period offers (a former
        district of 2025 is the district of 2020), else the plain grouping of that kind (a former province of
        2025 is a province of 2020). The groups are kept: a period without them has no commune in them."""
        if period_id == self.period_id:
            return self
        if not self.areas:
            return Scope(period_id, groups=self.groups)
        kind = queries.GROUPING_KIND.get(grouping_of(con, self))
        offered = queries.period_groupings(con, period_id)
        same = offered.loc[offered["area_kind"] == kind, "grouping"].tolist()
        return Scope(period_id, self.areas, same[0] if same else kind, groups=self.groups)


def grouping_of(con: duckdb.DuckDBPyConnection, scope: Scope) -> str:
    """The scope's grouping, or its period's default one."""
    return scope.grouping or queries.default_grouping(con, scope.period_id)


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


def area_rows(scores: pd.DataFrame, target_pct: float | None) -> pd.DataFrame:
    """One row per area of the scores (area_id / area_name; district_code / district_name in frames without
    areas): base, recognised, %, average criteria, gap to target. The area also comes as district_code and
    district_name, the names callers written for districts read."""
    key = ["area_id", "area_name"] if "area_id" in scores.columns else ["district_code", "district_name"]
    scores = scores.assign(meets=scores["met_count"] == scores["n_criteria"])
    grouped = scores.groupby(key, as_index=False, dropna=False).agg(
        base=("unit_id", "size"), recognised=("meets", "sum"), avg_criteria=("met_count", "mean")
    )
    grouped["recognised"] = grouped["recognised"].astype(int)
    grouped["pct"] = grouped["recognised"] / grouped["base"] * 100
    grouped["gap_points"] = grouped["pct"] - target_pct if target_pct is not None else None
    grouped = grouped.assign(area_id=grouped[key[0]], area_name=grouped[key[1]])
    grouped = grouped.assign(district_code=grouped["area_id"], district_name=grouped["area_name"])
    columns = ["district_code", "district_name", "base", "recognised", "pct", "avg_criteria", "gap_points"]
    return grouped[[*columns, "area_id", "area_name"]]


district_rows = area_rows  # the name of the days when every period was grouped by district


# ---- database-backed wrappers ------------------------------------------------------------------


def periods(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Reporting periods in time order, with the size of each commune base, province, mark and plan."""
    return queries.periods(con)


def default_period(per: pd.DataFrame) -> str:
    """The period the dashboard opens on: the one flagged in periods.csv, else the latest."""
    flagged = per.loc[per["is_default"], "period_id"]
    return flagged.iloc[0] if len(flagged) else per["period_id"].iloc[-1]


def period_row(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.Series:
    """The period's row of periods() (as_of_date, province_id, criteria_set_id, ...); KeyError naming the periods
    when there is no such period."""
    per = periods(con).set_index("period_id")
    if period_id not in per.index:
        raise KeyError(f"Không có kỳ báo cáo '{period_id}'. Các kỳ: {', '.join(per.index)}")
    return per.loc[period_id]


def province_line(con: duckdb.DuckDBPyConnection, province_id: str | None) -> set[str]:
    """The province and every province that became it (old Lào Cai and old Yên Bái for the merged one)."""
    successor = dict(queries.provinces(con)[["province_id", "successor_id"]].itertuples(index=False))
    line, grew = {province_id}, True
    while grew:
        before = len(line)
        line |= {p for p, s in successor.items() if s in line}
        grew = len(line) > before
    return line


def periods_up_to(con: duckdb.DuckDBPyConnection, period_id: str) -> list[str]:
    """Ids of the periods up to and including period_id on its province's line (the province and those that
    became it), oldest first (KeyError: no such period)."""
    per = periods(con)
    me = period_row(con, period_id)
    line = per[per["province_id"].isin(province_line(con, me["province_id"]))]["period_id"].tolist()
    return line[: line.index(period_id) + 1]


def previous_period(con: duckdb.DuckDBPyConnection, period_id: str) -> str | None:
    """The period just before period_id in the same province and under the same criteria set (None: the first
    one; a change of province or of set is a break, never a change to report)."""
    per = periods(con).set_index("period_id")
    me = period_row(con, period_id)
    same = [
        p
        for p in periods_up_to(con, period_id)[:-1]
        if per.loc[p, "province_id"] == me["province_id"] and per.loc[p, "criteria_set_id"] == me["criteria_set_id"]
    ]
    return same[-1] if same else None


def next_period(con: duckdb.DuckDBPyConnection, period_id: str) -> str | None:
    """The first later period of the same province or of the province it became (None: the last)."""
    per, me = periods(con), period_row(con, period_id)
    later = per[per["as_of_date"] > me["as_of_date"]]
    for p, province in zip(later["period_id"], later["province_id"]):
        if me["province_id"] in province_line(con, province):
            return p
    return None


def phase_end(con: duckdb.DuckDBPyConnection, period_id: str) -> date | None:
    """The last day of the programme phase a period belongs to: the end of its criteria set's validity (None:
    open). What a period shows of other periods stops there (a later phase is measured on another set)."""
    end = queries.criteria_set(con, period_row(con, period_id)["criteria_set_id"])["valid_to"]
    return pd.Timestamp(end.iloc[0]).date() if len(end) and pd.notna(end.iloc[0]) else None


def commune_scores(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """One row per commune of the period's base: criteria met, and whether it meets the standard.

    Read once per scope and database build (queries.read), however many figures are drawn from it."""
    return _with_standard(queries.commune_scores(con, scope))


def line_scores(con: duckdb.DuckDBPyConnection, scope: Scope) -> list[tuple[Scope, pd.DataFrame]]:
    """The scope's areas in every period of its line up to its own (Scope.at), oldest first, each with its
    commune_scores(): one read for the whole line rather than one per period (a 2026 line has 10 periods)."""
    line = [scope.at(con, p) for p in periods_up_to(con, scope.period_id)]
    return [(s, _with_standard(scores)) for s, scores in zip(line, queries.commune_scores_line(con, line))]


def _with_standard(scores: pd.DataFrame) -> pd.DataFrame:
    scores["meets_standard"] = scores["met_count"] == scores["n_criteria"]
    return scores


def target_for(con: duckdb.DuckDBPyConnection, period_id: str) -> Target | None:
    """The target share of communes meeting the standard in force on the period's date for its province (its
    own target first, else the national one), if any."""
    rows = queries.period_target(con, period_id)
    if rows.empty:
        return None
    r = rows.iloc[0]
    return Target(r["target_id"], float(r["value"]), r["source"])


def summary(con: duckdb.DuckDBPyConnection, scope: Scope) -> Summary:
    """Headline figures for a scope."""
    return _summary_of(con, scope.period_id, commune_scores(con, scope))


def _summary_of(con: duckdb.DuckDBPyConnection, period_id: str, scores: pd.DataFrame) -> Summary:
    target = target_for(con, period_id)
    return summarize(scores, period_id, target.pct if target else None)


def bands(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Communes per band of criteria met."""
    return band_counts(commune_scores(con, scope), queries.bands(con, scope.period_id))


def criteria_table(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The criteria of the period's set, in order, with the department in charge."""
    return queries.criteria(con, period_id)


def scope_status(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Every commune x criterion status of the scope (unit_id, criterion_code, met)."""
    return queries.status(con, scope)


def criteria_achievement(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Communes meeting each criterion."""
    base = len(commune_scores(con, scope))
    return criteria_counts(scope_status(con, scope), criteria_table(con, scope.period_id), base)


def area_table(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Per-area figures of the scope, under its grouping: districts, or former districts / provinces."""
    target = target_for(con, scope.period_id)
    return area_rows(commune_scores(con, scope), target.pct if target else None)


district_table = area_table  # the name callers written for districts use


def status_matrix(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Commune x criterion table of met (True/False), communes as rows."""
    return scope_status(con, scope).pivot(index="unit_id", columns="criterion_code", values="met")


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
    """compare() of the scope with the same areas in the previous period (same province, same criteria set)."""
    prev = previous_period(con, scope.period_id)
    before = summary(con, scope.at(con, prev)) if prev else None
    return compare(summary(con, scope), before)


def trend(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Headline figures of the scope's areas in every period of its line up to the scope's, oldest first, with the
    period's province and criteria set and ``break_before``: True where either differs from the point before
    (a chart breaks its line there: a status met under one set or in one province is not carried on). A period
    where the scope holds no commune (an area or a commune group it did not have) is left out.

    The whole line is summarised at once (summarize() per period cost a 2026 line of ten periods a tenth of the
    overview); the scope's own period and the one before are kept as their reads, for the headline and its change."""
    per = periods(con).set_index("period_id")
    line = [scope.at(con, p) for p in periods_up_to(con, scope.period_id)]
    rows, per_scope = queries.line_rows(con, line)
    previous = previous_period(con, scope.period_id)
    queries.line_parts(con, rows, [p for p in per_scope if p["period"] in (scope.period_id, previous)])
    frame = line_summaries(rows, [s.period_id for s in line], scope.period_id)
    read = queries.period_targets(con)
    targets = dict(zip(read["period_id"], read["value"].astype(float)))
    target = [targets.get(p) for p in frame["period_id"]]
    frame["gap_points"] = [p - t if p is not None and t is not None else None for p, t in zip(frame["pct"], target)]
    frame["target_pct"] = target
    frame["province_id"] = frame["period_id"].map(per["province_id"])
    frame["criteria_set_id"] = frame["period_id"].map(per["criteria_set_id"])
    frame = frame[[*SUMMARY_FIELDS, "province_id", "criteria_set_id"]]
    shifted = frame[["province_id", "criteria_set_id"]].shift(1)
    changed = (frame[["province_id", "criteria_set_id"]] != shifted).any(axis=1) & shifted["province_id"].notna()
    return frame.assign(break_before=changed)


SUMMARY_FIELDS = [f.name for f in fields(Summary)]


def line_summaries(rows: pd.DataFrame, period_ids: list[str], own: str) -> pd.DataFrame:
    """summarize() of each period of a line's scores (period_id first) without its target, in the line's order; a
    period without a commune is left out, except the scope's own (zeros, as summarize() gives them)."""
    g = rows.assign(meets=rows["met_count"] == rows["n_criteria"]).groupby("period_id", sort=False)
    out = pd.DataFrame(
        {
            "recognised": g["meets"].sum(),
            "base": g.size(),
            "met_total": g["met_count"].sum(),
            "n_criteria": g["n_criteria"].max(),
            "illustrative": g["illustrative"].any(),
        }
    )
    kept = [p for p in period_ids if p in out.index or p == own]
    out = out.reindex(kept)
    base = out["base"].fillna(0).astype(int)
    return pd.DataFrame(
        {
            "period_id": kept,
            "recognised": out["recognised"].fillna(0).astype(int).tolist(),
            "base": base.tolist(),
            "pct": [r / b * 100 if b else None for r, b in zip(out["recognised"], base)],
            "avg_criteria": [m / b if b else None for m, b in zip(out["met_total"], base)],
            "n_criteria": out["n_criteria"].fillna(0).astype(int).tolist(),
            "illustrative": out["illustrative"].fillna(False).astype(bool).tolist(),
        }
    )


def since_last_break(history: pd.DataFrame) -> pd.DataFrame:
    """The points of a trend after its last break: the part a single line may join."""
    breaks = history.index[history.get("break_before", pd.Series(False, index=history.index)).astype(bool)]
    return history.loc[breaks[-1] :] if len(breaks) else history


def break_positions(history: pd.DataFrame) -> tuple[int, ...]:
    """Positions (0 = oldest) of the points of a trend that start a new line: the criteria set or the province
    changed just before them."""
    flags = history.get("break_before", pd.Series(False, index=history.index)).astype(bool).tolist()
    return tuple(i for i, b in enumerate(flags) if b)


def groupings(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The groupings a period offers (grouping, label_vi, label_en, is_default); districts when data says none."""
    rows = queries.period_groupings(con, period_id)
    if rows.empty:
        return pd.DataFrame(
            [{"grouping": queries.DEFAULT_GROUPING, "is_default": True, "label_vi": None, "label_en": None}]
        )
    return rows


def areas(con: duckdb.DuckDBPyConnection, period_id: str, grouping: str | None = None) -> pd.DataFrame:
    """The areas of the period's communes under a grouping (default: the period's): id, short and full names."""
    return queries.period_areas(con, period_id, grouping or queries.default_grouping(con, period_id))


def districts(
    con: duckdb.DuckDBPyConnection, period_id: str | None = None, grouping: str | None = None
) -> pd.DataFrame:
    """The areas of a period (default: the default period) under a grouping (default: the period's), in id order,
    as the area filter names them (district_code, district_short, district_name)."""
    period_id = period_id or default_period(periods(con))
    a = areas(con, period_id, grouping)
    return pd.DataFrame({"district_code": a["area_id"], "district_short": a["short_vi"], "district_name": a["name_vi"]})


def area_label(con: duckdb.DuckDBPyConnection, scope: Scope, lang: str = "vi") -> str:
    """What the scope's areas are called ('Huyện' up to 06/2025, 'Huyện cũ' or 'Tỉnh cũ' after): its grouping's
    label, from the data; 'Huyện' where the data names none. Tables and charts by area are headed with it."""
    rows = queries.period_groupings(con, scope.period_id)
    mine = rows.loc[rows["grouping"] == grouping_of(con, scope), local("label", lang)]
    label = mine.iloc[0] if len(mine) else None
    return label if isinstance(label, str) and label else t("col_district", lang)


def area_heading(con: duckdb.DuckDBPyConnection, scope: Scope, lang: str = "vi") -> str | None:
    """area_label() where the scope's areas are not the districts of their day ('Huyện cũ', 'Tỉnh cũ' after
    07/2025), for a table's area column; None for districts, whose tables keep their own headers."""
    return None if grouping_of(con, scope) == queries.DEFAULT_GROUPING else area_label(con, scope, lang)


def area_phrase(con: duckdb.DuckDBPyConnection, scope: Scope, lang: str = "vi") -> str | None:
    """area_heading() as words inside a sentence ('huyện cũ', 'tỉnh cũ'), for texts by area (i18n.by_area); None
    for districts, whose texts name them in full ('huyện, thị xã, thành phố')."""
    heading = area_heading(con, scope, lang)
    return in_sentence(heading) if heading else None


def merged_rule(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.Series | None:
    """The merged-commune rule the period's figures use (rule_id, label_vi, label_en, rule_vi, ...), or None."""
    rule_id = period_row(con, period_id)["merged_rule_id"]
    rules = queries.merged_rules(con).set_index("rule_id", drop=False)
    return rules.loc[rule_id] if isinstance(rule_id, str) and rule_id in rules.index else None


def published_figures(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """Figures published for the period (with their source and status: confirmed or reported), to show beside
    the computed ones."""
    return queries.published_figures(con, period_id)


def scope_label(con: duckdb.DuckDBPyConnection, scope: Scope, lang: str = "vi") -> str:
    """'Toàn tỉnh' or the chosen area names in id order, then the chosen commune groups ('· Nhóm 1, Nhóm 3'):
    the one label of a scope, on screen and in files."""
    if not scope.areas:
        label = t("all_districts", lang)
    else:
        names = areas(con, scope.period_id, scope.grouping)
        names = names[names["area_id"].isin(scope.areas)]
        label = ", ".join(names["short_vi" if lang == "vi" else "name_en"])
    if scope.groups:
        label += " · " + ", ".join(group_labels(con, scope.period_id, lang).get(g, g) for g in sorted(scope.groups))
    return label


# ---- commune groups (nhóm xã, 2026–2030) -----------------------------------------------------------


def group_types(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """The commune groups of the period's criteria set (group_no, label_vi, label_en, definition_vi, ...); empty
    for a set without groups."""
    return queries.group_types(con, period_id)


def group_labels(con: duckdb.DuckDBPyConnection, period_id: str, lang: str = "vi") -> dict[str, str]:
    """group_no -> its label in the language ('Nhóm 1'), from the data."""
    types = group_types(con, period_id)
    return dict(zip(types["group_no"], types["label_en" if lang == "en" else "label_vi"]))


def group_rows(scores: pd.DataFrame, types: pd.DataFrame, target_pct: float | None) -> pd.DataFrame:
    """area_rows() by commune group: one row per group of the set, in group order (a group without a commune
    of the scope shows base 0 and no share), with group_no, label_vi and label_en. Communes without a group are
    left out. Three groups a set: counted with a mask each rather than a group-by (a tenth of a 2026 overview)."""
    group = scores["group_no"].to_numpy(dtype=object)
    met = scores["met_count"].to_numpy()
    meets = met == scores["n_criteria"].to_numpy()
    base, recognised, met_total = [], [], []
    for g in types["group_no"]:
        mine = group == g
        base.append(int(mine.sum()))
        recognised.append(int(meets[mine].sum()))
        met_total.append(int(met[mine].sum()))
    base_, recognised_ = np.array(base, dtype="int64"), np.array(recognised, dtype="int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        pct = np.where(base_ > 0, recognised_ / base_ * 100, np.nan)
        avg = np.where(base_ > 0, np.array(met_total, dtype="float64") / base_, np.nan)
    rows = types[["group_no", "label_vi", "label_en"]].reset_index(drop=True)
    return rows.assign(
        base=base_,
        recognised=recognised_,
        pct=pct,
        avg_criteria=avg,
        gap_points=pct - target_pct if target_pct is not None else np.nan,
    )


def group_table(con: duckdb.DuckDBPyConnection, scope: Scope) -> pd.DataFrame:
    """Per commune group figures of the scope (empty when the period's set has no groups): the groups meet
    their own thresholds (QĐ 51/2025), so a figure over every group is shown next to each group's."""
    types = group_types(con, scope.period_id)
    if types.empty:
        return pd.DataFrame()
    if scope.groups:
        types = types[types["group_no"].isin(scope.groups)]
    target = target_for(con, scope.period_id)
    return group_rows(commune_scores(con, scope), types, target.pct if target else None)


@dataclass(frozen=True)
class Recognitions:
    """What a figure that counts recognitions counts: communes of the scope holding an NTM recognition on the
    period's date, the criteria they still meet on average, and how many meet every criterion today."""

    holders: int
    avg_criteria: float | None
    holders_meeting_all: int
    meeting_all: int


def recognition_holders(con: duckdb.DuckDBPyConnection, scope: Scope, level: str = "NTM") -> Recognitions:
    """Holders of a recognition (of `level`: NTM, NTM nâng cao, ...) next to communes meeting every criterion
    (they differ: a review may find a recognised commune below the standard; a commune may meet every
    criterion before its decision)."""
    scores = commune_scores(con, scope).set_index("unit_id")
    day = pd.Timestamp(period_row(con, scope.period_id)["as_of_date"]).date()
    recs, lineage = queries.all_recognitions(con), queries.lineage(con)
    held = recognitions.holders(list(scores.index), recs, lineage, day, level)
    mine = scores.loc[sorted(held)]
    return Recognitions(
        holders=len(mine),
        avg_criteria=float(mine["met_count"].mean()) if len(mine) else None,
        holders_meeting_all=int(mine["meets_standard"].sum()),
        meeting_all=int(scores["meets_standard"].sum()),
    )
