"""The content of a steering-committee presentation, shared by the screen, the PowerPoint deck and the PDF.

A deck is a list of slides built from ``ntm`` functions for one Scope. Every number is formatted once,
when the slides are built (Vietnamese or English), so the presentation page, the .pptx and the .pdf
show the same strings. The builders live in ntm.slide_sections; this module holds the content model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Union

import duckdb
import pandas as pd
import plotly.graph_objects as go

from ntm import fmt, metrics
from ntm.db import query
from ntm.i18n import t

# ---- content model ------------------------------------------------------------------------------


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


Item = Union[Kpis, Table, Chart, Image, Text]


@dataclass(frozen=True)
class Slide:
    """kind 'title' is the cover (drawn from the Context); 'content' slides carry items top to bottom."""

    key: str
    title: str
    items: tuple[Item, ...] = ()
    notes: tuple[str, ...] = ()
    kind: str = "content"


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

    def stamp(self) -> str:
        """'Kỳ báo cáo: ... · Phạm vi: ... · Số liệu đến ngày dd/mm/yyyy'."""
        lg = self.lang
        return (f"{t('period', lg)}: {self.period_label} · {t('scope', lg)}: {self.scope_label} · "
                f"{t('as_of', lg)}: {fmt.day(self.as_of, lg)}")

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

    def titles(self) -> list[str]:
        return [s.title for s in self.slides]


Builder = Callable[[duckdb.DuckDBPyConnection, Context], list[Slide]]
Progress = Callable[[float, str], None]

# ---- context ------------------------------------------------------------------------------------


def scope_label(con: duckdb.DuckDBPyConnection, scope: metrics.Scope, lang: str) -> str:
    """'Toàn tỉnh' or the chosen district names, in code order."""
    if not scope.districts:
        return t("all_districts", lang)
    names = metrics.districts(con)
    return ", ".join(names[names["district_code"].isin(scope.districts)]["district_short"])


def context(con: duckdb.DuckDBPyConnection, scope: metrics.Scope, lang: str = "vi",
            issued: date | None = None) -> Context:
    """The Context of a scope; raises KeyError with a Vietnamese message for an unknown period."""
    per = metrics.periods(con).set_index("period_id")
    if scope.period_id not in per.index:
        raise KeyError(f"Không có kỳ báo cáo '{scope.period_id}'. Các kỳ: {', '.join(per.index)}")
    p = per.loc[scope.period_id]
    built = query(con, "SELECT value FROM meta WHERE key = 'built_at'")
    db_built = date.fromisoformat(built.iloc[0, 0][:10]) if not built.empty else None
    s = metrics.summary(con, scope)
    return Context(
        scope=scope, lang=lang, period_label=p["label_en" if lang == "en" else "label_vi"],
        as_of=pd.Timestamp(p["as_of_date"]).date(), scope_label=scope_label(con, scope, lang),
        source=p["source"] or "—", illustrative=s.illustrative, db_built=db_built, issued=issued or date.today(),
    )


def build_deck(con: duckdb.DuckDBPyConnection, scope: metrics.Scope, lang: str = "vi",
               issued: date | None = None, progress: Progress | None = None) -> Deck:
    """All slides of a scope. Raises ValueError (Vietnamese message) when the scope has no commune."""
    ctx = context(con, scope, lang, issued)
    if metrics.summary(con, scope).base == 0:
        raise ValueError(t("empty_scope", "vi") + " Kiểm tra kỳ báo cáo và mã huyện.")
    from ntm.slide_sections import SECTIONS  # the builders import this module's model

    slides: list[Slide] = []
    for i, (key, builder) in enumerate(SECTIONS):
        if progress:
            progress(i / len(SECTIONS), key)
        slides += builder(con, ctx)
    if progress:
        progress(1.0, "done")
    return Deck(ctx, tuple(slides))

