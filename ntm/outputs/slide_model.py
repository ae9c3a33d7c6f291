"""The content model of a steering-committee presentation: slides and their items, already formatted.

Shared by the section builders (ntm.outputs.sections), the screen, the PowerPoint deck and the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd
import plotly.graph_objects as go

from ntm.locale import fmt
from ntm.locale.i18n import t
from ntm.measures import metrics


@dataclass(frozen=True)
class Kpi:
    """One headline figure with its change since the previous period (already formatted)."""

    label: str
    value: str
    delta: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Kpis:
    items: tuple[Kpi, ...]


@dataclass(frozen=True)
class Table:
    """A table of formatted cells. numeric marks right-aligned columns; fills (hex or None) colour cells,
    e.g. traffic lights; the last row is a total row when has_total is set."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    widths: tuple[float, ...] | None = None
    fills: tuple[tuple[str | None, ...], ...] | None = None
    has_total: bool = False

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.rows), columns=list(self.columns))


@dataclass(frozen=True)
class Chart:
    """A plotly figure from ntm (the screen draws it; the deck and the report redraw its bars natively)."""

    figure: go.Figure
    caption: str | None = None


@dataclass(frozen=True)
class Image:
    """A ready-made PNG, e.g. the static map."""

    png: bytes
    caption: str | None = None


@dataclass(frozen=True)
class Text:
    lines: tuple[str, ...]


Item = Kpis | Table | Chart | Image | Text


@dataclass(frozen=True)
class Slide:
    """kind 'title' is the cover (drawn from the Context); 'content' slides carry items top to bottom."""

    key: str
    title: str
    items: tuple[Item, ...] = ()
    notes: tuple[str, ...] = ()
    kind: str = "content"


MapRenderer = Callable[..., tuple[bytes, list[str]]]
"""(con, scope, kind, lang=, dpi=) -> (PNG bytes, caption lines): the map drawer the caller supplies."""


@dataclass(frozen=True)
class Context:
    """What every slide states: period, scope, as-of date and where the figures come from."""

    scope: metrics.Scope
    lang: str
    period_label: str
    as_of: date
    scope_label: str
    source: str
    illustrative: bool
    db_built: date | None
    issued: date
    map_png: MapRenderer | None = None  # geo.static_map.render_png, handed in from above (ntm never imports geo)

    def stamp(self) -> str:
        """'Kỳ báo cáo: ... · Phạm vi: ... · Số liệu đến ngày dd/mm/yyyy'."""
        lg = self.lang
        return (
            f"{t('period', lg)}: {self.period_label} · {t('scope', lg)}: {self.scope_label} · "
            f"{t('as_of', lg)}: {fmt.day(self.as_of, lg)}"
        )

    def provenance(self) -> str:
        """'Nguồn: <period source> · <illustrative warning>' (the line under every slide)."""
        text = f"{t('source', self.lang)}: {self.source}"
        if self.illustrative:
            text += f" · {t('illustrative_short', self.lang)}"
        return text


@dataclass(frozen=True)
class Deck:
    context: Context
    slides: tuple[Slide, ...]

    def pages(self) -> list:
        """The slides as shown and drawn (layout.Page: slide and table text size): a table too long for its
        slide continues on slides titled '… (tiếp)', so the presentation page and the deck count alike."""
        from ntm.outputs import layout  # the layout reads this model: imported when asked, not at load

        return [page for s in self.slides for page in layout.pages(s, self.context.lang)]

    def titles(self) -> list[str]:
        """The titles of the slides as shown and drawn, continuation slides included."""
        return [page.slide.title for page in self.pages()]


Builder = Callable[[duckdb.DuckDBPyConnection, Context], list[Slide]]
Progress = Callable[[float, str], None]
