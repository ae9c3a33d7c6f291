"""Giảm nghèo: province poverty rate (published), districts (illustrative), criterion 11, resources mobilised."""

import streamlit as st

from ntm.figures import poverty_charts
from ntm.figures import poverty_tables as pvt
from ntm.figures.tables import frame_sheet
from ntm.locale.i18n import column_in_lang, in_lang, local
from ntm.views.poverty import poverty_view
from pages.ui import cache, filters, notes, tables
from pages.ui.filters import t
from pages.ui.guard import guard
from pages.ui.notes import inline

scope, lang = filters.scope(), filters.lang()
v = cache.data(poverty_view)(scope)
rep, resources = v.report, v.resources

notes.header("page_poverty", scope)

with guard("cards"):
    cards = pvt.headline(rep, lang)
    for col, card in zip(st.columns(max(len(cards), 1)), cards):
        col.metric(card["label"], card["value"], border=True)
        col.caption(card["help"])

with guard("series"):
    st.subheader(t("pov_series_title"))
    st.caption(t("pov_series_note"))
    if standards := pvt.standards_note(rep, lang):
        st.caption(inline(standards))
    left, right = st.columns([3, 2])
    left.plotly_chart(poverty_charts.province_rate(rep.province, lang), key="pov_province_chart")
    right.dataframe(pvt.province_display(rep, lang), hide_index=True, key="pov_province_table")

vintage = rep.district_vintage  # district figures of an earlier year and province than the period's, said twice
vintage_note = vintage and t("pov_district_vintage", year=vintage[0], province=vintage[1 if lang == "vi" else 2])
with guard("poor_districts"):
    if len(rep.poor_districts):  # the province's own list (none for a province the data has no list of)
        st.subheader(t("pov_poor_districts"))
        if vintage_note:
            st.caption(vintage_note)
        st.markdown(
            f"- {t('pov_remaining', names=inline(', '.join(pvt.poor_district_names(rep, 'remaining'))))}\n"
            f"- {t('pov_exited', names=inline(', '.join(pvt.poor_district_names(rep, 'exited'))))}"
        )
        st.caption(inline(" · ".join(dict.fromkeys(column_in_lang(rep.poor_districts, "source", lang)))))

with guard("district_rates"):
    st.subheader(t("pov_district_title"))
    if vintage_note:
        st.caption(vintage_note)
    if rep.districts_illustrative:
        st.warning(t("pov_district_note"), icon=":material/science:")
    notes.illustrative(rep.communes_illustrative)
    check = pvt.totals_check(rep, lang)
    if check and not scope.districts:
        st.caption(check)
    if len(rep.districts):
        st.plotly_chart(
            poverty_charts.district_rates(rep.districts, pvt.poor_district_codes(rep), lang), key="pov_district_chart"
        )
        st.dataframe(pvt.district_display(rep, lang), hide_index=True, key="pov_district_table")
    else:
        st.info(t("empty_scope") if scope.districts else t("pov_no_districts"))

with guard("criterion_11"):
    if rep.criterion is not None:
        name = rep.criterion[local("name", lang)]
        st.subheader(t("pov_c11_title", code=rep.criterion["code"], name=inline(name)))
        st.markdown(pvt.criterion_summary(rep, lang) + f" ({inline(in_lang(rep.criterion, 'department', lang))})")
        left, right = st.columns([2, 3])
        left.dataframe(pvt.criterion_display(rep, lang), hide_index=True, key="pov_c11_table")
        right.markdown(f"**{t('pov_c11_list', code=rep.criterion['code'])}**")
        right.dataframe(pvt.missing_display(rep, lang), hide_index=True, key="pov_c11_missing", height=300)

for year in pvt.resource_years(resources):
    with guard("resources"):
        st.subheader(t("res_title", year=year))
        if pvt.resources_illustrative(resources):
            st.warning(t("res_note"), icon=":material/science:")
        st.plotly_chart(poverty_charts.resources_bars(resources, year, lang), key=f"res_chart_{year}")
        st.dataframe(pvt.resources_display(resources, year, lang), hide_index=True, key=f"res_table_{year}")

with guard("page_download"):
    # the province series, the districts and the resources as numbers (rates as fractions, households as counts)
    sheets = [pvt.province_numbers(rep, lang).sheet(t("pov_series_title"))]
    if districts := pvt.district_numbers(rep, lang):
        sheets.append(districts.sheet(t("pov_district_title")))
    if rep.criterion is not None:
        code = rep.criterion["code"]
        sheets.append(
            frame_sheet(
                t("pov_c11_title", code=code, name=rep.criterion[local("name", lang)]), pvt.criterion_display(rep, lang)
            )
        )
        sheets.append(frame_sheet(t("pov_c11_list", code=code), pvt.missing_display(rep, lang)))
    sheets += [
        numbers.sheet(t("res_title", year=y))
        for y in pvt.resource_years(resources)
        if (numbers := pvt.resources_numbers(resources, y, lang))
    ]
    illustrative = rep.districts_illustrative or rep.communes_illustrative or pvt.resources_illustrative(resources)
    tables.page_download(scope, sheets, illustrative=illustrative)
