"""Bản đồ: communes coloured by criteria met, NTM status or one criterion, or by district figures; works
offline. A click on a commune shows its criteria and history beside the map (only clicks rerun)."""

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import choropleth, folium_map, static_map
from ntm.measures import commune_card
from pages.ui import cache, filters, notes
from pages.ui.filters import t
from pages.ui.guard import guard
from pages.ui.notes import plain

# Map frames are shared, not copied on each hit (GeoDataFrames are costly to pickle); the folium Map is
# rebuilt on each run (cheap), because rendering mutates it and sessions run in threads.
criterion_choices = cache.data(choropleth.criterion_choices)
map_frame = cache.resource(choropleth.build_frame, max_entries=64)
card_of = cache.data(commune_card.commune_card, max_entries=256)

scope, lang = filters.scope(), filters.lang()
notes.header("map_title", scope)
area = cache.data(choropleth.area_label)(scope, lang)  # area layers named by their areas after 07/2025
kind = st.radio(
    t("map_layer"),
    choropleth.LAYER_KINDS,
    key="map_kind",
    horizontal=True,
    format_func=lambda k: choropleth.layer_title(k, area, lang),
)
criterion = None
if kind == "criterion":
    codes, labels, least = criterion_choices(scope, lang)
    if st.session_state.get("map_criterion") not in codes:
        st.session_state["map_criterion"] = least
    criterion = st.columns([2, 3])[0].selectbox(
        t("map_choose_criterion"), codes, key="map_criterion", format_func=labels.get
    )

frame = map_frame(scope, kind, criterion, lang)
if frame is None:
    st.info(t("map_no_layer"))
    st.stop()
notes.illustrative(frame.illustrative)

left, right = st.columns([5, 3], gap="medium")
with left, guard("map"):
    selected = folium_map.selection_layer(frame, st.session_state.get("map_unit"))
    out = st_folium(
        folium_map.build_map(frame),
        height=folium_map.HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        feature_group_to_add=selected,
        key="ntm_map",
    )
    clicked = ((out or {}).get("last_active_drawing") or {}).get("properties", {}).get("unit_id")
    if clicked and clicked != st.session_state.get("map_unit"):
        st.session_state["map_unit"] = clicked
        st.rerun()  # draw the selection outline at once
    if len(frame.approximate):
        with st.expander(
            f"{t('map_approx_note', n=len(frame.approximate))}: {plain(', '.join(frame.approximate['unit_name']))}"
        ):
            st.dataframe(
                pd.DataFrame(
                    {
                        t("map_col_unit"): frame.approximate["unit_name"],
                        t("map_col_reason"): frame.approximate["reason_text"],
                    }
                ),
                hide_index=True,
                key="map_approx_table",
            )
    if frame.missing_geometry:
        st.warning(t("map_missing_geometry", names=plain(", ".join(frame.missing_geometry))))
    st.caption(f"{t('map_layer_note', layer=t(f'map_layer_{frame.layer}'))}. {t('map_credit')}")
    con = cache.con()  # the PNG is drawn only when the button is clicked, so it is not cached
    st.download_button(
        t("map_download_png"),
        icon=":material/download:",
        on_click="ignore",
        data=lambda: static_map.render_png(con, scope, kind, criterion=criterion, lang=lang),
        file_name=f"ban-do-{kind}-{scope.period_id}.png",
        mime="image/png",
        key="map_png",
    )

with right, guard("detail"):
    unit = st.session_state.get("map_unit")
    card = card_of(scope.period_id, unit, lang) if unit else None
    if card is None:
        st.info(t("map_click_hint"), icon=":material/touch_app:")
    else:
        with st.container(key="map_detail"):
            st.subheader(plain(card.title))
            st.markdown("  \n".join(plain(f) for f in card.facts))
            if card.in_period:
                st.markdown(f"**{t('map_detail_criteria', period=filters.period_label(scope.period_id))}**")
                # three columns within the narrow detail column (the department last, not cut off), every row
                criterion_col, result_col, owner_col = card.criteria.columns[:3]
                st.dataframe(
                    card.criteria,
                    hide_index=True,
                    key="map_criteria_table",
                    height="content",
                    column_config={
                        criterion_col: st.column_config.TextColumn(width=140),
                        result_col: st.column_config.TextColumn(width=82),
                        owner_col: st.column_config.TextColumn(width=124),
                    },
                )
            else:
                st.warning(t("map_detail_not_in_period"))
            st.markdown(f"**{t('map_detail_history')}**")
            period_col, unit_col, met_col, standard_col = card.history.columns[:4]
            st.dataframe(
                card.history,
                hide_index=True,
                key="map_history_table",
                column_config={
                    period_col: st.column_config.TextColumn(width=140),
                    unit_col: st.column_config.TextColumn(width=85),
                    met_col: st.column_config.TextColumn(width=50),
                    standard_col: st.column_config.TextColumn(width=70),
                },
            )
