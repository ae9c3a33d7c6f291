"""The plan report as tables for people: Vietnamese (or English) headers, numbers as 38,8% / 15/19.

Pure formatting of an ntm.plan.PlanReport; the plan page only draws what these return.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ntm.locale import fmt
from ntm.locale.i18n import TEXT, column_in_lang, local, t
from ntm.plan.progress import PlanReport

CHECK_ICONS = {True: "✔", False: "✖", None: "○"}  # shapes DejaVu Sans draws: never colour alone
LEVEL_KEYS = {"NTM nâng cao": ("nâng cao", "advanced"), "NTM kiểu mẫu": ("kiểu mẫu", "model")}


def _lang_col(frame: pd.DataFrame, stem: str, lang: str) -> pd.Series:
    return frame[local(stem, lang)]


def value_text(value: float | None, unit_key: str, lang: str) -> str:
    """A measured value in its unit: 38,8% for shares, whole numbers for counts."""
    if value is None or pd.isna(value):
        return "—"
    if unit_key == "unit_pct":
        return fmt.percent(value, 0 if float(value).is_integer() else 1, lang)
    return fmt.integer(round(value), lang) if float(value).is_integer() else fmt.number(value, 1, lang)


def group_label(group: str | None, lang: str) -> str:
    """The group's name; a group added in the data without a translation shows its code."""
    if not isinstance(group, str):
        return "—"
    return t(f"group_{group}", lang) if f"group_{group}" in TEXT else group


def status_text(icon: str | None, label: str | None) -> str:
    return "—" if label is None or pd.isna(label) else f"{icon} {label}"


def styled(frame: pd.DataFrame, colours: pd.Series | None):
    """The status column written in its rule's colour (the icon and label carry the meaning too)."""
    if frame.empty or colours is None:
        return frame
    column = next((c for c in frame.columns if c in (t("col_status", "vi"), t("col_status", "en"))), None)
    if column is None:
        return frame
    colours = list(colours)

    def paint(col: pd.Series) -> list[str]:
        return [f"color: {c}; font-weight: 600" if isinstance(c, str) else "" for c in colours]

    return frame.style.apply(paint, subset=[column])


def rules_lines(rep: PlanReport, lang: str, escape: Callable[[str], str] = str) -> list[str]:
    """Each rule, in the order it is applied, as one Markdown line; escape: how a page writes the rule's icon and
    label (data an office edits) as literal markdown text."""
    from ntm.plan.targets import rule_text

    number = lambda v: fmt.number(v, 0, lang)  # noqa: E731
    return [
        f"{escape(r['icon'])} **{escape(r[local('label', lang)])}** — {rule_text(r, lang, number)}"
        for _, r in rep.rules.iterrows()
    ]


def status_counts(rep: PlanReport, lang: str) -> pd.DataFrame:
    """How many targets have each status (label and icon of the rule that gave it), in rule order."""
    if rep.targets.empty:
        return pd.DataFrame(columns=["icon", "label", "targets"])
    label = _lang_col(rep.targets, "status", lang)
    counts = rep.targets.assign(label=label).groupby(["icon", "label"], sort=False).size().rename("targets")
    order = {lbl: i for i, lbl in enumerate(_lang_col(rep.rules, "label", lang))}
    out = counts.reset_index()
    return out.sort_values("label", key=lambda s: s.map(order)).reset_index(drop=True)


# The page's lists and the kind of target each follows: a plan shows a list only when it sets targets of that kind
# (Letter 417 sets all of them; the 2025 and 2030 plans set shares of communes only).
SECTION_MEASURES = {
    "named": "meets_standard",
    "advanced": "advanced_communes",
    "sponsors": "communes_gaining_min_criteria",
    "departments": "communes_gaining_criterion",
    "reviews": "district_standard",
}


def sections(rep: PlanReport) -> set[str]:
    """The lists the plan page shows for a report: those whose kind of target the plan sets, and the merged
    communes' reassessment when there are any."""
    measures = set(rep.targets["measure"]) if "measure" in rep.targets else set()
    shown = {section for section, measure in SECTION_MEASURES.items() if measure in measures}
    return shown | ({"merged"} if len(rep.merged) else set())


