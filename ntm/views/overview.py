"""Tổng quan as one answer: the headline figures of a scope with their change and history, the note under
them, the frames of the three charts and the district table as shown, in the chosen language."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from ntm.figures.tables import Col, Sheet, screen
from ntm.locale import fmt
from ntm.locale.i18n import in_lang, local, t
from ntm.locale.text import in_sentence
from ntm.measures import merged, metrics
from ntm.measures.target_gap import communes_required


@dataclass(frozen=True)
class Kpi:
    """One headline card: value, change since the previous period, and a sparkline of its history."""

    label: str
    value: str
    history: tuple[float, ...] | None
    delta: str | None = None  # '+24 xã'; None in the first period
    flat: bool = False  # the change rounds to zero: no arrow, no colour
    help: str | None = None
    breaks: tuple[int, ...] = ()  # positions in history where a new line starts (criteria set or province changed)
    note: str | None = None  # a line under the value that is not a change (the gap card: communes to the target)


@dataclass(frozen=True)
class OverviewView:
    summary: metrics.Summary
    kpis: tuple[Kpi, ...]
    since: str | None  # 'so với Cuối năm 2019', under each change
    note: str  # first period / base changed / published figure, and the rounding note
    districts: pd.DataFrame  # metrics.district_table, for the district chart
    bands: pd.DataFrame
    criteria: pd.DataFrame
    district_table: pd.DataFrame  # the areas as shown: headers and numbers in the chosen language
    area: str  # what the scope's areas are called ('Huyện' up to 06/2025, 'Huyện cũ' / 'Tỉnh cũ' after)
    sheets: tuple[Sheet, ...]  # the page's workbook: the tables as shown, numbers as numbers
    group_table: pd.DataFrame = field(default_factory=pd.DataFrame)  # per commune group (nhóm xã); empty: no groups
    footprint: pd.DataFrame | None = None  # the merged province's footprint before 07/2025 (see footprint())


def overview(con: duckdb.DuckDBPyConnection, scope: metrics.Scope, lang: str = "vi") -> OverviewView | None:
    """Everything the overview page draws for a scope; None when the scope has no commune."""
    if scope.period_id not in set(metrics.periods(con)["period_id"]):
        return None
    history = metrics.trend(con, scope)  # first: its one read of the line holds the scores every figure below uses
    s = metrics.summary(con, scope)
    if s.base == 0:
        return None
    change = metrics.change_since_previous(con, scope)
    labels = metrics.periods(con).set_index("period_id")[local("label", lang)]
    since = f"{t('vs_prev', lang)} {labels[change.previous_period_id]}" if change.previous_period_id else None
    table = metrics.district_table(con, scope)
    groups = metrics.group_table(con, scope)
    area = metrics.area_label(con, scope, lang)
    broke = bool(history["break_before"].iloc[-1])  # a new province or criteria set starts here
    return OverviewView(
        summary=s,
        kpis=kpis(s, change, history, lang),
        since=since,
        note=note(
            s,
            change,
            metrics.published_figures(con, scope.period_id),
            scope,
            lang,
            broke,
            metrics.merged_rule(con, scope.period_id),
            trend_breaks(history, labels),
        ),
        districts=table,
        bands=metrics.bands(con, scope),
        criteria=metrics.criteria_achievement(con, scope),
        district_table=district_display(table, lang, area),
        area=area,
        sheets=sheets(table, groups, lang, area),
        group_table=group_display(groups, lang),
        # province-wide, so for the whole province only; read here: one connection shares the period's scores
        footprint=None if scope.areas or scope.groups else footprint(con, scope.period_id, lang),
    )


def trend_breaks(history: pd.DataFrame, labels: pd.Series) -> list[str]:
    """The labels of the periods before which the trend lines break (a new criteria set or province)."""
    return [labels[p] for p in history.loc[history["break_before"].astype(bool), "period_id"]]


def series(history: pd.DataFrame, column: str) -> tuple[tuple[float, ...], tuple[int, ...]]:
    """One figure of a trend, oldest first, without the periods that lack it, and the positions where its line
    breaks (a break before a left-out period still breaks the line at the next point)."""
    values, breaks, pending = [], [], False
    for value, broke in zip(history[column], history["break_before"].astype(bool)):
        pending = pending or broke
        if value is None or pd.isna(value):
            continue
        if pending and values:
            breaks.append(len(values))
        pending = False
        values.append(value)
    return tuple(values), tuple(breaks)


def kpis(s: metrics.Summary, change: metrics.Change, history: pd.DataFrame, lang: str) -> tuple[Kpi, ...]:
    """The four cards: communes meeting the standard, their share, the gap to the target, average criteria."""

    def delta(value: float | None, decimals: int, unit: str) -> dict:
        if value is None:
            return {}
        text = fmt.signed(value, decimals, lang)
        return {"delta": f"{text} {unit}".strip(), "flat": fmt.round_half_up(value, decimals) == 0}

    points = t("points", lang)
    gap_label = (
        t("kpi_gap", lang, target=fmt.percent(s.target_pct, 0, lang))
        if s.target_pct is not None
        else t("kpi_gap_none", lang)
    )
    if "break_before" not in history:
        history = history.assign(break_before=False)
    recognised, pct, gap, avg = (series(history, c) for c in ("recognised", "pct", "gap_points", "avg_criteria"))
    return (
        Kpi(
            t("kpi_recognised", lang),
            f"{s.recognised}/{s.base}",
            recognised[0],
            breaks=recognised[1],
            **delta(change.recognised, 0, t("communes_unit", lang)),
        ),
        Kpi(
            t("kpi_pct", lang),
            fmt.percent(s.pct, lang=lang),
            pct[0],
            breaks=pct[1],
            **delta(change.pct_points, 1, points),
        ),
        Kpi(  # its own meaning, not the share's change again: how far from the target, in communes
            gap_label,
            fmt.signed(s.gap_points, lang=lang),
            gap[0] or None,
            help=None if s.target_pct is not None else t("no_target", lang),
            breaks=gap[1],
            note=gap_note(s, lang),
        ),
        Kpi(
            t("kpi_avg", lang),
            fmt.number(s.avg_criteria, lang=lang),
            avg[0],
            breaks=avg[1],
            **delta(change.avg_criteria, 1, t("criteria_unit", lang)),
        ),
    )


def gap_note(s: metrics.Summary, lang: str) -> str | None:
    """The gap to the target in communes: how many more the scope needs, or how many it has above it."""
    if s.target_pct is None or not s.base:
        return None
    over = s.recognised - communes_required(s.target_pct, s.base)
    if over > 0:
        return t("kpi_gap_above", lang, n=over)
    return t("kpi_gap_below", lang, n=-over) if over < 0 else t("kpi_gap_at", lang)


def note(
    s: metrics.Summary,
    change: metrics.Change,
    published: pd.DataFrame,
    scope: metrics.Scope,
    lang: str,
    broke: bool = False,
    rule: pd.Series | None = None,
    breaks: list[str] | None = None,
) -> str:
    """What the cards leave unsaid: no previous period (or a new province / criteria set: a break), a base
    changed by mergers, the published figure (marked when it is reported rather than confirmed), the rule
    that counts communes formed by the 2025 merger, and where the trend lines break."""
    lines = [] if change.previous_period_id else [t("break_note" if broke else "no_prev", lang)]
    if breaks:
        lines.append(t("trend_break_note", lang, periods="; ".join(breaks)))
    if change.base_changed:
        lines.append(t("base_changed", lang, prev=change.base_before, now=s.base))
    if not scope.districts and not published.empty:
        lines.append(f"{t('published_check', lang)}: {published_figure(published.iloc[0], lang)}")
    if rule is not None:
        lines.append(t("merged_rule_note", lang, rule=rule[local("label", lang)]))
    rounding = rounding_note(s, published, scope, lang)
    return " · ".join(lines) + (f"  \n{rounding}" if rounding else "")


def rounding_note(s: metrics.Summary, published: pd.DataFrame, scope: metrics.Scope, lang: str) -> str | None:
    """Said only in the view it concerns: province-wide, in a period whose published share counts the same communes
    on the same base but prints another rounding (52/143: 36,4% here, 36,3% in the source)."""
    if scope.districts or published.empty:
        return None
    p = published.iloc[0]
    n, base, pct = p.get("ntm_communes"), p.get("commune_base"), p.get("pct_ntm")
    if any(v is None or pd.isna(v) for v in (n, base, pct)) or (int(n), int(base)) != (s.recognised, s.base):
        return None
    if fmt.round_half_up(s.pct, 1) == fmt.round_half_up(float(pct), 1):
        return None
    key = "rounding_note" if fmt.truncate(s.pct, 1) == fmt.round_half_up(float(pct), 1) else "rounding_note_other"
    return t(
        key, lang, n=s.recognised, base=s.base, ours=fmt.percent(s.pct, 1, lang), published=fmt.percent(pct, 1, lang)
    )


def published_figure(p: pd.Series, lang: str) -> str:
    """A published figure as the source gives it: 'a/b (x%)', or the average it prints (over every commune or
    over those holding a recognition), its source, and 'reported' when it is not confirmed."""
    known = lambda v: v is not None and not pd.isna(v)  # noqa: E731
    parts = []
    if known(p.get("ntm_communes")) and known(p.get("commune_base")):
        count = f"{int(p.ntm_communes)}/{int(p.commune_base)}"
        if p.get("avg_over") == "recognised":
            count = t("published_holders", lang, n=int(p.ntm_communes), base=int(p.commune_base))
        parts.append(count + (f" ({fmt.percent(p.pct_ntm, lang=lang)})" if known(p.get("pct_ntm")) else ""))
    avg = pd.to_numeric(pd.Series([p.get("avg_criteria")]), errors="coerce").iloc[0]
    if not parts and known(avg):
        parts.append(t("published_avg", lang, avg=fmt.number(avg, 2, lang)))
    elif known(avg) and p.get("avg_over") == "recognised":
        parts.append(t("published_avg_holders", lang, avg=fmt.number(avg, 2, lang)))
    text = "; ".join(parts) + f" — {in_lang(p, 'source', lang)}"
    if str(p.get("status") or "").startswith("reported"):
        text += f" ({t('published_reported', lang)})"
    return text


def group_cols(lang: str) -> list[Col]:
    """The per commune group table's columns (the group's label in the chosen language)."""
    return [
        Col(local("label", lang), "col_commune_group"),
        Col("base", "col_base", "int"),
        Col("recognised", "col_recognised", "int"),
        Col("pct", "col_pct", "pct"),
        Col("avg_criteria", "col_avg", "num"),
    ]


def group_display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The per commune group table with headers and numbers in the chosen language (empty: no groups)."""
    return pd.DataFrame() if table.empty else screen(table, group_cols(lang), lang)


