"""Building the database: atomic, validated, with Vietnamese messages naming file, row and column."""

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from ntm.data import build, db
from ntm.data.validate import DataError
from tests import mini
from tests.cli import run_cli

ROOT = mini.Path(__file__).resolve().parents[1]


def _rewrite(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_status_value_names_file_row_and_column(tmp_path):
    ref, data = mini.write(tmp_path)
    # the third data row of commune_status.csv is 2019-12,00001,...,criterion 3 -> spreadsheet row 4
    _rewrite(data / "commune_status.csv", "2019-12,00001,00001,3,1,", "2019-12,00001,00001,3,Đạt,")
    with pytest.raises(DataError) as err:
        build.build(tmp_path / "x.duckdb", data, ref)
    problem = err.value.problems[0]
    assert (problem.file, problem.row, problem.column, problem.value) == ("commune_status.csv", 4, "met", "Đạt")
    assert "Tệp commune_status.csv, dòng 4, cột 'met'" in str(err.value)


def test_unknown_unit_and_criterion_are_reported(tmp_path):
    ref, data = mini.write(tmp_path)
    _rewrite(data / "commune_status.csv", "2019-12,00002,00002,1,", "2019-12,00009,00009,1,")
    _rewrite(data / "commune_status.csv", "2019-12,00004,00004,2,", "2019-12,00004,00004,7,")
    with pytest.raises(DataError) as err:
        build.build(tmp_path / "x.duckdb", data, ref)
    messages = [str(p) for p in err.value.problems]
    assert any("dòng 5" in m and "xã không thuộc danh sách xã của kỳ 2019-12" in m for m in messages)
    assert any("cột 'criterion_code'" in m and "'7'" in m for m in messages)


def test_a_reference_broken_by_its_parent_file_alone_is_reported_after_a_good_build(tmp_path):
    """The build keeps the foreign-key checks of contents it checked before: the child file unchanged, a parent
    file that loses the row it names must still be reported."""
    ref, data = mini.write(tmp_path)
    build.build(tmp_path / "x.duckdb", data, ref)
    _rewrite(data / "period_units.csv", "2019-12,00002,00002\n", "")
    with pytest.raises(DataError) as err:
        build.build(tmp_path / "x.duckdb", data, ref)
    messages = [str(p) for p in err.value.problems]
    assert any("commune_status.csv" in m and "xã không thuộc danh sách xã của kỳ 2019-12" in m for m in messages)


def test_missing_column_and_duplicates(tmp_path):
    ref, data = mini.write(tmp_path)
    _rewrite(data / "targets.csv", "deadline,", "hạn,")
    _rewrite(data / "criteria.csv", "SET3,2,Giao thông", "SET3,1,Giao thông")
    with pytest.raises(DataError) as err:
        build.build(tmp_path / "x.duckdb", data, ref)
    text = str(err.value)
    assert "Tệp targets.csv, cột 'deadline': thiếu cột bắt buộc" in text
    assert "criteria.csv" in text and "trùng lặp" in text


def test_a_failed_build_leaves_the_previous_database_untouched(tmp_path):
    ref, data = mini.write(tmp_path)
    target = tmp_path / "x.duckdb"
    build.build(target, data, ref)
    before = target.read_bytes()
    _rewrite(data / "periods.csv", "2019-12-31", "31/12/2019")
    with pytest.raises(DataError):
        build.build(target, data, ref)
    assert target.read_bytes() == before
    assert not list(tmp_path.glob("x.duckdb.tmp-*"))


def test_files_changed_between_two_builds_of_one_process_are_read_again(tmp_path):
    """The build keeps the places and schema checks of the inputs it read (an import rebuilds from mostly
    the same bytes): a data file or a reference catalogue edited in between must still be read again."""
    ref, data = mini.write(tmp_path)
    target = tmp_path / "x.duckdb"

    def read(sql):
        con = db.connect(target)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    build.build(target, data, ref)
    assert read("SELECT met FROM commune_status WHERE unit_id = '00006' AND criterion_code = '1'") == [(False,)]
    assert read("SELECT unit_name FROM units WHERE unit_id = '00001'") == [("Bản Xen",)]
    _rewrite(data / "commune_status.csv", "2019-12,00006,00006,1,0,", "2019-12,00006,00006,1,1,")
    _rewrite(ref / "reference/laocai_units_2020.csv", ",00001,Bản Xen,", ",00001,Bản Xen Mới,")
    build.build(target, data, ref)
    assert read("SELECT met FROM commune_status WHERE unit_id = '00006' AND criterion_code = '1'") == [(True,)]
    # renamed in 2020: the code names a new unit version, the 2019 one keeps its name
    assert read("SELECT unit_id, unit_name FROM units WHERE unit_code = '00001' ORDER BY 1") == [
        ("00001", "Bản Xen"),
        ("00001-2020", "Bản Xen Mới"),
    ]
    _rewrite(data / "commune_status.csv", "2019-12,00006,00006,1,1,", "2019-12,00006,00006,1,Đạt,")
    with pytest.raises(DataError, match="commune_status.csv, dòng 14, cột 'met'"):
        build.build(target, data, ref)


def test_missing_reference_folder_says_how_to_fix(tmp_path):
    _, data = mini.write(tmp_path)
    with pytest.raises(FileNotFoundError, match="NTM_REF_DIR"):
        build.build(tmp_path / "x.duckdb", data, tmp_path / "nowhere")


def test_ensure_database_builds_when_missing(tmp_path, monkeypatch):
    target = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("NTM_DB", str(target))
    assert build.ensure_database() == target and target.exists()
    con = db.connect(target)
    assert con.execute("SELECT count(*) FROM periods").fetchone()[0] == 10
    con.close()


def _cli(*args, env_db):
    env = {**os.environ, "NTM_DB": str(env_db)}
    return subprocess.run(
        [sys.executable, "-m", "ntm", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_cli_periods_and_metrics(bundled_db):
    out = _cli("periods", env_db=bundled_db)
    assert out.returncode == 0
    assert "2020-02  07/02/2020  134 xã" in out.stdout
    env = {"NTM_DB": str(bundled_db)}  # the entry point ran once above; the same `main` runs here in-process
    out = run_cli("metrics", "--period", "2020-02", env=env)
    assert out.returncode == 0
    assert "52/134 xã đạt chuẩn NTM (38,8%)" in out.stdout and "+10,8 điểm %" in out.stdout
    data = json.loads(run_cli("metrics", "--period", "2019-12", "--district", "086", "--json", env=env).stdout)
    assert data["summary"]["base"] == 12 and data["districts"][0]["district_code"] == "086"


def test_cli_rejects_an_unknown_period(bundled_db):
    out = run_cli("metrics", "--period", "2030-01", env={"NTM_DB": str(bundled_db)})
    assert out.returncode == 2 and "không có kỳ báo cáo '2030-01'" in out.stderr


def test_a_changed_input_makes_the_database_stale(tmp_path):
    ref, data = mini.write(tmp_path)
    target = tmp_path / "x.duckdb"
    build.build(target, data, ref)
    assert not build.is_stale(target, data, ref)
    _rewrite(data / "targets.csv", ",28,%,", ",30,%,")
    assert build.is_stale(target, data, ref)
    build.build(target, data, ref)
    con = db.connect(target)
    assert db.query(con, "SELECT value FROM targets")["value"].tolist() == [30.0]
    con.close()


def test_a_reader_sees_the_swapped_file(tmp_path):
    """After a rebuild swaps the file, a new read-only connection reads the new content even while
    a connection to the old file is still open in the same process."""
    ref, data = mini.write(tmp_path)
    target = tmp_path / "x.duckdb"
    build.build(target, data, ref)
    old = db.connect(target)
    _rewrite(data / "targets.csv", ",28,%,", ",35,%,")
    build.build(target, data, ref)
    new = db.connect(target)
    assert db.query(new, "SELECT value FROM targets")["value"].tolist() == [35.0]
    assert db.query(old, "SELECT value FROM targets")["value"].tolist() == [28.0]
    old.close()
    new.close()


def test_a_database_built_from_another_folder_is_never_rebuilt(tmp_path):
    """ensure_database must not overwrite a test or scratch database with the bundled data."""
    ref, data = mini.write(tmp_path)
    target = tmp_path / "x.duckdb"
    build.build(target, data, ref)
    assert not build.is_stale(target)  # judged against the bundled data/: foreign, left alone


def test_a_composite_key_is_matched_whole_whatever_its_values_hold():
    """References and the store's overlay match keys as one text each (validate.key_array): ("a␟b", "c") and
    ("a", "b␟c") would join to the same text with a separator; each value follows its length, so only the same
    pair of values matches."""
    from ntm.data.validate import in_keys, key_array

    columns = ["period_id", "unit_id"]
    known = pd.DataFrame({"period_id": ["2020-12", "a"], "unit_id": ["02779", "b\x1fc"]})
    asked = pd.DataFrame(
        {"period_id": ["2020-12", "a\x1fb", "2020-1", "a"], "unit_id": ["02779", "c", "202779", "b\x1fc"]}
    )
    assert in_keys(key_array(asked, columns), key_array(known, columns)).tolist() == [True, False, False, True]
