"""The query layer: the scope as SQL parameters, and commune scores read once per scope and database build."""

import base64
import gc
import os
import re
from collections import Counter

import pandas as pd
import pytest
import streamlit as st

from ntm.data import build, db
from ntm.measures import metrics, queries
from ntm.measures.metrics import Scope
from tests import mini
from tests.conftest import open_page


def test_scope_params_for_the_province_and_for_districts():
    assert queries.scope_params("2020-02") == {"period": "2020-02", "all_districts": True, "districts": [""]}
    assert queries.scope_params("2020-02", ("086", "089")) == {
        "period": "2020-02",
        "all_districts": False,
        "districts": ["086", "089"],
    }
    assert queries.scope_params(None, ["086"]) == {"all_districts": False, "districts": ["086"]}
    assert Scope("2019-12", ("082",)).params() == queries.scope_params("2019-12", ("082",))


def test_the_area_fragment_filters_on_the_column_it_is_given(mini_con):
    sql = f"SELECT unit_id FROM units u WHERE {queries.in_area('u.district_code')} ORDER BY unit_id"
    in_an = db.query(mini_con, sql, queries.scope_params(None, ["001"]))
    assert in_an["unit_id"].tolist() == ["00001", "00002", "00003"]
    assert len(db.query(mini_con, sql, queries.scope_params(None, []))) == 7  # 6 units of 2019 + Đông Tây of 2020


def _count_score_reads(monkeypatch) -> Counter:
    """Counter of every execution of the commune-scores statements from now on: ("one", period, areas) for a
    single period's, ("line", periods, areas) for a trend line's."""
    reads: Counter = Counter()
    real = db.query

    def counting(con, sql, params=None):
        areas = () if (params or {}).get("all_districts") else tuple((params or {}).get("districts", ()))
        if sql == queries.COMMUNE_SCORES:
            reads[("one", params["period"], areas)] += 1
        elif sql == queries.COMMUNE_SCORES_LINE:
            reads[("line", tuple(params["periods"]), areas)] += 1
        return real(con, sql, params)

    monkeypatch.setattr(db, "query", counting)
    return reads


@pytest.mark.parametrize("districts", [(), ("086", "089")])
def test_an_overview_run_reads_the_scores_of_all_the_periods_it_shows_at_once(
    bundled_db, bundled_con, monkeypatch, districts
):
    st.cache_data.clear()  # nothing left from earlier page runs: every figure is computed in this run
    st.cache_resource.clear()
    queries.MEMO.clear()
    reads = _count_score_reads(monkeypatch)
    at = open_page(districts=list(districts))
    assert not at.exception
    # The KPI sparklines draw one point per period up to the current one (the previous period among them):
    # their scores are read in one statement, and summary, change, districts, bands and criteria all start
    # from it (before the query layer: 10 reads for these 4 periods; before the line statement: 4).
    shown = metrics.periods_up_to(bundled_con, at.session_state["period_id"])
    assert _sparkline_points(at, 0) == len(shown) == 4
    assert reads == Counter({("line", tuple(shown), districts): 1})


def test_a_2026_overview_reads_its_ten_periods_at_once(bundled_db, bundled_con, monkeypatch):
    st.cache_data.clear()
    st.cache_resource.clear()
    queries.MEMO.clear()
    reads = _count_score_reads(monkeypatch)
    at = open_page(period_id="2026-06")
    assert not at.exception
    shown = metrics.periods_up_to(bundled_con, "2026-06")
    assert len(shown) == 10
    assert reads == Counter({("line", tuple(shown), ()): 1})


