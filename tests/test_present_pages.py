"""Every page draws a period after 2020 without an error (issue 11): old Yên Bái on its own layer and
districts, and the illustrative 2026 period (merged province, 10 criteria, former districts)."""

import pytest

from ntm.measures.metrics import Scope
from ntm.outputs import slides
from pages.ui.nav import PAGE_SPECS
from tests.conftest import open_page

PAGES = [None] + [path for path, *_ in PAGE_SPECS[1:]]  # None: the default page (overview)


@pytest.mark.parametrize("period", ["2024-07", "2026-06"])
@pytest.mark.parametrize("script", PAGES)
def test_the_page_draws_the_period(bundled_db, script, period):
    at = open_page(script, period_id=period)
    assert not at.exception, at.exception


def test_the_poverty_page_says_where_the_series_breaks(bundled_db, monkeypatch):
    """2026: the 2022–2025 standard still applies; from 2027 NĐ 351/2025 (present_facts.md §5) breaks the series."""
    from tests.conftest import open_page

    monkeypatch.setenv("NTM_DB", str(bundled_db))
    at = open_page("pages/poverty.py", period_id="2026-06")
    assert not at.exception
    note = next(c.value for c in at.caption if c.value.startswith("Chuỗi tỷ lệ nghèo ngắt"))
    assert "2027–2030: Chuẩn nghèo đa chiều 2026–2030 (NĐ 351/2025/NĐ-CP)" in note
    assert "2022–2026: Chuẩn nghèo đa chiều 2022–2025 (NĐ 07/2021/NĐ-CP)" in note


def test_the_plan_page_of_2026_shows_the_2030_targets_without_the_letters_lists(bundled_db, bundled_con, monkeypatch):
    """The 2030 plan sets shares of communes (65% of xã, of which about 10% NTM hiện đại): none of Letter 417's lists
    (six named communes, sponsors, department plans, district reviews) belongs on its page; February 2020 keeps them."""
    monkeypatch.setenv("NTM_DB", str(bundled_db))
    at = open_page("pages/plan.py", period_id="2026-06")
    assert not at.exception
    assert at.title[0].value == "Kế hoạch, mục tiêu của kỳ"
    assert [s.value for s in at.subheader] == ["Các mục tiêu và trạng thái"]
    goals = set(at.dataframe[0].value["Chỉ tiêu"])
    assert {"65%", "10%"} <= goals
    deck = slides.build_deck(bundled_con, Scope("2026-06"))
    assert "Kế hoạch, mục tiêu của kỳ: Các mục tiêu và trạng thái" in [s.title for s in deck.slides]
    assert not any(s.title.startswith("Kế hoạch 2020") for s in deck.slides)
    letter = open_page("pages/plan.py", period_id="2020-02")
    assert letter.title[0].value == "Kế hoạch 2020"
    assert "06 xã phấn đấu đạt chuẩn năm 2020: tiêu chí đã đạt và còn thiếu" in [s.value for s in letter.subheader]


def test_the_poverty_page_shows_only_the_districts_of_the_periods_province_and_says_how_old_they_are(
    bundled_db, monkeypatch
):
    """The district poverty figures and the 30a list are old Lào Cai's, of 2019–2020 (data/poverty_district.csv,
    data/poor_districts.csv): an old Yên Bái period shows none of them, a 2026 period shows them saying whose and
    of which year, February 2020 shows them as before."""
    monkeypatch.setenv("NTM_DB", str(bundled_db))
    yen_bai = open_page("pages/poverty.py", period_id="2024-07")
    assert not yen_bai.exception
    shown = " ".join(str(e.value) for e in [*yen_bai.markdown, *yen_bai.subheader, *yen_bai.caption])
    assert "Mường Khương" not in shown and "Huyện nghèo (Chương trình 30a)" not in shown
    assert "Nguồn lực huy động" not in shown
    assert [i.value for i in yen_bai.info] == [
        "Bộ dữ liệu chưa có số liệu giảm nghèo theo huyện của tỉnh trong kỳ này."
    ]
    vintage = "Số liệu theo huyện mới nhất là của năm 2020 (Lào Cai (cũ))"
    merged = open_page("pages/poverty.py", period_id="2026-06")
    assert sum(c.value.startswith(vintage) for c in merged.caption) == 2  # under the 30a list and the district table
    letter = open_page("pages/poverty.py", period_id="2020-02")
    assert not any(c.value.startswith(vintage) for c in letter.caption)
    assert "Mường Khương" in " ".join(m.value for m in letter.markdown)
