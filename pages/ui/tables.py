"""A table on screen with its Excel download (the analysis pages), and how its cells are coloured or worded.

Every table of the analysis pages goes through ``table``: the screen frame and the Excel file are made from
the same rows and column list (ntm.figures.tables), so what is downloaded is what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pyarrow as pa
import streamlit as st

from ntm.figures import palette
from ntm.figures import tables as export
from ntm.locale.i18n import TEXT
from ntm.measures.metrics import Scope
from pages.ui import filters, nav
from pages.ui.filters import t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _excel_button(
    label: str, sheets: list[export.Sheet], scope: Scope, in_force: list[tuple[str, str]], illustrative: bool, **kw
) -> None:
    """A download button for the .xlsx of sheets under the filters in force (kw: file_name, key). The workbook is
    made when the button is clicked (Streamlit's deferred download): a page run, and each new filter, no longer
    writes a workbook nobody may ask for. It holds the rows and filters of the run that drew the button, so the
    file is what was on screen."""
    lang, as_of = filters.lang(), filters.as_of(scope.period_id)
    notes = [t("illustrative_short")] if illustrative else []
    workbook = lambda: export.to_xlsx(sheets, in_force, as_of, lang, notes)  # noqa: E731
    st.download_button(label, workbook, mime=XLSX_MIME, on_click="ignore", icon=":material/download:", **kw)


def table(
    raw: pd.DataFrame,
    cols: list[export.Col],
    *,
    key: str,
    title: str,
    scope: Scope,
    extra_filters: list[tuple[str, str]] | None = None,
    illustrative: bool = False,
    select: bool = False,
    column_config: dict | None = None,
    style: Callable[[pd.DataFrame], object] | None = None,
    height: int | str = "auto",
    row_height: int | None = None,
    part: str = "",
    sheet: str | None = None,
) -> list[int]:
    """Draw raw as a table (headers and numbers in the chosen language) with an Excel download button.

    The file is named by the page's address (e.g. 'xa'), period, scope and, for a page's other tables, part
    (export.download_name); sheet is a short sheet name where the title is long. A row_height above 64 px lets
    long texts wrap inside their cells (the grid wraps only then), so wide tables fit the screen.
    Returns the selected row positions when select=True (single-row selection), else [].
    """
    lang = filters.lang()
    shown = export.screen(raw, cols, lang)
    data = style(shown) if style else shown
    kwargs = {"hide_index": True, "key": key, "column_config": column_config or {}, "height": height}
    if row_height:
        kwargs["row_height"] = row_height
    if select:
        event = st.dataframe(data, on_select="rerun", selection_mode="single-row", **kwargs)
        rows = list(event.selection.rows) if event is not None else []
    else:
        st.dataframe(data, **kwargs)
        rows = []
    _excel_button(
        t("an_download_xlsx"),
        [export.Sheet(title, raw, cols, sheet)],
        scope,
        filters.in_force(scope, extra_filters),
        illustrative,
        file_name=file_name(nav.here() or title, scope, part),
        key=f"{key}_xlsx",
    )
    return rows


def as_sent(frame: pd.DataFrame) -> pa.Table:
    """A table as st.dataframe sends it (Arrow), for a page that keeps it with its cached view: st.dataframe
    converts a pandas frame again on every run, a pyarrow table it sends as it is."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def file_name(page: str, scope: Scope, part: str = "") -> str:
    """The download's name: page, period and scope in words ('xa_2020-02_bao-thang.xlsx')."""
    return export.download_name(page, scope.period_id, filters.scope_label(scope), part)


def page_download(scope: Scope, sheets: list[export.Sheet], *, illustrative: bool = False) -> None:
    """One Excel button for a page whose tables are drawn as worded frames (overview, plan, poverty): every
    table of the page as a sheet, the filters in force above each."""
    sheets = [s for s in sheets if len(s.raw.columns)]
    if not sheets:
        return
    page = nav.here()
    _excel_button(
        t("page_download_xlsx"),
        sheets,
        scope,
        filters.in_force(scope),
        illustrative,
        file_name=file_name(page, scope),
        key=f"{page}_xlsx",
    )


def follow_selection(picked: list[int], table_key: str, picker_key: str, values: list) -> None:
    """A new row selection in the table sets the picker below it, once: afterwards the picker is the user's
    (a selection left in place does not undo a later pick)."""
    applied = f"{table_key}_applied"
    if picked != st.session_state.get(applied, []):
        st.session_state[applied] = picked
        if picked:
            st.session_state[picker_key] = values[picked[0]]


def light_style(colours: dict[str, str], column: str) -> Callable[[pd.DataFrame], object]:
    """Colour the traffic-light column's cells with the colours of the data (label text stays readable)."""

    def apply(frame: pd.DataFrame):
        def paint(col: pd.Series) -> list[str]:
            return [
                f"background-color: {colours[v]}; color: {palette.text_on(colours[v])}; font-weight: 600"
                if v in colours
                else ""
                for v in col
            ]

        return frame.style.apply(paint, subset=[column])

    return apply


def word(value: object) -> object:
    """A status word of the data (confirmed, inferred, illustrative) in the chosen language, else as is."""
    key = f"an_word_{value}"
    return t(key) if isinstance(value, str) and key in TEXT else value
