"""The profile of one commune for staff: what it meets and misses, who is in charge of each missing
criterion, which agency sponsors it, how it got here across periods and through the 2020 mergers,
and when it was recognised.

History follows unit_lineage: a 2020 unit's history includes the units it was formed from (its
predecessors, transitively), and a unit that disappeared in 2020 shows the unit it continued as or
merged into (its successors). Siblings merged into the same unit are not part of each other's history.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import duckdb
import pandas as pd

from ntm.data.db import query

SELF, PREDECESSOR, SUCCESSOR = "self", "predecessor", "successor"

UNIT_SQL = """
SELECT u.unit_id, u.unit_code, u.unit_name, u.unit_type, u.district_code, d.district_short AS district_name,
       u.valid_from, u.valid_to
FROM units u JOIN districts d ON d.district_code = u.district_code WHERE u.unit_id = $unit
"""

LINEAGE_SQL = """
SELECT l.from_unit_id, f.unit_name AS from_name, l.to_unit_id, t.unit_name AS to_name, l.kind,
       l.effective_date, l.status, l.note
FROM unit_lineage l JOIN units f ON f.unit_id = l.from_unit_id JOIN units t ON t.unit_id = l.to_unit_id
ORDER BY l.effective_date, l.from_unit_id
"""

CRITERIA_SQL = """
SELECT c.criterion_code, c.sort_order, c.name_vi, c.name_en, c.group_vi, c.group_en,
       o.department, o.supporting_units, o.status AS owner_status, cs.met, cs.provenance
FROM periods p
JOIN criteria c ON c.set_id = p.criteria_set_id
LEFT JOIN criterion_owners o ON o.set_id = c.set_id AND o.criterion_code = c.criterion_code
LEFT JOIN commune_status cs ON cs.period_id = p.period_id AND cs.unit_id = $unit
                           AND cs.criterion_code = c.criterion_code
WHERE p.period_id = $period ORDER BY c.sort_order
"""

HISTORY_SQL = """
SELECT p.period_id, p.label_vi, p.label_en, p.as_of_date, u.unit_id, u.unit_name,
       count(cs.criterion_code) FILTER (WHERE cs.met) AS met_count,
       (SELECT count(*) FROM criteria c WHERE c.set_id = p.criteria_set_id) AS n_criteria
FROM period_units pu
JOIN periods p ON p.period_id = pu.period_id
JOIN units u ON u.unit_id = pu.unit_id
LEFT JOIN commune_status cs ON cs.period_id = pu.period_id AND cs.unit_id = pu.unit_id
WHERE list_contains($units, pu.unit_id)
GROUP BY ALL ORDER BY p.as_of_date, u.unit_id
"""

SPONSORS_SQL = "SELECT agency, valid_from, provenance FROM sponsors WHERE unit_id = $unit ORDER BY agency"

RECOGNITIONS_SQL = """
SELECT r.unit_id, u.unit_name, r.level, r.year, r.decision_no, r.decision_date, r.provenance, r.source
FROM recognitions r JOIN units u ON u.unit_id = r.unit_id
WHERE list_contains($units, r.unit_id) ORDER BY r.year, r.unit_id
"""

IN_BASE_SQL = "SELECT count(*) AS n FROM period_units WHERE period_id = $period AND unit_id = $unit"


def related_units(edges: pd.DataFrame, unit_id: str) -> dict[str, str]:
    """unit_id -> relation (self / predecessor / successor) along lineage edges, followed transitively."""
    out = {unit_id: SELF}
    for relation, src, dst in ((PREDECESSOR, "to_unit_id", "from_unit_id"), (SUCCESSOR, "from_unit_id", "to_unit_id")):
        todo = deque([unit_id])
        while todo:
            current = todo.popleft()
            for nxt in edges.loc[edges[src] == current, dst]:
                if nxt not in out:
                    out[nxt] = relation
                    todo.append(nxt)
    return out


@dataclass(frozen=True)
class Profile:
    """Everything the profile panel shows about one commune in one period."""

    unit: dict
    period_id: str
    in_base: bool                 # the commune is in the period's base (else its criteria are not assessed)
    criteria: pd.DataFrame        # one row per criterion: met, department in charge, owner status
    sponsors: pd.DataFrame        # agencies helping the commune (may be empty)
    history: pd.DataFrame         # one row per period and related unit, with its relation
    recognitions: pd.DataFrame    # recognitions of the unit and of its related units
    lineage: pd.DataFrame         # lineage edges among the related units
    illustrative: bool

    @property
    def met_count(self) -> int:
        return int(self.criteria["met"].fillna(False).astype(bool).sum())

    @property
    def n_criteria(self) -> int:
        return len(self.criteria)

    @property
    def missing(self) -> pd.DataFrame:
        """Missing criteria with the department in charge and the commune's sponsoring agencies."""
        miss = self.criteria[~self.criteria["met"].fillna(False).astype(bool)].copy()
        miss["sponsors"] = [self.sponsors["agency"].tolist()] * len(miss)
        return miss.reset_index(drop=True)


def commune_profile(con: duckdb.DuckDBPyConnection, unit_id: str, period_id: str) -> Profile:
    """The profile of unit_id as seen in period_id."""
    unit = query(con, UNIT_SQL, {"unit": unit_id})
    if unit.empty:
        raise KeyError(f"Không có đơn vị hành chính '{unit_id}'")
    edges = query(con, LINEAGE_SQL)
    related = related_units(edges, unit_id)
    ids = list(related)
    criteria = query(con, CRITERIA_SQL, {"unit": unit_id, "period": period_id})
    history = query(con, HISTORY_SQL, {"units": ids})
    history["relation"] = history["unit_id"].map(related)
    history["meets_standard"] = history["met_count"] == history["n_criteria"]
    history = history.sort_values(["as_of_date", "relation", "unit_id"],
                                  key=lambda s: s.map({SELF: 0, PREDECESSOR: 1, SUCCESSOR: 2}) if s.name == "relation" else s)
    recognitions = query(con, RECOGNITIONS_SQL, {"units": ids})
    recognitions["relation"] = recognitions["unit_id"].map(related)
    lineage = edges[edges["from_unit_id"].isin(ids) & edges["to_unit_id"].isin(ids)].reset_index(drop=True)
    in_base = int(query(con, IN_BASE_SQL, {"period": period_id, "unit": unit_id})["n"].iloc[0]) > 0
    return Profile(
        unit=unit.iloc[0].to_dict(), period_id=period_id, in_base=in_base, criteria=criteria,
        sponsors=query(con, SPONSORS_SQL, {"unit": unit_id}), history=history.reset_index(drop=True),
        recognitions=recognitions, lineage=lineage,
        illustrative=bool((criteria["provenance"] == "illustrative").any()),
    )
