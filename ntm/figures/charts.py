"""Plotly figures shared by the pages, the deck and the report (no streamlit here).

Colours come from the Okabe–Ito palette, safe for colour-blind readers; numbers carry text labels so no
figure relies on colour alone. ``separators`` switches plotly to 38,8 / 1.234 in Vietnamese.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ntm.figures.palette import BLUE, GREEN, GREY, GROUP_COLOURS, ORANGE, SKY, VERMILION, text_on  # noqa: F401  (re-exported)
from ntm.locale import fmt
from ntm.locale.i18n import local, t
from ntm.locale.text import in_sentence

TOOLBAR_PX = 36  # height of plotly's chart toolbar (one row of buttons), kept free above the title
TOOLBAR_REMOVED = [  # zoom and selection tools: of no use on these bar and line charts, and they take the width
    "zoom",
    "pan",
    "select",
    "lasso",
    "zoomin",
    "zoomout",
    "autoscale",
    "resetscale",
    "toggleHover",
    "toggleSpikelines",
    "hoverclosest",
    "hovercompare",
]


def layout(
    fig: go.Figure, title: str, lang: str, height: int, *, legend: dict | None = None, size: int = 13, grid: bool = True
) -> go.Figure:
    """The frame every figure shares: title, height, Vietnamese or English separators, white plot, one font.
    A legend is drawn only when asked (where it is placed); grid lines are light grey unless grid=False.
    The chart toolbar keeps only its picture download and has the top strip to itself: the title sits under it,
    so on a narrow screen the toolbar never covers the title."""
    fig.update_layout(
        title=dict(text=title, yref="container", y=1, yanchor="top", pad=dict(t=TOOLBAR_PX)),
        height=height,
        separators=",." if lang == "vi" else ".,",
        margin=dict(l=10, r=10, t=50 + TOOLBAR_PX // 2, b=10),
        modebar=dict(remove=TOOLBAR_REMOVED),
        plot_bgcolor="white",
        showlegend=legend is not None,
        font=dict(family="DejaVu Sans, Arial, sans-serif", size=size),
    )
    if legend is not None:
        fig.update_layout(legend=legend)
    if grid:
        fig.update_xaxes(gridcolor="#e5e5e5")
    return text_only(fig)


TAG = re.compile(r"<(?!br\s*/?>)", re.I)
"""The start of a tag plotly would draw (<a href>, <b>, <span style>...), but the line breaks the figures write."""


ARRAYS = (list, tuple, np.ndarray, pd.Series, pd.Index)


def _has_text(value) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype == object and any(_has_text(v) for v in value.flat)
    return isinstance(value, ARRAYS) and any(_has_text(v) for v in value)


def _plain(value):
    """A label, or an array of them (nested, as a heatmap's), with every '<' but those of line breaks as '&lt;'."""
    if isinstance(value, str):
        return TAG.sub("&lt;", value)
    if isinstance(value, ARRAYS) and _has_text(value):
        return [_plain(v) for v in value]
    return value


def text_only(fig: go.Figure) -> go.Figure:
    """Names and labels from the data drawn as text: plotly reads a subset of HTML in every label (a link, bold,
    a style), so a district named '<a href=...>' would be a live link. Hover templates are the code's own."""
    for trace in fig.data:
        for field in ("x", "y", "text", "hovertext", "customdata", "name", "labels"):
            if field in trace and trace[field] is not None:
                trace[field] = _plain(trace[field])
    if fig.layout.title.text:
        fig.layout.title.text = _plain(fig.layout.title.text)
    for ann in fig.layout.annotations or ():
        ann.text = _plain(ann.text) if ann.text else ann.text
    return fig


def labelled_bar(x, y, text, colour, *, horizontal: bool = True, **extra) -> go.Bar:
    """A bar trace with its value written on the bar and the same text, after the bar's category, on hover; extra
    sets or overrides any other property. The value goes inside the bar's end where it fits at full size (black or
    white, whichever reads on the bar), else just outside: a long bar on a phone does not push its value off the
    chart ("134/…")."""
    inside = text_on(colour) if isinstance(colour, str) else [text_on(c) for c in colour]
    trace = dict(
        x=x,
        y=y,
        orientation="h" if horizontal else None,
        marker_color=colour,
        text=text,
        textposition="auto",
        constraintext="none",
        insidetextanchor="end",
        insidetextfont=dict(color=inside),
        cliponaxis=False,
        hovertemplate=("%{y}" if horizontal else "%{x}") + ": %{text}<extra></extra>",
    )
    return go.Bar(**{**trace, **extra})


def district_bars(
    table: pd.DataFrame, target_pct: float | None, lang: str = "vi", area: str | None = None
) -> go.Figure:
    """Share of communes meeting the standard per area (area: what the areas are called, metrics.area_label;
    districts by default), with the target as a line."""
    table = table.sort_values("pct")
    colours = [GREEN if target_pct is not None and p >= target_pct else ORANGE for p in table["pct"]]
    labels = [
        f"{fmt.percent(p, lang=lang)} ({r}/{b})" for p, r, b in zip(table["pct"], table["recognised"], table["base"])
    ]
    fig = go.Figure(labelled_bar(table["pct"], table["district_name"], labels, colours))
    if target_pct is not None:
        fig.add_vline(
            x=target_pct,
            line_dash="dash",
            line_color=VERMILION,
            annotation_text=f"{t('target', lang)} {fmt.percent(target_pct, 0, lang)}",
            annotation_position="top",
        )
    fig.update_xaxes(range=[0, 135], ticksuffix="%")
    word = in_sentence(area or t("col_district", lang))
    return layout(fig, t("district_chart", lang, area=word), lang, 60 + 34 * len(table))


def band_bars(bands: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Communes per band of criteria met, best band first."""
    label = bands[local("label", lang)]
    colours = [GREEN, SKY, BLUE, ORANGE, VERMILION, GREY][: len(bands)]
    text = [f"{c} ({fmt.percent(p, lang=lang)})" for c, p in zip(bands["communes"], bands["pct"])]
    fig = go.Figure(labelled_bar(label, bands["communes"], text, colours, horizontal=False))
    fig.update_yaxes(title=t("communes_unit", lang))
    return layout(fig, t("bands_chart", lang), lang, 360)


def criteria_bars(achievement: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Communes meeting each criterion, coloured by criteria group (named in the hover and axis)."""
    name = achievement[local("name", lang)]
    groups = list(dict.fromkeys(achievement["group_no"]))
    colours = [GROUP_COLOURS[groups.index(g) % len(GROUP_COLOURS)] for g in achievement["group_no"]]
    ylabels = [f"{g} · {c}. {n}" for g, c, n in zip(achievement["group_no"], achievement["criterion_code"], name)]
    text = [
        f"{m}/{b} ({fmt.percent(p, 0, lang)})"
        for m, b, p in zip(achievement["communes_met"], achievement["base"], achievement["pct"])
    ]
    fig = go.Figure(labelled_bar(achievement["communes_met"], ylabels, text, colours))
    fig.update_yaxes(autorange="reversed")
    top = int(achievement["base"].max()) if len(achievement) else 1
    fig.update_xaxes(range=[0, top * 1.25])
    return layout(fig, t("criteria_chart", lang), lang, 80 + 26 * len(achievement))
