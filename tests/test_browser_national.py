"""The Cả nước page in Debian's chromium, every non-local request blocked, on a national sample (new Lào Cai and
Cao Bằng) generated and built at test time: the ranking, the provinces of the country drawn by leaflet from this
server, and the communes of the province picked in the sidebar."""

from __future__ import annotations

from datetime import date

import pytest

from geo import national_map
from ntm.data import build, db
from ntm.generate import national as national_gen
from ntm.measures import analysis, national
from tests.conftest import start_streamlit, stop_streamlit

SAMPLE = ["15", "04"]  # new Lào Cai (old Lào Cai 10 + Yên Bái 15) and Cao Bằng (04), as in test_national.py
MAPS = 'iframe[data-testid="stIFrame"]'  # st.iframe: the province map, then the commune map
NO_DATA = "url(#ntm-no-data)"
TIMEOUT = 90_000


@pytest.fixture(scope="module")
def national_url(tmp_path_factory, browser):
    """A server on the sample database (asks for the browser first: a missing chromium skips before building)."""
    folder = tmp_path_factory.mktemp("national_browser")
    national_gen.generate(folder / "data", SAMPLE)
    path = build.build(folder / "ntm.duckdb", folder / "data", overlay=None)
    url, proc = start_streamlit({"NTM_DB": str(path)})
    con = db.connect(path)
    yield url, con
    con.close()
    stop_streamlit(proc)


def _map_paths(page, index: int, count: int):
    """The SVG paths leaflet drew in the page's index-th map, once there are `count` of them."""
    frame = page.frame_locator(MAPS).nth(index)
    paths = frame.locator("path.leaflet-interactive")
    page.locator(MAPS).nth(index).scroll_into_view_if_needed()
    paths.nth(count - 1).wait_for(state="attached", timeout=TIMEOUT)
    return frame, paths


def _fills(paths) -> list[str]:
    return paths.evaluate_all("ps => ps.map(p => p.getAttribute('fill'))")


def test_the_national_page_ranks_and_draws_provinces_and_the_picked_provinces_communes(national_url, page):
    url, con = national_url
    page.goto(f"{url}/ca-nuoc?period=2025-06.10", wait_until="domcontentloaded")  # old Lào Cai, 30/06/2025
    s = national.summary(con, date(2025, 6, 30))
    page.get_by_text(f"{s.recognised}/{s.base} xã đạt chuẩn NTM").wait_for(timeout=TIMEOUT)

    # the ranking: one row per province of the date (the three old provinces before the merger)
    league = page.locator('[data-testid="stDataFrame"]').first
    league.wait_for(timeout=TIMEOUT)
    ranked = analysis.order_league(national.ranking(con, date(2025, 6, 30)).table, "level")["district_name"].tolist()
    assert sorted(ranked) == ["Cao Bằng (cũ)", "Lào Cai (cũ)", "Yên Bái (cũ)"]
    league.locator('[role="row"]').nth(3).wait_for(state="attached", timeout=TIMEOUT)  # the grid fills in later
    assert league.locator('[role="row"]').count() == 1 + 3  # header + provinces
    cells = league.locator('[role="gridcell"]').all_inner_texts()
    assert [c for c in cells if c in ranked] == ranked  # by level, the page's first order

    # the country: the 63 provinces of 2019, the three of the sample coloured, the rest hatched "no data"
    frame, paths = _map_paths(page, 0, 63)
    assert paths.count() == len(national_map.province_shapes(False)) == 63
    fills = _fills(paths)
    assert fills.count(NO_DATA) == 60 and all(f.startswith("#") for f in fills if f != NO_DATA)
    assert frame.locator("#ntm-no-data").count() == 1  # the hatch the paths refer to is in the document
    assert "Tỷ lệ xã đạt chuẩn NTM theo tỉnh" in frame.locator(".ntm-legend").inner_text()

    # the province of the period (old Lào Cai): every outline of its communes, those of the period's base coloured
    shapes = national_map.commune_shapes("10", False)
    _, communes = _map_paths(page, 1, len(shapes))
    assert communes.count() == len(shapes) == 148
    base = set(db.query(con, "SELECT unit_id FROM period_units WHERE period_id = '2025-06.10'")["unit_id"])
    assert sum(f != NO_DATA for f in _fills(communes)) == len(base & set(shapes["unit_code"]))

    # Cao Bằng picked in the sidebar: its own line at the same date, its communes drawn
    page.get_by_role("combobox", name="Tỉnh, thành phố").click()
    page.get_by_role("option", name="Cao Bằng").click()
    page.wait_for_url("**province=04-2025**", timeout=TIMEOUT)
    shapes = national_map.commune_shapes("04", False)
    frame, communes = _map_paths(page, 1, len(shapes))
    frame.locator(".ntm-legend", has_text="Cao Bằng").wait_for(timeout=TIMEOUT)
    assert communes.count() == len(shapes) == 160
    base = set(db.query(con, "SELECT unit_id FROM period_units WHERE period_id = '2025-06.04'")["unit_id"])
    assert sum(f != NO_DATA for f in _fills(communes)) == len(base & set(shapes["unit_code"])) > 0
    assert page.blocked_requests == []
