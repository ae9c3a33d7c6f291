"""Cả nước: the national figure at a date and every province ranked by level and by improvement (the district
league's rule, with provinces as its areas), with the province map. Shown only with a national database."""

import streamlit as st

from geo import national_map
from ntm.figures import analysis_tables
from ntm.figures.tables import Col
from ntm.locale import fmt
from ntm.locale.i18n import local
from ntm.measures import analysis, national
from pages.ui import cache, filters, notes, tables
from pages.ui.filters import t
from pages.ui.guard import guard

ranking = cache.data(national.ranking)
province_map = cache.data(national_map.province_map_html, max_entries=16)  # HTML text: shared, never mutated
commune_map = cache.data(national_map.commune_map_html, max_entries=16)
dates = cache.data(national.dates)

scope, lang = filters.scope(), filters.lang()
days = dates()
st.header(t("nat_title"))
if not days:
    st.info(t("empty_scope"))
    st.stop()
own = filters.as_of(scope.period_id)
day = st.selectbox(t("nat_date"), days, index=days.index(own) if own in days else len(days) - 1, format_func=fmt.day)
r = ranking(day, lang)
s = r.national
notes.illustrative(r.illustrative)
st.subheader(
    t(
        "nat_headline",
        recognised=fmt.number(s.recognised, 0, lang),
        base=fmt.number(s.base, 0, lang),
        pct=fmt.percent(s.pct, 1, lang),
        avg=fmt.number(s.avg_criteria, 1, lang),
    )
)

with guard("league"):
    orders = {"level": t("an_rank_level"), "improvement": t("an_rank_improvement")}
    order = st.radio(t("an_rank_by"), list(orders), format_func=orders.get, horizontal=True, key="nat_order")
    st.caption(t("nat_change_since", day=fmt.day(r.previous_day)) if r.previous_day else t("nat_no_prev"))
    table = analysis.order_league(r.table, order)
    table = table.assign(light_label=table[local("light", lang)])
    cols = [
        Col("district_name", "nat_col_province") if c.field == "district_name" else c
        for c in analysis_tables.without(analysis_tables.LEAGUE_COLS, "trend", "gap_points", "light_label")
    ]
    tables.table(
        table,
        cols,
        key="nat_league",
        title=t("nat_title"),
        scope=scope,
        extra_filters=[(t("nat_date"), fmt.day(day)), (t("an_rank_by"), orders[order])],
        illustrative=r.illustrative,
    )

with guard("maps"):
    st.subheader(t("nat_map_title"))
    st.caption(t("nat_map_note"))
    left, right = st.columns(2)
    with left:
        st.iframe(province_map(day, t("nat_map_title"), lang), height=520)
    with right:
        title = t("nat_commune_map_title", period=filters.period_label(scope.period_id))
        communes = commune_map(scope.period_id, title, lang)
        if communes is None:
            st.info(t("map_no_layer"))
        else:
            st.iframe(communes, height=520)
