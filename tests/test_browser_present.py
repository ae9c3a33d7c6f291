"""The presentation page in a real browser (Debian's chromium, every non-local request blocked): the arrow
keys move between slides, and the PowerPoint built on the page downloads and opens."""

from __future__ import annotations

from pptx import Presentation


def _slide_title(page) -> str:
    return page.inner_text(".st-key-slide h1")


def _wait_title(page, title: str) -> None:
    page.wait_for_function("t => document.querySelector('.st-key-slide h1')?.innerText === t", arg=title,
                           timeout=30_000)


def _warm_up(browser, app_url) -> None:
    """Open and close one session first. Known app-level bug (reported to the lead, app.py/pages/common.py): the
    first session after the server starts loses the sidebar's period (back to 2015-12) on its first widget
    interaction; later sessions keep it."""
    context = browser.new_context()
    first = context.new_page()
    first.goto(app_url, wait_until="domcontentloaded")
    first.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
    first.get_by_role("link", name="Trình chiếu").click()
    first.wait_for_selector(".st-key-slide h1", timeout=60_000)
    context.close()


def test_arrow_keys_and_download_offline(browser, app_url, page, tmp_path):
    _warm_up(browser, app_url)
    page.goto(app_url, wait_until="domcontentloaded")
    page.get_by_role("link", name="Trình chiếu").click()  # the way a user gets there: the sidebar menu
    page.wait_for_selector(".st-key-slide h1", timeout=60_000)
    assert _slide_title(page) == "Báo cáo tiến độ xây dựng nông thôn mới"
    page.keyboard.press("ArrowRight")
    _wait_title(page, "Kết quả chính")
    values = page.locator('.st-key-slide [data-testid="stMetricValue"]').all_inner_texts()
    assert values == ["52/134", "38,8%", "+10,8", "14,1"]
    page.keyboard.press("ArrowRight")
    _wait_title(page, "Tỷ lệ xã đạt chuẩn theo huyện")
    page.wait_for_selector('.st-key-slide [data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
    page.keyboard.press("ArrowLeft")
    _wait_title(page, "Kết quả chính")

    page.get_by_role("button", name="Tạo tệp PowerPoint").click()
    download_button = page.get_by_role("button", name="Tải tệp PowerPoint")
    download_button.wait_for(timeout=60_000)
    with page.expect_download(timeout=30_000) as info:
        download_button.click()
    assert info.value.suggested_filename == "nong-thon-moi-2020-02-toan-tinh.pptx"
    path = tmp_path / "deck.pptx"
    info.value.save_as(path)
    prs = Presentation(str(path))
    assert len(prs.slides) >= 8
    assert page.blocked_requests == []
