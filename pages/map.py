"""Bản đồ: communes coloured by criteria met, NTM status or one criterion, or by district figures; works
offline. A click on a commune shows its criteria and history beside the map (only clicks rerun)."""

import re

import streamlit as st
from streamlit_folium import st_folium

from geo import choropleth, folium_map, static_map
from pages.ui import common as c
from pages.ui import map_cache as mc


def md(text: str) -> str:
    """Names from the data shown as text in markdown: every markdown/HTML character escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", text)


scope = c.current_scope()
version = c.db_version()
lang = c.lang()
c.header("map_title", scope)

kind = st.radio(c.t("map_layer"), choropleth.LAYER_KINDS, key="map_kind", horizontal=True,
                format_func=lambda k: c.t(f"map_layer_{k}"))
criterion = None
if kind == "criterion":
    codes, labels, least = mc.criterion_choices(scope, lang, version)
    if st.session_state.get("map_criterion") not in codes:
        st.session_state["map_criterion"] = least
    criterion = st.columns([2, 3])[0].selectbox(c.t("map_choose_criterion"), codes, key="map_criterion",
                                                 format_func=labels.get)

frame = mc.frame(scope, kind, criterion, lang, version)
if frame is None:
    st.info(c.t("map_no_layer"))
    st.stop()
c.illustrative_note(frame.illustrative)

left, right = st.columns([5, 3], gap="medium")
with left:
    selected = folium_map.selection_layer(frame, st.session_state.get("map_unit"))
    out = st_folium(folium_map.build_map(frame), height=folium_map.HEIGHT, use_container_width=True,
                    returned_objects=["last_active_drawing"], feature_group_to_add=selected, key="ntm_map")
    clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("unit_id")
    if clicked and clicked != st.session_state.get("map_unit"):
        st.session_state["map_unit"] = clicked
        st.rerun()  # draw the selection outline at once
    if len(frame.approximate):
        with st.expander(f"{c.t('map_approx_note', n=len(frame.approximate))}: "
                         f"{md(', '.join(frame.approximate['unit_name']))}"):
            st.dataframe(mc.approx_table(frame), hide_index=True, key="map_approx_table")
    if frame.missing_geometry:
        st.warning(c.t("map_missing_geometry", names=md(", ".join(frame.missing_geometry))))
    st.caption(f"{c.t('map_layer_note', layer=c.t(f'map_layer_{frame.layer}'))}. {c.t('map_credit')}")
    con = c.con()
    st.download_button(c.t("map_download_png"), icon=":material/download:", on_click="ignore",
                       data=lambda: static_map.render_png(con, scope, kind, criterion=criterion, lang=lang),
                       file_name=f"ban-do-{kind}-{scope.period_id}.png", mime="image/png", key="map_png")

with right:
    unit = st.session_state.get("map_unit")
    card = mc.card(scope.period_id, unit, lang, version) if unit else None
    if card is None:
        st.info(c.t("map_click_hint"), icon=":material/touch_app:")
    else:
        with st.container(key="map_detail"):
            st.subheader(md(card.title))
            st.markdown("  \n".join(md(f) for f in card.facts))
            if card.in_period:
                st.markdown(f"**{c.t('map_detail_criteria', period=c.period_label(scope.period_id))}**")
                criterion_col, result_col = card.criteria.columns[:2]
                st.dataframe(card.criteria, hide_index=True, key="map_criteria_table", column_config={
                    criterion_col: st.column_config.TextColumn(width=210),
                    result_col: st.column_config.TextColumn(width=95)})
            else:
                st.warning(c.t("map_detail_not_in_period"))
            st.markdown(f"**{c.t('map_detail_history')}**")
            st.dataframe(card.history, hide_index=True, key="map_history_table")
