"""What every page shares: the cached database connection, the sidebar filters, cached ntm calls.

Filters live in st.session_state under plain keys (period_id, districts, lang) so they survive page
switches; the URL carries them too (?period=2020-02&district=086) so a view can be shared.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from ntm.data import build, config, db
from ntm.locale import fmt
from ntm.locale.i18n import t as _t
from ntm.measures import metrics


@st.cache_resource(show_spinner=False)
def _connection(path: str, version: float) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database file version; queries take their own cursor."""
    return db.connect(config.db_path(), read_only=True)


def db_version() -> float:
    """Changes whenever the database file is rebuilt or swapped, which invalidates the caches."""
    path = build.ensure_database()
    return path.stat().st_mtime


def con() -> duckdb.DuckDBPyConnection:
    return _connection(str(config.db_path()), db_version())


def lang() -> str:
    return st.session_state.get("lang", "vi")


def t(key: str, **values: object) -> str:
    return _t(key, lang(), **values)


@st.cache_data(show_spinner=False)
def periods(version: float) -> pd.DataFrame:
    return metrics.periods(con())


@st.cache_data(show_spinner=False)
def districts(version: float) -> pd.DataFrame:
    return metrics.districts(con())


def current_scope() -> metrics.Scope:
    """The scope chosen in the sidebar (defaults when a page runs on its own, e.g. in AppTest)."""
    if "period_id" not in st.session_state:
        st.session_state["period_id"] = _default_period(periods(db_version()))
    return metrics.Scope(st.session_state["period_id"], tuple(st.session_state.get("districts", ())))


def sidebar() -> metrics.Scope:
    """Draw the shared filters (called by app.py on every run, so they persist across pages)."""
    version = db_version()
    per = periods(version)
    dist = districts(version)
    params = st.query_params
    ids = per["period_id"].tolist()
    if "period_id" not in st.session_state:
        wanted = params.get("period")
        st.session_state["period_id"] = wanted if wanted in ids else _default_period(per)
    if "districts" not in st.session_state:
        st.session_state["districts"] = [d for d in params.get_all("district") if d in set(dist.district_code)]
    if "lang" not in st.session_state:
        st.session_state["lang"] = params.get("lang") if params.get("lang") in ("vi", "en") else "vi"
    # Widgets keep their own keys (_w_*) and copy into the plain keys on change: Streamlit may drop a
    # widget's state on a page switch, the plain keys survive, and each run re-seeds the widget from them.
    if st.session_state["period_id"] not in ids:  # a period removed by a rebuild or an undo
        st.session_state["period_id"] = _default_period(per)
    st.session_state["_w_lang"] = st.session_state["lang"]
    st.session_state["_w_period"] = st.session_state["period_id"]
    st.session_state["_w_districts"] = [d for d in st.session_state["districts"] if d in set(dist.district_code)]
    with st.sidebar:
        st.radio(_t("language", "vi") + " / Language", ["vi", "en"], key="_w_lang", horizontal=True,
                 format_func=lambda x: "Tiếng Việt" if x == "vi" else "English", on_change=_copy, args=("lang",))
        st.subheader(t("filters"))
        labels = dict(zip(per.period_id, per["label_en" if lang() == "en" else "label_vi"]))
        st.selectbox(t("period"), ids, key="_w_period", format_func=labels.get, on_change=_copy, args=("period_id",))
        names = dict(zip(dist.district_code, dist.district_short))
        st.multiselect(t("districts"), dist["district_code"].tolist(), key="_w_districts",
                       format_func=names.get, placeholder=t("all_districts"), on_change=_copy, args=("districts",))
    st.query_params.from_dict({
        "period": st.session_state["period_id"], "district": list(st.session_state["districts"]),
        "lang": st.session_state["lang"],
    })
    return current_scope()


_WIDGET_OF = {"lang": "_w_lang", "period_id": "_w_period", "districts": "_w_districts"}


