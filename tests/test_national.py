"""National scale (issue 15) on a small sample: new Lào Cai (old 10 + old 15) and Cao Bằng (04), generated and
built into a temporary folder by the same commands an office would run. The full country is measured by
bench/bench_national.py only; its calibration is checked here on the function that makes it exact."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ntm.data import config, db
from ntm.generate import national as national_gen
from ntm.measures import metrics, national
from pages.ui.nav import NATIONAL_PAGES, PAGE_SPECS
from tests.cli import run_cli

SAMPLE = ["15", "04"]
# present_facts.md §6: by 06/2025, 6 084/7 669 xã (79,3%) met NTM, 17,5 criteria on average
RECOGNISED, BASE, AVERAGE = 6084, 7669, 17.5
XA_LISTED = 7704  # xã of the GSO list of 03/2025 in the crosswalk (reference README: 10 052 old units)


def _cli(*args: str) -> subprocess.CompletedProcess:
    """The command line in this process (tests/cli.py); tests/test_build.py runs the real `python -m ntm`."""
    return run_cli(*args)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """The sample generated and built through the command line (generate --national, build --data --db)."""
    folder = tmp_path_factory.mktemp("national")
    out = _cli("generate", "--national", "--out", str(folder / "data"), "--sample", ",".join(SAMPLE))
    assert out.returncode == 0, out.stderr
    path = folder / "ntm.duckdb"
    out = _cli("build", "--data", str(folder / "data"), "--db", str(path))
    assert out.returncode == 0, out.stderr
    return path


@pytest.fixture(scope="module")
def sample_con(sample_db):
    con = db.connect(sample_db)
    yield con
    con.close()


def _sample_xa() -> int:
    """xã of the sample's old provinces in the crosswalk (the source), before the base leaves some out."""
    cw = pd.read_csv(config.ref_dir() / config.NATIONAL_CROSSWALK_FILE, dtype=str)
    cw = cw[cw.new_province_code.str.zfill(2).isin(SAMPLE)].drop_duplicates("old_code")
    return int((cw.old_type == "Xã").sum())


def test_the_sample_holds_the_national_share_and_average_on_its_scale(sample_con):
    """Base = sample xã less their share of the 35 xã the national base leaves out; recognised = 79,33% of it."""
    xa = _sample_xa()
    base = xa - round(35 * xa / XA_LISTED)
    s = national.summary(sample_con, date(2025, 6, 30))
    assert s.base == base
    assert s.recognised == round(RECOGNISED * base / BASE)
    assert round(s.avg_criteria, 1) == AVERAGE
    assert abs(s.pct - 100 * RECOGNISED / BASE) < 100 / base  # within one commune of 79,33%
    assert s.illustrative


def test_the_calibration_is_exact_at_the_scale_of_the_country():
    """The national base: 6 084 communes meet all 19 criteria and the criteria add up to 17,5 × 7 669."""
    rng = np.random.default_rng(1)
    k = national_gen.calibrated_counts(rng.normal(size=BASE), RECOGNISED, int(AVERAGE * BASE + 0.5), 19, rng)
    assert (k == 19).sum() == RECOGNISED
    assert k.sum() == 134208  # 17,5 × 7 669 = 134 207,5, rounded half up
    assert f"{k.mean():.1f}" == "17.5" and f"{(k == 19).mean() * 100:.1f}" == "79.3"
    assert k.max() == 19 and k[k < 19].max() <= 18 and k.min() >= 1


def test_every_province_has_its_periods_and_every_row_is_illustrative(sample_con):
    """Three old provinces × 9 periods and two new ones × 2; ids carry the province."""
    per = metrics.periods(sample_con)
    assert per.groupby("province_id").size().to_dict() == {"04": 9, "10": 9, "15": 9, "04-2025": 2, "15-2025": 2}
    assert set(per["source_status"]) == {"illustrative"}
    assert "2025-06.10" in set(per["period_id"]) and "2026-06.15-2025" in set(per["period_id"])
    prov = db.query(sample_con, "SELECT DISTINCT provenance FROM commune_status")
    assert prov["provenance"].tolist() == ["illustrative"]


def test_a_province_line_runs_through_the_merger(sample_con):
    """New Lào Cai's line holds old Lào Cai's and old Yên Bái's periods, not Cao Bằng's."""
    line = national.line_periods(sample_con, "15-2025")
    assert {p.split(".", 1)[1] for p in line} == {"10", "15", "15-2025"}
    assert national.current_provinces(sample_con)["province_id"].tolist() == ["04-2025", "15-2025"]
    assert national.province_of(sample_con, "2020-12.04") == "04-2025"


