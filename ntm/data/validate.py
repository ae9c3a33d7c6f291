"""Validation of the data files with pandera, reported in Vietnamese with file, row and column.

All problems are collected (never stop at the first one), so a user fixes a file in one pass.
Row numbers are spreadsheet rows: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from ntm.data.problems import Problem, where  # noqa: F401 - the message type, used by the build and imports
from ntm.data.rules import MEASURES, open_cases

CODE5 = r"^\d{5}(-\d{4})?$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
NUMBER = r"^-?\d+(\.\d+)?$"
BOUNDARY_LAYERS = ["2019", "2020_approx"]  # boundary layers geo/layers.py knows how to draw


class DataError(ValueError):
    """Raised with every problem found; str() is a Vietnamese report."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [str(p) for p in problems[:50]]
        if len(problems) > 50:
            lines.append(f"... và {len(problems) - 50} lỗi khác")
        super().__init__("Dữ liệu không hợp lệ:\n" + "\n".join(lines))


def _describe(check: str) -> str:
    if check == "not_nullable":
        return "thiếu giá trị bắt buộc"
    if check.startswith("isin"):
        return f"giá trị không nằm trong danh sách cho phép {check[4:]}"
    if check.startswith("str_matches"):
        return "sai định dạng"
    if check == "column_in_dataframe":
        return "thiếu cột bắt buộc"
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        return "trùng lặp khóa (dòng đã có ở trên)"
    return f"không đạt kiểm tra {check}"


def check(df: pd.DataFrame, schema: pa.DataFrameSchema, file: str) -> list[Problem]:
    """Problems found by schema in df (empty list when the frame is valid)."""
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        out = []
        for case in err.failure_cases.itertuples(index=False):
            idx = case.index
            row = int(idx) + 2 if pd.notna(idx) else None
            column = case.column if isinstance(case.column, str) else None
            value = None if pd.isna(case.failure_case) else str(case.failure_case)
            if case.check == "column_in_dataframe":
                column, value = value, None
            out.append(Problem(file, row, column, value, _describe(str(case.check))))
        return out
    return []


def _col(pattern: str | None = None, allowed: list[str] | None = None, nullable: bool = False) -> pa.Column:
    checks = []
    if pattern:
        checks.append(pa.Check.str_matches(pattern))
    if allowed:
        checks.append(pa.Check.isin(allowed))
    return pa.Column(str, checks=checks, nullable=nullable, coerce=False)


def _increasing(col: pd.Series) -> pd.Series:
    """Row-wise: a whole number greater than the row above (traffic lights are listed best first)."""
    n = pd.to_numeric(col.where(col.str.fullmatch(r"\d+")), errors="coerce")
    return n.notna() & (n.shift(1).isna() | (n > n.shift(1)))


def _descending_bounds(col: pd.Series) -> pd.Series:
    """Row-wise: bounds fall from row to row and only the last row is blank (it takes everything below)."""
    n = pd.to_numeric(col.where(col.str.fullmatch(NUMBER[1:-1])), errors="coerce")
    last = pd.Series(range(len(col)), index=col.index) == len(col) - 1
    return (last & (col == "")) | (~last & n.notna() & (n.shift(1).isna() | (n < n.shift(1))))


