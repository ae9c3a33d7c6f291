"""The dashboard in a real browser (Debian's chromium), with every non-local request blocked."""

from tests import headline


def test_overview_renders_kpis_and_charts_offline(app_url, page):
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_selector(headline.VALUE, timeout=60_000)
    page.locator('[data-testid="stPlotlyChart"] .main-svg').nth(2).wait_for(timeout=60_000)  # all three charts
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)  # the run is over
    assert headline.shown_values(page) == ["52/134", "38,8%", "+10,8", "14,1"]
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 3
    assert "Dữ liệu minh họa" in page.inner_text('[data-testid="stMain"]')
    icon = page.evaluate("() => document.querySelector('link[rel~=\"icon\"]').href")  # by its static address
    assert icon.endswith("/app/static/favicon.png") and page.request.get(icon).body()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.blocked_requests == []


def test_a_card_help_is_kept_and_shows_on_keyboard_focus(app_url, page):
    """The first period has no target: the gap card's help mark survives Streamlit's HTML sanitiser, is named by
    its text and shows it when focused (no hover on a phone or a keyboard)."""
    page.goto(f"{app_url}/?period=2015-12", wait_until="domcontentloaded")
    mark = page.locator(".ntm-card-help")
    mark.wait_for(timeout=60_000)
    assert mark.count() == 1
    assert mark.get_attribute("aria-label") == "Chưa có mục tiêu cho kỳ này"
    assert page.get_by_role("img", name="Chưa có mục tiêu cho kỳ này").count() == 1
    tip = "e => getComputedStyle(e, '::after').content"
    assert mark.evaluate(tip) == "none"
    mark.focus()
    assert mark.evaluate(tip) == '"Chưa có mục tiêu cho kỳ này"'
    assert headline.shown_values(page)[:1] == ["20/143"]
    assert page.blocked_requests == []
