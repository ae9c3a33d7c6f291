"""Every page draws a period after 2020 without an error (issue 11): old Yên Bái on its own layer and
districts, and the illustrative 2026 period (merged province, 10 criteria, former districts)."""

import pytest

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
