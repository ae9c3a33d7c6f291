"""Drawing helpers of the analysis pages: a table with its Excel download, the filters written in the file.

Every table the analysis pages show goes through ``table``: the screen frame and the Excel file are
made from the same rows and column list (ntm.export), so what is downloaded is what is on screen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from ntm.figures import tables as export
from ntm.locale.i18n import TEXT
from ntm.measures.metrics import Scope
from pages.ui import analysis_cache as ac
from pages.ui import common as c

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def as_of(scope: Scope) -> date:
    per = c.periods(c.db_version()).set_index("period_id")
    return pd.Timestamp(per.loc[scope.period_id, "as_of_date"]).date()


def filters_in_force(scope: Scope, extra: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """Period and scope first, then the page's own filters (label, value as shown)."""
    return [(c.t("period"), c.period_label(scope.period_id)), (c.t("scope"), c.scope_label(scope))] + list(extra or [])


def table(raw: pd.DataFrame, cols: list[export.Col], *, key: str, title: str, scope: Scope,
          extra_filters: list[tuple[str, str]] | None = None, illustrative: bool = False, select: bool = False,
          column_config: dict | None = None, style: Callable[[pd.DataFrame], object] | None = None,
          height: int | str = "auto") -> list[int]:
    """Draw raw as a table (headers and numbers in the chosen language) with an Excel download button.

    Returns the selected row positions when select=True (single-row selection), else [].
    """
    lang = c.lang()
    shown = export.screen(raw, cols, lang)
    data = style(shown) if style else shown
    kwargs = dict(hide_index=True, key=key, column_config=column_config or {}, height=height)
    if select:
        event = st.dataframe(data, on_select="rerun", selection_mode="single-row", **kwargs)
        rows = list(event.selection.rows) if event is not None else []
    else:
        st.dataframe(data, **kwargs)
        rows = []
    filters = filters_in_force(scope, extra_filters)
    notes = (c.t("illustrative_short"),) if illustrative else ()
    sheet = export.Sheet(title, raw, cols)
    content = hashlib.sha1(raw[[col.field for col in cols]].to_csv().encode()).hexdigest()
    cache_key = "|".join([key, title, lang, content] + [f"{a}={b}" for a, b in filters])
    data_bytes = ac.xlsx(cache_key, c.db_version(), lang, [sheet], filters, as_of(scope), notes)
    st.download_button(c.t("an_download_xlsx"), data_bytes, file_name=f"{key}_{scope.period_id}.xlsx", mime=XLSX_MIME,
                       key=f"{key}_xlsx", on_click="ignore", icon=":material/download:")
    return rows


def light_style(colours: dict[str, str], column: str) -> Callable[[pd.DataFrame], object]:
    """Colour the traffic-light column's cells with the colours of the data (label text stays readable)."""
    def apply(frame: pd.DataFrame):
        def paint(col: pd.Series) -> list[str]:
            return [f"background-color: {colours[v]}; color: white; font-weight: 600" if v in colours else "" for v in col]
        return frame.style.apply(paint, subset=[column])
    return apply


def word(value: object) -> object:
    """A status word of the data (confirmed, inferred, illustrative) in the chosen language, else as is."""
    key = f"an_word_{value}"
    return c.t(key) if isinstance(value, str) and key in TEXT else value
