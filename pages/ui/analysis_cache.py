"""Cached ntm calls of the analysis pages (districts, communes, criteria, what it takes).

Keys are the scope (or unit, target) plus the database version, like the wrappers of pages/common.py.
The Excel bytes are cached under a key made of the table's name, a hash of its rows and the filters.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from ntm.figures import tables as export
from ntm.measures import analysis, profile, target_gap
from ntm.measures import criteria as criteria_analysis
from ntm.measures.metrics import Scope
from pages.ui.common import con


@st.cache_data(show_spinner=False)
def league(scope: Scope, version: float) -> analysis.League:
    return analysis.league(con(), scope)


@st.cache_data(show_spinner=False)
def matrix(scope: Scope, version: float) -> analysis.Matrix:
    return analysis.commune_matrix(con(), scope)


@st.cache_data(show_spinner=False)
def commune_profile(unit_id: str, period_id: str, version: float) -> profile.Profile:
    return profile.commune_profile(con(), unit_id, period_id)


@st.cache_data(show_spinner=False)
def criteria_view(scope: Scope, version: float) -> criteria_analysis.CriteriaView:
    return criteria_analysis.criteria_view(con(), scope)


@st.cache_data(show_spinner=False)
def default_target(period_id: str, version: float) -> target_gap.TargetChoice | None:
    return target_gap.default_target(con(), period_id)


@st.cache_data(show_spinner=False)
def gap(scope: Scope, target: target_gap.TargetChoice, version: float) -> target_gap.Gap:
    return target_gap.target_gap(con(), scope, target)


@st.cache_data(show_spinner=False, max_entries=64)
def xlsx(key: str, version: float, lang: str, _sheets: list[export.Sheet], _filters: list[tuple[str, str]],
         _as_of: date, _notes: tuple[str, ...]) -> bytes:
    """The .xlsx bytes of a table; `key` names the table, hashes its rows and lists the filters."""
    return export.to_xlsx(_sheets, _filters, _as_of, lang, list(_notes))
