"""The sections of the steering-committee presentation: one builder per item, in running order.

A builder is a plain function ``(con, ctx) -> list[Slide]`` that calls the ntm module owning the figures
(metrics, analysis, target_gap, plan, poverty; geo for the map) and formats them; it returns [] when its
data is missing for the scope. A feature adds a slide by adding a builder to SECTIONS.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from ntm.figures import analysis_tables, charts, plan_tables, poverty_charts, poverty_tables
from ntm.figures import tables as export
from ntm.locale import fmt
from ntm.locale.i18n import by_area, in_lang, lang_suffix, local, t
from ntm.locale.text import in_sentence
from ntm.measures import analysis, metrics, target_gap
from ntm.outputs.slide_model import (
    Builder,
    Chart,
    Context,
    Image,
    Kpi,
    Kpis,
    Slide,
    Table,
    Text,
)
from ntm.plan import poverty
from ntm.plan import progress as plan
from ntm.views.overview import gap_note, rounding_note


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

    gap_label = (
        t("kpi_gap", lg, target=fmt.percent(s.target_pct, 0, lg)) if s.target_pct is not None else t("kpi_gap_none", lg)
    )
    kpis = Kpis(
        (
            Kpi(t("kpi_recognised", lg), f"{s.recognised}/{s.base}", delta(ch.recognised, 0, "communes_unit")),
            Kpi(t("kpi_pct", lg), fmt.percent(s.pct, lang=lg), delta(ch.pct_points, 1, "points")),
            Kpi(gap_label, fmt.signed(s.gap_points, lang=lg), note=gap_note(s, lg)),  # not the share's change again
            Kpi(t("kpi_avg", lg), fmt.number(s.avg_criteria, lang=lg), delta(ch.avg_criteria, 1, "criteria_unit")),
        )
    )
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
    area = in_sentence(metrics.area_label(con, ctx.scope, lg))
    fig = charts.district_bars(metrics.district_table(con, ctx.scope), s.target_pct, lg, area)
    caption = t("target_line", lg, target=fmt.percent(s.target_pct, 0, lg)) if s.target_pct is not None else None
    return [Slide("district_chart", t("district_chart", lg, area=area), (Chart(fig, caption),))]


def _cells(raw: pd.DataFrame, cols: list[export.Col], lang: str) -> list[tuple[str, ...]]:
    """Rows of raw formatted as the analysis pages show them (export.cell_text), as text."""
    return [tuple(str(export.cell_text(r[c.field], c.kind, lang)) for c in cols) for _, r in raw.iterrows()]


def _period_label(con: duckdb.DuckDBPyConnection, period_id: str, lang: str) -> str:
    return metrics.periods(con).set_index("period_id").loc[period_id, local("label", lang)]


def league_cols(area: str | None = None) -> list[export.Col]:
    """The league table's columns on a slide (no room for the improvement rank, the trend and its change), the area
    column headed with what the areas are called when given."""
    return analysis_tables.without(analysis_tables.league_cols(area), "rank_improvement", "trend", "delta_avg")


LEAGUE_COLS = league_cols()
"""The page's league columns but the second rank, the sparkline and the change of the average."""


