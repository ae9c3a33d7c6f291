"""Xã: the commune x criterion matrix (table and heatmap) with filters, accent-blind search and sorting,
and the profile of a chosen commune (what it misses, who is in charge, history, recognition, lineage)."""

import streamlit as st

from ntm.figures import analysis_charts
from ntm.figures.tables import Col
from ntm.locale import fmt
from ntm.locale.i18n import column_in_lang, in_lang_frame, lang_suffix, unit_type
from ntm.measures import analysis, profile
from ntm.measures.metrics import Scope
from pages.ui import cache, filters, notes, tables
from pages.ui.filters import t
from pages.ui.guard import guard
from pages.ui.notes import inline

commune_matrix = cache.data(analysis.commune_matrix)  # shared with the districts page
commune_profile = cache.data(profile.commune_profile)

scope, lang = filters.scope(), filters.lang()
suffix = lang_suffix(lang)
m = commune_matrix(scope)

notes.opening("an_communes_title", scope, empty=m.frame.empty, illustrative_rows=m.illustrative)

# -- filters (district comes from the sidebar scope)
crit_names = dict(zip(m.criteria["criterion_code"], m.criteria[f"name_{suffix}"]))
band_names = dict(zip(m.bands["band_order"], m.bands[f"label_{suffix}"]))
statuses = {"any": t("an_status_any"), "met": t("an_status_met"), "missing": t("an_status_missing")}
sorts = {s: t(f"an_sort_{s}") for s in analysis.SORTS}
f1, f2, f3 = st.columns([2, 2, 1])
bands = f1.multiselect(
    t("an_filter_band"), list(band_names), format_func=band_names.get, key="an_bands", placeholder=t("an_status_any")
)
criterion = f2.selectbox(
    t("an_filter_criterion"),
    [None] + list(crit_names),
    key="an_criterion",
    format_func=lambda k: t("an_all_criteria") if k is None else f"TC{k}. {crit_names[k]}",
)
status = f3.radio(
    t("an_filter_status"), list(statuses), format_func=statuses.get, key="an_status", disabled=criterion is None
)
s1, s2 = st.columns([3, 2])
search = s1.text_input(t("an_search"), key="an_search", placeholder="ban xen")
sort = s2.selectbox(t("an_sort"), list(sorts), format_func=sorts.get, key="an_sort")
chosen = analysis.MatrixFilter(
    tuple(int(b) for b in bands), criterion, None if criterion is None else status, search, sort
)
rows = analysis.filter_matrix(m.frame, chosen)
st.caption(t("an_rows_shown", n=len(rows), total=len(m.frame)))


def show_elsewhere(area_id: str, unit_id: str) -> None:
    """on_click of a search hint: the area filter becomes the commune's area and its profile opens."""
    st.session_state["districts"] = [area_id]
    st.session_state["an_profile_unit"] = unit_id


with guard("search_hints"):
    if search.strip():  # a commune of another area, or found by another spelling of its name, is said so
        province = m.frame if not scope.areas else commune_matrix(Scope(scope.period_id, (), scope.grouping)).frame
        for i, hint in enumerate(analysis.search_hints(province, search, scope.areas)):
            if not hint.outside:
                st.caption(t("an_search_alias", alias=inline(hint.alias), name=inline(hint.unit_name)))
                continue
            unit_name = inline(hint.unit_name)
            name = t("an_search_alias_short", alias=inline(hint.alias), name=unit_name) if hint.alias else unit_name
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.info(
                t("an_search_elsewhere", name=name, area=inline(hint.area_name)), icon=":material/travel_explore:"
            )
            right.button(
                t("an_search_show", area=inline(hint.area_name)),
                key=f"an_search_hint_{i}",
                on_click=show_elsewhere,
                args=(hint.area_id, hint.unit_id),
            )

