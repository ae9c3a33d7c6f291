"""Cached calls of the plan and poverty pages (keys: period or scope + database version)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ntm import metrics, plan, poverty
from pages import common


@st.cache_data(show_spinner=False)
def plan_report(period_id: str, version: float) -> plan.PlanReport:
    return plan.report(common.con(), period_id)


@st.cache_data(show_spinner=False)
def poverty_report(scope: metrics.Scope, version: float) -> poverty.PovertyReport:
    return poverty.report(common.con(), scope)


@st.cache_data(show_spinner=False)
def resources(districts: tuple[str, ...], version: float) -> pd.DataFrame:
    return poverty.resources(common.con(), districts)
