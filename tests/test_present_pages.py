"""Every page draws a period after 2020 without an error (issue 11): old Yên Bái on its own layer and
districts, and the illustrative 2026 period (merged province, 10 criteria, former districts)."""

import pytest

from tests.conftest import open_page

PAGES = [
    None,  # the overview
    "pages/communes.py",
    "pages/criteria.py",
    "pages/districts.py",
    "pages/map.py",
    "pages/plan.py",
    "pages/poverty.py",
    "pages/present.py",
    "pages/target_gap.py",
    "pages/data.py",
]


@pytest.mark.parametrize("period", ["2024-07", "2026-06"])
@pytest.mark.parametrize("script", PAGES)
def test_the_page_draws_the_period(bundled_db, script, period):
    at = open_page(script, period_id=period)
    assert not at.exception, at.exception