chosen_filters = [
    (t("an_filter_band"), ", ".join(band_names[b] for b in bands) or t("an_status_any")),
    (t("an_filter_criterion"), f"TC{criterion}. {crit_names[criterion]}" if criterion else t("an_all_criteria")),
    (t("an_filter_status"), statuses[status] if criterion else t("an_status_any")),
    (t("an_search"), search),
    (t("an_sort"), sorts[sort]),
]
cols = [
    Col("unit_code", "an_col_unit_code"),
    Col("unit_name", "an_col_commune"),
    Col("district_name", "col_district"),
    Col("met_count", "an_col_met", "int"),
    Col(f"band_{suffix}", "an_col_band"),
]
if m.frame["group_no"].notna().any():  # the 2026–2030 set: each commune's group (nhóm xã)
    cols.insert(3, Col(f"commune_group_{suffix}", "col_commune_group"))
cols += [Col(analysis.criterion_field(k), f"TC{k}", "mark", literal=True) for k in crit_names]
config = {
    f"TC{k}": st.column_config.TextColumn(f"TC{k}", help=inline(name), width=44) for k, name in crit_names.items()
}
config[t("an_col_commune")] = st.column_config.TextColumn(t("an_col_commune"), pinned=True)

picked: list[int] = []
if rows.empty:
    st.info(t("an_no_match"))
else:
    tab_table, tab_heat = st.tabs([t("an_tab_table"), t("an_tab_heatmap")])
    with tab_table, guard("matrix"):
        picked = tables.table(
            rows,
            cols,
            key="an_matrix",
            title=t("an_communes_title"),
            scope=scope,
            extra_filters=chosen_filters,
            illustrative=m.illustrative,
            select=True,
            column_config=config,
        )
        st.caption(t("an_matrix_legend", legend=inline("; ".join(f"TC{k} {n}" for k, n in crit_names.items()))))
    with tab_heat, guard("heatmap"):
        st.plotly_chart(analysis_charts.matrix_heatmap(rows, m.criteria, lang), key="an_heatmap")

# -- profile of one commune: a selected row of the table, or the picker
st.divider()
st.subheader(t("an_profile_title"))
options = rows["unit_id"].tolist()
labels = dict(zip(rows["unit_id"], rows["unit_name"] + " · " + rows["district_name"]))
tables.follow_selection(picked, "an_matrix", "an_profile_unit", options)
if st.session_state.get("an_profile_unit") not in options:
    st.session_state["an_profile_unit"] = None
unit = st.selectbox(
    t("an_profile_pick"),
    options,
    index=None,
    key="an_profile_unit",
    format_func=labels.get,
    placeholder=t("an_pick_none"),
)
if unit is None:
    st.stop()

p = commune_profile(unit, scope.period_id)
u = p.unit
unit_filter = [(t("an_col_commune"), f"{u['unit_name']} ({u['unit_id']})")]


# Widths that fit a 1440 px screen with the sidebar open; the long texts (departments, supporting units,
# sponsors) wrap in rows tall enough for four lines instead of pushing columns off the screen.
WRAPPED_ROW = 92
PROFILE_WIDTHS = {
    "col_code": 48,
    "col_criterion": 170,
    "an_col_status": 80,
    "an_col_department": 170,
    "an_col_supporting": 190,
    "an_col_owner_status": 130,
    "an_col_sponsor": 180,
}
profile_config = {t(k): st.column_config.TextColumn(t(k), width=w) for k, w in PROFILE_WIDTHS.items()}


def profile_table(
    raw, cols: list[Col], key: str, title_key: str, illustrative: bool = False, wrapped: bool = False
) -> None:
    """One table of the commune's profile, titled with the commune, its download filtered to it; wrapped: the
    criteria tables, whose long texts wrap in fixed widths (all their rows shown)."""
    title = f"{t(title_key)} — {u['unit_name']}"
    tables.table(
        raw,
        cols,
        key=key,
        title=title,
        scope=scope,
        extra_filters=unit_filter,
        illustrative=illustrative,
        part=f"{u['unit_name']} {t(title_key)}",
        sheet=t(title_key),
        **({"column_config": profile_config, "row_height": WRAPPED_ROW, "height": "content"} if wrapped else {}),
    )


