"""Tổng quan as one answer: the headline figures of a scope with their change and history, the note under
them, the frames of the three charts and the district table as shown, in the chosen language."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from ntm.locale import fmt
from ntm.locale.i18n import local, t
from ntm.measures import metrics


@dataclass(frozen=True)
class Kpi:
    """One headline card: value, change since the previous period, and a sparkline of its history."""

    label: str
    value: str
    history: tuple[float, ...] | None
    delta: str | None = None  # '+24 xã'; None in the first period
    flat: bool = False  # the change rounds to zero: no arrow, no colour
    help: str | None = None


@dataclass(frozen=True)
class OverviewView:
    summary: metrics.Summary
    kpis: tuple[Kpi, ...]
    since: str | None  # 'so với Cuối năm 2019', under each change
    note: str  # first period / base changed / published figure, and the rounding note
    districts: pd.DataFrame  # metrics.district_table, for the district chart
    bands: pd.DataFrame
    criteria: pd.DataFrame
    district_table: pd.DataFrame  # the districts as shown: headers and numbers in the chosen language


def overview(con: duckdb.DuckDBPyConnection, scope: metrics.Scope, lang: str = "vi") -> OverviewView | None:
    """Everything the overview page draws for a scope; None when the scope has no commune."""
    s = metrics.summary(con, scope)
    if s.base == 0:
        return None
    change = metrics.change_since_previous(con, scope)
    labels = metrics.periods(con).set_index("period_id")[local("label", lang)]
    since = f"{t('vs_prev', lang)} {labels[change.previous_period_id]}" if change.previous_period_id else None
    table = metrics.district_table(con, scope)
    return OverviewView(
        summary=s,
        kpis=kpis(s, change, metrics.trend(con, scope), lang),
        since=since,
        note=note(s, change, metrics.published_figures(con, scope.period_id), scope, lang),
        districts=table,
        bands=metrics.bands(con, scope),
        criteria=metrics.criteria_achievement(con, scope),
        district_table=district_display(table, lang),
    )


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
    return (
        Kpi(
            t("kpi_recognised", lang),
            f"{s.recognised}/{s.base}",
            tuple(history["recognised"].tolist()),
            **delta(change.recognised, 0, t("communes_unit", lang)),
        ),
        Kpi(
            t("kpi_pct", lang),
            fmt.percent(s.pct, lang=lang),
            tuple(history["pct"].tolist()),
            **delta(change.pct_points, 1, points),
        ),
        Kpi(
            gap_label,
            fmt.signed(s.gap_points, lang=lang),
            tuple(history["gap_points"].dropna().tolist()) or None,
            help=None if s.target_pct is not None else t("no_target", lang),
            **delta(change.gap_points, 1, points),
        ),
        Kpi(
            t("kpi_avg", lang),
            fmt.number(s.avg_criteria, lang=lang),
            tuple(history["avg_criteria"].tolist()),
            **delta(change.avg_criteria, 1, t("criteria_unit", lang)),
        ),
    )


def note(s: metrics.Summary, change: metrics.Change, published: pd.DataFrame, scope: metrics.Scope, lang: str) -> str:
    """What the cards leave unsaid: no previous period, a base changed by mergers, the published figure."""
    lines = [] if change.previous_period_id else [t("no_prev", lang)]
    if change.base_changed:
        lines.append(t("base_changed", lang, prev=change.base_before, now=s.base))
    if not scope.districts and not published.empty:
        p = published.iloc[0]
        lines.append(
            f"{t('published_check', lang)}: {p.ntm_communes}/{p.commune_base} "
            f"({fmt.percent(p.pct_ntm, lang=lang)}) — {p.source}"
        )
    return " · ".join(lines) + f"  \n{t('rounding_note', lang)}"


def district_display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The per-district table with headers and numbers in the chosen language."""
    return pd.DataFrame(
        {
            t("col_code", lang): table["district_code"],
            t("col_district", lang): table["district_name"],
            t("col_base", lang): table["base"],
            t("col_recognised", lang): table["recognised"],
            t("col_pct", lang): [fmt.percent(v, lang=lang) for v in table["pct"]],
            t("col_avg", lang): [fmt.number(v, lang=lang) for v in table["avg_criteria"]],
            t("col_gap", lang): [fmt.signed(v, lang=lang) for v in table["gap_points"]]
            if table["gap_points"].notna().any()
            else ["—"] * len(table),
        }
    )
