"""Tổng quan: headline KPIs with their change, district comparison, bands and criteria charts."""

import streamlit as st

from ntm.figures import charts
from ntm.views.overview import overview
from pages.ui import cache, filters, notes
from pages.ui.filters import t

scope, lang = filters.scope(), filters.lang()
v = cache.data(overview)(scope, lang)

notes.opening("overview_title", scope, empty=v is None, illustrative_rows=v is not None and v.summary.illustrative)
for col, k in zip(st.columns(len(v.kpis)), v.kpis):
    notes.metric(
        col,
        k.label,
        k.value,
        delta=k.delta,
        flat=k.flat,
        since=v.since,
        help=k.help,
        chart_data=list(k.history) if k.history else None,
    )
st.caption(v.note)

left, right = st.columns([3, 2])
left.plotly_chart(charts.district_bars(v.districts, v.summary.target_pct, lang), key="district_chart")
right.plotly_chart(charts.band_bars(v.bands, lang), key="bands_chart")
st.plotly_chart(charts.criteria_bars(v.criteria, lang), key="criteria_chart")

st.subheader(t("district_table"))
st.dataframe(v.district_table, hide_index=True, key="district_table")