def league_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """The district league table (ntm.analysis): rank, traffic light with its rule, change since the previous
    period, and a total row equal to the headline KPIs."""
    lg = ctx.lang
    league = analysis.league(con, ctx.scope)
    area = metrics.area_phrase(con, ctx.scope, lg)  # 'huyện cũ' after 07/2025; None: districts
    cols = league_cols(metrics.area_heading(con, ctx.scope, lg))
    table = league.table.assign(light_label=league.table[local("light", lg)])
    rows = _cells(table, cols, lg)
    colours = dict(zip(league.lights["light"], league.lights["colour"])) if not league.lights.empty else {}
    light_col = [c.field for c in cols].index("light_label")
    fills = [
        tuple(tint(colours[light]) if j == light_col and light in colours else None for j in range(len(cols)))
        for light in table["light"]
    ]
    s = metrics.summary(con, ctx.scope)
    ch = metrics.change_since_previous(con, ctx.scope)
    rows.append(
        (
            "",
            t("total_row", lg),
            "",
            fmt.integer(s.base, lg),
            fmt.integer(s.recognised, lg),
            fmt.percent(s.pct, lang=lg),
            fmt.number(s.avg_criteria, lang=lg),
            fmt.signed(s.gap_points, lang=lg),
            fmt.signed(ch.pct_points, lang=lg),
        )
    )
    fills.append((None,) * len(cols))
    out = Table(
        tuple(c.title(lg) for c in cols),
        tuple(rows),
        tuple(c.kind != "text" for c in cols),
        (0.8, 1.7, 1.0, 0.8, 1.0, 1.1, 1.1, 1.2, 1.5),
        tuple(fills),
        has_total=True,
    )
    rule = " · ".join(line.replace("**", "") for line in analysis.rule_lines(league.lights, league.target_pct, lg))
    notes = [rule] if rule else []
    if league.previous_period_id:
        notes.append(t("an_change_since", lg, period=_period_label(con, league.previous_period_id, lg)))
    return [Slide("league", by_area("an_districts_title", lg, area), (out,), tuple(notes))]


CANDIDATE_LEFT_OUT = ("unit_code", "missing_count", "departments")
"""Page columns the slide leaves out: the departments in charge are on the weak-criteria slide, and one line
per commune keeps the list readable."""


def target_gap_slides(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """What it takes to reach the target in force (ntm.target_gap): how many more communes, at what pace, and
    the communes closest to the standard with what each still misses and who is in charge."""
    lg = ctx.lang
    target = target_gap.default_target(con, ctx.scope.period_id)
    if target is None:
        return []
    g = target_gap.target_gap(con, ctx.scope, target)
    deadline = fmt.day(target.deadline, lg) if target.deadline else "—"
    observed = (
        t(
            "an_kpi_observed",
            lg,
            period=_period_label(con, g.previous_period_id, lg),
            pace=fmt.number(g.observed_per_year, lang=lg),
        )
        if g.observed_per_year is not None and g.previous_period_id
        else None
    )
    kpis = Kpis(
        (
            Kpi(t("an_kpi_now", lg), f"{g.recognised}/{g.base}"),
            Kpi(
                t("an_kpi_required", lg, target=fmt.percent(target.pct, lang=lg), base=g.base),
                fmt.integer(g.required, lg),
            ),
            Kpi(t("an_kpi_needed", lg), f"{fmt.integer(g.needed, lg)} {t('communes_unit', lg)}"),
            Kpi(
                t("an_kpi_pace", lg, deadline=deadline),
                f"{fmt.number(g.pace_per_year, lang=lg)} {t('an_per_year', lg)}"
                if g.pace_per_year is not None
                else "—",
                note=observed,
            ),
        )
    )
    if g.needed == 0:
        sentence = t("an_reached", lg, recognised=g.recognised, base=g.base, required=g.required)
    elif g.deadline_passed or target.deadline is None:
        sentence = t("an_deadline_passed", lg, deadline=deadline, as_of=fmt.day(g.as_of, lg), needed=g.needed)
    else:
        sentence = t(
            "an_gap_sentence",
            lg,
            target=fmt.percent(target.pct, lang=lg),
            deadline=deadline,
            years=fmt.number(g.years_left, lang=lg),
            needed=g.needed,
            pace=fmt.number(g.pace_per_year, lang=lg),
            missing=g.missing_to_close,
        )
    out = [
        Slide(
            "target_gap", t("page_gap", lg), (kpis, Text((sentence,))), (f"{t('source', lg)}: {target.source_in(lg)}",)
        )
    ]
    if g.candidates.empty:
        return out
    suffix = lang_suffix(lg)
    left_out = CANDIDATE_LEFT_OUT + (() if g.needed else ("shortest",))  # nothing to mark once the target is reached
    cols = analysis_tables.without(analysis_tables.candidate_cols(lg), *left_out)
    widths = (0.7, 1.5, 1.3, 1.0, 4.0, 1.1)[: len(cols)]
    table = Table(
        tuple(c.title(lg) for c in cols),
        tuple(_cells(g.candidates, cols, lg)),
        tuple(c.kind == "int" for c in cols),
        widths,
    )
    band = g.close_band[f"label_{suffix}"] if g.close_band is not None else "—"
    note = (
        t("an_candidates_note", lg, band=band, needed=g.needed)
        if g.needed
        else t("an_candidates_note_reached", lg, band=band)
    )
    return out + [Slide("candidates", t("an_candidates", lg), (table,), (note,))]


def bands_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """Communes by number of criteria met."""
    return [
        Slide("bands", t("bands_chart", ctx.lang), (Chart(charts.band_bars(metrics.bands(con, ctx.scope), ctx.lang)),))
    ]


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
    name = local("name", lg)
    rows = tuple(
        (
            f"{r.criterion_code}. {getattr(r, name)}",
            f"{fmt.integer(r.communes_met, lg)}/{fmt.integer(r.base, lg)}",
            fmt.percent(r.pct, lang=lg),
            in_lang(r, "department", lg) or "—",
        )
        for _, r in weakest.iterrows()
    )
    cols = (t("col_criterion", lg), t("col_communes", lg), t("col_met_share", lg), t("col_department", lg))
    return [
        Slide(
            "weak_criteria",
            t("slide_weak_criteria", lg),
            (Table(cols, rows, (False, True, True, False), (2.4, 1, 1, 2.6)),),
        )
    ]


def tint(colour: str, share: float = 0.55) -> str:
    """A status colour mixed with white, as a cell background that keeps black text readable."""
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02X}" for c in rgb)


