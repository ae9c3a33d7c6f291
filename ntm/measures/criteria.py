"""Criteria seen from the province: who meets each criterion by district, which criteria hold back the
communes that are close to the standard, and a scorecard per department in charge.

"Close to the standard" is the band just below the full band in the bands table (15–18 of 19 in the
bundled data). All functions take the commune x criterion matrix of ntm.analysis, so they are pure.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from ntm.measures import analysis, metrics


def by_district(matrix: pd.DataFrame, criteria: pd.DataFrame) -> pd.DataFrame:
    """Long table: for each criterion and district, communes meeting it, the district's base and the share."""
    rows = []
    for (code, name), group in matrix.groupby(["district_code", "district_name"], sort=True):
        for c in criteria.itertuples(index=False):
            met = int(group[analysis.criterion_field(c.criterion_code)].fillna(False).astype(bool).sum())
            rows.append(
                {
                    "criterion_code": c.criterion_code,
                    "sort_order": c.sort_order,
                    "name_vi": c.name_vi,
                    "name_en": c.name_en,
                    "district_code": code,
                    "district_name": name,
                    "met": met,
                    "base": len(group),
                    "pct": met / len(group) * 100,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "criterion_code",
            "sort_order",
            "name_vi",
            "name_en",
            "district_code",
            "district_name",
            "met",
            "base",
            "pct",
        ],
    )


def by_district_wide(long: pd.DataFrame, criteria: pd.DataFrame) -> pd.DataFrame:
    """One row per criterion, one column of counts per district (field d_<code>), the total and its share."""
    out = criteria[["criterion_code", "sort_order", "name_vi", "name_en", "department", "department_en"]].copy()
    for code in long["district_code"].drop_duplicates():
        counts = long[long["district_code"] == code].set_index("criterion_code")["met"]
        out[f"d_{code}"] = out["criterion_code"].map(counts).astype(int)
    totals = long.groupby("criterion_code")["met"].sum()
    base = int(long.drop_duplicates("district_code")["base"].sum()) if len(long) else 0
    out["total"] = out["criterion_code"].map(totals).fillna(0).astype(int)
    out["base"] = base
    out["pct"] = out["total"] / base * 100 if base else float("nan")
    return out.reset_index(drop=True)


def _close_rows(matrix: pd.DataFrame, close: pd.Series | None) -> pd.DataFrame:
    if close is None:
        return matrix.iloc[0:0]
    return matrix[matrix["met_count"].between(close["min_met"], close["max_met"])]


def blockers(matrix: pd.DataFrame, criteria: pd.DataFrame, close: pd.Series | None) -> pd.DataFrame:
    """Per criterion: close communes missing it, close communes for which it is the only one missing,
    and all communes of the scope missing it; most blocking first."""
    near = _close_rows(matrix, close)
    out = criteria[["criterion_code", "sort_order", "name_vi", "name_en", "department", "department_en"]].copy()
    out["close_missing"] = [int(sum(c in m for m in near["missing"])) for c in out["criterion_code"]]
    out["sole_blocker"] = [int(sum(m == [c] for m in near["missing"])) for c in out["criterion_code"]]
    out["all_missing"] = [int(sum(c in m for m in matrix["missing"])) for c in out["criterion_code"]]
    out["close_base"] = len(near)
    return out.sort_values(["close_missing", "sole_blocker", "sort_order"], ascending=[False, False, True]).reset_index(
        drop=True
    )


def scorecard(matrix: pd.DataFrame, criteria: pd.DataFrame, close: pd.Series | None) -> pd.DataFrame:
    """Per department in charge: its criteria, the average share of communes meeting them, how many
    commune-criterion pairs are still missing, close communes it blocks, and those only it blocks."""
    near = _close_rows(matrix, close)
    base = len(matrix)
    owners = criteria.dropna(subset=["department"])
    rows = []
    for dept, group in owners.groupby("department", sort=False):
        codes = group.sort_values("sort_order")["criterion_code"].tolist()
        shares = [
            matrix[analysis.criterion_field(c)].fillna(False).astype(bool).sum() / base * 100 if base else float("nan")
            for c in codes
        ]
        rows.append(
            {
                "department": dept,
                "department_en": group["department_en"].iloc[0],
                "criteria": codes,
                "n_criteria": len(codes),
                "avg_pct_met": sum(shares) / len(shares),
                "missing_pairs": int(sum(len(set(m) & set(codes)) for m in matrix["missing"])),
                "close_blocked": int(sum(bool(set(m) & set(codes)) for m in near["missing"])),
                "sole_blocked": int(sum(bool(m) and set(m) <= set(codes) for m in near["missing"])),
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            "department",
            "department_en",
            "criteria",
            "n_criteria",
            "avg_pct_met",
            "missing_pairs",
            "close_blocked",
            "sole_blocked",
        ],
    )
    return out.sort_values(
        ["close_blocked", "missing_pairs", "department"], ascending=[False, False, True]
    ).reset_index(drop=True)


@dataclass(frozen=True)
class CriteriaView:
    """Everything the criteria page shows for a scope."""

    by_district: pd.DataFrame  # long
    wide: pd.DataFrame  # one row per criterion
    districts: pd.DataFrame  # district_code, district_name, base (columns of `wide`)
    blockers: pd.DataFrame
    scorecard: pd.DataFrame
    close_band: pd.Series | None
    illustrative: bool


def criteria_view(con: duckdb.DuckDBPyConnection, scope: metrics.Scope) -> CriteriaView:
    """Criteria by district, blockers of the close communes and the department scorecard of the scope."""
    m = analysis.commune_matrix(con, scope)
    long = by_district(m.frame, m.criteria)
    n_criteria = int(m.frame["n_criteria"].max()) if len(m.frame) else 0
    close = analysis.close_band(m.bands, n_criteria)
    districts = long.drop_duplicates("district_code")[["district_code", "district_name", "base"]].reset_index(drop=True)
    return CriteriaView(
        long,
        by_district_wide(long, m.criteria),
        districts,
        blockers(m.frame, m.criteria, close),
        scorecard(m.frame, m.criteria, close),
        close,
        m.illustrative,
    )
