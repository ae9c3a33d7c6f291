"""The dashboard in a real browser (Debian's chromium), with every non-local request blocked."""


def test_overview_renders_kpis_and_charts_offline(app_url, page):
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    page.locator('[data-testid="stPlotlyChart"] .main-svg').nth(2).wait_for(timeout=60_000)  # all three charts
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)  # the run is over
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values[:4] == ["52/134", "38,8%", "+10,8", "14,1"]
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 3
    assert "Dữ liệu minh họa" in page.inner_text('[data-testid="stMain"]')
    assert page.blocked_requests == []