def test_after_the_merger_a_xa_meets_a_criterion_when_every_former_xa_did(sample_con):
    """2025-07: the new xã's criteria met are the intersection of its former xã's at 06/2025 (by the crosswalk)."""
    new = db.query(
        sample_con,
        """SELECT l.to_unit_id, count(*) AS n FROM unit_lineage l JOIN units u ON u.unit_id = l.from_unit_id
           JOIN units nu ON nu.unit_id = l.to_unit_id AND nu.unit_type = 'xã'
           JOIN period_units pu ON pu.unit_id = l.from_unit_id AND pu.period_id = '2025-06.' || u.province_id
           GROUP BY ALL HAVING count(*) > 1 ORDER BY l.to_unit_id LIMIT 1""",
    ).iloc[0]
    olds = db.query(
        sample_con,
        """SELECT cs.unit_id, cs.criterion_code, cs.met FROM unit_lineage l JOIN units u ON u.unit_id = l.from_unit_id
           JOIN commune_status cs ON cs.unit_id = l.from_unit_id AND cs.period_id = '2025-06.' || u.province_id
           WHERE l.to_unit_id = $new""",
        {"new": new["to_unit_id"]},
    )
    expected = olds.groupby("criterion_code")["met"].all()
    got = db.query(
        sample_con,
        "SELECT criterion_code, met FROM commune_status WHERE unit_id = $new AND period_id LIKE '2025-07.%'",
        {"new": new["to_unit_id"]},
    ).set_index("criterion_code")["met"]
    assert got.sort_index().tolist() == expected.sort_index().tolist()


def test_the_command_line_reads_the_database_named_by_db(sample_db):
    out = _cli("national", "--db", str(sample_db), "--date", "2025-06", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [p["province_id"] for p in doc["provinces"]] and len(doc["provinces"]) == 3
    assert sum(p["base"] for p in doc["provinces"]) == doc["summary"]["base"]
    out = _cli("metrics", "--db", str(sample_db), "--province", "10", "--period", "2025-06", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["summary"]["period_id"] == "2025-06.10"
    out = _cli("metrics", "--db", str(sample_db), "--province", "15-2025", "--period", "2024-12")
    assert out.returncode == 2 and "2024-12.10, 2024-12.15" in out.stderr  # two old provinces: say which


def test_generate_refuses_a_sample_of_no_province(tmp_path):
    out = _cli("generate", "--national", "--out", str(tmp_path), "--sample", "99")
    assert out.returncode == 2 and "99" in out.stderr


# ---- the interface on the sample ----------------------------------------------------------------------

PAGES = [None] + [path for path, *_ in PAGE_SPECS[1:] + NATIONAL_PAGES]  # None: the default page (overview)


def _picker(at):
    return [s for s in at.selectbox if s.label == "Tỉnh, thành phố"]


def test_the_province_picker_appears_only_with_several_provinces(sample_db, bundled_db, monkeypatch):
    from tests.conftest import open_page

    monkeypatch.setenv("NTM_DB", str(sample_db))
    at = open_page(period_id="2025-06.10")
    assert not at.exception, at.exception
    (picker,) = _picker(at)
    assert picker.options == ["Cao Bằng", "Lào Cai"] and picker.value == "15-2025"  # the period's line
    periods = next(s for s in at.selectbox if s.label == "Kỳ báo cáo")
    assert len(periods.options) == 9 + 9 + 2  # old Lào Cai, old Yên Bái, new Lào Cai
    picker.set_value("04-2025").run()  # Cao Bằng: the same date in its own line
    assert at.session_state["period_id"] == "2025-06.04"
    monkeypatch.setenv("NTM_DB", str(bundled_db))
    at = open_page()
    assert not at.exception and not _picker(at)
    assert at.session_state["period_id"] == "2020-02"


@pytest.mark.parametrize("period", ["2025-06.10", "2026-06.04-2025"])
@pytest.mark.parametrize("script", PAGES)
def test_every_page_works_for_one_province_of_the_national_database(sample_db, monkeypatch, script, period):
    from tests.conftest import open_page

    monkeypatch.setenv("NTM_DB", str(sample_db))
    at = open_page(script, period_id=period)
    assert not at.exception, at.exception


def test_the_national_page_ranks_the_provinces(sample_db, sample_con, monkeypatch):
    from tests.conftest import open_page

    monkeypatch.setenv("NTM_DB", str(sample_db))
    at = open_page("pages/national.py", period_id="2025-06.10")
    assert not at.exception, at.exception
    s = national.summary(sample_con, date(2025, 6, 30))
    assert any(f"{s.recognised}/{s.base} xã đạt chuẩn NTM" in h.value for h in at.subheader)
    table = national.ranking(sample_con, date(2025, 6, 30)).table
    assert sorted(table["district_code"]) == ["04", "10", "15"]
    assert table["base"].sum() == s.base and table["recognised"].sum() == s.recognised


def test_the_maps_join_by_code_and_keep_their_budgets(sample_con):
    """Provinces of 2019 (63) and of 2025 (34, unions through the crosswalk); Lào Cai's communes by code."""
    from geo import national_map

    old, new = national_map.province_shapes(False), national_map.province_shapes(True)
    assert len(old) == 63 and len(new) == 34 and "15-2025" in set(new["province_id"])
    m = national_map.province_map(sample_con, date(2025, 6, 30), "x")
    assert national_map.payload_bytes(m) <= 1_000_000
    shapes = national_map.commune_shapes("10", False)
    base = set(db.query(sample_con, "SELECT unit_id FROM period_units WHERE period_id = '2025-06.10'")["unit_id"])
    assert len(base & set(shapes["unit_code"])) >= 0.9 * len(base)  # 2019 outlines of 03/2025 codes
    page = national_map.commune_map_html(sample_con, "2025-06.10", "x")
    assert page is not None and len(page.encode()) <= 400_000
    assert "https://" not in page.replace("https://leafletjs.com", "")  # nothing fetched from the Internet
