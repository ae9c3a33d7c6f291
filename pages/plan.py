"""Kế hoạch: every directive of Letter 417 as a target with its status, and the lists behind them; a later plan
(2025, 2030: shares of communes only) shows its targets without the letter's lists."""

import streamlit as st

from ntm.figures import plan_charts
from ntm.figures import plan_tables as pt
from ntm.figures.tables import frame_sheet
from ntm.plan import progress as plan
from pages.ui import cache, filters, notes, tables
from pages.ui.filters import t
from pages.ui.guard import guard
from pages.ui.notes import inline

scope, lang = filters.scope(), filters.lang()
# The whole province's report is cached per period; a district filter only narrows it (no query).
rep = plan.restrict(cache.data(plan.report)(scope.period_id), scope.districts)

shown = pt.sections(rep)  # Letter 417's lists; a plan setting only shares of communes (2025, 2030) has none
notes.header("page_plan" if shown else "page_plan_targets", scope)
if rep.problems:
    st.error(t("plan_problems") + ":\n\n" + "\n".join(f"- {inline(p)}" for p in rep.problems))
notes.illustrative(rep.illustrative)
if rep.illustrative:  # what is illustrative on this page, under the one warning (not a second one)
    st.caption(t("plan_illustrative"))
baseline = filters.period_label(rep.baseline_period_id) if rep.baseline_period_id else "—"
st.markdown(t("plan_intro" if shown else "plan_intro_targets", baseline=baseline))
if rep.before_baseline:
    st.info(t("plan_before_baseline", baseline=baseline))
if scope.districts:
    st.caption(t("plan_filtered"))

with guard("status_counts"):
    counts = pt.status_counts(rep, lang)
    for col, row in zip(st.columns(max(len(counts), 1)), counts.itertuples()):
        col.metric(inline(f"{row.icon} {row.label}"), row.targets, border=True)

with guard("rules"), st.expander(t("plan_rules"), expanded=True):
    st.markdown(t("plan_rules_terms"))
    st.markdown("\n".join(f"{i}. {line}" for i, line in enumerate(pt.rules_lines(rep, lang, escape=inline), start=1)))

progress = {t("col_progress"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d%%")}


def status_table(where, shown, colours, key: str, **options) -> None:
    """A table whose status cells carry the colour of their status, as tall as its rows."""
    where.dataframe(pt.styled(shown, colours), hide_index=True, height="content", key=key, **options)


with guard("targets"):
    st.subheader(t("plan_targets"))
    status_table(st, pt.targets_display(rep, lang), rep.targets["colour"], "plan_targets", column_config=progress)

with guard("named"):
    if "named" in shown:
        st.subheader(t("named_title"))
        status_table(st, pt.named_display(rep, lang), rep.named_communes.get("colour"), "plan_named")

with guard("advanced"):
    if "advanced" in shown:
        st.subheader(t("advanced_title"))
        without = pt.districts_without_advanced(rep)
        st.markdown(t("advanced_missing", names=inline(", ".join(without))) if without else t("advanced_all"))
        left, right = st.columns([3, 2])
        status_table(left, pt.advanced_display(rep, lang), rep.advanced["colour"], "plan_advanced")
        right.plotly_chart(plan_charts.advanced_bars(rep.advanced, lang), key="plan_advanced_chart")

with guard("sponsors"):
    if "sponsors" in shown:
        st.subheader(t("sponsors_title"))
        if not rep.before_baseline:
            summary = pt.sponsors_summary(rep)
            st.markdown(t("sponsors_summary", **summary))
            unreached = pt.sponsors_display(rep, lang)
            if len(unreached):
                st.dataframe(unreached, hide_index=True, key="plan_sponsors")
            else:
                st.success(t("sponsors_none"))
        else:  # the notice at the top of the page already says why; not repeated here
            st.caption(t("sponsors_before_baseline"))

with guard("departments"):
    if "departments" in shown:
        st.subheader(t("departments_title"))
        status_table(
            st, pt.departments_display(rep, lang), rep.departments["colour"], "plan_departments", column_config=progress
        )

with guard("reviews"):
    if "reviews" in shown:
        st.subheader(t("reviews_title"))
        for col, review in zip(st.columns(max(len(pt.reviews(rep, lang)), 1)), pt.reviews(rep, lang)):
            col.markdown(f"**{inline(review['district_name'])}** — {inline(review['status'])}")
            if review["has_data"]:
                col.dataframe(
                    pt.review_display(rep, review["district_code"], lang),
                    hide_index=True,
                    height="content",
                    key=f"plan_review_{review['district_code']}",
                )
            else:
                col.info(t("review_no_data"))

with guard("merged"):
    if "merged" in shown:
        st.subheader(t("merged_title"))
        st.caption(t("merged_note"))
        st.dataframe(pt.merged_display(rep, lang), hide_index=True, height="content", key="plan_merged")

with guard("page_download"):
    lists = {
        "named": (t("named_title"), pt.named_display),
        "advanced": (t("advanced_title"), pt.advanced_display),
        "sponsors": (t("sponsors_title"), pt.sponsors_display),
        "departments": (t("departments_title"), pt.departments_display),
        "merged": (t("merged_title"), pt.merged_display),
    }
    if rep.before_baseline:  # no sponsor has gained anything before the baseline
        lists.pop("sponsors")
    sheets = [frame_sheet(t("plan_targets"), pt.targets_display(rep, lang))]
    sheets += [frame_sheet(title, display(rep, lang)) for key, (title, display) in lists.items() if key in shown]
    tables.page_download(scope, sheets, illustrative=rep.illustrative)
