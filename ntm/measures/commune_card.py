"""What the map says about communes: the NTM status class (recognised / named target / not yet / no
data), the criteria each still misses, and the card shown beside the map for the selected commune
(built on ntm.profile, which follows the unit through the 2020 mergers).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from ntm.locale.i18n import column_in_lang, local, t, unit_type
from ntm.measures import metrics, profile, queries

RECOGNISED, TARGET, NOT_YET, NO_DATA = "recognised", "target", "not_yet", "no_data"

# Named commune targets: rows of `targets` with scope_type 'commune' and this measure (the Letter 417
# directives, data/targets.csv). The commune's code is in scope_code (unit_code, or a unit_id).
TARGET_MEASURE = "meets_standard"


def period_status(con: duckdb.DuckDBPyConnection, period_id: str) -> pd.DataFrame:
    """Every commune x criterion status row of the period (unit_id, criterion_code, met)."""
    return metrics.scope_status(con, metrics.Scope(period_id))


def missing_criteria(status: pd.DataFrame, criteria: pd.DataFrame, unit_ids: list[str]) -> dict[str, list[str]]:
    """Criterion codes each unit reports as not met, in the set's order (units without rows: [])."""
    order = dict(zip(criteria["criterion_code"], criteria["sort_order"]))
    unmet = status[~status["met"].astype(bool)]
    out: dict[str, list[str]] = {u: [] for u in unit_ids}
    for unit, codes in unmet.groupby("unit_id")["criterion_code"]:
        if unit in out:
            out[unit] = sorted(codes, key=lambda c: order.get(c, 0))
    return out


def target_communes(con: duckdb.DuckDBPyConnection, period_id: str) -> dict[str, int]:
    """Units of the period's base named as communes to reach the standard, with the target year.

    Only targets in force on the period's date count (named by then, deadline not passed).
    """
    rows = queries.commune_targets(con, period_id, TARGET_MEASURE)
    return dict(zip(rows["unit_id"], rows["target_year"].astype(int)))


def ntm_status(scores: pd.DataFrame, targets: dict[str, int]) -> pd.Series:
    """recognised / target / not_yet / no_data for rows with unit_id, met_count, reported_count, n_criteria.

    Meeting the standard wins over being a target; a commune with no status row at all has no data.
    """

    def one(row) -> str:
        if row["reported_count"] == 0:
            return NO_DATA
        if row["met_count"] == row["n_criteria"]:
            return RECOGNISED
        return TARGET if row["unit_id"] in targets else NOT_YET

    return scores.apply(one, axis=1) if len(scores) else pd.Series([], dtype=str)


def status_text(status: str, target_year: int | None, lang: str = "vi") -> str:
    """The status in words (status is never told by colour alone)."""
    if status == TARGET:
        return t("map_status_target", lang, year=target_year)
    return t({RECOGNISED: "map_status_recognised", NOT_YET: "map_status_not_yet", NO_DATA: "map_no_data"}[status], lang)


# ---- the card beside the map -------------------------------------------------------------------


@dataclass(frozen=True)
class CommuneCard:
    """The selected commune in the chosen period (texts are plain, not HTML)."""

    unit_id: str
    title: str
    facts: list[str]
    in_period: bool
    criteria: pd.DataFrame
    history: pd.DataFrame


def criteria_display(criteria: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Criteria of the period with the commune's result in words (not colour) and the lead department."""
    name = criteria[local("name", lang)]
    words = {True: "✓ " + t("map_met", lang), False: "✗ " + t("map_not_met", lang)}
    return pd.DataFrame(
        {
            t("map_col_criterion", lang): criteria["criterion_code"] + ". " + name,
            t("map_col_status", lang): [
                words.get(m, t("map_no_data", lang)) if pd.notna(m) else t("map_no_data", lang) for m in criteria["met"]
            ],
            t("map_col_owner", lang): column_in_lang(criteria, "department", lang).fillna("—"),
        }
    )


def history_display(history: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Criteria met in each period by the commune and the units it came from or became, oldest first."""
    return pd.DataFrame(
        {
            t("map_col_period", lang): history[local("label", lang)],
            t("map_col_unit", lang): history["unit_name"],
            t("map_col_met", lang): [f"{m}/{n}" for m, n in zip(history["met_count"], history["n_criteria"])],
            t("map_col_standard", lang): [
                t("map_yes", lang) if s else t("map_no", lang) for s in history["meets_standard"]
            ],
        }
    )


def commune_card(con: duckdb.DuckDBPyConnection, period_id: str, unit_id: str, lang: str = "vi") -> CommuneCard | None:
    """Status, criteria table and history of the selected commune (None: no such unit)."""
    try:
        p = profile.commune_profile(con, unit_id, period_id)
    except KeyError:
        return None
    u = p.unit
    facts = [f"{t('map_tip_district', lang)}: {u['district_name']} · {t('map_tip_code', lang)} {u['unit_code']}"]
    if p.group:  # the 2026–2030 set: the commune's group (nhóm xã) in the period
        facts.append(f"{t('col_commune_group', lang)}: {p.group[local('label', lang)]}")
    status = None
    if p.in_base:
        reported = int(p.criteria["met"].notna().sum())
        targets = target_communes(con, period_id)
        row = pd.DataFrame(
            [{"unit_id": unit_id, "met_count": p.met_count, "reported_count": reported, "n_criteria": p.n_criteria}]
        )
        status = ntm_status(row, targets).iloc[0]
        if status != NO_DATA:
            facts.append(t("map_tip_criteria", lang, met=p.met_count, n=p.n_criteria))
        facts.append(f"{t('map_tip_status', lang)}: {status_text(status, targets.get(unit_id), lang)}")
    year = pd.Timestamp(metrics.periods(con).set_index("period_id").loc[period_id, "as_of_date"]).year
    own = p.recognitions[p.recognitions["unit_id"] == unit_id]
    for r in own.itertuples(index=False):
        if r.year < year or status == RECOGNISED:  # not a recognition that came after the period
            facts.append(t("map_detail_recognised", lang, level=r.level, year=r.year))
    if len(p.sponsors):
        facts.append(f"{t('map_detail_sponsor', lang)}: {', '.join(column_in_lang(p.sponsors, 'agency', lang))}")
    criteria = p.criteria if p.in_base else p.criteria.iloc[0:0]
    return CommuneCard(
        unit_id,
        f"{u['unit_name']} ({unit_type(u['unit_type'], lang)})",
        facts,
        p.in_base,
        criteria_display(criteria, lang),
        history_display(p.history, lang),
    )