with guard("profile_head"):
    st.markdown(
        t(
            "an_unit_line",
            type=unit_type(u["unit_type"], lang).capitalize(),
            name=inline(u["unit_name"]),
            district=inline(u["district_name"]),
            code=u["unit_code"],
            period=filters.period_label(scope.period_id),
        )
    )
    if p.group:
        st.caption(
            t(
                "an_group_line",
                group=inline(p.group[f"label_{suffix}"]),
                definition=inline(p.group[f"definition_{suffix}"]),
            )
        )
    k1, k2 = st.columns(2)
    k1.metric(t("an_kpi_met"), f"{p.met_count}/{p.n_criteria}", border=True)
    k2.metric(t("an_kpi_missing"), fmt.integer(len(p.missing), lang), border=True)
    agencies = column_in_lang(p.sponsors, "agency", lang).tolist()
    st.caption(t("an_sponsor_line", agencies=inline(", ".join(agencies))) if agencies else t("an_no_sponsor"))

OWNER_TEXTS = ("department", "supporting_units", "owner_status")  # data texts written in both languages
with guard("profile_criteria"):
    crit_cols = [
        Col("criterion_code", "col_code"),
        Col(f"name_{suffix}", "col_criterion"),
        Col("department", "an_col_department"),
        Col("supporting_units", "an_col_supporting"),
        Col("owner_status", "an_col_owner_status"),
    ]
    if p.missing.empty:
        st.success(t("an_all_met", n=p.n_criteria))
    else:
        st.markdown(f"**{t('an_profile_missing')}**")
        missing = in_lang_frame(p.missing, OWNER_TEXTS + ("sponsors",), lang)
        missing_cols = crit_cols + [Col("sponsors", "an_col_sponsor", "list")]
        profile_table(missing, missing_cols, "an_profile_missing", "an_profile_missing", p.illustrative, wrapped=True)
    with st.expander(t("an_profile_all")):
        every = in_lang_frame(p.criteria, OWNER_TEXTS, lang)
        all_cols = crit_cols[:2] + [Col("met", "an_col_status", "mark")] + crit_cols[2:]
        profile_table(every, all_cols, "an_profile_all", "an_profile_all", p.illustrative, wrapped=True)

with guard("history"):
    st.markdown(f"**{t('an_history')}**")
    history = p.history.assign(
        period=p.history[f"label_{suffix}"], relation_label=p.history["relation"].map(lambda r: t(f"an_rel_{r}"))
    )
    history_cols = [
        Col("period", "an_col_period"),
        Col("unit_name", "an_col_unit"),
        Col("relation_label", "an_col_relation"),
        Col("met_count", "an_col_met", "int"),
        Col("n_criteria", "an_col_n_criteria", "int"),
        Col("meets_standard", "an_col_standard", "mark"),
    ]
    profile_table(history, history_cols, "an_profile_history", "an_history", p.illustrative)

with guard("recognitions"):
    st.markdown(f"**{t('an_recognitions')}**")
    if p.recognitions.empty:
        st.caption(t("an_no_recognition"))
    else:
        recognitions = in_lang_frame(p.recognitions, ["source"], lang).assign(
            provenance=p.recognitions["provenance"].map(tables.word)
        )
        recognition_cols = [
            Col("unit_name", "an_col_unit"),
            Col("level", "an_col_level"),
            Col("year", "an_col_year", "int"),
            Col("decision_no", "an_col_decision"),
            Col("decision_date", "an_col_decision_date", "date"),
            Col("provenance", "an_col_provenance"),
            Col("source", "an_col_source"),
        ]
        profile_table(recognitions, recognition_cols, "an_profile_recognitions", "an_recognitions")

with guard("lineage"):
    st.markdown(f"**{t('an_lineage')}**")
    if p.lineage.empty:
        st.caption(t("an_no_lineage"))
    else:
        lineage = p.lineage.assign(
            kind_label=p.lineage["kind"].map(lambda k: t(f"an_kind_{k}")), status=p.lineage["status"].map(tables.word)
        )
        lineage_cols = [
            Col("from_name", "an_col_from"),
            Col("kind_label", "an_col_kind"),
            Col("to_name", "an_col_to"),
            Col("effective_date", "an_col_effective", "date"),
            Col("status", "an_col_lineage_status"),
            Col("note", "an_col_note"),
        ]
        profile_table(lineage, lineage_cols, "an_profile_lineage", "an_lineage")
