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


def criterion_in_period_set(frames: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Each commune result names a criterion of the set its period is measured against."""
    periods, crit, status = frames["periods.csv"], frames["criteria.csv"], frames["commune_status.csv"]
    set_of = dict(zip(periods.period_id, periods.criteria_set_id))
    codes = set(zip(crit.set_id, crit.code))
    return [
        Problem("commune_status.csv", i + 2, "criterion_code", c, f"tiêu chí không có trong bộ tiêu chí của kỳ {p}")
        for i, (p, c) in enumerate(zip(status.period_id, status.criterion_code))
        if (set_of.get(p), c) not in codes
    ]
