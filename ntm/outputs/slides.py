"""The content of a steering-committee presentation, shared by the screen, the PowerPoint deck and the PDF.

A deck is a list of slides built from ``ntm`` functions for one Scope. Every number is formatted once,
when the slides are built (Vietnamese or English), so the presentation page, the .pptx and the .pdf
show the same strings. The builders live in ntm.outputs.sections, the content model in ntm.outputs.slide_model.
"""

from __future__ import annotations

import logging
import secrets
from datetime import date

import duckdb
import pandas as pd

from ntm.locale.i18n import in_lang, local, t
from ntm.measures import metrics, queries
from ntm.outputs.sections import SECTIONS
from ntm.outputs.slide_model import (  # noqa: F401  (the model, re-exported for callers)
    Builder,
    Chart,
    Context,
    Deck,
    Image,
    Item,
    Kpi,
    Kpis,
    MapRenderer,
    Progress,
    Slide,
    Table,
    Text,
)

log = logging.getLogger(__name__)

SECTION_TITLES = {
    "title": "deck_title",
    "kpis": "slide_kpis",
    "district_chart": "district_chart",
    "league": "an_districts_title",
    "map": "page_map",
    "plan": "page_plan",
    "target_gap": "page_gap",
    "bands": "bands_chart",
    "criteria_chart": "criteria_chart",
    "weak_criteria": "slide_weak_criteria",
    "poverty": "page_poverty",
    "notes": "slide_notes",
}
"""The catalogue text naming each section in the note that replaces it when it cannot be made."""


def skipped(key: str, lang: str, err: BaseException) -> Slide:
    """The slide standing for a section that failed: a visible note with a reference number, the traceback in
    the log under the same number, so one broken piece of data costs one section and not the whole deck."""
    ref = secrets.token_hex(4).upper()
    log.error("Deck section %r failed [ref %s]", key, ref, exc_info=err)
    section = t(SECTION_TITLES[key], lang) if key in SECTION_TITLES else key
    note = t("deck_section_failed", lang, section=section, ref=ref)
    return Slide(f"skipped_{key}", t("deck_section_failed_title", lang), (Text((note,)),))


def build_deck(
    con: duckdb.DuckDBPyConnection,
    scope: metrics.Scope,
    lang: str = "vi",
    issued: date | None = None,
    progress: Progress | None = None,
    map_png: MapRenderer | None = None,
) -> Deck:
    """All slides of a scope, with the Context every slide states. Raises KeyError (Vietnamese message) for an
    unknown period and ValueError when the scope has no commune."""
    per = metrics.periods(con).set_index("period_id")
    if scope.period_id not in per.index:
        raise KeyError(f"Không có kỳ báo cáo '{scope.period_id}'. Các kỳ: {', '.join(per.index)}")
    s = metrics.summary(con, scope)
    if s.base == 0:
        raise ValueError(t("empty_scope", "vi") + " Kiểm tra kỳ báo cáo và mã huyện.")
    p = per.loc[scope.period_id]
    built = queries.build_info(con).get("built_at")
    ctx = Context(
        scope=scope,
        lang=lang,
        period_label=p[local("label", lang)],
        as_of=pd.Timestamp(p["as_of_date"]).date(),
        scope_label=metrics.scope_label(con, scope, lang),
        source=in_lang(p, "source", lang) or "—",
        illustrative=s.illustrative,
        db_built=date.fromisoformat(built[:10]) if built else None,
        issued=issued or date.today(),
        map_png=map_png,
    )
    slides: list[Slide] = []
    for i, (key, builder) in enumerate(SECTIONS):
        if progress:
            progress(i / len(SECTIONS), key)
        try:
            slides += builder(con, ctx)
        except Exception as err:  # a broken section is left out with a note, never the whole deck
            slides.append(skipped(key, lang, err))
    if progress:
        progress(1.0, "done")
    return Deck(ctx, tuple(slides))