@pytest.mark.parametrize(
    "scope",
    [
        Scope("2026-06"),
        Scope("2026-06", groups=("1",)),
        Scope("2026-06", ("15",), "former_province"),  # a province of 2020, nothing before 2025's grouping
        Scope("2026-06", ("086", "137")),  # former districts: the districts of 2020 under their own grouping
        Scope("2020-02", ("086", "089")),
    ],
)
def test_the_scores_of_a_line_are_each_periods_own(bundled_con, scope):
    """Each period's part of the one read equals that period's scores read alone (the statement per period),
    under the grouping Scope.at gives it, typed alike."""
    line = [scope.at(bundled_con, p) for p in metrics.periods_up_to(bundled_con, scope.period_id)]
    queries.MEMO.clear()
    parts = queries.commune_scores_line(bundled_con, line)
    assert len(parts) == len(line)
    for at, part in zip(line, parts):
        params = queries.unit_params(bundled_con, at)
        alone = db.query(
            bundled_con, queries.COMMUNE_SCORES, {**params, "kind": queries.GROUPING_KIND[params["grouping"]]}
        )
        pd.testing.assert_frame_equal(part, alone)
    assert sum(len(p) for p in parts) > 0


def test_a_caller_changing_a_result_does_not_change_the_next_read(mini_con):
    first = metrics.commune_scores(mini_con, Scope("2019-12"))
    first["met_count"] = 0
    assert metrics.summary(mini_con, Scope("2019-12")).recognised == 2


def _mini_with_tay_meeting_everything(root):
    """The mini dataset, except that Tây (00006) meets all 3 criteria in 2019: 3/5 communes meet the standard."""
    ref, data = mini.write(root)
    path = data / "commune_status.csv"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("2019-12,00006,00006,1,0,", "2019-12,00006,00006,1,1,")
        .replace("2019-12,00006,00006,2,0,", "2019-12,00006,00006,2,1,")
        .replace("2019-12,00006,00006,3,0,", "2019-12,00006,00006,3,1,"),
        encoding="utf-8",
    )
    return ref, data


def test_a_database_swapped_in_at_the_same_path_is_never_served_old_scores(mini_db, tmp_path):
    old = db.connect(mini_db)
    assert metrics.summary(old, Scope("2019-12")).recognised == 2
    ref, data = _mini_with_tay_meeting_everything(tmp_path / "changed")
    os.replace(build.build(tmp_path / "changed.duckdb", data, ref), mini_db)  # as a rebuild or an import does
    assert metrics.summary(old, Scope("2019-12")).recognised == 2  # the open connection still reads its file
    old.close()
    del old
    gc.collect()  # a new connection may now get the old one's id()
    new = db.connect(mini_db)
    try:
        assert metrics.summary(new, Scope("2019-12")).recognised == 3
    finally:
        new.close()


def test_a_connection_that_can_write_is_never_served_from_the_memo(mini_db):
    con = db.connect(mini_db, read_only=False)
    try:
        assert metrics.summary(con, Scope("2019-12")).recognised == 2
        con.execute("UPDATE commune_status SET met = true WHERE unit_id = '00006'")
        assert metrics.summary(con, Scope("2019-12")).recognised == 3
    finally:
        con.close()


def _sparkline_points(at, card: int) -> int:
    """Points of the SVG sparkline in a headline card (an <img> with the SVG as a data URL, in the cards' st.html)."""
    pictures = [p for h in at.get("html") for p in re.findall(r"data:image/svg\+xml;base64,([^\"]+)", h.proto.body)]
    markup = base64.b64decode(pictures[card]).decode()
    return len(re.search(r'points="([^"]+)"', markup).group(1).split())


def test_connections_to_one_version_of_a_file_share_what_they_read(mini_db, monkeypatch):
    """Each cached call of a page gets a connection of its own (a cursor, for its thread): they all read the same
    file, so the second reads nothing again; db.cursor keeps knowing which file it reads."""
    queries.MEMO.clear()
    sent = []
    query = db.query
    monkeypatch.setattr(db, "query", lambda con, sql, params=None: sent.append(sql) or query(con, sql, params))
    first, second = db.connect(mini_db), db.connect(mini_db)
    third = db.cursor(second)
    assert db.origin(first) == db.origin(second) == db.origin(third) == db.file_version(mini_db)
    assert metrics.summary(first, Scope("2019-12")).recognised == 2
    read = len(sent)
    assert read > 0
    assert metrics.summary(second, Scope("2019-12")).recognised == 2
    assert metrics.summary(third, Scope("2019-12")).recognised == 2
    assert len(sent) == read
    for con in (first, second, third):
        con.close()
