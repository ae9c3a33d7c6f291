"""Checks a pattern cannot say, attached to their table in the registry.

Row-wise checks look at one column of the whole file (order matters: traffic lights are listed best
first); cross-file checks look at several files and return problems with file, row and column.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ntm.data.problems import Problem

NUMBER = r"^-?\d+(\.\d+)?$"


def increasing(col: pd.Series) -> pd.Series:
    """Row-wise: a whole number greater than the row above (traffic lights are listed best first)."""
    n = pd.to_numeric(col.where(col.str.fullmatch(r"\d+")), errors="coerce")
    return n.notna() & (n.shift(1).isna() | (n > n.shift(1)))


def descending_bounds(col: pd.Series) -> pd.Series:
    """Row-wise: bounds fall from row to row and only the last row is blank (it takes everything below)."""
    n = pd.to_numeric(col.where(col.str.fullmatch(NUMBER[1:-1])), errors="coerce")
    last = pd.Series(range(len(col)), index=col.index) == len(col) - 1
    return (last & (col == "")) | (~last & n.notna() & (n.shift(1).isna() | (n < n.shift(1))))


def _of_period_set(child: str, column: str, listing: str, listed: str, what: str):
    """A cross-file check: each row's `column` names an entry (`listed`, per set_id) of the file `listing` for
    the criteria set its period is measured against."""

    def check(frames: Mapping[str, pd.DataFrame]) -> list[Problem]:
        periods, known, rows = frames["periods.csv"], frames[listing], frames[child]
        sets = rows["period_id"].map(dict(zip(periods.period_id, periods.criteria_set_id))).astype(object).fillna("")
        pairs = pd.MultiIndex.from_arrays([known["set_id"].astype(str), known[listed].astype(str)])
        bad = ~pd.MultiIndex.from_arrays([sets.astype(str), rows[column].astype(str)]).isin(pairs)
        return [
            Problem(child, i + 2, column, rows[column].iloc[i], f"{what} không có trong bộ tiêu chí của kỳ {p}")
            for i, p in zip(bad.nonzero()[0], rows["period_id"].iloc[bad.nonzero()[0]])
        ]

    return check


# each commune result names a criterion of its period's set; each commune's group is a group of that set
criterion_in_period_set = _of_period_set("commune_status.csv", "criterion_code", "criteria.csv", "code", "tiêu chí")
group_of_period_set = _of_period_set("commune_groups.csv", "group_no", "commune_group_types.csv", "group_no", "nhóm xã")


def target_value_known(frames: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """A target's value may be left blank only when its source says it is unknown (no document yet)."""
    targets = frames["targets.csv"]
    status = targets["source_status"] if "source_status" in targets else pd.Series("", index=targets.index)
    return [
        Problem("targets.csv", i + 2, "value", "", "thiếu giá trị mục tiêu (chỉ để trống khi nguồn ghi 'unknown')")
        for i, (v, s) in enumerate(zip(targets["value"], status))
        if v == "" and not s.startswith("unknown")
    ]
