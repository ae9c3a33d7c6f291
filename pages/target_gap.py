"""Cần gì để đạt mục tiêu: for a target share (default from the targets data, editable here), how many
more communes must meet the standard, which communes are closest and what each misses, and the pace per
year needed to get there by the deadline."""

import streamlit as st

from ntm.figures import analysis_tables
from ntm.locale import fmt
from ntm.locale.i18n import in_lang_frame, lang_suffix
from ntm.measures import target_gap
from ntm.measures.target_gap import TargetChoice
from pages.ui import cache, filters, notes, tables
from pages.ui.filters import t
from pages.ui.guard import guard
from pages.ui.notes import inline

default_target = cache.data(target_gap.default_target)
periods_to_deadline = cache.data(target_gap.periods_to_deadline)
gap = cache.data(target_gap.target_gap)

scope, lang = filters.scope(), filters.lang()
suffix = lang_suffix(lang)
default = default_target(scope.period_id)
notes.header("page_gap", scope)

# The inputs start from the data each time the period changes; afterwards they are the user's.
if st.session_state.get("an_gap_period") != scope.period_id:
    st.session_state["an_gap_period"] = scope.period_id
    st.session_state["an_gap_target"] = default.pct if default else None
    st.session_state["an_gap_deadline"] = default.deadline if default else None
i1, i2 = st.columns(2)
whole = default is None or float(default.pct).is_integer()  # no decimal point to show (28, not 28.0)
pct = i1.number_input(
    t("an_target_input"),
    min_value=0.0,
    max_value=100.0,
    step=1.0,
    format="%.0f" if whole else "%.1f",
    key="an_gap_target",
)
deadline = i2.date_input(t("an_deadline_input"), key="an_gap_deadline", format="DD/MM/YYYY")
if default is None:
    st.info(t("an_no_target_data"))
else:
    st.caption(
        t(
            "an_target_default_next",
            period=filters.period_label(default.basis_period_id),
            deadline=fmt.day(default.deadline),
            source=inline(default.source_in(lang)),
        )
        if default.basis == "next_period"
        else t("an_target_default_this", deadline=fmt.day(default.deadline), source=inline(default.source_in(lang)))
    )
    with guard("periods_left"):
        if default.deadline is not None and default.deadline >= filters.as_of(scope.period_id):
            left = periods_to_deadline(scope.period_id, default.deadline)
            st.caption(
                t(
                    "an_periods_left",
                    deadline=fmt.day(default.deadline),
                    n=len(left),
                    periods=", ".join(filters.period_label(p) for p in left),
                )
                if left
                else t("an_no_period_left", deadline=fmt.day(default.deadline))
            )
if pct is None:
    st.stop()
edited = default is None or pct != default.pct or deadline != default.deadline
if edited and default is not None:
    st.caption(t("an_target_edited"))
target = TargetChoice(
    float(pct),
    deadline,
    None if edited else default.target_id,
    None if edited else default.source,
    "user" if edited else default.basis,
    source_en=None if edited else default.source_en,
)
g = gap(scope, target)
if g.base == 0:
    st.info(t("empty_scope"))
    st.stop()
notes.illustrative(g.illustrative)

target_text = fmt.percent(g.target.pct, 0 if float(g.target.pct).is_integer() else 1, lang)
with guard("headline"):
    k1, k2, k3, k4 = st.columns(4)
    k1.metric(t("an_kpi_now"), f"{g.recognised}/{g.base}", border=True)
    k2.metric(
        t("an_kpi_required", target=target_text), f"{fmt.integer(g.required, lang)} {t('communes_unit')}", border=True
    )
    k3.metric(t("an_kpi_needed"), f"{fmt.integer(g.needed, lang)} {t('communes_unit')}", border=True)
    k4.metric(
        t("an_kpi_pace", deadline=fmt.day(deadline)) if deadline else t("an_kpi_needed"),
        f"{fmt.number(g.pace_per_year, lang=lang)} {t('an_per_year')}",
        border=True,
    )
    if g.observed_per_year is not None:
        st.caption(
            t(
                "an_kpi_observed",
                period=filters.period_label(g.previous_period_id),
                pace=fmt.number(g.observed_per_year, lang=lang),
            )
        )
    if g.needed == 0:
        st.success(t("an_reached", recognised=g.recognised, base=g.base, required=g.required))
    elif g.deadline_passed or deadline is None:
        st.warning(t("an_deadline_passed", deadline=fmt.day(deadline), as_of=fmt.day(g.as_of), needed=g.needed))
    else:
        st.markdown(
            t(
                "an_gap_sentence",
                target=target_text,
                deadline=fmt.day(deadline),
                years=fmt.number(g.years_left, lang=lang),
                needed=g.needed,
                pace=fmt.number(g.pace_per_year, lang=lang),
                missing=g.missing_to_close,
            )
        )
        st.caption(t("an_pace_note"))

with guard("candidates"):
    st.subheader(t("an_candidates"))
    if g.candidates.empty:
        st.info(t("an_no_candidates"))
    else:
        band = g.close_band[f"label_{suffix}"] if g.close_band is not None else "—"
        st.caption(
            t("an_candidates_note", band=inline(band), needed=g.needed)
            if g.needed
            else t("an_candidates_note_reached", band=inline(band))
        )
        target_filters = [(t("an_target_input"), target_text), (t("an_deadline_input"), fmt.day(deadline))]
        tables.table(
            in_lang_frame(g.candidates, ["departments"], lang),
            analysis_tables.candidate_cols(lang),
            key="an_gap_candidates",
            title=t("an_candidates"),
            scope=scope,
            extra_filters=target_filters,
            illustrative=g.illustrative,
        )
