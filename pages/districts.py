"""Huyện: the district league table ranked by level and by improvement, traffic lights with their rule,
sparklines across periods, and a drill-down to the communes of a district."""

import streamlit as st

from ntm.figures import analysis_tables
from ntm.figures.tables import Col
from ntm.locale import fmt
from ntm.locale.i18n import column_in_lang, lang_suffix, local
from ntm.measures import analysis
from pages.ui import cache, filters, notes, tables
from pages.ui.filters import t
from pages.ui.guard import guard
from pages.ui.notes import inline

league = cache.data(analysis.league)
commune_matrix = cache.data(analysis.commune_matrix)  # shared with the communes page

scope, lang = filters.scope(), filters.lang()
lg = league(scope)

title = filters.t_area("an_districts_title", scope)  # 'Xếp hạng theo huyện cũ' after 07/2025
notes.opening("an_districts_title", scope, empty=lg.table.empty, illustrative_rows=lg.illustrative, title=title)

# -- the rule of the traffic lights, written from the data
with guard("rule"):
    if lg.target_pct is None:
        st.caption(t("an_no_target_light"))
    elif lg.lights.empty:
        st.caption(t("an_no_rule"))
    else:
        with st.container(border=True):
            st.markdown(
                f"**{t('an_rule_title', target=fmt.percent(lg.target_pct, 0, lang))}**  \n"
                + "  \n".join(analysis.rule_lines(lg.lights, lg.target_pct, lang, escape=inline))
            )
            st.caption(
                t("an_rule_source", source=inline(" · ".join(dict.fromkeys(column_in_lang(lg.lights, "source", lang)))))
            )

with guard("league"):
    orders = {"level": t("an_rank_level"), "improvement": t("an_rank_improvement")}
    order = st.radio(t("an_rank_by"), list(orders), format_func=orders.get, horizontal=True, key="an_league_order")
    if lg.previous_period_id is None:
        st.caption(t("an_no_prev_rank"))
    else:
        st.caption(t("an_change_since", period=filters.period_label(lg.previous_period_id)))
    if scope.areas:
        st.caption(t("an_rank_province"))

    table = analysis.order_league(lg.table, order)
    light_label = local("light", lang)
    table = table.assign(light_label=table[light_label])
    trend_title = t("an_col_trend")
    periods_text = " → ".join(filters.period_label(p) for p in lg.period_ids)
    config = {
        trend_title: st.column_config.LineChartColumn(
            trend_title,
            y_min=0,
            y_max=100,
            width="small",
            help=t("an_trend_help", periods=periods_text) + (f" {t('an_trend_break')}" if lg.trend_break else ""),
        )
    }
    colours = dict(zip(lg.lights[local("label", lang)], lg.lights["colour"])) if not lg.lights.empty else {}
    picked = tables.table(
        table,
        analysis_tables.league_cols(filters.area_label(scope)),
        key="an_league",
        title=title,
        scope=scope,
        extra_filters=[(t("an_rank_by"), orders[order])],
        illustrative=lg.illustrative,
        select=True,
        column_config=config,
        style=tables.light_style(colours, t("an_col_light")),
    )

# -- drill-down: the communes of one district (selected row, or the picker)
with guard("drill"):
    names = dict(zip(table["district_code"], table["district_name"]))
    tables.follow_selection(picked, "an_league", "an_drill_district", list(table["district_code"]))
    district = st.selectbox(
        filters.t_area("an_drill_pick", scope),
        list(table["district_code"]),
        index=None,
        key="an_drill_district",
        format_func=names.get,
        placeholder=t("an_pick_none"),
    )
    if district:
        st.subheader(filters.t_area("an_drill_title", scope, district=inline(names[district])))
        m = commune_matrix(scope)
        rows = analysis.filter_matrix(m.frame[m.frame["district_code"] == district], analysis.MatrixFilter())
        suffix = lang_suffix(lang)
        tables.table(
            rows,
            [
                Col("unit_code", "an_col_unit_code"),
                Col("unit_name", "an_col_commune"),
                Col("met_count", "an_col_met", "int"),
                Col(f"band_{suffix}", "an_col_band"),
                Col(f"missing_{suffix}", "an_col_missing", "list"),
            ],
            key="an_league_drill",
            part=names[district],
            title=filters.t_area("an_drill_title", scope, district=names[district]),
            scope=scope,
            extra_filters=[(filters.area_label(scope) or t("col_district"), names[district])],
            illustrative=m.illustrative,
        )