def targets_display(rep: PlanReport, lang: str) -> pd.DataFrame:
    """One row per target: group, where, status, attainment (0–100), baseline, now, goal, deadline, what, source."""
    tb = rep.targets
    unit = [t(k, lang) for k in tb["unit_key"]]
    return pd.DataFrame(
        {
            t("col_group", lang): [group_label(g, lang) for g in tb["target_group"]],
            t("col_scope", lang): _lang_col(tb, "scope", lang),
            t("col_status", lang): [status_text(i, s) for i, s in zip(tb["icon"], _lang_col(tb, "status", lang))],
            t("col_progress", lang): [None if pd.isna(a) else round(a * 100) for a in tb["attainment"]],
            t("col_baseline", lang): [value_text(v, k, lang) for v, k in zip(tb["baseline"], tb["unit_key"])],
            t("col_current", lang): [value_text(v, k, lang) for v, k in zip(tb["current"], tb["unit_key"])],
            t("col_goal", lang): [
                value_text(v, k, lang) + ("" if k == "unit_pct" else f" {u}")
                for v, k, u in zip(tb["goal"], tb["unit_key"], unit)
            ],
            t("col_deadline", lang): [fmt.day(d, lang) for d in tb["deadline"]],
            t("col_target", lang): _lang_col(tb, "label", lang),
            t("col_source", lang): column_in_lang(tb, "source", lang) if len(tb) else tb["source"],
        }
    )


def named_display(rep: PlanReport, lang: str) -> pd.DataFrame:
    """The named communes: criteria met at baseline and in the period, and those still missing."""
    nc = rep.named_communes
    if nc.empty:
        return pd.DataFrame()

    def of(v, n):
        return "—" if pd.isna(v) else f"{fmt.integer(round(v), lang)}/{fmt.integer(round(n), lang)}"

    missing = _lang_col(nc, "missing", lang)
    return pd.DataFrame(
        {
            t("col_commune", lang): _lang_col(nc, "scope", lang),
            t("col_baseline", lang): [of(v, n) for v, n in zip(nc["met_base"], nc["n_criteria"])],
            t("col_current", lang): [of(v, n) for v, n in zip(nc["met_now"], nc["n_criteria"])],
            t("col_missing", lang): [m if m else t("none_missing", lang) for m in missing],
            t("col_status", lang): [status_text(i, s) for i, s in zip(nc["icon"], _lang_col(nc, "status", lang))],
        }
    )


def advanced_display(rep: PlanReport, lang: str) -> pd.DataFrame:
    """Every district: advanced and model communes against the per-district target."""
    adv = rep.advanced
    i = 1 if lang == "en" else 0

    def communes(items) -> str:
        return ", ".join(f"{n} ({LEVEL_KEYS.get(lv, (lv, lv))[i]}, {fmt.day(d, lang)})" for n, lv, d in items)

    return pd.DataFrame(
        {
            t("col_district", lang): adv["district_name"],
            t("col_advanced", lang): adv["advanced"],
            t("col_model", lang): adv["model"],
            t("col_goal", lang): [value_text(g, "unit_communes", lang) for g in adv["goal"]],
            t("col_status", lang): [status_text(ic, s) for ic, s in zip(adv["icon"], _lang_col(adv, "status", lang))],
            t("col_communes_list", lang): [communes(c) for c in adv["communes"]],
        }
    )


def districts_without_advanced(rep: PlanReport) -> list[str]:
    return rep.advanced.loc[rep.advanced["advanced"] == 0, "district_name"].tolist()


def sponsors_display(rep: PlanReport, lang: str) -> pd.DataFrame:
    """Sponsoring agencies whose commune did not reach the target gain (the list the committee asks for)."""
    sp = rep.sponsors[~rep.sponsors["reached"].astype(bool)] if len(rep.sponsors) else rep.sponsors
    commune = [n if not isinstance(s, str) else f"{n} → {s}" for n, s in zip(sp["unit_name"], sp["successor_name"])]
    return pd.DataFrame(
        {
            t("col_agency", lang): column_in_lang(sp, "agency", lang) if len(sp) else sp["agency"],
            t("col_commune", lang): commune,
            t("col_district", lang): sp["district_name"],
            t("col_baseline", lang): sp["met_base"],
            t("col_current", lang): sp["met_now"],
            t("col_gained", lang): [fmt.signed(g, 0, lang) for g in sp["gained"]],
        }
    )


