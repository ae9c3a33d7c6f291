"""Cached calls of the plan and poverty pages.

Keys: the period or scope, the database file and its version (mtime), so a rebuilt or swapped database is
never answered from the cache of another one.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ntm.data import config
from ntm.measures import metrics
from ntm.plan import poverty
from ntm.plan import progress as plan
from pages.ui import common


@st.cache_data(show_spinner=False)
def _plan_report(period_id: str, path: str, version: float) -> plan.PlanReport:
    return plan.report(common.con(), period_id)


@st.cache_data(show_spinner=False)
def _poverty_report(scope: metrics.Scope, path: str, version: float) -> poverty.PovertyReport:
    return poverty.report(common.con(), scope)


@st.cache_data(show_spinner=False)
def _resources(districts: tuple[str, ...], path: str, version: float) -> pd.DataFrame:
    return poverty.resources(common.con(), districts)


def plan_report(period_id: str) -> plan.PlanReport:
    return _plan_report(period_id, str(config.db_path()), common.db_version())


def poverty_report(scope: metrics.Scope) -> poverty.PovertyReport:
    return _poverty_report(scope, str(config.db_path()), common.db_version())


def resources(districts: tuple[str, ...]) -> pd.DataFrame:
    return _resources(districts, str(config.db_path()), common.db_version())
