"""Streamlit caches of the map page (keys: scope, layer, language, database version).

MapFrames are cached as resources (read-only, not copied on each hit: GeoDataFrames are costly to pickle).
The folium Map itself is rebuilt on each run (cheap), because rendering mutates it and sessions run in threads.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo import choropleth
from ntm.measures import commune_card, metrics
from pages.ui import common as c


@st.cache_resource(show_spinner=False, max_entries=64)
def frame(scope: metrics.Scope, kind: str, criterion: str | None, lang: str, version: float) -> choropleth.MapFrame | None:
    return choropleth.build_frame(c.con(), scope, kind, criterion, lang)


@st.cache_data(show_spinner=False)
def criterion_choices(scope: metrics.Scope, lang: str, version: float) -> tuple[list[str], dict[str, str], str | None]:
    return choropleth.criterion_choices(c.con(), scope, lang)


@st.cache_data(show_spinner=False, max_entries=256)
def card(period_id: str, unit_id: str, lang: str, version: float) -> commune_card.CommuneCard | None:
    return commune_card.commune_card(c.con(), period_id, unit_id, lang)


def approx_table(f: choropleth.MapFrame) -> pd.DataFrame:
    """The approximate outlines, named, with the reason: what the map says is approximate."""
    return pd.DataFrame({c.t("map_col_unit"): f.approximate["unit_name"], c.t("map_col_reason"): f.approximate["reason_text"]})
