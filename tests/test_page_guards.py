"""Section guards on the pages: a section whose figures raise shows a short message with a reference number
(in the page's language), the traceback goes to the server log under that number, and the other sections of
the page still render."""

from __future__ import annotations

import logging
import re

import pytest

from ntm.figures import analysis_charts, analysis_tables
from tests import headline
from tests.conftest import open_page

REF = {"vi": re.compile(r"mã tham chiếu ([0-9A-F]{8})"), "en": re.compile(r"reference number ([0-9A-F]{8})")}


class Records(logging.Handler):
    """The server log's lines (the guard's logger does not propagate to the root logger pytest watches)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture()
def server_log():
    handler = Records()
    logger = logging.getLogger("ntm.pages")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


@pytest.fixture()
def fresh_cache():
    """The overview's view and figures are shared across sessions per database version: a test that breaks one
    must not be served the whole one an earlier test cached, nor leave its broken one behind."""
    from pages.ui import cache

    cache.clear()
    yield
    cache.clear()


def _boom(*args, **kwargs):
    raise ValueError("dữ liệu hỏng /srv/secret/path.py")


def _shown(at) -> str:
    kinds = ("title", "subheader", "caption", "markdown", "error", "warning", "info", "success", "exception")
    return "\n".join(str(getattr(el, "value", "")) for kind in kinds for el in at.get(kind))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_failing_chart_leaves_the_rest_of_the_criteria_page(bundled_db, monkeypatch, server_log, lang):
    monkeypatch.setattr(analysis_charts, "criteria_district_heatmap", _boom)
    at = open_page("pages/criteria.py", period_id="2020-02", lang=lang)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    ref = REF[lang].search(errors[0]).group(1)
    shown = _shown(at)
    assert "Traceback" not in shown and "secret" not in shown and "ValueError" not in shown
    # the table of the same section was drawn before the chart failed; the next two sections are whole
    titles = [s.value for s in at.subheader]
    assert len(titles) == 3 and len(at.dataframe) >= 3
    logged = [r for r in server_log if ref in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info[0] is ValueError


def test_a_failing_section_of_the_target_gap_page_leaves_its_inputs_and_the_other_section(
    bundled_db, monkeypatch, server_log
):
    monkeypatch.setattr(analysis_tables, "candidate_cols", _boom)  # the table of candidates
    at = open_page("pages/target_gap.py", period_id="2020-02")
    assert not at.exception
    assert len(at.error) == 1 and REF["vi"].search(at.error[0].value)
    assert len(at.metric) == 4  # the headline section
    assert len(at.number_input) == 1 and len(at.date_input) == 1


def test_what_no_section_guard_catches_still_gets_the_message(bundled_db, monkeypatch, server_log, fresh_cache):
    from ntm.views import overview

    monkeypatch.setattr(overview, "overview", _boom)  # the page's own figures, before any section
    at = open_page(period_id="2020-02")  # the first page: app.py runs it (a switched page runs bare in AppTest)
    assert not at.exception
    assert len(at.error) == 1 and REF["vi"].search(at.error[0].value)
    assert "secret" not in _shown(at)
    assert len(at.sidebar.selectbox) >= 1  # the sidebar still works: another period can be chosen


def test_a_failing_chart_of_the_overview_leaves_the_cards_and_the_other_charts(
    bundled_db, monkeypatch, server_log, fresh_cache
):
    from ntm.figures import charts

    monkeypatch.setattr(charts, "band_bars", _boom)
    at = open_page(period_id="2020-02")
    assert not at.exception
    assert len(at.error) == 1 and REF["vi"].search(at.error[0].value)
    assert len(headline.cards(at)) == 4 and len(at.get("plotly_chart")) == 2 and len(at.dataframe) == 1
    assert len(server_log) == 1
