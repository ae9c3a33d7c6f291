"""Tổng quan: headline KPIs with their change, district comparison, bands and criteria charts."""

import streamlit as st

from ntm.figures import charts
from ntm.locale import fmt
from pages.ui import common as c

scope = c.current_scope()
version = c.db_version()
lang = c.lang()
c.header("overview_title", scope)
s = c.summary(scope, version)
if s.base == 0:
    st.info(c.t("empty_scope"))
    st.stop()
c.illustrative_note(s.illustrative)
ch = c.change(scope, version)

since = f"{c.t('vs_prev')} {c.period_label(ch.previous_period_id)}" if ch.previous_period_id else None
history = c.trend(scope, version)
k1, k2, k3, k4 = st.columns(4)
k1.metric(c.t("kpi_recognised"), f"{s.recognised}/{s.base}", border=True,
          chart_data=history["recognised"].tolist(), **c.delta_args(ch.recognised, 0, c.t("communes_unit"), since))
k2.metric(c.t("kpi_pct"), fmt.percent(s.pct, lang=lang), border=True,
          chart_data=history["pct"].tolist(), **c.delta_args(ch.pct_points, 1, c.t("points"), since))
k3.metric(c.t("kpi_gap", target=fmt.percent(s.target_pct, 0, lang)) if s.target_pct is not None else c.t("kpi_gap_none"),
          fmt.signed(s.gap_points, lang=lang), border=True, help=None if s.target_pct is not None else c.t("no_target"),
          chart_data=history["gap_points"].dropna().tolist() or None, **c.delta_args(ch.gap_points, 1, c.t("points"), since))
k4.metric(c.t("kpi_avg"), fmt.number(s.avg_criteria, lang=lang), border=True,
          chart_data=history["avg_criteria"].tolist(), **c.delta_args(ch.avg_criteria, 1, c.t("criteria_unit"), since))
notes = [] if ch.previous_period_id else [c.t("no_prev")]
if ch.base_changed:
    notes.append(c.t("base_changed", prev=ch.base_before, now=s.base))
pub = c.published(scope.period_id, version)
if not scope.districts and not pub.empty:
    p = pub.iloc[0]
    notes.append(f"{c.t('published_check')}: {p.ntm_communes}/{p.commune_base} ({fmt.percent(p.pct_ntm, lang=lang)}) — {p.source}")
st.caption(" · ".join(notes) + f"  \n{c.t('rounding_note')}")

table = c.district_table(scope, version)
left, right = st.columns([3, 2])
left.plotly_chart(charts.district_bars(table, s.target_pct, lang), key="district_chart")
right.plotly_chart(charts.band_bars(c.bands(scope, version), lang), key="bands_chart")
st.plotly_chart(charts.criteria_bars(c.criteria_achievement(scope, version), lang), key="criteria_chart")

st.subheader(c.t("district_table"))
st.dataframe(c.district_display(table), hide_index=True, key="district_table")
