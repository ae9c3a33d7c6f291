"""What the data page (pages/data.py) shows of the import store: the catalog of what can be imported, the
templates, the export, the audit log (cached per database version), and the tables of an import preview."""

from __future__ import annotations

import pandas as pd

from ntm.data import registry
from ntm.loading import archive, audit, importer, kinds, templates
from ntm.loading.catalog import Catalog
from ntm.loading.store import Store
from ntm.locale.i18n import TEXT
from pages.ui import cache
from pages.ui.filters import t


def store() -> Store:
    return Store.default()


@cache.data
def catalog() -> Catalog:
    """Periods, districts, communes and criteria of the database: what an import is checked against."""
    return Catalog.load(store().db)


def kind_labels(cat: Catalog) -> dict[str, str]:
    """The kinds of file the database can take, by id, with their names."""
    return {k.id: t(f"kind_{k.id}") if f"kind_{k.id}" in TEXT else k.label for k in kinds.available(cat.tables)}


@cache.data
def template_bytes(kind: str, period: str | None, district: str | None) -> bytes:
    """The Excel template of a kind of file (the status template comes filled with the current results)."""
    current = importer.current_frames(store())["commune_status.csv"] if kind == "status" else None
    return templates.template(kind, catalog(), period, district, current)


@cache.data
def export_bytes(store_version: str) -> bytes:
    """The backup zip of every table; keyed by the store's version as well as the database's."""
    return archive.export_zip(store())


@cache.data
def audit_table(log_size: int) -> pd.DataFrame:
    """The audit log as shown; keyed by the log's size too, as a line is written after the file swap."""
    return audit.table(store())


def log_size() -> int:
    """Size of the log and of a pending intent (read as the log's last entry when its write was cut short)."""
    return sum(p.stat().st_size for p in (store().audit_log, store().pending) if p.exists())


def restore_plan(content: bytes, name: str) -> tuple[archive.RestorePlan | None, str | None]:
    """The restore a backup would make, or why it is refused (worked out on a thread: pages.ui.work.read)."""
    try:
        return archive.plan_restore(content, name, store()), None
    except importer.ImportRefused as err:
        return None, str(err)


def table_label(table: str) -> str:
    return registry.table(table).label_vi


def rejected_table(result: importer.Preview) -> pd.DataFrame:
    """One line per spreadsheet row, listing every bad cell of the row in Vietnamese."""
    return pd.DataFrame(
        [
            {
                "Trang": sheet,
                "Dòng": row,
                "Lỗi": "; ".join(importer.cell_problem(p) for p in problems),
            }
            for sheet, row, problems in result.problem_rows()
        ],
        columns=["Trang", "Dòng", "Lỗi"],
    )


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    """Old → new values, with 1/0 of criterion results shown as Đạt / Chưa đạt."""
    shown = changes.copy()
    is_met = shown["column"] == "met"
    for col in ("old", "new"):
        shown.loc[is_met, col] = shown.loc[is_met, col].map({"1": "Đạt", "0": "Chưa đạt", "": ""})
    return shown.rename(
        columns={"file": "Bảng", "what": "Nội dung", "column": "Cột", "old": "Cũ", "new": "Mới", "change": "Loại"}
    )[["Loại", "Nội dung", "Cột", "Cũ", "Mới", "Bảng"]]
