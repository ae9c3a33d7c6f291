"""The overview sends its four headline cards before the sidebar's widgets (a fresh browser then loads the
cards' code first) and its sidebar still works; other pages send their sidebar first, as before."""

import pytest

from tests import headline
from tests.conftest import open_page, start_streamlit, stop_streamlit
from tests.st_session import run_page_sync


def _kpis(at):
    return {label: value for label, (value, _) in headline.read(at).items()}


def test_the_overview_draws_the_sidebar_and_its_filters_still_work(bundled_db):
    at = open_page()
    assert not at.exception
    assert [r.value for r in at.sidebar.radio][:1] == ["vi"]
    assert at.sidebar.selectbox[0].value == "2020-02"
    assert len(at.sidebar.multiselect) == 1
    assert _kpis(at)["Xã đạt chuẩn NTM"] == "52/134"
    at.sidebar.selectbox[0].set_value("2019-12").run()  # the widget drawn after the cards still sets the period
    assert not at.exception
    assert _kpis(at)["Xã đạt chuẩn NTM"] == "52/143"
    assert at.query_params["period"] == "2019-12"
    at.sidebar.radio[0].set_value("en").run()
    assert _kpis(at)["Communes meeting the NTM standard"] == "52/143"


def test_a_page_run_on_its_own_draws_no_sidebar(bundled_db):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert not at.exception
    assert len(headline.cards(at)) == 4
    assert not at.sidebar.selectbox


def test_a_fresh_session_waits_for_the_html_code_once_and_only_on_the_overview(bundled_db, monkeypatch):
    """On a session's first run the overview pauses after the style sheet (st.html), so a new browser has st.html's
    code when the cards arrive; a later run or another page does not."""
    from pages.ui import filters

    waits, sleep = [], filters.time.sleep
    monkeypatch.setattr(filters, "HTML_CODE_S", 0.0151)  # 0 in tests (conftest): a value of its own, never slept

    def pause(seconds):  # the page's pauses recorded, AppTest's own polling left alone
        if seconds == filters.HTML_CODE_S:
            waits.append(seconds)
        else:
            sleep(seconds)

    monkeypatch.setattr(filters.time, "sleep", pause)
    at = open_page()
    assert not at.exception
    assert waits == [filters.HTML_CODE_S]
    at.sidebar.selectbox[0].set_value("2019-12").run()
    assert not at.exception and waits == [filters.HTML_CODE_S]
    waits.clear()
    assert not open_page("pages/map.py").exception
    assert waits == []


@pytest.mark.browser  # starts a server
def test_the_four_cards_arrive_before_the_sidebar(bundled_db):
    url, proc = start_streamlit({"NTM_DB": str(bundled_db)})
    try:
        first = run_page_sync(url, timeout=90)
        again = run_page_sync(url, "", "period=2019-12", timeout=90)
        other = run_page_sync(url, "huyen", "period=2019-12", want=0, timeout=90)
    finally:
        stop_streamlit(proc)
    assert not first.errors and not again.errors
    assert first.values == ["52/134", "38,8%", "+10,8", "14,1"]
    assert first.cards_before_sidebar == 4
    assert again.values[0] == "52/143" and again.cards_before_sidebar == 4
    assert not other.errors and other.cards_before_sidebar == 0  # any other page: its sidebar first, as before
