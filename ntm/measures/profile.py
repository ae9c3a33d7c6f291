"""The profile of one commune for staff: what it meets and misses, who is in charge of each missing
criterion, which agency sponsors it, how it got here across periods and through the 2020 mergers,
and when it was recognised.

History follows unit_lineage: a unit's history includes the units it was formed from (its predecessors,
transitively: a 2025 xã lists its former communes), and a unit that disappeared shows the unit it continued
as or merged into (its successors), up to the end of the programme phase of the period viewed. Siblings
merged into the same unit are not part of each other's history.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import duckdb
import pandas as pd

from ntm.locale.i18n import column_in_lang
from ntm.measures import metrics, queries

SELF, PREDECESSOR, SUCCESSOR = "self", "predecessor", "successor"


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
    in_base: bool  # the commune is in the period's base (else its criteria are not assessed)
    criteria: pd.DataFrame  # one row per criterion: met, department in charge, owner status
    sponsors: pd.DataFrame  # agencies helping the commune (may be empty)
    history: pd.DataFrame  # one row per period and related unit, with its relation
    recognitions: pd.DataFrame  # recognitions of the unit and of its related units
    lineage: pd.DataFrame  # lineage edges among the related units
    illustrative: bool
    group: dict | None = None  # its commune group in the period (group_no, label_vi/en, definition_vi/en, basis)

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
        miss["sponsors_en"] = [column_in_lang(self.sponsors, "agency", "en").tolist()] * len(miss)
        return miss.reset_index(drop=True)


def commune_profile(con: duckdb.DuckDBPyConnection, unit_id: str, period_id: str) -> Profile:
    """The profile of unit_id as seen in period_id."""
    units = queries.units(con)
    unit = units[units["unit_id"] == unit_id]
    if unit.empty:
        raise KeyError(f"Không có đơn vị hành chính '{unit_id}'")
    edges = queries.lineage(con)
    related = related_units(edges, unit_id)
    ids = list(related)
    criteria = queries.commune_criteria(con, unit_id, period_id)
    history = queries.unit_history(con, ids)
    end = metrics.phase_end(con, period_id)  # a later phase is measured on another criteria set
    if end is not None:
        history = history[pd.to_datetime(history["as_of_date"]) <= pd.Timestamp(end)].copy()
    history["relation"] = history["unit_id"].map(related)
    history["meets_standard"] = history["met_count"] == history["n_criteria"]
    rank = {SELF: 0, PREDECESSOR: 1, SUCCESSOR: 2}
    history = history.sort_values(
        ["as_of_date", "relation", "unit_id"], key=lambda s: s.map(rank) if s.name == "relation" else s
    )
    recognitions = queries.recognitions(con, ids)
    recognitions["relation"] = recognitions["unit_id"].map(related)
    lineage = edges[edges["from_unit_id"].isin(ids) & edges["to_unit_id"].isin(ids)].reset_index(drop=True)
    in_base = unit_id in queries.period_base(con, period_id)
    sponsors = queries.sponsors(con)
    sponsors = sponsors.loc[sponsors["unit_id"] == unit_id, ["agency", "agency_en", "valid_from", "provenance"]]
    return Profile(
        unit=unit.iloc[0].to_dict(),
        period_id=period_id,
        in_base=in_base,
        criteria=criteria,
        sponsors=sponsors.reset_index(drop=True),
        history=history.reset_index(drop=True),
        recognitions=recognitions,
        lineage=lineage,
        illustrative=bool((criteria["provenance"] == "illustrative").any()),
        group=next(iter(queries.commune_group(con, unit_id, period_id).to_dict("records")), None),
    )