def district_cols(area: str) -> list[Col]:
    """The per-area table's columns, on screen and in the page's workbook from the same rows: numbers stay numbers
    in Excel (38,8% as 0.388 shown in the reader's format), so an office can sum or sort what it downloads. The
    area column is headed with what the areas are called (area)."""
    return [
        Col("district_code", "col_code"),
        Col("district_name", area, literal=True),
        Col("base", "col_base", "int"),
        Col("recognised", "col_recognised", "int"),
        Col("pct", "col_pct", "pct"),
        Col("avg_criteria", "col_avg", "num"),
        Col("gap_points", "col_gap", "signed"),
    ]


def area_title(area: str, lang: str) -> str:
    """The per-area table's title: 'Bảng theo huyện' up to 06/2025, 'Bảng theo huyện cũ' after."""
    return t("district_table", lang, area=in_sentence(area))


def district_display(table: pd.DataFrame, lang: str, area: str | None = None) -> pd.DataFrame:
    """The per-area table with headers and numbers in the chosen language (area: what the areas are called)."""
    return screen(table, district_cols(area or t("col_district", lang)), lang)


def sheets(table: pd.DataFrame, groups: pd.DataFrame, lang: str, area: str) -> tuple[Sheet, ...]:
    """The page's workbook: the per-area table, then the per commune group one where the set has groups; the
    same rows as on screen, numbers as numbers."""
    by_group = () if groups.empty else (Sheet(t("group_table", lang), groups, group_cols(lang)),)
    return (Sheet(area_title(area, lang), table, district_cols(area)), *by_group)


def footprint(con: duckdb.DuckDBPyConnection, period_id: str, lang: str = "vi") -> pd.DataFrame | None:
    """The merged province's footprint of a period before the 07/2025 merger, as shown: each old province at its
    own period, then their sum (only provinces with data; marked when one has none). None when the period's
    province did not merge (the merged province itself, or a province that is not followed)."""
    rows = merged.footprint(con, period_id)
    if rows.empty:
        return None
    label = rows[local("label", lang)].where(
        (rows["row"] != "footprint") | rows["complete"],
        rows[local("label", lang)] + f" ({t('footprint_partial', lang)})",
    )
    known = lambda v: v is not None and not pd.isna(v)  # noqa: E731
    return pd.DataFrame(
        {
            t("footprint_col_what", lang): label,
            t("col_recognised", lang): [
                f"{int(r)}/{int(b)}" if known(b) else "—" for r, b in zip(rows["recognised"], rows["base"])
            ],
            t("col_pct", lang): [fmt.percent(v, lang=lang) if known(v) else "—" for v in rows["pct"]],
            t("col_avg", lang): [fmt.number(v, lang=lang) if known(v) else "—" for v in rows["avg_criteria"]],
        }
    )
