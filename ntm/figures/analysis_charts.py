"""Plotly figures of the analysis pages (no streamlit): the commune x criterion heatmap, the criterion x
district heatmap and the blockers bar chart. Colours are colour-blind safe (Okabe–Ito) and every cell
says met / not met in its hover text, so no reading relies on colour alone."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ntm.figures import palette
from ntm.figures.charts import BLUE, GREEN, ORANGE, VERMILION, labelled_bar, layout
from ntm.locale import fmt
from ntm.locale.i18n import local, t
from ntm.measures.analysis import criterion_field

NO_DATA = palette.NO_DATA


def _layout(fig: go.Figure, title: str, lang: str, height: int, legend: dict | None = None) -> go.Figure:
    """The shared frame in the analysis pages' denser type (12 px) and without grid lines under the cells."""
    return layout(fig, title, lang, height, legend=legend, size=12, grid=False)


def matrix_heatmap(rows: pd.DataFrame, criteria: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """One row per commune (as filtered and sorted), one column per criterion: green met, orange not met."""
    codes = criteria["criterion_code"].tolist()
    names = criteria[local("name", lang)].tolist()
    words = {True: t("an_met_word", lang), False: t("an_missing_word", lang), None: t("an_no_data_word", lang)}
    flags = rows[[criterion_field(c) for c in codes]].astype(object).where(lambda f: f.notna(), None).values.tolist()
    z = [[0.5 if f is None else float(f) for f in row] for row in flags]
    text = [
        [f"{u} ({d})<br>TC{c}. {n}: {words[f]}" for c, n, f in zip(codes, names, row)]
        for u, d, row in zip(rows["unit_name"], rows["district_name"], flags)
    ]
    labels = pd.Series([f"{n} · {d}" for n, d in zip(rows["unit_name"], rows["district_name"])], index=rows.index)
    twins = labels.duplicated(keep=False)  # a category axis would merge two rows with the same label
    labels = labels.where(~twins, labels + " (" + rows["unit_code"] + ")").tolist()
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[f"TC{c}" for c in codes],
            y=labels,
            text=text,
            hoverinfo="text",
            zmin=0,
            zmax=1,
            showscale=False,
            colorscale=[[0, ORANGE], [0.49, ORANGE], [0.5, NO_DATA], [0.51, GREEN], [1, GREEN]],
            xgap=1,
            ygap=1,
        )
    )
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=10))
    fig.update_xaxes(side="top")
    return _layout(fig, t("an_heatmap_title", lang), lang, 120 + 16 * max(len(rows), 1))


def criteria_district_heatmap(long: pd.DataFrame, lang: str = "vi", title: str | None = None) -> go.Figure:
    """Share of communes meeting each criterion (rows) in each district (columns)."""
    name = local("name", lang)
    crit = long.drop_duplicates("criterion_code").sort_values("sort_order")
    dist = long.drop_duplicates("district_code")
    pivot = long.pivot(index="criterion_code", columns="district_code", values="pct")
    counts = long.pivot(index="criterion_code", columns="district_code", values="met")
    bases = dict(zip(dist["district_code"], dist["base"]))
    z = [[pivot.loc[c, d] for d in dist["district_code"]] for c in crit["criterion_code"]]
    text = [
        [
            f"{fmt.percent(pivot.loc[c, d], 0, lang)}<br>({int(counts.loc[c, d])}/{bases[d]})"
            for d in dist["district_code"]
        ]
        for c in crit["criterion_code"]
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=dist["district_name"].tolist(),
            y=[f"TC{c}. {n}" for c, n in zip(crit["criterion_code"], crit[name])],
            text=text,
            texttemplate="%{text}",
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            zmin=0,
            zmax=100,
            colorscale=[[0, VERMILION], [0.5, "#F0E442"], [1, GREEN]],
            colorbar=dict(ticksuffix="%"),
            xgap=1,
            ygap=1,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    return _layout(fig, title or t("an_by_district", lang), lang, 140 + 30 * len(crit))


def blockers_bars(blockers: pd.DataFrame, band_label: str, lang: str = "vi") -> go.Figure:
    """Close communes missing each criterion (most blocking on top), with those missing only it."""
    name = local("name", lang)
    b = blockers[blockers["close_missing"] > 0].iloc[::-1]
    y = [f"TC{c}. {n}" for c, n in zip(b["criterion_code"], b[name])]
    bars = (("close_missing", BLUE, "an_col_close_missing"), ("sole_blocker", VERMILION, "an_col_sole"))
    fig = go.Figure(
        [
            labelled_bar(b[field], y, b[field], colour, name=t(key, lang), hovertemplate=None)
            for field, colour, key in bars
        ]
    )
    fig.update_layout(barmode="group")
    height = 140 + 46 * max(len(b), 1)
    return _layout(fig, t("an_blockers", lang, band=band_label), lang, height, legend=dict(orientation="h", y=-0.08))
