"""The sidebar filters every page reads: period, districts, language; and the words that name them.

Filters live in st.session_state under plain keys (period_id, districts, lang) so they survive page
switches; the URL carries them too (?period=2020-02&district=086) so a view can be shared. app.py draws
the sidebar on every run; a page reads scope() and lang() (defaults when it runs on its own, e.g. in
AppTest) and writes its texts with t().
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from ntm.locale.i18n import LANGS, by_area, local
from ntm.locale.i18n import t as _t
from ntm.measures import metrics, national
from pages.ui import cache

periods = cache.data(metrics.periods)
current_provinces = cache.data(national.current_provinces)
line_periods = cache.data(national.line_periods)
province_of = cache.data(national.province_of)
_scope_label = cache.data(metrics.scope_label)
_area_phrase = cache.data(metrics.area_phrase)
_area_heading = cache.data(metrics.area_heading)


def lang() -> str:
    """The session's language, else the link's (?lang=en): a shared English link is English from its first run
    (the sidebar stores the link's language in the session only once it has drawn)."""
    wanted = st.session_state.get("lang") or st.query_params.get("lang")
    return wanted if wanted in LANGS else "vi"


def t(key: str, **values: object) -> str:
    """The text of key in the chosen language."""
    return _t(key, lang(), **values)


def scope() -> metrics.Scope:
    """The period, districts and commune groups chosen in the sidebar."""
    if "period_id" not in st.session_state:
        st.session_state["period_id"] = metrics.default_period(periods())
    return metrics.Scope(
        st.session_state["period_id"],
        tuple(st.session_state.get("districts", ())),
        grouping=st.session_state.get("grouping") or None,
        groups=tuple(st.session_state.get("groups", ())),
    )


def several_provinces() -> bool:
    """True when the database holds more than one current province (a national database): the province picker
    and the national page appear; a province's own database (the bundled Lào Cai) shows neither."""
    return _province_count() > 1


@cache.resource
def _province_count(con) -> int:
    """How many provinces are in force today (a number, shared: every run asks it three times)."""
    return len(national.current_provinces(con))


@dataclass(frozen=True)
class Choices:
    """What the sidebar offers in a period under a grouping, as plain values shared by every run: reading and
    filtering frames on each run cost the 2026 sidebar, with its grouping and commune-group pickers, a tenth of a
    warm overview run."""

    groupings: tuple[str, ...]  # the groupings offered (a choice only when more than one)
    grouping_labels: dict[str, dict[str, str]]  # language -> grouping -> label
    default_grouping: str
    areas: tuple[str, ...]  # the period's areas under the grouping, in id order
    area_names: dict[str, str]  # area -> short name
    groups: tuple[str, ...]  # the commune groups of the period's criteria set (nhóm xã); none before 2026
    group_labels: dict[str, dict[str, str]]  # language -> group -> label


@cache.resource(max_entries=512)
def choices(con, period_id: str, grouping: str | None) -> Choices:
    """The period's Choices under a grouping (None: the period's own)."""
    offered = metrics.groupings(con, period_id)
    dist = metrics.districts(con, period_id, grouping)
    kinds = metrics.group_types(con, period_id)
    flagged = offered.loc[offered["is_default"].fillna(False).astype(bool), "grouping"]
    return Choices(
        groupings=tuple(offered["grouping"]),
        grouping_labels={lg: dict(zip(offered["grouping"], offered[local("label", lg)])) for lg in LANGS},
        default_grouping=next(iter(flagged), ""),
        areas=tuple(dist["district_code"]),
        area_names=dict(zip(dist["district_code"], dist["district_short"])),
        groups=tuple(kinds["group_no"]),
        group_labels={lg: dict(zip(kinds["group_no"], kinds[local("label", lg)])) for lg in LANGS},
    )


def _province_periods(per: pd.DataFrame, params) -> pd.DataFrame:
    """The periods the period picker offers: with several provinces, those of the picked province's line (it
    and the provinces that became it); a period of another province moves to the picked one's at that date."""
    if not several_provinces():
        return per
    ids = current_provinces()["province_id"].tolist()
    if st.session_state.get("province") not in ids:
        wanted = params.get("province")
        from_period = province_of(st.session_state.get("period_id") or params.get("period") or "")
        st.session_state["province"] = wanted if wanted in ids else (from_period or ids[0])
    mine = per[per["period_id"].isin(line_periods(st.session_state["province"]))]
    chosen = st.session_state.get("period_id")
    if chosen and chosen not in set(mine["period_id"]) and chosen in set(per["period_id"]):
        same_day = mine.loc[mine["as_of_date"] == per.set_index("period_id").loc[chosen, "as_of_date"], "period_id"]
        st.session_state["period_id"] = same_day.iloc[0] if len(same_day) else metrics.default_period(mine)
    return mine.reset_index(drop=True)


def _province_picker() -> None:
    """The province selectbox, drawn only with several current provinces."""
    if not several_provinces():
        return
    prov = current_provinces()
    names = dict(zip(prov["province_id"], prov[local("label", lang())]))
    st.session_state["_w_province"] = st.session_state["province"]
    st.selectbox(
        t("province"), list(names), key="_w_province", format_func=names.get, on_change=_copy, args=("province",)
    )


def sidebar(*, defer: bool = False) -> metrics.Scope:
    """Set the shared filters and draw them (called by app.py on every run, so they persist across pages).

    defer: the filters are set now, their widgets drawn when the page calls widgets() right after its headline
    (app.py calls it after the page otherwise): the browser then loads the headline's code before the widgets'."""
    params = st.query_params
    per = _province_periods(periods(), params)
    ids = per["period_id"].tolist()
    if "period_id" not in st.session_state:
        wanted = params.get("period")
        st.session_state["period_id"] = wanted if wanted in ids else metrics.default_period(per)
    if st.session_state["period_id"] not in ids:  # a period removed by a rebuild or an undo
        st.session_state["period_id"] = metrics.default_period(per)
    offered = choices(st.session_state["period_id"], None).groupings  # after 07/2025: former district or province
    if "grouping" not in st.session_state:
        st.session_state["grouping"] = params.get("area") or ""
    if st.session_state["grouping"] not in offered:
        st.session_state["grouping"] = ""  # the period's own default
    offers = choices(st.session_state["period_id"], st.session_state["grouping"] or None)
    areas = set(offers.areas)  # the period's areas (districts up to 06/2025)
    if "districts" not in st.session_state:
        st.session_state["districts"] = [d for d in params.get_all("district") if d in areas]
    if "lang" not in st.session_state:
        st.session_state["lang"] = params.get("lang") if params.get("lang") in ("vi", "en") else "vi"
    kinds = set(offers.groups)  # nhóm xã: only where the period's criteria set has them
    if "groups" not in st.session_state:
        st.session_state["groups"] = [g for g in params.get_all("group") if g in kinds]
    st.session_state["groups"] = [g for g in st.session_state["groups"] if g in kinds]
    st.session_state["_w_groups"] = list(st.session_state["groups"])
    # Widgets keep their own keys (_w_*) and copy into the plain keys on change: Streamlit may drop a
    # widget's state on a page switch, the plain keys survive, and each run re-seeds the widget from them.
    st.session_state["_w_lang"] = st.session_state["lang"]
    st.session_state["_w_period"] = st.session_state["period_id"]
    # areas of another period's grouping (a Yên Bái district in a Lào Cai period) are dropped, not kept empty
    st.session_state["districts"] = [d for d in st.session_state["districts"] if d in areas]
    st.session_state["_w_districts"] = list(st.session_state["districts"])
    st.query_params.from_dict(
        {
            "period": st.session_state["period_id"],
            "district": list(st.session_state["districts"]),
            "lang": st.session_state["lang"],
            **({"area": st.session_state["grouping"]} if st.session_state["grouping"] else {}),
            **({"province": st.session_state["province"]} if several_provinces() else {}),
            **({"group": list(st.session_state["groups"])} if st.session_state["groups"] else {}),
        }
    )
    draw = functools.partial(_widgets, per, offers)
    if defer:
        st.session_state[_PENDING] = draw
        if not st.session_state.get("_painted"):
            time.sleep(HTML_CODE_S)  # app.py's st.html of the style sheet went first: its code loads meanwhile
    else:
        st.session_state.pop(_PENDING, None)
        st.session_state["_painted"] = True  # the browser has the widgets' code: no wait on the overview later
        draw()
    return scope()


_PENDING = "_sidebar_widgets"  # the sidebar's widgets app.py left for the page to draw in this run
# st.html's code is loaded by a new browser when the first st.html arrives, and React shows an element that had to
# wait for its code no sooner than 0,3 s after the page's last placeholder, which the later elements keep renewing:
# the overview's cards (st.html) came 0,2-0,6 s after its title. On a session's first run the overview waits this long
# after app.py's st.html of the style sheet, so the code is there when the cards arrive and they show with the title.
HTML_CODE_S = 0.15


def widgets() -> None:
    """Draw the sidebar's widgets if app.py left them to the page in this run (else nothing: drawn already, or
    the page runs on its own)."""
    draw = st.session_state.pop(_PENDING, None)
    if draw is None:
        return
    st.session_state["_painted"] = True
    draw()


def _widgets(per: pd.DataFrame, offers: Choices) -> None:
    ids = per["period_id"].tolist()
    with st.sidebar:
        st.radio(
            _t("language", "vi") + " / Language",
            ["vi", "en"],
            key="_w_lang",
            horizontal=True,
            format_func=lambda x: "Tiếng Việt" if x == "vi" else "English",
            on_change=_copy,
            args=("lang",),
        )
        st.subheader(t("filters"))
        _province_picker()
        labels = dict(zip(per.period_id, per["label_en" if lang() == "en" else "label_vi"]))
        st.selectbox(t("period"), ids, key="_w_period", format_func=labels.get, on_change=_copy, args=("period_id",))
        area_label = t("districts")
        if len(offers.groupings) > 1:  # the grouping is data (period_groupings): offered only where there is a choice
            group_labels = offers.grouping_labels[lang()]
            st.session_state["_w_grouping"] = st.session_state["grouping"] or offers.default_grouping
            st.radio(
                t("area_grouping"),
                list(offers.groupings),
                key="_w_grouping",
                format_func=group_labels.get,
                on_change=_copy,
                args=("grouping",),
            )
            area_label = group_labels.get(st.session_state["grouping"] or offers.default_grouping, area_label)
        st.multiselect(
            area_label,
            list(offers.areas),
            key="_w_districts",
            format_func=offers.area_names.get,
            placeholder=t("all_districts"),
            on_change=_copy,
            args=("districts",),
        )
        if offers.groups:
            st.multiselect(
                t("commune_groups"),
                list(offers.groups),
                key="_w_groups",
                format_func=offers.group_labels[lang()].get,
                placeholder=t("all_groups"),
                help=t("commune_groups_help"),
                on_change=_copy,
                args=("groups",),
            )


_WIDGET_OF = {
    "lang": "_w_lang",
    "period_id": "_w_period",
    "districts": "_w_districts",
    "grouping": "_w_grouping",
    "province": "_w_province",
    "groups": "_w_groups",
}


def _copy(plain_key: str) -> None:
    """on_change: the widget's new value becomes the filter every page reads."""
    st.session_state[plain_key] = st.session_state[_WIDGET_OF[plain_key]]


# ---- the words of the filters ----------------------------------------------------------------------


def _period_words(con, period_id: str) -> tuple[str, str, date]:
    """The period's labels (vi, en) and as-of date: every page's header asks them, a small answer to copy."""
    row = metrics.periods(con).set_index("period_id").loc[period_id]
    return row["label_vi"], row["label_en"], pd.Timestamp(row["as_of_date"]).date()


_period = cache.data(_period_words)


def period_label(period_id: str) -> str:
    label_vi, label_en, _ = _period(period_id)
    return label_en if lang() == "en" else label_vi


def as_of(period_id: str) -> date:
    """The date the period's figures stand at."""
    return _period(period_id)[2]


def t_area(key: str, chosen: metrics.Scope, **values: object) -> str:
    """A text about the scope's areas in the chosen language: key's own for districts, key_area's naming the areas
    after 07/2025 ('Xếp hạng theo huyện cũ'; i18n.by_area)."""
    return by_area(key, lang(), _area_phrase(chosen, lang()), **values)


def area_label(chosen: metrics.Scope) -> str | None:
    """What the scope's areas are called when they are not the districts of their day ('Huyện cũ'), else None."""
    return _area_heading(chosen, lang())


def scope_label(chosen: metrics.Scope) -> str:
    """'Toàn tỉnh' or the chosen district names (ntm's one label, as the slides and files write it)."""
    return _scope_label(chosen, lang())


def in_force(chosen: metrics.Scope, extra: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """The filters as (label, value shown): period and scope first, then a page's own (written in downloads)."""
    return [(t("period"), period_label(chosen.period_id)), (t("scope"), scope_label(chosen))] + list(extra or [])
