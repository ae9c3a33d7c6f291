"""Who holds an NTM recognition on a day: decisions in force, carried through the reforms.

A published figure may count recognitions rather than communes meeting every criterion today (the 2024
review of old Lào Cai: 62 xã holding a recognition kept 15,03 criteria on average). A commune holds the
recognition of its own unit version, or of the version it only continued (renamed, moved district, same
commune); a commune that absorbed others was re-assessed (Letter 417 §1c) and holds only its own.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

STANDARD_LEVEL = "NTM"


def effective_dates(recognitions: pd.DataFrame) -> pd.Series:
    """Decision date, or 31/12 of the year when the decision date is not known."""
    year_end = pd.to_datetime(recognitions["year"].astype(int).astype(str) + "-12-31")
    return pd.to_datetime(recognitions["decision_date"]).fillna(year_end)


def recognised_by(recognitions: pd.DataFrame, day: date, levels: tuple[str, ...]) -> pd.DataFrame:
    """Recognitions at the given levels in force on day (a decision without a date counts from 31/12)."""
    return recognitions[recognitions["level"].isin(levels) & (effective_dates(recognitions) <= pd.Timestamp(day))]


def holders(
    base: list[str], recognitions: pd.DataFrame, lineage: pd.DataFrame, day: date, level: str = STANDARD_LEVEL
) -> set[str]:
    """The communes of a base holding a recognition of `level` on day, their own or one they carry on."""
    held = set(recognised_by(recognitions, day, (level,))["unit_id"])
    kept = lineage[lineage["kind"] == "continues_as"]
    carried_from = dict(zip(kept["to_unit_id"], kept["from_unit_id"]))
    absorbers = set(lineage.loc[lineage["kind"] == "merged_into", "to_unit_id"])
    out = set()
    for unit in base:
        u, seen = unit, set()
        while u is not None and u not in seen:
            seen.add(u)
            if u in held:
                out.add(unit)
                break
            u = None if u in absorbers else carried_from.get(u)
    return out
