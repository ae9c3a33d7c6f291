"""The plan page (/ke-hoach-2020) and the poverty page in Debian's chromium, every non-local request blocked."""

from tests.test_plan_page import NINE_DISTRICTS, SIX_COMMUNES


def _cells(page) -> list[str]:
    """Text of every table's grid cells. Glide draws on canvas and fills its accessible cells only for tables
    in view, so each table is scrolled into view first."""
    cells = []
    tables = page.locator('[data-testid="stDataFrame"]')
    for i in range(tables.count()):
        table = tables.nth(i)
        table.scroll_into_view_if_needed()
        table.locator('[role="gridcell"]').first.wait_for(state="attached", timeout=30_000)
        cells += table.locator('[role="gridcell"]').all_text_contents()
    return cells


def test_plan_page_renders_offline(app_url, page):
    page.goto(f"{app_url}/ke-hoach-2020?period=2020-12", wait_until="domcontentloaded")
    page.wait_for_selector('h1:has-text("Kế hoạch 2020")', timeout=60_000)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
    page.wait_for_selector('[data-testid="stDataFrame"] [role="gridcell"]', state="attached", timeout=60_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    main = page.inner_text('[data-testid="stMain"]')
    assert "Dữ liệu minh họa" in main
    assert "Quy tắc đánh giá trạng thái" in main
    assert "TP Lào Cai —" in main and "Bảo Thắng —" in main  # the two district reviews
    assert page.locator('[data-testid="stException"]').count() == 0
    cells = _cells(page)
    for name in SIX_COMMUNES:
        assert any(c.startswith(f"Xã {name} (") for c in cells), name
    for district in NINE_DISTRICTS:
        assert district in cells, district
    assert cells.count("9. Chỉ đạo xây dựng nông thôn mới") == 2  # last QĐ 558 criterion, both reviews
    assert page.blocked_requests == []


def test_poverty_page_renders_offline(app_url, page):
    page.goto(f"{app_url}/giam-ngheo?period=2020-12", wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values == ["8,2%", "9,87%", "-3,26 điểm %"]  # laocai_facts.md §3
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 3
    assert "Số liệu minh họa" in page.inner_text('[data-testid="stMain"]')
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.blocked_requests == []
