"""Tổng quan: headline KPIs with their change, district comparison, bands and criteria charts."""

import streamlit as st

from ntm.figures import charts, headline
from ntm.views.overview import area_title, overview
from pages.ui import cache, filters, notes, plots, tables
from pages.ui.filters import t
from pages.ui.guard import guard
from pages.ui.notes import inline

scope, lang = filters.scope(), filters.lang()


def figure(build, *args):
    """The figure build makes, or None when it fails: its section builds it again under its guard, which shows
    the message, and the other figures are still shared."""
    try:
        return build(*args)
    except Exception:  # shown by the section's guard when built again there
        return None


def shared(made, build, *args):
    """The figure drawn() built for every session, or build's own raise for this section's guard."""
    return build(*args) if made is None else made


@cache.resource(max_entries=256)
def drawn(con, scope, lang):
    """The view, its headline cards, its three figures and its two tables as sent, built once per scope, language
    and database version and shared by every session: building the plotly figures cost half of a run, the cards'
    sparklines a tenth, converting the tables and figures for the browser on every run a twentieth and a sixth."""
    v = overview(con, scope, lang)
    if v is None:
        return None
    return v, (
        figure(headline.cards, v.kpis, lang),
        plots.as_sent(figure(charts.district_bars, v.districts, v.summary.target_pct, lang, v.area)),
        plots.as_sent(figure(charts.band_bars, v.bands, lang)),
        plots.as_sent(figure(charts.criteria_bars, v.criteria, lang)),
        figure(tables.as_sent, v.group_table),
        figure(tables.as_sent, v.district_table),
    )


answer = drawn(scope, lang)

notes.header("overview_title", scope)
if answer is None:
    st.info(t("empty_scope"))
    filters.widgets()
    st.stop()
v, (cards, district_chart, bands_chart, criteria_chart, group_rows, district_rows) = answer
# On a phone the cards stand two by two below the illustrative-data warning, the second row at the fold or under it:
# the four figures also stand in one line above everything else (shown only on narrow screens, static/ntm.css).
st.html(headline.compact(v.kpis))
notes.illustrative(v.summary.illustrative)
# The headline comes first and alone in its paint: the four cards as one block of plain HTML with inline SVG
# sparklines (no component or chart library to load first: st.metric's code arrived after the sparklines), then the
# charts below, so a leader sees the four figures before plotly has arrived.
with guard("headline"):
    if v.since:  # said once above the cards instead of cut short under each change
        st.caption(f"{t('change_since')} ({v.since})")
    st.html(shared(cards, headline.cards, v.kpis, lang))
    st.caption(inline(v.note))
filters.widgets()  # the sidebar after the headline (app.py)

# Before the 07/2025 merger: the same question on the merged province's footprint, off unless asked for (the
# letter's view stays as it was).
with guard("footprint"):
    if v.footprint is not None and st.toggle(t("footprint_toggle"), key="overview_footprint"):
        st.subheader(t("footprint_title"))
        st.dataframe(v.footprint, hide_index=True, key="footprint_table")
        st.caption(t("footprint_note"))

left, right = st.columns([3, 2])
with guard("district_chart", left):
    left.plotly_chart(
        shared(district_chart, charts.district_bars, v.districts, v.summary.target_pct, lang, v.area),
        key="district_chart",
    )
with guard("bands_chart", right):
    right.plotly_chart(shared(bands_chart, charts.band_bars, v.bands, lang), key="bands_chart")
with guard("criteria_chart"):
    st.plotly_chart(shared(criteria_chart, charts.criteria_bars, v.criteria, lang), key="criteria_chart")

with guard("group_table"):
    if not v.group_table.empty:  # the 2026–2030 set: thresholds differ by commune group
        st.subheader(t("group_table"))
        st.dataframe(shared(group_rows, tables.as_sent, v.group_table), hide_index=True, key="group_table")
with guard("district_table"):
    st.subheader(area_title(v.area, lang))
    st.dataframe(shared(district_rows, tables.as_sent, v.district_table), hide_index=True, key="district_table")
with guard("page_download"):
    # the sheets come with the view, kept per scope and language; the workbook is written when the button is clicked
    tables.page_download(scope, list(v.sheets), illustrative=v.summary.illustrative)
