"""The columns of the analysis tables: declared once, so a slide's headers and number formats cannot drift from the
page's (a slide shows a subset, see ntm.outputs.sections) and a page draws a table without declaring it."""

from __future__ import annotations

import pandas as pd

from ntm.figures.tables import Col
from ntm.locale.i18n import in_lang_frame, lang_suffix


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


SCORECARD_COLS = [  # fields of criteria.scorecard() as scorecard_rows words them
    Col("department", "an_col_department"),
    Col("criteria_text", "an_col_criteria_list", "list"),
    Col("avg_pct_met", "an_col_avg_pct_met", "pct"),
    Col("missing_pairs", "an_col_missing_pairs", "int"),
    Col("close_blocked", "an_col_close_blocked", "int"),
    Col("sole_blocked", "an_col_sole_blocked", "int"),
]


def scorecard_rows(scorecard: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The scorecard per department in charge as SCORECARD_COLS shows it: the department in the chosen language,
    its criteria as "TC" codes."""
    card = in_lang_frame(scorecard, ["department"], lang)
    return card.assign(criteria_text=card["criteria"].map(lambda codes: [f"TC{k}" for k in codes]))


def without(cols: list[Col], *fields: str) -> list[Col]:
    """cols less the named fields, in order (a slide has no room for every column of the page)."""
    return [c for c in cols if c.field not in fields]
