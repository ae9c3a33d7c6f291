"""A sparkline as a small inline SVG: drawn with the headline card in the first paint, no chart library.

A plotly or vega chart is loaded lazily by the browser after the page's other charts; an SVG of a few
hundred bytes arrives and shows with the card itself (issue 14: headline first).
"""

from __future__ import annotations

import base64
import html
from xml.sax.saxutils import quoteattr

from ntm.figures.palette import BLUE

WIDTH, HEIGHT, PAD = 160, 36, 3


def svg(values: list[float], label: str, colour: str = BLUE, breaks: tuple[int, ...] = ()) -> str | None:
    """The line of values (oldest first) with a dot on the last one; None when there is nothing to draw.

    breaks are the positions of the values that start a new line (the criteria set or the province changed just
    before them): the line is not drawn across them, a thin dashed mark stands in the gap, and a segment of one
    point is a dot. label becomes the picture's accessible name (role img), e.g. 'Xu hướng: 20 → 28 → 52'."""
    kept = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(kept) < 2:
        return None
    points = [v for _, v in kept]
    starts = {n for n, (i, _) in enumerate(kept) if n and any(kept[n - 1][0] < b <= i for b in breaks)}
    low, high = min(points), max(points)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(points) - 1)
    xy = [(PAD + i * step, HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)) for i, v in enumerate(points)]
    segments, current = [], [xy[0]]
    for n, p in enumerate(xy[1:], start=1):
        if n in starts:
            segments.append(current)
            current = []
        current.append(p)
    segments.append(current)
    shapes = []
    for seg in segments:
        if len(seg) == 1:
            shapes.append(f'<circle cx="{seg[0][0]:.1f}" cy="{seg[0][1]:.1f}" r="2" fill="{colour}"/>')
        else:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
            shapes.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" stroke-linejoin="round"/>'
            )
    for n in sorted(starts):
        gap_x = (xy[n - 1][0] + xy[n][0]) / 2
        shapes.append(
            f'<line x1="{gap_x:.1f}" y1="0" x2="{gap_x:.1f}" y2="{HEIGHT}" stroke="#999999" stroke-width="1" '
            'stroke-dasharray="2,2"/>'
        )
    last_x, last_y = xy[-1]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label={quoteattr(label)}><title>{_text(label)}</title>'
        + "".join(shapes)
        + f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="3" fill="{colour}"/></svg>'
    )


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def img(values: list[float], label: str, colour: str = BLUE, breaks: tuple[int, ...] = ()) -> str | None:
    """The sparkline as an <img> tag carrying its SVG (a data URL): HTML that shows in the page itself, where
    inline <svg> would be removed by a sanitiser that allows HTML only; label is its alt text."""
    picture = svg(values, label, colour, breaks)
    if picture is None:
        return None
    data = base64.b64encode(picture.encode()).decode()
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(label)}" width="{WIDTH}" height="{HEIGHT}">'
