"""Loading 2026 data and reading poverty after 2025 (issue 11).

Codes: every unit of the merged province took the code of an old unit (02680 was xã Hợp Thành of old Lào
Cai and is xã Hợp Thành of 01/07/2025), while 02662 (xã Đồng Tuyển) ended on 30/06/2025: a 2026 file that
uses it mixes old and new codes and is refused, the row named. Poverty: NĐ 351/2025 applies from 2027, so
the 2026–2030 phase has two standards and the series breaks (poverty_standards.csv).
"""

from datetime import date

import pytest

from ntm.loading import auth, importer
from ntm.loading.catalog import Catalog, NotFound
from ntm.measures.metrics import Scope
from ntm.plan import poverty
from tests.importing import make_store, xlsx

HEAD = ["Kỳ báo cáo", "Mã xã", "Tên xã", "Tiêu chí", "Kết quả"]


@pytest.fixture(scope="module")
def catalog(bundled_db):
    return Catalog.load(bundled_db)


def test_a_code_resolves_by_the_date_of_the_period(catalog):
    assert catalog.unit_for_period("2026-06", "02680", "", None).unit_id == "02680-2025"
    assert catalog.unit_for_period("2020-12", "02680", "", None).unit_id == "02680"
    assert catalog.unit_on(date(2026, 1, 1), "02680", "", None).unit_id == "02680-2025"
    assert catalog.unit_on(date(2024, 12, 31), "02680", "", None).unit_id == "02680"


def test_an_old_code_in_a_2026_period_says_it_ended_with_the_reform(catalog):
    with pytest.raises(NotFound) as err:
        catalog.unit_for_period("2026-06", "02662", "", None)
    assert str(err.value) == (
        "mã xã '02662' không có trong danh sách xã của kỳ 2026-06 "
        "(mã 02662 là của Đồng Tuyển đến 30/06/2025: không dùng được cho kỳ 2026-06)"
    )


def test_a_2026_file_mixing_old_and_new_codes_is_refused_naming_the_row(tmp_path, bundled_db):
    store = make_store(tmp_path, bundled_db)
    content = xlsx([HEAD, ["2026-06", "02680", "Hợp Thành", 1, "Đạt"], ["2026-06", "02662", "Đồng Tuyển", 1, "Đạt"]])
    result = importer.preview(content, "tron_ma.xlsx", store, auth.User("tinh", None))
    assert not result.ok
    report = result.report()
    assert "dòng 3: cột 'Mã xã' (giá trị: '02662')" in report and "Đồng Tuyển đến 30/06/2025" in report


def test_the_poverty_series_breaks_where_the_standard_changes(bundled_con):
    rep = poverty.report(bundled_con, Scope("2026-06"))
    series = rep.province.set_index("year")
    assert series.loc[2024, "standard_id"] == "md_2022_2025" and series.loc[2024, "poverty_rate_pct"] == 11.24
    assert series.break_before.tolist() == [False, True, False, True]  # 2011 | 2019, 2020 | 2024
    phase = rep.standards.set_index("standard_id")
    assert (phase.loc["md_2026_2030", "first_year"], phase.loc["md_2026_2030", "legal_basis"]) == (
        2027,
        "NĐ 351/2025/NĐ-CP",
    )
    assert phase.loc["md_2022_2025", "last_year"] == 2026
    # the 2020 view reads the series it always read, up to 2020
    assert poverty.report(bundled_con, Scope("2020-02")).province.year.tolist() == [2011, 2019, 2020]
