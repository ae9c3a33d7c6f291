"""Plotly figures from ntm, made drawable outside a browser.

Bar and line figures become a ChartSpec that the deck (native, editable PowerPoint chart) and the PDF
report (vector drawing) redraw with the very numbers, labels and colours of the screen; any other figure
becomes a PNG through kaleido driving Debian's chromium.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from ntm.figures import palette

CHROMIUM = "/usr/bin/chromium"
DEFAULT_COLOUR = palette.BLUE


@dataclass(frozen=True)
class Series:
    """One trace: a value (None = no point), a label and a colour per category."""

    name: str
    values: tuple[float | None, ...]
    labels: tuple[str, ...]
    colours: tuple[str, ...]


@dataclass(frozen=True)
class ChartSpec:
    """Bars (one series, or grouped columns) or lines over shared categories, in reading order: top to
    bottom for horizontal bars, left to right otherwise."""

    title: str
    kind: str  # 'bar' or 'line'
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    horizontal: bool = False
    axis_max: float | None = None
    axis_suffix: str = ""
    target: float | None = None
    target_label: str = ""

    @property
    def legend(self) -> bool:
        return len(self.series) > 1


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


def _category(value: object) -> str:
    """2019.0 -> '2019' (years on a numeric axis), anything else as text."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _text(value)


def _text(value: object) -> str:
    """A label as the reader sees it: the figures write a '<' from the data as '&lt;' for plotly (charts.text_only);
    the deck and the report draw plain text."""
    return str(value).replace("&lt;", "<")


def _supported(fig: go.Figure) -> str | None:
    """'bar' or 'line' when every trace is of that kind and the layout is one we redraw faithfully."""
    types = {tr.type for tr in fig.data}
    if types == {"bar"}:
        horizontal = {tr.orientation == "h" for tr in fig.data}
        if len(horizontal) != 1 or (True in horizontal and len(fig.data) > 1):
            return None  # horizontal bars: one series only
        if len(fig.data) > 1 and fig.layout.barmode not in (None, "group"):
            return None  # stacked or overlaid bars
        return "bar"
    if types == {"scatter"} and all(tr.mode and "lines" in tr.mode for tr in fig.data):
        return "line"
    return None


def chart_spec(fig: go.Figure) -> ChartSpec | None:
    """The ChartSpec of a bar or line figure, else None (draw it as an image)."""
    kind = _supported(fig) if fig.data else None
    if kind is None:
        return None
    horizontal = kind == "bar" and fig.data[0].orientation == "h"
    traces = []
    for tr in fig.data:
        cats = [_category(c) for c in _array(tr.y if horizontal else tr.x)]
        vals = [None if v is None else float(v) for v in _array(tr.x if horizontal else tr.y)]
        colour = tr.marker.color if kind == "bar" or tr.line.color is None else tr.line.color
        colours = [str(c) for c in _as_list(colour, len(cats), DEFAULT_COLOUR)]
        traces.append((_text(tr.name or ""), cats, vals, [_text(v) for v in _as_list(tr.text, len(cats), "")], colours))
    if kind == "line" and all(c.isdigit() for _, cats, *_ in traces for c in cats):
        categories = sorted({c for _, cats, *_ in traces for c in cats}, key=int)
    else:
        categories = list(dict.fromkeys(c for _, cats, *_ in traces for c in cats))
    # Plotly draws the first horizontal category at the bottom unless the axis is reversed.
    if horizontal and fig.layout.yaxis.autorange != "reversed":
        categories = categories[::-1]
    series = []
    for name, cats, vals, labels, colours in traces:
        at = {c: i for i, c in enumerate(cats)}
        series.append(
            Series(
                name,
                tuple(vals[at[c]] if c in at else None for c in categories),
                tuple(labels[at[c]] if c in at else "" for c in categories),
                tuple(colours[at[c]] if c in at else colours[0] for c in categories),
            )
        )
    target = target_label = None
    for shape in fig.layout.shapes or ():
        if shape.type == "line" and shape.x0 == shape.x1 and horizontal and shape.xref == "x":
            target = float(shape.x0)
    for ann in fig.layout.annotations or ():
        if target is not None and ann.x == target:
            target_label = _text(ann.text)
    value_axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
    rng = value_axis.range
    return ChartSpec(
        title=_text(fig.layout.title.text or ""),
        kind=kind,
        categories=tuple(categories),
        series=tuple(series),
        horizontal=horizontal,
        axis_max=float(rng[1]) if rng else None,
        axis_suffix=value_axis.ticksuffix or "",
        target=target,
        target_label=target_label or "",
    )


_PNG_CACHE: dict[str, bytes] = {}
"""PNGs already rendered in this process (the deck and the report of one scope share them)."""


def png(fig: go.Figure, width: int = 1200, height: int = 650, scale: float = 2) -> bytes:
    """High-resolution PNG of any figure, rendered offline by kaleido driving Debian's chromium."""
    key = hashlib.sha256(f"{fig.to_json()}|{width}|{height}|{scale}".encode()).hexdigest()
    if key in _PNG_CACHE:
        return _PNG_CACHE[key]
    if not os.environ.get("BROWSER_PATH") and shutil.which("chromium") is None and os.path.exists(CHROMIUM):
        os.environ["BROWSER_PATH"] = CHROMIUM
    try:
        data = fig.to_image(format="png", width=width, height=height, scale=scale)
    except Exception as err:  # kaleido raises several types when no browser is available
        raise RuntimeError(
            f"Không vẽ được biểu đồ thành ảnh: cần trình duyệt chromium (apt-get install chromium). Chi tiết: {err}"
        ) from err
    if len(_PNG_CACHE) > 64:
        _PNG_CACHE.clear()
    _PNG_CACHE[key] = data
    return data
