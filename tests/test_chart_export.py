"""Plotly figures redrawn outside the browser: the ChartSpec of hand-made figures, and the kaleido fallback."""

from __future__ import annotations

import io
import pickle
import shutil
from datetime import date

import numpy as np
import plotly.graph_objects as go
import pytest
from pptx import Presentation

from ntm.measures import metrics
from ntm.outputs import chart_images as chart_export
from ntm.outputs import pptx as deck
from ntm.outputs import slides
from tests.conftest import CHROMIUM, IN_CI


def _hbar(reversed_axis: bool) -> go.Figure:
    # numpy arrays, as in ntm's figures (pandas columns)
    fig = go.Figure(
        go.Bar(
            x=np.array([10.0, 30.0, 20.0]),
            y=np.array(["A", "B", "C"], dtype=object),
            orientation="h",
            text=["10", "30", "20"],
            marker_color=["#111111", "#222222", "#333333"],
        )
    )
    fig.add_vline(x=28.0, annotation_text="Mục tiêu 28%")
    fig.update_xaxes(range=[0, 135], ticksuffix="%")
    if reversed_axis:
        fig.update_yaxes(autorange="reversed")
    return fig


def test_horizontal_bars_read_top_to_bottom_with_their_target():
    # Plotly draws the first category at the bottom: read from the top, the order is C, B, A.
    spec = chart_export.chart_spec(_hbar(reversed_axis=False))
    assert (spec.kind, spec.horizontal, spec.categories) == ("bar", True, ("C", "B", "A"))
    s = spec.series[0]
    assert (s.values, s.labels, s.colours) == (
        (20.0, 30.0, 10.0),
        ("20", "30", "10"),
        ("#333333", "#222222", "#111111"),
    )
    assert (spec.target, spec.target_label, spec.axis_max, spec.axis_suffix) == (28.0, "Mục tiêu 28%", 135.0, "%")
    # With the axis reversed the first category is on top.
    assert chart_export.chart_spec(_hbar(reversed_axis=True)).categories == ("A", "B", "C")


def test_a_pickled_figure_gives_the_same_spec():
    """Streamlit's cache pickles figures; plotly then keeps arrays as base64 'bdata'."""
    fig = _hbar(reversed_axis=False)
    again = pickle.loads(pickle.dumps(fig))
    assert isinstance(again.data[0].x, dict)
    assert chart_export.chart_spec(again) == chart_export.chart_spec(fig)


def test_lines_share_the_sorted_years_of_every_trace():
    fig = go.Figure()
    fig.add_scatter(
        x=[2011], y=[35.28], mode="lines+markers+text", text=["35,28%"], name="2011–2015", line=dict(color="#999999")
    )
    fig.add_scatter(
        x=[2020, 2019],
        y=[8.2, 11.46],
        mode="lines+markers+text",
        text=["8,2%", "11,46%"],
        name="2016–2020",
        line=dict(color="#0072B2"),
    )
    spec = chart_export.chart_spec(fig)
    assert (spec.kind, spec.categories, spec.legend) == ("line", ("2011", "2019", "2020"), True)
    assert spec.series[0].values == (35.28, None, None)
    assert spec.series[1].values == (None, 11.46, 8.2) and spec.series[1].labels == ("", "11,46%", "8,2%")
    assert spec.series[1].colours[0] == "#0072B2"


def test_grouped_columns_are_supported_but_stacked_bars_are_drawn_as_pictures():
    grouped = go.Figure([go.Bar(x=["a", "b"], y=[1, 2], name="2019"), go.Bar(x=["b", "c"], y=[3, 4], name="2020")])
    grouped.update_layout(barmode="group")
    spec = chart_export.chart_spec(grouped)
    assert spec.categories == ("a", "b", "c") and [s.values for s in spec.series] == [(1, 2, None), (None, 3, 4)]
    stacked = go.Figure(grouped)
    stacked.update_layout(barmode="stack")
    assert chart_export.chart_spec(stacked) is None
    assert chart_export.chart_spec(go.Figure(go.Pie(values=[1, 2]))) is None


def test_a_figure_with_no_native_form_becomes_a_png_through_kaleido():
    if shutil.which(CHROMIUM) is None:
        if IN_CI:
            pytest.fail(f"chromium not found at {CHROMIUM}")
        pytest.skip("chromium not installed (run `make test`)")
    pie = go.Figure(go.Pie(labels=["Đạt", "Chưa đạt"], values=[52, 82]))
    ctx = slides.Context(
        metrics.Scope("x"), "vi", "Kỳ thử", date(2020, 1, 1), "Toàn tỉnh", "nguồn", False, None, date(2020, 1, 2)
    )
    buffer = io.BytesIO()
    deck.build_pptx(slides.Deck(ctx, (slides.Slide("pie", "Tỷ lệ", (slides.Chart(pie),)),)), buffer)
    shapes = list(Presentation(io.BytesIO(buffer.getvalue())).slides[0].shapes)
    pictures = [sh for sh in shapes if sh.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.blob.startswith(b"\x89PNG")
