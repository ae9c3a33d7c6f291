"""A deep link is the first request a freshly started server gets, and it opens its page: no "Page not found".

The browser tests start one server per link, with no warm-up. The first two tests pin the Streamlit behaviour that
pages/ui/serve.py works around: when they fail, Streamlit has changed and the launcher must be looked at again.
"""

from __future__ import annotations

import pytest
from streamlit.runtime.pages_manager import PagesManager

from pages.ui import serve
from tests.conftest import ROOT, start_streamlit, stop_streamlit

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT = 90_000


def test_streamlit_takes_a_pages_folder_beside_app_py_for_a_legacy_multipage_app(monkeypatch):
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)  # a process no session has opened yet
    PagesManager(str(ROOT / "app.py"))
    assert PagesManager.uses_pages_directory is True  # if False, serve.py can go


def test_the_launcher_leaves_the_pages_to_st_navigation(monkeypatch):
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    serve.navigation_only()
    PagesManager(str(ROOT / "app.py"))  # the first session of the server
    assert PagesManager.uses_pages_directory is False


@pytest.fixture()
def fresh_server(bundled_db, browser):
    """A server started for this test alone: nothing has been asked of it yet."""
    url, proc = start_streamlit({"NTM_DB": str(bundled_db)})
    yield url
    stop_streamlit(proc)


def _open_cold(page, url: str) -> str:
    """Open url, wait for the map's polygons and the end of the run; the text of the whole page."""
    page.goto(url, wait_until="domcontentloaded")
    drawn = "path.leaflet-interactive:not([d='M0 0'])"  # a path Leaflet drew in the view (outside it: 'M0 0')
    page.frame_locator(IFRAME).locator(drawn).first.wait_for(timeout=TIMEOUT)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=TIMEOUT)
    return page.inner_text("body")


@pytest.mark.parametrize(
    ("query", "period_label", "communes"),
    [
        ("", "Tháng 02/2020 (Công văn 417)", 134),  # the default period (periods.csv is_default)
        ("?period=2019-12", "Cuối năm 2019", 143),  # the link's period, before the 2020 merges
    ],
)
def test_a_deep_link_to_the_map_opens_the_map_on_a_fresh_server(fresh_server, page, query, period_label, communes):
    text = _open_cold(page, f"{fresh_server}/ban-do{query}")
    assert "Page not found" not in text and page.locator('[role="dialog"]').count() == 0
    assert "Bản đồ nông thôn mới theo xã" in text and f"Kỳ báo cáo: {period_label}" in text
    assert page.frame_locator(IFRAME).locator("path.leaflet-interactive").count() == communes
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Bản đồ" in nav and "Kế hoạch, mục tiêu" in nav and "target gap" not in nav  # app.py's pages, not file names
    assert page.blocked_requests == []


def test_an_english_deep_link_is_english_from_its_first_run(fresh_server, page):
    text = _open_cold(page, f"{fresh_server}/ban-do?lang=en")
    assert "Page not found" not in text
    assert page.title() == "New Rural Development tracker – Lào Cai province"
    assert "NTM map by commune" in text
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Map" in nav and "Plans and targets" in nav and "Bản đồ" not in nav
    assert page.blocked_requests == []
