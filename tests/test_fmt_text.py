"""Vietnamese formats and name folding, with values worked out by hand."""

from datetime import date

import pytest

from ntm.locale import fmt
from ntm.locale.text import fold, nfc


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (52 / 134 * 100, "38,8%", "38.8%"),
        (52 / 143 * 100, "36,4%", "36.4%"),
        (0.05, "0,1%", "0.1%"),  # half up, not banker's rounding
        (100.0, "100,0%", "100.0%"),
    ],
)
def test_percent(value, vi, en):
    assert fmt.percent(value) == vi
    assert fmt.percent(value, lang="en") == en


def test_numbers_and_signs():
    assert fmt.number(14.0629) == "14,1"
    assert fmt.integer(14322) == "14.322"
    assert fmt.integer(14322, lang="en") == "14,322"
    assert fmt.number(1234.56) == "1.234,6"
    assert fmt.signed(10.806) == "+10,8"
    assert fmt.signed(-8.4196) == "-8,4"
    assert fmt.signed(-0.04) == "0,0"
    assert fmt.percent(None) == "—"


def test_dates_are_day_month_year():
    assert fmt.day(date(2020, 2, 7)) == "07/02/2020"


def test_fold_and_nfc():
    nfd = "Ba\u0309n Xen"  # NFD: combining hook above
    assert nfc(f"  {nfd}  ") == "Bản Xen"
    assert fold("Bản Xen") == "ban xen"
    assert fold("Đồng Tuyển") == "dong tuyen"
    assert fold(nfd) == fold("BẢN XEN")
