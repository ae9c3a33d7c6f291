"""Cached calls and small view helpers for the data page (pages/data.py)."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from ntm.loading import archive, audit, importer, kinds, templates
from ntm.loading.catalog import Catalog
from ntm.loading.store import Store
from pages.ui import common as c


def store() -> Store:
    return Store.default()


@st.cache_data(show_spinner=False)
def catalog(version: float) -> Catalog:
    return Catalog.load(store().db)


@st.cache_data(show_spinner=False)
def kind_labels(version: float) -> dict[str, str]:
    return {k.id: k.label for k in kinds.available(catalog(version).tables)}


@st.cache_data(show_spinner=False)
def template_bytes(kind: str, period: str | None, district: str | None, version: float) -> bytes:
    current = importer.current_frames(store())["commune_status.csv"] if kind == "status" else None
    return templates.template(kind, catalog(version), period, district, current)


@st.cache_data(show_spinner=False)
def export_bytes(version: float, store_version: str) -> bytes:
    return archive.export_zip(store())


@st.cache_data(show_spinner=False)
def audit_table(version: float, log_size: int) -> pd.DataFrame:
    return audit.table(store())


def log_size() -> int:
    path = store().audit_log
    return path.stat().st_size if path.exists() else 0


def rejected_table(result: importer.Preview) -> pd.DataFrame:
    return pd.DataFrame([{"Tệp": r.file, "Trang": r.sheet, "Dòng": r.row, "Cột": r.column, "Giá trị": r.value,
                          "Lý do": r.reason} for r in result.rejected],
                        columns=["Tệp", "Trang", "Dòng", "Cột", "Giá trị", "Lý do"])


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    """Old → new values, with 1/0 of criterion results shown as Đạt / Chưa đạt."""
    shown = changes.copy()
    is_met = shown["column"] == "met"
    for col in ("old", "new"):
        shown.loc[is_met, col] = shown.loc[is_met, col].map({"1": "Đạt", "0": "Chưa đạt", "": ""})
    return shown.rename(columns={"file": "Bảng", "what": "Nội dung", "column": "Cột", "old": "Cũ", "new": "Mới",
                                 "change": "Loại"})[["Loại", "Nội dung", "Cột", "Cũ", "Mới", "Bảng"]]


def plain(text: str) -> str:
    """User-supplied text (file names, cell values) shown literally: markdown and HTML characters escaped."""
    escaped = re.sub(r"([\\`*_\[\]{}()<>#+\-.!|~$])", r"\\\1", str(text))
    return escaped.replace("\n", "  \n")


def after_write() -> None:
    """Drop the cached database connection: DuckDB keeps serving a cached instance of the old file
    while any connection to it is alive, so the swapped-in file is opened fresh on the next run."""
    c._connection.clear()
    st.cache_data.clear()
