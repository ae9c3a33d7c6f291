"""Giảm nghèo as one answer: the poverty report of a scope and the resources mobilised in its districts."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from ntm.measures import metrics
from ntm.plan import poverty


@dataclass(frozen=True)
class PovertyView:
    report: poverty.PovertyReport
    resources: pd.DataFrame  # by year, district and source (poverty.resources)


def poverty_view(con: duckdb.DuckDBPyConnection, scope: metrics.Scope) -> PovertyView:
    """What the poverty page draws for a scope (resources follow its districts, every year, in the period's province
    or those that became it)."""
    mine = poverty.in_line(con, scope.period_id)
    return PovertyView(poverty.report(con, scope), mine(poverty.resources(con, scope.districts)))