def sponsors_summary(rep: PlanReport) -> dict:
    """Counts for the sentence above the sponsors table."""
    row = rep.targets[rep.targets["measure"] == "communes_gaining_min_criteria"]
    need = int(row["value"].iloc[0]) if len(row) else 1
    unique = rep.sponsors.drop_duplicates("unit_id")
    return {"reached": int(unique["reached"].sum()), "total": len(unique), "need": need}


def departments_display(rep: PlanReport, lang: str) -> pd.DataFrame:
    dp = rep.departments
    return pd.DataFrame(
        {
            t("col_dept_criterion", lang): _lang_col(dp, "scope", lang),
            t("col_planned", lang): [value_text(v, "unit_communes", lang) for v in dp["goal"]],
            t("col_achieved", lang): [value_text(v, "unit_communes", lang) for v in dp["current"]],
            t("col_progress", lang): [None if pd.isna(a) else round(a * 100) for a in dp["attainment"]],
            t("col_status", lang): [status_text(i, s) for i, s in zip(dp["icon"], _lang_col(dp, "status", lang))],
        }
    )


def review_display(rep: PlanReport, district_code: str, lang: str) -> pd.DataFrame:
    """One district review as a checklist: each QĐ 558 criterion, then the all-communes condition."""
    rv = rep.district_reviews
    rv = rv[(rv["district_code"] == district_code) & (rv["kind"] != "no_data")]

    def check(met) -> str:
        key = None if met is None or pd.isna(met) else bool(met)
        word = {True: "check_met", False: "check_not_met", None: "check_unknown"}[key]
        return f"{CHECK_ICONS[key]} {t(word, lang)}"

    def detail(r) -> str:
        key = "review_condition_detail" if r["kind"] == "condition" else "review_indicators"
        return t(key, lang, met=int(r["indicators_met"]), total=int(r["indicators"]))

    names = [n if c == "cond" else f"{c}. {n}" for c, n in zip(rv["code"], _lang_col(rv, "name", lang))]
    return pd.DataFrame(
        {
            t("col_criterion", lang): names,
            t("col_check", lang): [check(m) for m in rv["met"]],
            t("col_detail", lang): [detail(r) for _, r in rv.iterrows()],
        }
    )


def reviews(rep: PlanReport, lang: str) -> list[dict]:
    """The reviewed districts with their status line (in target order)."""
    rv = rep.district_reviews
    if rv.empty:
        return []
    first = rv.drop_duplicates("district_code")
    return [
        {
            "district_code": r["district_code"],
            "district_name": r["district_name"],
            "status": status_text(r["icon"], r[local("status", lang)]),
            "has_data": bool(((rv["district_code"] == r["district_code"]) & (rv["kind"] != "no_data")).any()),
        }
        for _, r in first.iterrows()
    ]


def merged_display(rep: PlanReport, lang: str) -> pd.DataFrame:
    mg = rep.merged
    if mg.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            t("col_commune", lang): mg["unit_name"],
            t("col_district", lang): mg["district_name"],
            t("col_effective", lang): [fmt.day(d, lang) for d in mg["effective_date"]],
            t("col_predecessors", lang): mg["predecessors"],
            t("col_recognised_before", lang): mg["recognised"],
            t("col_measured_on", lang): mg["measured_on"],
            t("col_criteria_met", lang): [
                "—" if pd.isna(m) else f"{int(m)}/{int(n)}" for m, n in zip(mg["met_count"], mg["n_criteria"])
            ],
            t("col_check", lang): [f"{CHECK_ICONS[None if pd.isna(v) else bool(v)]}" for v in mg["meets_standard"]],
        }
    )
