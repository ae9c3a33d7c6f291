"""Vocabularies the target files must use, and the check that the status rules cover every case.

They sit at the data stage because the build validates data/targets.csv and the status-rule file
against them; ntm.plan.targets computes the statuses.
"""

from __future__ import annotations

import pandas as pd

# What each measure counts; ntm.plan has one function per measure. Units name the i18n key of the unit.
MEASURES = {
    "pct_communes_ntm": "unit_pct",  # province / national: share of the period's communes meeting the standard
    "ntm_communes": "unit_communes",  # province: communes meeting the standard (a count, as plans give it)
    "pct_communes_ntm_modern": "unit_pct",  # province / national: share recognised NTM hiện đại (2026–2030)
    "meets_standard": "unit_criteria",  # commune: criteria met, goal = every criterion of the set
    "advanced_communes": "unit_communes",  # district: communes recognised NTM nâng cao / kiểu mẫu
    "communes_gaining_min_criteria": "unit_communes",  # sponsored communes that gained >= value criteria
    "communes_gaining_criterion": "unit_communes",  # communes newly meeting the criterion (department plan)
    "district_standard": "unit_items",  # district: QĐ 558 criteria + all communes meet the standard
    "pct_meeting_standard": "unit_pct",  # merged communes recognised before merging, re-evaluated
}
WHEN = ("not_in_force", "no_data", "any", "before_deadline", "after_deadline")


def open_cases(rules: pd.DataFrame) -> list[str]:
    """Cases no rule catches (each needs a rule without thresholds); empty when the rules are complete."""
    thresholds = ("min_progress_pct", "min_lead_pct")
    numeric = rules.assign(**{k: pd.to_numeric(rules[k], errors="coerce") for k in thresholds})
    catch_all = numeric[numeric["min_progress_pct"].isna() & numeric["min_lead_pct"].isna()]["applies_when"]
    needs = {
        "not_in_force": {"not_in_force"},
        "no_data": {"no_data"},
        "before_deadline": {"any", "before_deadline"},
        "after_deadline": {"any", "after_deadline"},
    }
    return [case for case, ok in needs.items() if not set(catch_all) & ok]
