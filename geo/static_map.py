"""The same map as a PNG, for reports and slides: matplotlib + geopandas, no tiles, no browser.

It draws the MapFrame the page draws (same classes, counts, dimming, approximate outlines), so a slide
and the screen cannot disagree. Uses a bare matplotlib Figure (no pyplot state): safe in threads.
"""

from __future__ import annotations

import hashlib
import io
import math
import textwrap
from pathlib import Path
from typing import BinaryIO

import duckdb
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from geo.choropleth import NO_DATA_FILL, MapFrame, build_frame
from ntm.data.content_cache import ContentCache, frame_digest
from ntm.locale.i18n import local, t
from ntm.measures import metrics

FONT = "DejaVu Sans"  # covers Vietnamese diacritics (ư, ơ, ạ, ễ)
HATCH = "////"
CAPTION_PT = 6.5
CAPTION_CHAR_EM = 0.56  # average advance of a DejaVu Sans character, in ems, with room for capitals and digits
# Pictures by what they show: a deck and its PDF, and the next deck of the same scope, draw the same map, and a
# drawing takes a fifth of a second (matplotlib and PNG encoding) where its key takes a few milliseconds.
_pictures: ContentCache[bytes] = ContentCache(size=16)


def _period_label(con: duckdb.DuckDBPyConnection, period_id: str, lang: str) -> str:
    per = metrics.periods(con).set_index("period_id")
    return per.loc[period_id, local("label", lang)]


def draw(
    frame: MapFrame,
    title: str,
    width_in: float = 12,
    height_in: float = 7.5,
    dpi: int = 150,
    notes: list[str] | None = None,
    caption_in_image: bool = True,
) -> Figure:
    """A matplotlib Figure of the frame with title, legend, district names and (unless the caller sets them
    as text beside the picture) the notes and credit line."""
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.01, 0.12, 0.64, 0.80))
    ax.set_axis_off()
    if len(frame.background):
        frame.background.plot(ax=ax, facecolor="#ffffff", edgecolor="#bbbbbb", linewidth=0.3)
    units = frame.units
    for dim in (False, True):
        part = units[units["in_scope"] != dim] if frame.dimmed else (units if not dim else units.iloc[0:0])
        if part.empty:
            continue
        alpha = 0.25 if dim else 0.95
        data = part[part["color"] != NO_DATA_FILL]
        if len(data):
            data.plot(ax=ax, color=data["color"].tolist(), edgecolor="#4d4d4d", linewidth=0.35, alpha=alpha)
        empty = part[part["color"] == NO_DATA_FILL]
        if len(empty):
            empty.plot(ax=ax, facecolor="#ffffff", edgecolor="#777777", hatch=HATCH, linewidth=0.35, alpha=alpha)
    approx = units[units["approximate"]]
    if len(approx):
        approx.boundary.plot(ax=ax, color="#222222", linewidth=0.7, linestyle=(0, (3, 2)))
    d = frame.districts
    d[d["in_scope"]].boundary.plot(ax=ax, color="#1a1a1a", linewidth=1.4)
    if (~d["in_scope"]).any():
        d[~d["in_scope"]].boundary.plot(ax=ax, color="#9e9e9e", linewidth=0.8)
    for r in d.itertuples(index=False):
        p = r.geometry.representative_point()
        text = r.district_name + (f"\n{r.value_text}" if r.value_text else "")
        ax.annotate(
            text,
            (p.x, p.y),
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            family=FONT,
            color="#111111" if r.in_scope else "#888888",
            path_effects=_halo(),
        )
    if frame.dimmed:  # zoomed to a few districts: commune names are readable
        for r in units[units["in_scope"]].itertuples(index=False):
            p = r.geometry.representative_point()
            ax.annotate(
                r.unit_name,
                (p.x, p.y),
                ha="center",
                va="center",
                fontsize=6.5,
                family=FONT,
                color="#222222",
                path_effects=_halo(),
            )
    minx, miny, maxx, maxy = frame.bounds
    pad = 0.03 * max(maxx - minx, maxy - miny)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
    handles = [
        Patch(
            facecolor="#ffffff" if c.hatch else c.color,
            edgecolor="#666666",
            hatch=HATCH if c.hatch else None,
            label=f"{c.label} ({c.count})",
        )
        for c in frame.classes
    ]
    if len(frame.background):
        handles.append(Patch(facecolor="#ffffff", edgecolor="#bbbbbb", label=t("map_background", frame.lang)))
    if len(frame.approximate):
        handles.append(
            Line2D(
                [],
                [],
                color="#222222",
                linestyle=(0, (3, 2)),
                label=f"{t('map_approx_legend', frame.lang)} ({len(frame.approximate)})",
            )
        )
    leg = ax.legend(
        handles=handles,
        title=frame.legend_title,
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        title_fontsize=9.5,
        frameon=False,
        prop={"family": FONT, "size": 9},
        alignment="left",
    )
    leg.get_title().set_family(FONT)
    fig.suptitle(title, x=0.02, y=0.975, ha="left", fontsize=13, fontweight="bold", family=FONT)
    if caption_in_image:
        lines = list(notes or []) + [t("map_credit", frame.lang)]
        caption = _wrapped(lines, width_in * 0.96, CAPTION_PT)
        fig.text(0.02, 0.015, caption, fontsize=CAPTION_PT, family=FONT, color="#444444", va="bottom")
    return fig


