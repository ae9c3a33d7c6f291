"""The columns of the analysis tables that both a page and a slide show: declared once, so the slide's
headers and number formats cannot drift from the page's. A slide shows a subset (see ntm.outputs.sections)."""

from __future__ import annotations

from ntm.figures.tables import Col
from ntm.locale.i18n import lang_suffix


def league_cols(area: str | None = None) -> list[Col]:
    """LEAGUE_COLS, the area column headed with what the areas are called (metrics.area_label) when given."""
    return [Col(c.field, area, c.kind, literal=True) if c.field == "district_name" and area else c for c in LEAGUE_COLS]


LEAGUE_COLS = [  # fields of analysis.league().table; light_label is the light in the chosen language
    Col("rank_level", "an_col_rank_level", "int"),
    Col("rank_improvement", "an_col_rank_improvement", "int"),
    Col("district_name", "col_district"),
    Col("light_label", "an_col_light"),
    Col("trend", "an_col_trend", "trend"),
    Col("base", "col_base", "int"),
    Col("recognised", "col_recognised", "int"),
    Col("pct", "col_pct", "pct"),
    Col("avg_criteria", "col_avg", "num"),
    Col("gap_points", "col_gap", "signed"),
    Col("delta_pct", "an_col_delta_pct", "signed"),
    Col("delta_avg", "an_col_delta_avg", "signed"),
]


def candidate_cols(lang: str) -> list[Col]:
    """Columns of target_gap.Gap.candidates: the communes closest to the standard, what each still misses
    (in the chosen language) and who is in charge."""
    return [
        Col("rank", "an_col_rank", "int"),
        Col("unit_code", "an_col_unit_code"),
        Col("unit_name", "an_col_commune"),
        Col("district_name", "col_district"),
        Col("met_count", "an_col_met", "int"),
        Col("missing_count", "an_col_missing_count", "int"),
        Col(f"missing_{lang_suffix(lang)}", "an_col_missing", "list"),
        Col("departments", "an_col_departments", "list"),
        Col("shortest", "an_col_shortest", "mark"),
    ]


def without(cols: list[Col], *fields: str) -> list[Col]:
    """cols less the named fields, in order (a slide has no room for every column of the page)."""
    return [c for c in cols if c.field not in fields]
