"""The leader's path in a real browser (issue 13): the overview on a desktop (1440 × 900), a tablet with the
sidebar open (1024 × 768) and a phone (390 × 844). The four headline figures stand above the fold, whole
(their text is the full value and nothing overflows its box); the chart toolbars leave the chart titles
alone; no bar value runs off its chart. A shared English link is English from its first load (tab title and
page names). Expected figures: Letter 417 (52/134 communes, 38,8%, +10,8 points on 28%, 14,1 criteria)."""

from __future__ import annotations

import pytest

from ntm.locale.i18n import t
from tests import headline
from tests.conftest import offline_page

FIGURES = ["52/134", "38,8%", "+10,8", "14,1"]
LABELS = [t("kpi_recognised"), t("kpi_pct"), t("kpi_gap", target="28%"), t("kpi_avg")]

BOX = "e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }"
HEADLINE = f"""() => {{
  const box = {BOX};
  const whole = e => ({{text: e.innerText.trim(), box: box(e), fits: e.scrollWidth <= e.clientWidth}});
  const compact = document.querySelector('.ntm-headline-compact');
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  return {{
    values: [...document.querySelectorAll('{headline.VALUE}')].map(whole),
    labels: [...document.querySelectorAll('{headline.LABEL}')].map(whole),
    compact: compact && getComputedStyle(compact).display !== 'none' ? whole(compact) : null,
    sidebar: sidebar ? box(sidebar) : null,
  }};
}}"""
CHARTS = f"""() => {{
  const box = {BOX};
  return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(c => ({{
    svg: box(c.querySelector('.main-svg')),
    titles: [...c.querySelectorAll('.gtitle')].map(box),
    toolbars: [...c.querySelectorAll('.modebar')].map(box),
    values: [...c.querySelectorAll('.bartext')].map(e => ({{text: e.textContent, box: box(e)}})),
  }}));
}}"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _open_overview(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(headline.VALUE, timeout=60_000)
    page.locator('[data-testid="stPlotlyChart"] .main-svg').nth(2).wait_for(timeout=60_000)  # all three charts
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)  # the run is over
    page.wait_for_timeout(500)  # plotly's last relayout after the page settled


@pytest.mark.parametrize("width, height", [(1440, 900), (1024, 768), (390, 844)])
def test_leader_overview_headline_whole_above_the_fold_and_charts_readable(app_url, browser, width, height):
    page = offline_page(browser, width, height)
    try:
        _open_overview(page, app_url)
        seen = page.evaluate(HEADLINE)
        assert len(seen["values"]) == len(seen["labels"]) == 4
        if width >= 1024:  # the sidebar stays open beside the cards
            assert seen["sidebar"][2] >= 250
        for value, label, figure, words in zip(seen["values"], seen["labels"], FIGURES, LABELS):
            assert (value["text"], value["fits"]) == (figure, True)
            assert (label["text"], label["fits"]) == (words, True)
            if width >= 1024:
                assert value["box"][3] <= height, figure  # above the fold
        if width < 640:  # the cards stack; the one-line headline above them carries the four figures
            compact = seen["compact"]
            assert compact is not None and compact["fits"] and compact["box"][3] <= height
            assert all(f"{words}: {figure}" in compact["text"] for words, figure in zip(LABELS, FIGURES))
        else:
            assert seen["compact"] is None
        charts = page.evaluate(CHARTS)
        assert len(charts) == 3
        for chart in charts:
            assert chart["titles"] and chart["values"]
            for title in chart["titles"]:
                assert not any(_overlap(title, bar) for bar in chart["toolbars"]), title
            svg = chart["svg"]
            for value in chart["values"]:
                left, _, right, _ = value["box"]
                assert svg[0] - 1 <= left and right <= svg[2] + 1, value["text"]
                assert "…" not in value["text"]
        assert page.blocked_requests == []
    finally:
        page.context.close()


def test_an_english_link_is_english_from_its_first_load(app_url, page):
    page.goto(f"{app_url}/?lang=en", wait_until="domcontentloaded")
    page.wait_for_selector(headline.VALUE, timeout=60_000)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    assert page.title() == t("app_title", "en")
    links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    assert [link.split("\n")[-1] for link in links][:3] == [
        t(k, "en") for k in ("page_overview", "page_map", "page_districts")
    ]
    assert headline.shown_values(page) == ["52/134", "38.8%", "+10.8", "14.1"]