MAP_KIND = "criteria_met"
"""The map layer the map page opens on: the slide shows the same picture."""


def map_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """The static map the caller's renderer draws (geo.static_map: same classes and colours as the map page)."""
    lg = ctx.lang
    if ctx.map_png is None:
        return [Slide("map", t("map_title", lg), (Text((t("map_not_drawn", lg),)),))]
    try:
        png, caption = ctx.map_png(con, ctx.scope, MAP_KIND, lang=lg, dpi=120)
    except (ValueError, FileNotFoundError) as err:  # no boundary layer for the period, or no reference folder
        return [Slide("map", t("map_title", lg), (Text((str(err),)),))]
    return [Slide("map", t("map_title", lg), (Image(png, " · ".join(caption)),))]


PLAN_COLS = ("col_target", "col_scope", "col_baseline", "col_current", "col_goal", "col_status")
SETTLED = ("achieved", "on_track", "not_in_force")
"""Statuses (codes of data/target_status_rules.csv) that need no word at the meeting; the others — off track,
at risk, no data — are listed target by target."""


def plan_slides(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """The 2020 plan (ntm.plan): targets per group and status (the total row is the count per status), then the
    targets that need attention."""
    lg = ctx.lang
    rep = plan.restrict(plan.report(con, ctx.scope.period_id), ctx.scope.districts)
    if rep.targets.empty:
        return []
    counts = plan_tables.status_counts(rep, lg)
    label = rep.targets[local("status", lg)]
    by_group = rep.targets.assign(label=label).groupby(["target_group", "label"], sort=False).size()
    statuses = [f"{r.icon} {r.label}" for r in counts.itertuples()]
    rows = []
    for group in dict.fromkeys(rep.targets["target_group"]):
        cells = [int(by_group.get((group, r.label), 0)) for r in counts.itertuples()]
        rows.append((t(f"group_{group}", lg), fmt.integer(sum(cells), lg), *(fmt.integer(n, lg) for n in cells)))
    rows.append(
        (t("total_row", lg), fmt.integer(len(rep.targets), lg), *(fmt.integer(n, lg) for n in counts["targets"]))
    )
    summary = Table(
        (t("col_group", lg), t("col_targets_total", lg), *statuses),
        tuple(rows),
        (False, True) + (True,) * len(statuses),
        (4.0, 1.2) + (1.3,) * len(statuses),
        has_total=True,
    )
    notes = []
    if rep.before_baseline:
        notes.append(t("plan_before_baseline", lg, baseline=_period_label(con, rep.baseline_period_id, lg)))
    if ctx.scope.districts:
        notes.append(t("plan_filtered", lg))
    if rep.illustrative:
        notes.append(t("plan_illustrative", lg).replace("**", ""))
    title = t("page_plan" if plan_tables.sections(rep) else "page_plan_targets", lg)  # Letter 417's, or a later plan
    out = [Slide("plan", f"{title}: {t('plan_targets', lg)}", (summary,), tuple(notes))]
    attention = ~rep.targets["status"].isin(SETTLED)
    if attention.any():
        shown = plan_tables.targets_display(rep, lg)[[t(k, lg) for k in PLAN_COLS]][attention.values]
        colours = rep.targets.loc[attention, "colour"]
        status = PLAN_COLS.index("col_status")
        fills = tuple(
            tuple(tint(c) if j == status and isinstance(c, str) else None for j in range(len(PLAN_COLS)))
            for c in colours
        )
        table = Table(
            tuple(shown.columns),
            tuple(tuple(str(v) for v in r) for r in shown.itertuples(index=False)),
            (False, False, True, True, True, False),
            (3.2, 2.6, 0.9, 1.1, 1.1, 1.5),
            fills,
        )
        out.append(Slide("plan_attention", t("plan_attention", lg), (table,)))
    return out


def poverty_slides(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """Poverty reduction (ntm.poverty): the published province rate, then the districts with criterion 11."""
    lg = ctx.lang
    rep = poverty.report(con, ctx.scope)
    out = []
    if not rep.province.empty:
        kpis = Kpis(tuple(Kpi(c["label"], c["value"], note=c["help"]) for c in poverty_tables.headline(rep, lg)))
        chart = Chart(poverty_charts.province_rate(rep.province, lg), t("pov_series_note", lg))
        out.append(Slide("poverty", t("page_poverty", lg), (kpis, chart)))
    if len(rep.districts):
        poor = set(rep.poor_districts.loc[rep.poor_districts["list_status"] == "remaining", "district_code"])
        notes = [t("pov_district_note", lg).replace("**", "")] if rep.districts_illustrative else []
        if rep.criterion is not None:
            notes.append(poverty_tables.criterion_summary(rep, lg) + f" ({in_lang(rep.criterion, 'department', lg)})")
        chart = Chart(poverty_charts.district_rates(rep.districts, poor, lg))
        out.append(Slide("poverty_districts", t("pov_district_chart", lg), (chart,), tuple(notes)))
    return out


def notes_slide(con: duckdb.DuckDBPyConnection, ctx: Context) -> list[Slide]:
    """Where the figures come from, and how to read them."""
    lg = ctx.lang
    lines = [f"{t('source', lg)}: {ctx.source}"]
    pub = metrics.published_figures(con, ctx.scope.period_id)
    if not ctx.scope.districts and not pub.empty:
        p = pub.iloc[0]
        lines.append(
            f"{t('published_check', lg)}: {p.ntm_communes}/{p.commune_base} "
            f"({fmt.percent(p.pct_ntm, lang=lg)}) — {in_lang(p, 'source', lg)}"
        )
    if ctx.illustrative:
        lines.append(t("illustrative", lg).replace("**", ""))
    if rounding := rounding_note(metrics.summary(con, ctx.scope), pub, ctx.scope, lg):
        lines.append(rounding)
    if ctx.db_built:
        lines.append(f"{t('db_built', lg)}: {fmt.day(ctx.db_built, lg)}")
    return [Slide("notes", t("slide_notes", lg), (Text(tuple(lines)),))]


SECTIONS: list[tuple[str, Builder]] = [
    ("title", title_slide),
    ("kpis", headline_slide),
    ("district_chart", district_chart_slide),
    ("league", league_slide),
    ("map", map_slide),
    ("plan", plan_slides),
    ("target_gap", target_gap_slides),
    ("bands", bands_slide),
    ("criteria_chart", criteria_chart_slide),
    ("weak_criteria", weak_criteria_slide),
    ("poverty", poverty_slides),
    ("notes", notes_slide),
]
"""The running order of the presentation; each builder may contribute zero or more slides."""
