"""The map page in Debian's chromium with every non-local request blocked: polygons, legend, a click,
and a commune named like an HTML injection that must stay text."""

from __future__ import annotations

import pytest

from geo import layers
from ntm.data import db
from tests import map_xss
from tests.conftest import start_streamlit, stop_streamlit

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT = 90_000


def _open_map(page, url):
    page.goto(url, wait_until="domcontentloaded")
    frame = page.frame_locator(IFRAME)
    # a path Leaflet has drawn: those outside a zoomed view are left empty ('M0 0') and count as hidden
    frame.locator("path.leaflet-interactive:not([d='M0 0'])").first.wait_for(timeout=TIMEOUT)
    page.locator(IFRAME).scroll_into_view_if_needed()
    content = page.locator(IFRAME).element_handle().content_frame()
    # the view zooms to the chosen districts with an animation: let it settle before pointing at a commune
    content.wait_for_function("() => window.map && !window.map._animatingZoom", timeout=TIMEOUT)
    page.wait_for_timeout(500)
    return frame, content


def _point_of(con, period: str, unit_id: str) -> tuple[float, float]:
    """A point inside the unit's outline (lat, lon), worked out from the geometry, not the browser."""
    g = layers.period_geometry(con, period).units.set_index("unit_id")
    p = g.loc[unit_id, "geometry"].representative_point()
    return p.y, p.x


def _mouse_to(page, content, latlon) -> tuple[float, float]:
    x, y = content.evaluate(
        "ll => { const p = window.map.latLngToContainerPoint(ll); return [p.x, p.y]; }", list(latlon)
    )
    box = page.locator(IFRAME).bounding_box()
    return box["x"] + x, box["y"] + y


def test_every_commune_polygon_and_the_legend_render_offline(app_url, page, bundled_con):
    frame, _ = _open_map(page, f"{app_url}/ban-do?period=2020-12")
    base = len(db.query(bundled_con, "SELECT unit_id FROM period_units WHERE period_id = '2020-12'"))
    geometry = layers.period_geometry(bundled_con, "2020-12")
    interactive = frame.locator("path.leaflet-interactive")
    assert interactive.count() == base == 127  # one clickable polygon per commune
    # all drawn paths: communes + wards/towns not assessed + the 9 districts' borders (not clickable), each border
    # once in one line (every district chosen: one look)
    assert frame.locator(".leaflet-overlay-pane path").count() == base + len(geometry.background) + 1
    assert frame.locator(".ntm-label.district").count() == 9
    legend = frame.locator(".ntm-legend")
    legend.wait_for(timeout=TIMEOUT)
    text = legend.inner_text()
    assert "Số tiêu chí đạt (127 xã)" in text and "19 tiêu chí (61)" in text and "Không có số liệu (0)" in text
    assert "ranh giới gần đúng (18)" in text
    assert page.blocked_requests == []


def test_click_on_a_commune_shows_its_details_beside_the_map(app_url, page, bundled_con):
    frame, content = _open_map(page, f"{app_url}/ban-do?period=2020-02")
    x, y = _mouse_to(page, content, _point_of(bundled_con, "2020-02", "03070"))  # Tân Thượng, Văn Bàn
    page.mouse.move(x, y)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=TIMEOUT)
    assert "Tân Thượng" in tooltip.inner_text() and "Còn thiếu" in tooltip.inner_text()
    page.mouse.click(x, y)
    detail = page.locator(".st-key-map_detail")
    detail.wait_for(timeout=TIMEOUT)
    tables = detail.locator('[data-testid="stDataFrame"]')
    tables.nth(1).wait_for(timeout=TIMEOUT)  # the panel draws its text before its tables: wait for both
    text = detail.inner_text()
    assert "Tân Thượng (xã)" in text and "Xã phấn đấu đạt chuẩn năm 2020" in text
    assert tables.count() == 2  # criteria and history
    assert page.blocked_requests == []


def test_choosing_a_district_zooms_to_it_and_names_its_communes(app_url, page):
    frame, content = _open_map(page, f"{app_url}/ban-do?period=2020-02&district=089")
    assert frame.locator("path.leaflet-interactive").count() == 134  # the rest is dimmed, not dropped
    assert content.evaluate("window.map.getZoom()") >= 10  # zoomed past the province view
    labels = frame.locator(".ntm-label.commune")
    # Văn Bàn: 23 units in 2019 - TT Khánh Yên - Văn Sơn (merged)
    assert labels.count() == 21 and labels.first.is_visible()
    assert "Huyện không chọn: làm mờ" in frame.locator(".ntm-legend").inner_text()
    assert page.blocked_requests == []


@pytest.fixture(scope="module")
def xss_url(tmp_path_factory):
    """A second server on a database where Tân Thượng is named '<img src=x onerror=alert(1)>'."""
    path = map_xss.build_db(tmp_path_factory.mktemp("xss_server"))
    url, proc = start_streamlit(map_xss.env(path))
    yield url, db.connect(path)
    stop_streamlit(proc)


def test_an_injected_name_stays_text_and_runs_nothing(xss_url, page):
    url, con = xss_url
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    frame, content = _open_map(page, f"{url}/ban-do?period=2020-02&district=089")
    x, y = _mouse_to(page, content, _point_of(con, "2020-02", map_xss.UNIT))
    page.mouse.move(x, y)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=TIMEOUT)
    assert map_xss.EVIL in tooltip.inner_text()  # the name, shown as text
    assert map_xss.EVIL in frame.locator(".ntm-label.commune").all_inner_texts()
    page.mouse.click(x, y)
    detail = page.locator(".st-key-map_detail")
    detail.wait_for(timeout=TIMEOUT)
    assert map_xss.EVIL in detail.inner_text()
    page.wait_for_timeout(1000)  # give an injected handler time to fire
    assert frame.locator("img").count() == 0 and page.locator('img[src="x"]').count() == 0
    assert dialogs == []
    assert page.blocked_requests == []
