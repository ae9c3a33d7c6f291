"""Plotly figures from ntm, made drawable outside a browser: a bar chart becomes a BarSpec that the deck
(native, editable PowerPoint chart) and the PDF report (vector drawing) redraw with the very numbers,
labels and colours of the screen; any other figure becomes a PNG through kaleido and Debian's chromium.
"""

from __future__ import annotations

import base64
import os
import shutil
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class BarSpec:
    """One bar series in reading order: top to bottom (horizontal bars) or left to right (columns)."""

    title: str
    categories: tuple[str, ...]
    values: tuple[float, ...]
    labels: tuple[str, ...]
    colours: tuple[str, ...]
    horizontal: bool
    axis_max: float | None = None
    axis_suffix: str = ""
    axis_title: str = ""
    target: float | None = None
    target_label: str = ""


def _array(value: object) -> list:
    """A trace's array as a list; plotly keeps arrays as {'dtype', 'bdata'} once a figure is pickled."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return flat.reshape(value["shape"]).tolist() if "shape" in value else flat.tolist()
    return list(value)


def _as_list(value: object, n: int, default: str) -> list:
    if value is None:
        return [default] * n
    if isinstance(value, str):
        return [value] * n
    return [default if v is None else v for v in _array(value)]


def bar_spec(fig: go.Figure) -> BarSpec | None:
    """The BarSpec of a figure made of exactly one go.Bar trace, else None (draw it as an image)."""
    if len(fig.data) != 1 or fig.data[0].type != "bar":
        return None
    bar = fig.data[0]
    horizontal = bar.orientation == "h"
    cats = [str(c) for c in _array(bar.y if horizontal else bar.x)]
    vals = [float(v) for v in _array(bar.x if horizontal else bar.y)]
    n = len(cats)
    labels = [str(v) for v in _as_list(bar.text, n, "")]
    colours = [str(c) for c in _as_list(bar.marker.color, n, "#0072B2")]
    value_axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
    cat_axis = fig.layout.yaxis if horizontal else fig.layout.xaxis
    # Plotly draws the first horizontal category at the bottom unless the axis is reversed.
    if horizontal and cat_axis.autorange != "reversed":
        cats, vals, labels, colours = cats[::-1], vals[::-1], labels[::-1], colours[::-1]
    target = target_label = None
    for shape in fig.layout.shapes or ():
        if shape.type == "line" and shape.x0 == shape.x1 and horizontal and shape.xref == "x":
            target = float(shape.x0)
    for ann in fig.layout.annotations or ():
        if target is not None and ann.x == target:
            target_label = ann.text
    rng = value_axis.range
    return BarSpec(
        title=fig.layout.title.text or "", categories=tuple(cats), values=tuple(vals), labels=tuple(labels),
        colours=tuple(colours), horizontal=horizontal, axis_max=float(rng[1]) if rng else None,
        axis_suffix=value_axis.ticksuffix or "", axis_title=value_axis.title.text or "",
        target=target, target_label=target_label or "",
    )


def png(fig: go.Figure, width: int = 1200, height: int = 650, scale: float = 2) -> bytes:
    """High-resolution PNG of any figure, rendered offline by kaleido driving Debian's chromium."""
    if not os.environ.get("BROWSER_PATH") and shutil.which("chromium") is None and os.path.exists(CHROMIUM):
        os.environ["BROWSER_PATH"] = CHROMIUM
    try:
        return fig.to_image(format="png", width=width, height=height, scale=scale)
    except Exception as err:  # kaleido raises several types when no browser is available
        raise RuntimeError(
            "Không vẽ được biểu đồ thành ảnh: cần trình duyệt chromium (apt-get install chromium). "
            f"Chi tiết: {err}"
        ) from err
