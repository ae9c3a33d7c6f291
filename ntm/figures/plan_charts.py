"""Figures of the plan page (plotly, no streamlit): advanced communes per district against the target."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ntm.figures.charts import GREEN, ORANGE, SKY, VERMILION, layout
from ntm.locale import fmt
from ntm.locale.i18n import t


def advanced_bars(advanced: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Advanced communes (of which model) per district, with each district's target as a marker."""
    table = advanced.sort_values("district_code", ascending=False)
    reached = [g is not None and not pd.isna(g) and a >= g for a, g in zip(table["advanced"], table["goal"])]
    fig = go.Figure()
    stacked = (  # advanced but not model, then model: the stack's length is the advanced count
        (table["advanced"] - table["model"], [GREEN if r else ORANGE for r in reached], "col_advanced"),
        (table["model"], SKY, "col_model"),
    )
    for x, colour, key in stacked:
        fig.add_bar(
            x=x,
            y=table["district_name"],
            orientation="h",
            marker_color=colour,
            name=t(key, lang),
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    fig.add_scatter(
        x=table["goal"],
        y=table["district_name"],
        mode="markers",
        name=t("target", lang),
        marker=dict(symbol="line-ns", size=22, line=dict(width=3, color=VERMILION)),
        hovertemplate="%{y}: " + t("target", lang) + " %{x}<extra></extra>",
    )
    labels = [fmt.integer(a, lang) for a in table["advanced"]]
    fig.add_scatter(
        x=table["advanced"],
        y=table["district_name"],
        mode="text",
        text=labels,
        textposition="middle right",
        showlegend=False,
        hoverinfo="skip",
    )
    top = max(float(table["advanced"].max() or 0), float(pd.to_numeric(table["goal"]).max() or 0), 1.0)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, top + 1], dtick=1)
    # A bar row stays 34 px high, and the plot keeps room for its axis and a legend of its own at the bottom of
    # the figure (placed in the figure's pixels, not the plot's share: one district's chart is short).
    fig = layout(
        fig,
        t("advanced_chart", lang),
        lang,
        ADVANCED_FRAME_PX + ADVANCED_ROW_PX * max(len(table), ADVANCED_MIN_ROWS),
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0),
    )
    fig.update_layout(margin=dict(b=ADVANCED_LEGEND_PX))
    return fig


ADVANCED_ROW_PX = 34
ADVANCED_MIN_ROWS = 3  # one chosen district still gets a chart tall enough to read
ADVANCED_LEGEND_PX = 70  # the axis ticks, then the legend, below the plot
ADVANCED_FRAME_PX = 50 + ADVANCED_LEGEND_PX  # title above, axis and legend below
