"""The overview and the map of June 2026 (the merged province on the 2025 layer, 10 criteria, three commune groups)
in Debian's chromium with every non-local request blocked (issue 11).

By hand from the bundled files: 10 of the 89 xã meet all 10 criteria (commune_status.csv): 10/89 = 11,2%, 65% in
the national 2030 target (targets.csv) gives 11,2 − 65 = −53,8 points; 541 criteria met in all: 541/89 = 6,1 per xã.
The 2025 layer holds 99 units: 89 xã drawn clickable, 10 phường drawn grey (not assessed), 18 former districts
outlined; 20 xã outlines are put together from 2019 polygons (boundary_exact false) and listed as approximate.
"""

from __future__ import annotations

from tests import headline

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT = 90_000


def _run_over(page) -> None:
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=TIMEOUT)


def test_the_2026_overview_shows_its_headline_groups_and_broken_lines_offline(app_url, page):
    page.goto(f"{app_url}/?period=2026-06", wait_until="domcontentloaded")
    page.wait_for_selector(headline.VALUE, timeout=TIMEOUT)
    page.locator('[data-testid="stPlotlyChart"] .main-svg').nth(2).wait_for(timeout=TIMEOUT)
    _run_over(page)
    assert headline.shown_values(page) == ["10/89", "11,2%", "-53,8", "6,1"]
    main = page.inner_text('[data-testid="stMain"]')
    assert "Theo nhóm xã" in main and "Đường xu hướng ngắt trước kỳ" in main
    assert "Nhóm xã (bộ tiêu chí 2026–2030)" in page.inner_text('[data-testid="stSidebar"]')
    assert page.blocked_requests == []


def test_the_2026_map_draws_the_2025_layer_offline(app_url, page):
    page.goto(f"{app_url}/ban-do?period=2026-06", wait_until="domcontentloaded")
    frame = page.frame_locator(IFRAME)
    frame.locator("path.leaflet-interactive:not([d='M0 0'])").first.wait_for(timeout=TIMEOUT)  # drawn in the view
    _run_over(page)
    assert frame.locator("path.leaflet-interactive").count() == 89  # one clickable outline per xã
    # + phường + the former districts' borders, each border once in one line (all 18 chosen: one look)
    assert frame.locator(".leaflet-overlay-pane path").count() == 89 + 10 + 1
    assert frame.locator(".ntm-label.district").count() == 18
    legend = frame.locator(".ntm-legend")
    legend.wait_for(timeout=TIMEOUT)
    assert "Số tiêu chí đạt (89 xã)" in legend.inner_text() and "10 tiêu chí (10)" in legend.inner_text()
    main = page.inner_text('[data-testid="stMain"]')
    assert "Ranh giới gần đúng (20 đơn vị, viền nét đứt trên bản đồ)" in main
    assert "ranh giới gần đúng của 99 đơn vị từ 01/07/2025" in main
    assert page.blocked_requests == []
