"""The presenter's path on a 1920 × 1080 projector (Debian's chromium, every non-local request blocked): the
presentation page opens with the sidebar closed, every slide fits the screen with no text under 20 px, a
clicker's keys and the arrows move one slide at a time, and the page has as many slides as the deck."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo import static_map
from ntm.measures import metrics
from ntm.outputs import pptx, slides

WIDTH, HEIGHT = 1920, 1080

SLIDE = """() => {
  const s = document.querySelector('.st-key-slide');
  const r = s.getBoundingClientRect();
  let smallest = null;
  for (const el of s.querySelectorAll('*')) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const px = parseFloat(style.fontSize);
    if (smallest === null || px < smallest.px) smallest = {px, text: el.textContent.trim().slice(0, 40)};
  }
  const captions = [...s.querySelectorAll('[data-testid="stCaptionContainer"]')];
  return {top: r.top, bottom: r.bottom, scrollHeight: s.scrollHeight, clientHeight: s.clientHeight,
          smallest, footer: captions[captions.length - 1].innerText,
          cells: [...s.querySelectorAll('td')].map(td => td.innerText.trim())};
}"""

SIDEBAR = "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().right"

DRAWN = """() => {
  const s = document.querySelector('.st-key-slide');
  const charts = s.querySelectorAll('[data-testid="stPlotlyChart"]');
  const drawn = s.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg');
  const pictures = [...s.querySelectorAll('img')];
  return drawn.length >= charts.length && pictures.every(img => img.complete && img.naturalWidth > 0);
}"""

NEXT_KEYS = ("PageDown", "Space", "ArrowRight", "ArrowDown")
BACK_KEYS = ("PageUp", "ArrowLeft", "ArrowUp")


@pytest.fixture(scope="module")
def deck_slides(bundled_con) -> int:
    """Slides of the PowerPoint deck of the same view (Tháng 02/2020, whole province)."""
    content = slides.build_deck(bundled_con, metrics.Scope("2020-02"), "vi", map_png=static_map.slide_picture)
    return pptx.build_pptx(content, io.BytesIO())


SLIDE_SHOWN = """f => {
          const app = document.querySelector('[data-testid="stApp"]');
          const captions = [...document.querySelectorAll('.st-key-slide [data-testid="stCaptionContainer"]')];
          const keys = document.querySelector('.st-key-slide_keys');  // hidden by the slide's style sheet
          return app.dataset.testScriptState === 'notRunning' && !document.querySelector('[data-stale="true"]')
            && captions.length > 0 && captions[captions.length - 1].innerText.endsWith(f)
            && keys !== null && getComputedStyle(keys).display === 'none';
        }"""


def _wait_slide(page, number: int, total: int, key: str | None = None) -> dict:
    """Until slide `number` is drawn (its footer last, its charts and pictures), the script run is over with
    no element of the previous slide left and the slide's style sheet applies (on a busy machine the browser
    can paint the slide a moment before it applies the style sheet sent with it); its measures. key: the key
    that was pressed to get there; on a machine busy with other tests a press can arrive while the page is
    still settling, so it is pressed once more if the slide has not come within 20 s (a second move would
    show the wrong number and fail)."""
    footer = f"Trang {number}/{total}"
    try:
        page.wait_for_function(SLIDE_SHOWN, arg=footer, timeout=20_000 if key else 90_000)
    except PlaywrightTimeout:
        if key is None:
            raise
        page.keyboard.press(key)
        page.wait_for_function(SLIDE_SHOWN, arg=footer, timeout=90_000)
    page.wait_for_function(DRAWN, timeout=60_000)
    return page.evaluate(SLIDE)


def test_presenter_path_on_a_projector(app_url, projector, deck_slides):
    page = projector
    page.goto(f"{app_url}/trinh-chieu?period=2020-02", wait_until="domcontentloaded")
    page.wait_for_selector(".st-key-slide h1", timeout=60_000)
    assert page.evaluate(SIDEBAR) <= 0  # presentation mode: the sidebar is closed, the slide has the screen
    n = deck_slides
    assert n == 15  # 14 sections; the 12 communes closest to the standard take two deck slides
    seen = []
    key = None
    for number in range(1, n + 1):
        s = _wait_slide(page, number, n, key)
        seen.append(s)
        assert s["footer"].endswith(f"Trang {number}/{n}")  # as many slides as the deck
        assert page.evaluate(SIDEBAR) <= 0  # and it stays closed from slide to slide
        assert s["top"] >= 0 and s["bottom"] <= HEIGHT, (number, s)  # the whole slide is on the screen
        assert s["scrollHeight"] <= s["clientHeight"] + 1, (number, s)  # and nothing in it overflows
        assert s["smallest"]["px"] >= 20, (number, s["smallest"])  # readable from the back of the room
        if number < n:
            key = NEXT_KEYS[number % len(NEXT_KEYS)]
            page.keyboard.press(key)  # each key moves exactly one slide
    # A criterion named by its number is shown as written, not read as a numbered list (".7.").
    assert "17. Môi trường và an toàn thực phẩm" in seen[7]["cells"]
    for step, key in enumerate(BACK_KEYS, start=1):
        page.keyboard.press(key)
        _wait_slide(page, n - step, n, key)
    assert page.blocked_requests == []
