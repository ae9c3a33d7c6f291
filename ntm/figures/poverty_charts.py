"""Figures of the poverty page (plotly, no streamlit). Numbers carry text labels; colours are Okabe–Ito."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ntm.figures.charts import BLUE, GREY, GROUP_COLOURS, ORANGE, labelled_bar, layout
from ntm.locale import fmt
from ntm.locale.i18n import local, t
from ntm.plan.poverty import published_rate_decimals


def province_rate(province: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Published province poverty rates, one trace per poverty standard (they are not comparable)."""
    fig = go.Figure()
    label = local("standard", lang)
    for i, (standard, rows) in enumerate(province.groupby(label, sort=False)):
        text = [fmt.percent(v, published_rate_decimals(v), lang) for v in rows["poverty_rate_pct"]]
        fig.add_scatter(
            x=rows["year"],
            y=rows["poverty_rate_pct"],
            mode="lines+markers+text",
            name=standard,
            text=text,
            textposition="top center",
            marker=dict(size=10, color=[GREY, BLUE][i % 2]),
            line=dict(color=[GREY, BLUE][i % 2]),
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    top = float(province["poverty_rate_pct"].max()) if len(province) else 1.0
    fig.update_yaxes(ticksuffix="%", range=[0, top * 1.2])
    fig.update_xaxes(dtick=1)
    return layout(fig, t("pov_series_title", lang), lang, 360, legend=dict(orientation="h", y=-0.2))


def district_rates(districts: pd.DataFrame, poor_codes: set[str], lang: str = "vi") -> go.Figure:
    """Poverty rate by district, one bar per year; 30a districts are marked in the axis label."""
    fig = go.Figure()
    names = {
        c: (f"{n} ({t('pov_30a_mark', lang)})" if c in poor_codes else n)
        for c, n in zip(districts["district_code"], districts["district_name"])
    }
    for i, (year, rows) in enumerate(districts.groupby("year")):
        fig.add_trace(
            labelled_bar(
                rows["district_code"].map(names),
                rows["rate_pct"],
                [fmt.percent(v, 1, lang) for v in rows["rate_pct"]],
                [ORANGE, BLUE][i % 2],
                horizontal=False,
                name=str(year),
                hovertemplate="%{x}: %{text}<extra>" + str(year) + "</extra>",
            )
        )
    fig.update_yaxes(ticksuffix="%")
    fig.update_layout(barmode="group")
    return layout(fig, t("pov_district_chart", lang), lang, 420, legend=dict(orientation="h", y=-0.3))


def resources_bars(frame: pd.DataFrame, year: int, lang: str = "vi") -> go.Figure:
    """Resources by district, stacked by source, with the district total as a label."""
    rows = frame[frame["year"] == year]
    label = local("label", lang)
    fig = go.Figure()
    for i, (_, src) in enumerate(rows.sort_values("sort_order").groupby("sort_order", sort=True)):
        fig.add_bar(
            x=src["amount_mil_vnd"],
            y=src["district_name"],
            orientation="h",
            name=src[label].iloc[0],
            marker_color=GROUP_COLOURS[i % len(GROUP_COLOURS)],
            customdata=[fmt.integer(v, lang) for v in src["amount_mil_vnd"]],
            hovertemplate="%{y}: %{customdata} " + t("res_unit", lang) + "<extra>%{fullData.name}</extra>",
        )
    totals = rows.groupby("district_name", sort=False)["amount_mil_vnd"].sum()
    fig.add_scatter(
        x=totals.values,
        y=totals.index,
        mode="text",
        text=[fmt.integer(v, lang) for v in totals.values],
        textposition="middle right",
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_xaxes(range=[0, float(totals.max()) * 1.2 if len(totals) else 1], tickformat=",d")
    fig.update_layout(barmode="stack")
    return layout(fig, t("res_chart", lang), lang, 120 + 34 * len(totals), legend=dict(orientation="h", y=-0.12))
