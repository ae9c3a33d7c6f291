"""Tiêu chí: communes meeting each criterion by district, the criteria that hold back the communes close
to the standard, and a scorecard per department in charge."""

import streamlit as st

from ntm.figures import analysis_charts, analysis_tables
from ntm.figures.tables import Col
from ntm.locale.i18n import in_lang_frame, lang_suffix
from ntm.measures import criteria
from pages.ui import cache, filters, notes, tables
from pages.ui.filters import t
from pages.ui.guard import guard
from pages.ui.notes import inline

scope, lang = filters.scope(), filters.lang()
suffix = lang_suffix(lang)
v = cache.data(criteria.criteria_view)(scope)

notes.opening("an_criteria_title", scope, empty=v.wide.empty or v.districts.empty, illustrative_rows=v.illustrative)
base = int(v.wide["base"].iloc[0])

# -- 1. communes meeting each criterion, by district
with guard("by_district"):
    st.subheader(filters.t_area("an_by_district", scope))
    st.caption(filters.t_area("an_by_district_note", scope))
    cols = [Col("criterion_code", "col_code"), Col(f"name_{suffix}", "col_criterion")]
    cols += [
        Col(f"d_{d.district_code}", f"{d.district_name} ({d.base})", "int", literal=True)
        for d in v.districts.itertuples()
    ]
    cols += [Col("total", t("an_col_total", base=base), "int", literal=True), Col("pct", "an_col_pct_met", "pct")]
    tab_table, tab_heat = st.tabs([t("an_tab_table"), t("an_tab_heatmap")])
    with tab_table:
        tables.table(
            v.wide,
            cols,
            key="an_criteria_district",
            title=filters.t_area("an_by_district", scope),
            scope=scope,
            illustrative=v.illustrative,
            column_config={t("col_criterion"): st.column_config.TextColumn(t("col_criterion"), pinned=True)},
        )
    with tab_heat:
        title = filters.t_area("an_by_district", scope)
        heatmap = analysis_charts.criteria_district_heatmap(v.by_district, lang, title)
        st.plotly_chart(heatmap, key="an_criteria_heatmap")

# -- 2. what blocks the communes close to the standard (band from the bands table)
with guard("blockers"):
    if v.close_band is None:
        st.info(t("an_no_close_band"))
    else:
        band = v.close_band[f"label_{suffix}"]
        st.subheader(t("an_blockers", band=inline(band)))
        st.caption(t("an_blockers_note", n=int(v.blockers["close_base"].iloc[0]), band=inline(band)))
        blocker_cols = [
            Col("criterion_code", "col_code"),
            Col(f"name_{suffix}", "col_criterion"),
            Col("department", "an_col_department"),
            Col("close_missing", "an_col_close_missing", "int"),
            Col("sole_blocker", "an_col_sole", "int"),
            Col("all_missing", "an_col_all_missing", "int"),
        ]
        tables.table(
            in_lang_frame(v.blockers, ["department"], lang),
            blocker_cols,
            key="an_blockers",
            part=t("an_blockers_file"),
            title=t("an_blockers", band=band),
            scope=scope,
            illustrative=v.illustrative,
        )
        st.plotly_chart(analysis_charts.blockers_bars(v.blockers, band, lang), key="an_blockers_chart")

# -- 3. scorecard per department in charge
with guard("scorecard"):
    st.subheader(t("an_scorecard"))
    st.caption(t("an_owner_note"))
    tables.table(
        analysis_tables.scorecard_rows(v.scorecard, lang),
        analysis_tables.SCORECARD_COLS,
        key="an_scorecard",
        title=t("an_scorecard"),
        scope=scope,
        part=t("an_scorecard"),
        illustrative=v.illustrative,
    )