def _wrapped(lines: list[str], width_in: float, size_pt: float) -> str:
    """Lines wrapped to a width by DejaVu Sans' widest usual average character: matplotlib's own wrapping measures
    the text again for each word it adds, two fifths of the time of a picture with a long list of names."""
    per_line = max(20, int(width_in * 72 / (size_pt * CAPTION_CHAR_EM)))
    return "\n".join(textwrap.fill(line, per_line) for line in lines)


def _halo():
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2.2, foreground="white")]


def _frame_and_notes(
    con: duckdb.DuckDBPyConnection, scope: metrics.Scope, kind: str, criterion: str | None, lang: str
) -> tuple[MapFrame, str, list[str]]:
    frame = build_frame(con, scope, kind, criterion, lang)
    if frame is None:
        raise ValueError(t("map_no_layer", lang))
    title = t("map_png_title", lang, layer=frame.title, period=_period_label(con, scope.period_id, lang))
    notes = []
    if frame.illustrative:
        notes.append(t("map_png_illustrative", lang))
    if len(frame.approximate):
        notes.append(
            f"{t('map_approx_note', lang, n=len(frame.approximate))}: " + ", ".join(frame.approximate["unit_name"])
        )
    return frame, title, notes


def _png(fig: Figure, dpi: int) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _picture(frame: MapFrame, title: str, dpi: int, notes: list[str] | None, caption_in_image: bool) -> bytes:
    """The PNG of draw(frame, ...), made once per content of the frame and the words around it."""
    key = (_frame_key(frame), title, dpi, tuple(notes or ()), caption_in_image)
    figure = lambda: draw(frame, title, dpi=dpi, notes=notes, caption_in_image=caption_in_image)  # noqa: E731
    return _pictures.get(key, lambda: _png(figure(), dpi))


def _frame_key(frame: MapFrame) -> str:
    """Hash of everything draw() reads from a frame: its tables' values and outlines, legend, bounds, language."""
    digest = hashlib.sha256()
    for table, columns in (
        (frame.units, ["color", "in_scope", "approximate", "unit_name"]),
        (frame.districts, ["in_scope", "district_name", "value_text"]),
        (frame.background, []),
    ):
        digest.update(frame_digest(pd.DataFrame(table[columns])).encode())
        digest.update(b"".join(shapely.to_wkb(table.geometry.values)))
    digest.update(repr((frame.classes, frame.legend_title, frame.bounds, frame.dimmed, frame.lang)).encode())
    digest.update(repr((len(frame.approximate), frame.layer)).encode())
    return digest.hexdigest()


def slide_picture(
    con: duckdb.DuckDBPyConnection, scope: metrics.Scope, kind: str = "criteria_met", lang: str = "vi", dpi: int = 150
) -> tuple[bytes, list[str]]:
    """The map for a slide or a printed page: the picture without its notes, and the notes and credit as text,
    so the deck and the PDF set them in readable type instead of shrinking them with the picture."""
    frame, title, notes = _frame_and_notes(con, scope, kind, None, lang)
    return _picture(frame, title, dpi, None, False), notes + [t("map_credit", lang)]


def render_png(
    con: duckdb.DuckDBPyConnection,
    scope: metrics.Scope,
    kind: str = "criteria_met",
    out: str | Path | BinaryIO | None = None,
    criterion: str | None = None,
    lang: str = "vi",
    dpi: int = 150,
) -> bytes:
    """Render the map of a layer kind for a scope as PNG (notes and credit inside: a file that stands alone);
    writes it to out (path or buffer) when given and returns the bytes. Raises ValueError when the period has
    no boundary layer."""
    frame, title, notes = _frame_and_notes(con, scope, kind, criterion, lang)
    data = _picture(frame, title, dpi, notes, True)
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(data)
    elif out is not None:
        out.write(data)
    return data
