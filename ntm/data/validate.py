"""Validation of the data files with pandera, reported in Vietnamese with file, row and column.

The schemas are derived from the registry (ntm.data.registry): a column's pattern, allowed values,
row-wise check and whether the file must have it; a table's key (no duplicates) and whole-file
checks. All problems are collected (never stop at the first one), so a user fixes a file in one
pass. Row numbers are spreadsheet rows: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as arrow
import pyarrow.compute as pc

from ntm.data import registry
from ntm.data.content_cache import ContentCache
from ntm.data.problems import Problem
from ntm.data.registry import BOUNDARY_LAYERS, Column, ForeignKey, Table

__all__ = ["BOUNDARY_LAYERS", "DataError", "Problem", "SCHEMAS", "check", "references", "schema"]


# the problems of a foreign key by the contents of its two sides (content_cache.frame_digest)
_checked_keys: ContentCache[tuple[Problem, ...]] = ContentCache(size=4 * len(registry.TABLES))


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
            elif column is None and row is None:  # a check of the whole file: its outcome is no cell's value
                value = None
            out.append(Problem(file, row, column, value, _describe(str(case.check))))
        return out
    return []


def _checks(column: Column, required: bool) -> list[pa.Check]:
    out = []
    if column.pattern:
        out.append(pa.Check.str_matches(column.pattern))
    if column.allowed:
        out.append(pa.Check.isin(list(column.allowed)))
    if column.check:
        out.append(pa.Check(column.check.test, error=column.check.error))
    if not out and column.convert is None and column.sql in registry.TYPE_PATTERNS:
        typed = registry.TYPE_PATTERNS[column.sql]
        out.append(pa.Check.str_matches(f"^{typed}$" if required else f"^({typed})?$"))
    return out


@cache
def schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema of a table's data file: only the columns with something to check.

    No dtype: every reader hands text (files read with dtype=str, cells through sheets.cell_text), and pandera's
    check of a str dtype walks every value and formats an empty failure table per column, two fifths of a
    file's validation."""
    columns = {}
    for c in table.file_columns:
        required = table.required(c)
        checks = _checks(c, required)
        if required or checks:
            columns[c.file_header] = pa.Column(None, checks=checks, nullable=False, required=required, coerce=False)
    return pa.DataFrameSchema(
        columns, unique=table.file_key or None, checks=[pa.Check(fc.test, error=fc.error) for fc in table.file_checks]
    )


_LENGTH_MARK = arrow.scalar(":", arrow.large_string())
_EMPTY = arrow.scalar("", arrow.large_string())


def key_array(frame: pd.DataFrame, columns: list[str]) -> arrow.Array:
    """Whole columns as one Arrow array of text keys, matched by Arrow's hash kernels (in_keys): a row at a time
    is slow on tens of thousands of rows, and pandas' MultiIndex of Python strings four times slower than this.

    A composite key joins its values each after its length ("5:02779" "7:2020-12"), so two different keys never
    join to the same text, whatever characters their values hold."""
    texts = [_text(frame[c]) for c in columns]
    if len(texts) == 1:
        return texts[0]
    lengths = [pc.cast(pc.utf8_length(v), arrow.large_string()) for v in texts]
    parts = [pc.binary_join_element_wise(n, v, _LENGTH_MARK) for n, v in zip(lengths, texts)]
    return pc.binary_join_element_wise(*parts, _EMPTY)


def _text(column: pd.Series) -> arrow.Array:
    values = arrow.array(column.astype(str), type=arrow.large_string())
    return values.combine_chunks() if isinstance(values, arrow.ChunkedArray) else values


def in_keys(keys: arrow.Array, known: arrow.Array) -> np.ndarray:
    """For each key, whether known holds it (a boolean array)."""
    return pc.is_in(keys, value_set=known).to_numpy(zero_copy_only=False)


def references(child: pd.DataFrame, table: Table, fk: ForeignKey, known: arrow.Array, file: str) -> list[Problem]:
    """Rows of child whose foreign-key columns name no row of the referenced table, with row numbers.

    In a column that may be empty, a blank refers to nothing (NULL in the database); a column the file
    may leave out and does is all blank."""
    headers = [table.header(c) for c in fk.columns]
    if not set(headers) <= set(child.columns):
        return []
    may_be_blank = not all(table.required(table.column(c)) for c in fk.columns)
    shown = headers[-1]
    values = child[headers].astype(str).reset_index(drop=True)
    bad = ~in_keys(key_array(values, headers), known)  # rows are named below
    if may_be_blank:
        bad &= ~(values == "").any(axis=1).to_numpy()
    out = []
    for i in bad.nonzero()[0]:
        row = dict(zip(fk.columns, values.iloc[i]))
        message = fk.message.format(**row) if fk.message else f"{registry.table(fk.table).label_vi} không tồn tại"
        out.append(Problem(file, int(i) + 2, shown, str(values.iloc[i, -1]), message))
    return out


def foreign_keys(
    frames: Mapping[str, pd.DataFrame],
    built: Mapping[str, pd.DataFrame],
    digests: Mapping[str, str] | None = None,
    changed: Collection[str] | None = None,
) -> list[Problem]:
    """Every declared foreign key of every data file, checked against the files and the built tables given.

    digests: content_cache.frame_digest of frames (by file) and built tables (by name), where known: a key whose
    two sides were checked before with the same contents is not checked again (an import changes a file or two).
    changed: the files an import changes, when the others are known to agree (they passed the build): only the
    keys with a changed file on either side are checked."""
    problems = []
    digests = digests or {}
    for t in registry.file_tables():
        for fk in t.foreign_keys:
            target = registry.table(fk.table)
            parent_id = target.file or target.name
            if not target.file and target.name not in built:  # a caller checking a few files need not build them all
                continue
            if changed is not None and t.file not in changed and parent_id not in changed:
                continue  # frames are read only for the keys checked: a caller may make them as they are asked for
            if target.file:
                parent, cols = frames[target.file], [target.header(c) for c in fk.targets]
            else:
                parent, cols = built[target.name], list(fk.targets)

            def check(child=frames[t.file], t=t, fk=fk, parent=parent, cols=cols) -> tuple[Problem, ...]:
                return tuple(references(child, t, fk, key_array(parent, cols), t.file))

            sides = (digests.get(t.file), digests.get(parent_id))
            problems += check() if None in sides else _checked_keys.get((t, fk, *sides), check)
        for cross in t.cross_checks:
            problems += cross(frames)
    return problems


# The schema of each data file by name, as the registry declares it when this module is loaded (the
# build calls schema() itself, so it follows the registry even when a table is added later).
SCHEMAS: dict[str, pa.DataFrameSchema] = {t.file: schema(t) for t in registry.file_tables()}