def _copy(plain_key: str) -> None:
    """on_change: the widget's new value becomes the filter every page reads."""
    st.session_state[plain_key] = st.session_state[_WIDGET_OF[plain_key]]


def _default_period(per: pd.DataFrame) -> str:
    return metrics.default_period(per)


# ---- cached figures (keys: scope + database version) ------------------------------------------

@st.cache_data(show_spinner=False)
def summary(scope: metrics.Scope, version: float) -> metrics.Summary:
    return metrics.summary(con(), scope)


@st.cache_data(show_spinner=False)
def district_table(scope: metrics.Scope, version: float) -> pd.DataFrame:
    return metrics.district_table(con(), scope)


@st.cache_data(show_spinner=False)
def bands(scope: metrics.Scope, version: float) -> pd.DataFrame:
    return metrics.bands(con(), scope)


@st.cache_data(show_spinner=False)
def criteria_achievement(scope: metrics.Scope, version: float) -> pd.DataFrame:
    return metrics.criteria_achievement(con(), scope)


@st.cache_data(show_spinner=False)
def previous_period(period_id: str, version: float) -> str | None:
    return metrics.previous_period(con(), period_id)


@st.cache_data(show_spinner=False)
def published(period_id: str, version: float) -> pd.DataFrame:
    return metrics.published_figures(con(), period_id)


def period_label(period_id: str) -> str:
    per = periods(db_version()).set_index("period_id")
    return per.loc[period_id, "label_en" if lang() == "en" else "label_vi"]


def scope_label(scope: metrics.Scope) -> str:
    """'Toàn tỉnh' or the chosen district names."""
    if not scope.districts:
        return t("all_districts")
    names = districts(db_version()).set_index("district_code")["district_short"]
    return ", ".join(names[d] for d in scope.districts)


def illustrative_note(flag: bool) -> None:
    """The visible warning every page shows when a number it draws comes from illustrative rows."""
    if flag:
        st.warning(t("illustrative"), icon=":material/science:")


def header(title_key: str, scope: metrics.Scope) -> None:
    """Page title with period, scope and as-of date (the provenance line of every page)."""
    per = periods(db_version()).set_index("period_id").loc[scope.period_id]
    st.title(t(title_key))
    st.caption(f"{t('period')}: **{period_label(scope.period_id)}** · {t('scope')}: **{scope_label(scope)}** · "
               f"{t('as_of')}: {fmt.day(per['as_of_date'])}")


@st.cache_data(show_spinner=False)
def change(scope: metrics.Scope, version: float) -> metrics.Change:
    return metrics.change_since_previous(con(), scope)


def district_display(table: pd.DataFrame) -> pd.DataFrame:
    """The per-district table with Vietnamese headers and Vietnamese-formatted numbers."""
    lg = lang()
    return pd.DataFrame({
        t("col_code"): table["district_code"],
        t("col_district"): table["district_name"],
        t("col_base"): table["base"],
        t("col_recognised"): table["recognised"],
        t("col_pct"): [fmt.percent(v, lang=lg) for v in table["pct"]],
        t("col_avg"): [fmt.number(v, lang=lg) for v in table["avg_criteria"]],
        t("col_gap"): [fmt.signed(v, lang=lg) for v in table["gap_points"]] if table["gap_points"].notna().any()
        else ["—"] * len(table),
    })


@st.cache_data(show_spinner=False)
def trend(scope: metrics.Scope, version: float) -> pd.DataFrame:
    return metrics.trend(con(), scope)


def delta_args(change: float | None, decimals: int, unit: str, since: str | None) -> dict:
    """st.metric keyword arguments for a change: signed Vietnamese number, no arrow when it is zero."""
    if change is None:
        return {}
    text = fmt.signed(change, decimals, lang())
    flat = fmt.round_half_up(change, decimals) == 0
    args = {"delta": f"{text} {unit}".strip(), "delta_description": since}
    if flat:
        args.update(delta_arrow="off", delta_color="off")
    return args
