"""The content of a steering-committee presentation, shared by the screen, the PowerPoint deck and the PDF.

A deck is a list of slides built from ``ntm`` functions for one Scope. Every number is formatted here
once (Vietnamese or English), so the presentation page, the .pptx and the .pdf show the same strings.
Sections are plain functions ``(con, ctx) -> list[Slide]`` listed in SECTIONS; a feature adds a
slide by adding a builder, and a builder returns [] when its data is missing for the scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Union

import duckdb
import pandas as pd
import plotly.graph_objects as go

from ntm import charts, fmt, metrics
from ntm.db import query
from ntm.i18n import t

# ---- content model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    """One headline figure with its change since the previous period (already formatted)."""

    label: str
    value: str
    delta: str | None = None


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


# ---- section builders ---------------------------------------------------------------------------


def title_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """Cover: province, period, filters, as-of date and provenance."""
    lg = ctx.lang
    lines = [
        t("province_name", lg),
        f"{t('period', lg)}: {ctx.period_label}",
        f"{t('scope', lg)}: {ctx.scope_label}",
        f"{t('as_of', lg)}: {fmt.day(ctx.as_of, lg)}",
        f"{t('issued_on', lg)}: {fmt.day(ctx.issued, lg)}",
        ctx.provenance(),
    ]
    return [Slide("title", t("deck_title", lg), (Text(tuple(lines)),), kind="title")]


def headline_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """The four headline KPIs with their change since the previous period (as on the overview page)."""
    lg = ctx.lang
    s = metrics.summary(con, ctx.scope)
    ch = metrics.change_since_previous(con, ctx.scope)

    def delta(value: float | None, decimals: int, unit_key: str) -> str | None:
        return f"{fmt.signed(value, decimals, lg)} {t(unit_key, lg)}" if value is not None else None

    gap_label = t("kpi_gap", lg, target=fmt.percent(s.target_pct, 0, lg)) if s.target_pct is not None \
        else t("kpi_gap_none", lg)
    kpis = Kpis((
        Kpi(t("kpi_recognised", lg), f"{s.recognised}/{s.base}", delta(ch.recognised, 0, "communes_unit")),
        Kpi(t("kpi_pct", lg), fmt.percent(s.pct, lang=lg), delta(ch.pct_points, 1, "points")),
        Kpi(gap_label, fmt.signed(s.gap_points, lang=lg), delta(ch.gap_points, 1, "points")),
        Kpi(t("kpi_avg", lg), fmt.number(s.avg_criteria, lang=lg), delta(ch.avg_criteria, 1, "criteria_unit")),
    ))
    notes = []
    if ch.previous_period_id:
        prev = metrics.periods(con).set_index("period_id").loc[ch.previous_period_id]
        notes.append(f"{t('change_since', lg)}: {prev['label_en' if lg == 'en' else 'label_vi']}")
    else:
        notes.append(t("no_prev", lg))
    if ch.base_changed:
        notes.append(t("base_changed", lg, prev=ch.base_before, now=s.base))
    if s.target_pct is None:
        notes.append(t("no_target", lg))
    return [Slide("kpis", t("slide_kpis", lg), (kpis,), tuple(notes))]


def district_chart_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """Share of communes meeting the standard per district, against the target."""
    lg = ctx.lang
    s = metrics.summary(con, ctx.scope)
    fig = charts.district_bars(metrics.district_table(con, ctx.scope), s.target_pct, lg)
    caption = t("target_line", lg, target=fmt.percent(s.target_pct, 0, lg)) if s.target_pct is not None else None
    return [Slide("district_chart", t("district_chart", lg), (Chart(fig, caption),))]


def district_table_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """Per-district figures with a total row equal to the headline KPIs."""
    lg = ctx.lang
    table = metrics.district_table(con, ctx.scope)
    s = metrics.summary(con, ctx.scope)
    has_gap = s.target_pct is not None
    rows = [
        (d.district_code, d.district_name, fmt.integer(d.base, lg), fmt.integer(d.recognised, lg),
         fmt.percent(d.pct, lang=lg), fmt.number(d.avg_criteria, lang=lg),
         fmt.signed(d.gap_points, lang=lg) if has_gap else "—")
        for d in table.itertuples()
    ]
    rows.append(("", t("total_row", lg), fmt.integer(s.base, lg), fmt.integer(s.recognised, lg),
                 fmt.percent(s.pct, lang=lg), fmt.number(s.avg_criteria, lang=lg), fmt.signed(s.gap_points, lang=lg)))
    cols = tuple(t(k, lg) for k in ("col_code", "col_district", "col_base", "col_recognised", "col_pct", "col_avg",
                                    "col_gap"))
    out = Table(cols, tuple(rows), (False, False, True, True, True, True, True), (0.6, 1.8, 0.8, 1, 1.1, 1.1, 1.3),
                has_total=True)
    return [Slide("district_table", t("district_table", lg), (out,))]


def bands_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """Communes by number of criteria met."""
    return [Slide("bands", t("bands_chart", ctx.lang), (Chart(charts.band_bars(metrics.bands(con, ctx.scope),
                                                                              ctx.lang)),))]


def criteria_chart_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """Communes meeting each criterion."""
    fig = charts.criteria_bars(metrics.criteria_achievement(con, ctx.scope), ctx.lang)
    return [Slide("criteria_chart", t("criteria_chart", ctx.lang), (Chart(fig),))]


WEAK_CRITERIA = 6
"""How many of the least-met criteria the steering committee sees (one slide, large type)."""


def weak_criteria_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """The criteria fewest communes meet, with the department that leads each one."""
    lg = ctx.lang
    ach = metrics.criteria_achievement(con, ctx.scope)
    weakest = ach.sort_values(["communes_met", "sort_order"]).head(WEAK_CRITERIA)
    name = "name_en" if lg == "en" else "name_vi"
    rows = tuple(
        (f"{r.criterion_code}. {getattr(r, name)}", f"{fmt.integer(r.communes_met, lg)}/{fmt.integer(r.base, lg)}",
         fmt.percent(r.pct, lang=lg), r.department if isinstance(r.department, str) else "—")
        for r in weakest.itertuples()
    )
    cols = (t("col_criterion", lg), t("col_communes", lg), t("col_met_share", lg), t("col_department", lg))
    return [Slide("weak_criteria", t("slide_weak_criteria", lg),
                  (Table(cols, rows, (False, True, True, False), (2.4, 1, 1, 2.6)),))]


def notes_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """Where the figures come from, and how to read them."""
    lg = ctx.lang
    lines = [f"{t('source', lg)}: {ctx.source}"]
    pub = metrics.published_figures(con, ctx.scope.period_id)
    if not ctx.scope.districts and not pub.empty:
        p = pub.iloc[0]
        lines.append(f"{t('published_check', lg)}: {p.ntm_communes}/{p.commune_base} "
                     f"({fmt.percent(p.pct_ntm, lang=lg)}) — {p.source}")
    if ctx.illustrative:
        lines.append(t("illustrative", lg).replace("**", ""))
    lines.append(t("rounding_note", lg))
    if ctx.db_built:
        lines.append(f"{t('db_built', lg)}: {fmt.day(ctx.db_built, lg)}")
    return [Slide("notes", t("slide_notes", lg), (Text(tuple(lines)),))]


SECTIONS: list[tuple[str, Builder]] = [
    ("title", title_slide),
    ("kpis", headline_slide),
    ("district_chart", district_chart_slide),
    ("district_table", district_table_slide),
    ("bands", bands_slide),
    ("criteria_chart", criteria_chart_slide),
    ("weak_criteria", weak_criteria_slide),
    ("notes", notes_slide),
]
"""The running order of the presentation; each builder may contribute zero or more slides."""


def build_deck(con: duckdb.DuckDBPyConnection, scope: metrics.Scope, lang: str = "vi",
               issued: date | None = None, progress: Progress | None = None) -> Deck:
    """All slides of a scope. Raises ValueError (Vietnamese message) when the scope has no commune."""
    ctx = context(con, scope, lang, issued)
    if metrics.summary(con, scope).base == 0:
        raise ValueError(t("empty_scope", "vi") + " Kiểm tra kỳ báo cáo và mã huyện.")
    slides: list[Slide] = []
    for i, (key, builder) in enumerate(SECTIONS):
        if progress:
            progress(i / len(SECTIONS), key)
        slides += builder(con, ctx)
    if progress:
        progress(1.0, "done")
    return Deck(ctx, tuple(slides))

