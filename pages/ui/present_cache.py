"""Cached slide content for the presentation page (keys: scope, language, database version, day)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from geo import static_map
from ntm.measures import metrics
from ntm.outputs import slides
from pages.ui import common


@st.cache_data(show_spinner=False)
def deck(scope: metrics.Scope, lang: str, version: float, issued: date) -> slides.Deck:
    """The slides of a scope; `issued` keys the cache by day because the cover shows today's date."""
    return slides.build_deck(common.con(), scope, lang, issued, map_png=static_map.slide_picture)