def _optional(pattern: str | None = None, allowed: list[str] | None = None) -> pa.Column:
    """A column a file may leave out; when present it is checked like any other (issue 5)."""
    checks = ([pa.Check.str_matches(pattern)] if pattern else []) + ([pa.Check.isin(allowed)] if allowed else [])
    return pa.Column(str, checks=checks, required=False, coerce=False)


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "periods.csv": pa.DataFrameSchema(
        {"period_id": _col(r"^\d{4}-\d{2}$"), "label_vi": _col(), "label_en": _col(),
         "as_of_date": _col(DATE), "criteria_set_id": _col(),
         # optional: a period without a layer gets no map (blank or column absent)
         "boundary_layer": pa.Column(str, checks=pa.Check.isin(BOUNDARY_LAYERS + [""]), required=False),
         "is_default": pa.Column(str, checks=pa.Check.isin(["", "0", "1"]), required=False)},
        unique=["period_id"],
    ),
    "criteria_sets.csv": pa.DataFrameSchema(
        {"set_id": _col(), "level": _col(allowed=["xã", "huyện"]), "name_vi": _col(), "name_en": _col(),
         "legal_basis": _col()},
        unique=["set_id"],
    ),
    "criteria.csv": pa.DataFrameSchema(
        {"set_id": _col(), "code": _col(r"^[0-9A-Za-z.]+$"), "name_vi": _col(), "name_en": _col(),
         "group_no": _col(), "group": _col(), "group_en": _col()},
        unique=["set_id", "code"],
    ),
    "criteria_bands.csv": pa.DataFrameSchema(
        {"set_id": _col(), "band_order": _col(r"^\d+$"), "label_vi": _col(), "label_en": _col(),
         "min_met": _col(r"^\d+$"), "max_met": _col(r"^\d+$")},
        unique=["set_id", "band_order"],
    ),
    "criterion_owner.csv": pa.DataFrameSchema(
        {"set_id": _col(), "criterion_code": _col(), "lead_department_province": _col()},
        unique=["set_id", "criterion_code"],
    ),
    "period_units.csv": pa.DataFrameSchema(
        {"period_id": _col(), "unit_id": _col(CODE5), "unit_code": _col(r"^\d{5}$")},
        unique=["period_id", "unit_id"],
    ),
    "commune_status.csv": pa.DataFrameSchema(
        {"period_id": _col(), "unit_id": _col(CODE5), "criterion_code": _col(),
         "met": _col(allowed=["0", "1"]), "provenance": _col()},
        unique=["period_id", "unit_id", "criterion_code"],
    ),
    "recognitions.csv": pa.DataFrameSchema(
        {"unit_id": _col(CODE5), "level": _col(allowed=["NTM", "NTM nâng cao", "NTM kiểu mẫu"]),
         "year": _col(r"^\d{4}$"), "provenance": _col()},
    ),
    "unit_aliases.csv": pa.DataFrameSchema(
        {"unit_code": _col(r"^\d{5}$"), "alias": _col()},
        unique=["unit_code", "alias"],
    ),
    "sponsors.csv": pa.DataFrameSchema(
        {"unit_id": _col(CODE5), "agency": _col(), "provenance": _col()},
        unique=["unit_id", "agency"],
    ),
    "traffic_lights.csv": pa.DataFrameSchema(
        {"light": _col(), "sort_order": pa.Column(str, pa.Check(_increasing, error="thứ tự phải tăng dần theo dòng")),
         "label_vi": _col(), "label_en": _col(), "colour": _col(r"^#[0-9A-Fa-f]{6}$"),
         "min_gap_points": pa.Column(str, pa.Check(_descending_bounds, error=(
             "ngưỡng (điểm %) phải giảm dần theo dòng, chỉ đèn cuối cùng để trống"))),
         "source": _col()},
        unique=["light"],
    ),
    "targets.csv": pa.DataFrameSchema(
        {"target_id": _col(), "scope_type": _col(), "scope_code": _col(),
         "measure": _col(allowed=list(MEASURES)),
         "value": _col(NUMBER), "deadline": _col(DATE),
         "direction": _col(allowed=["higher_is_better", "lower_is_better"]), "source": _col(),
         # issue 5 (optional, so a targets file with only the first columns stays valid)
         "valid_from": _optional(r"^(\d{4}-\d{2}-\d{2})?$"),
         "baseline_period_id": _optional(r"^(\d{4}-\d{2})?$"),
         "provenance": _optional(allowed=["", "confirmed", "illustrative"])},
        unique=["target_id"],
    ),
    # -- issue 5: the 2020 plan, district NTM, poverty --
    "target_status_rules.csv": pa.DataFrameSchema(
        {"rule_order": _col(r"^\d+$"), "status": _col(), "label_vi": _col(), "label_en": _col(),
         "colour": _col(r"^#[0-9A-Fa-f]{6}$"), "icon": _col(),
         "applies_when": _col(allowed=["not_in_force", "no_data", "any", "before_deadline", "after_deadline"]),
         "min_progress_pct": _col(r"^(-?\d+(\.\d+)?)?$"), "min_lead_pct": _col(r"^(-?\d+(\.\d+)?)?$"),
         "rule_vi": _col(), "rule_en": _col()},
        unique=["rule_order"],
        checks=pa.Check(lambda df: df.empty or not open_cases(df), error=(
            "đủ quy tắc cho mọi trường hợp (cần một quy tắc không có ngưỡng cho: chưa áp dụng, chưa có số liệu, "
            "trước hạn, sau hạn)")),
    ),
    "district_criteria.csv": pa.DataFrameSchema(
        {"set_id": _col(), "code": _col(), "indicator_code": _col(), "name_vi": _col(), "name_en": _col()},
        unique=["set_id", "indicator_code"],
    ),
    "district_criteria_status.csv": pa.DataFrameSchema(
        {"period_id": _col(r"^\d{4}-\d{2}$"), "district_code": _col(r"^\d{3}$"), "set_id": _col(),
         "indicator_code": _col(), "met": _col(allowed=["0", "1"]), "provenance": _col()},
        unique=["period_id", "district_code", "set_id", "indicator_code"],
    ),
    "advanced_recognitions.csv": pa.DataFrameSchema(
        {"unit_id": _col(CODE5), "unit_code": _col(r"^\d{5}$"), "level": _col(allowed=["NTM nâng cao", "NTM kiểu mẫu"]),
         "year": _col(r"^\d{4}$"), "decision_date": _col(r"^(\d{4}-\d{2}-\d{2})?$"), "provenance": _col()},
        unique=["unit_id", "level"],
    ),
    "poverty_province.csv": pa.DataFrameSchema(
        {"year": _col(r"^\d{4}$"), "standard_vi": _col(), "standard_en": _col(), "poverty_rate_pct": _col(NUMBER),
         "poor_households": _col(r"^(\d+)?$"), "near_poor_rate_pct": _col(r"^(\d+(\.\d+)?)?$"),
         "near_poor_households": _col(r"^(\d+)?$"), "source": _col(), "source_status": _col()},
        unique=["year"],
    ),
    "poor_districts.csv": pa.DataFrameSchema(
        {"district_code": _col(r"^\d{3}$"), "list_status": _col(allowed=["remaining", "exited"]),
         "source": _col(), "source_status": _col()},
        unique=["district_code"],
    ),
    "poverty_district.csv": pa.DataFrameSchema(
        {"year": _col(r"^\d{4}$"), "district_code": _col(r"^\d{3}$"), "households": _col(r"^\d+$"),
         "poor_households": _col(r"^\d+$"), "near_poor_households": _col(r"^(\d+)?$"), "provenance": _col()},
        unique=["year", "district_code"],
    ),
    "resource_sources.csv": pa.DataFrameSchema(
        {"source_code": _col(r"^[a-z_]+$"), "sort_order": _col(r"^\d+$"), "label_vi": _col(), "label_en": _col()},
        unique=["source_code"],
    ),
    "resources.csv": pa.DataFrameSchema(
        {"year": _col(r"^\d{4}$"), "district_code": _col(r"^\d{3}$"), "source_code": _col(r"^[a-z_]+$"),
         "amount_mil_vnd": _col(r"^\d+(\.\d+)?$"), "provenance": _col()},
        unique=["year", "district_code", "source_code"],
    ),
}


def references(child: pd.DataFrame, column: str, allowed: set[str], file: str, what: str) -> list[Problem]:
    """Rows of child whose column is not one of allowed (a foreign-key check with row numbers)."""
    bad = child[~child[column].isin(allowed)]
    return [Problem(file, int(i) + 2, column, str(v), f"{what} không tồn tại") for i, v in bad[column].items()]
