"""The table registry: one entry per table drives the build, validation, the import store and the export.

The end-to-end test adds a table the way a feature would (one registry entry plus its CSV) and finds
it everywhere: in the database, in validation messages, in the export's data dictionary, in the
store keys and in the build's fingerprint.
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from ntm.data import build, config, db, registry, validate
from ntm.data.registry import CODE5, YEAR, ForeignKey, Table, integer, text
from ntm.data.validate import DataError
from ntm.loading import archive
from ntm.loading.store import Store
from tests import mini

NOTES = Table(
    "commune_notes",
    "ghi chú về xã",
    "commune note",
    (
        text("unit_id", not_null=True, pattern=CODE5),
        integer("year", "Năm ghi chú", pattern=YEAR),
        text("period_id", "Kỳ báo cáo liên quan (nếu có)"),
        text("note", "Nội dung ghi chú", not_null=True, header="ghi_chu"),
    ),
    file="commune_notes.csv",
    key=("unit_id", "year"),
    importable=True,
    foreign_keys=(ForeignKey(("unit_id",), "units"), ForeignKey(("period_id",), "periods")),
)
NOTES_CSV = "unit_id,year,period_id,ghi_chu\n00001,2019,2019-12,Xã điểm\n00004,2020,,Thiếu nước\n"


@pytest.fixture()
def with_notes(tmp_path, monkeypatch):
    """The mini dataset plus the notes table, declared only by its registry entry and its file."""
    monkeypatch.setattr(registry, "TABLES", registry.TABLES + (NOTES,))
    ref, data = mini.write(tmp_path)
    (data / "commune_notes.csv").write_text(NOTES_CSV, encoding="utf-8")
    return ref, data


def _rows(path, sql):
    con = db.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_table_added_by_one_entry_is_built_with_its_declared_types(with_notes, tmp_path):
    ref, data = with_notes
    target = build.build(tmp_path / "x.duckdb", data, ref)
    assert _rows(target, "SELECT unit_id, year, period_id, note FROM commune_notes ORDER BY unit_id") == [
        ("00001", 2019, "2019-12", "Xã điểm"),
        ("00004", 2020, None, "Thiếu nước"),
    ]  # blank: no period
    types = _rows(
        target,
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = 'commune_notes' ORDER BY ordinal_position",
    )
    assert types == [("unit_id", "VARCHAR"), ("year", "INTEGER"), ("period_id", "VARCHAR"), ("note", "VARCHAR")]
    assert not build.is_stale(target, data, ref)
    (data / "commune_notes.csv").write_text(NOTES_CSV.replace("Thiếu nước", "Đủ nước"), encoding="utf-8")
    assert build.is_stale(target, data, ref)  # the new file is an input of the build


def test_a_bad_row_of_the_added_table_is_reported_in_vietnamese(with_notes, tmp_path):
    ref, data = with_notes
    (data / "commune_notes.csv").write_text(NOTES_CSV.replace("00004,2020", "00004,năm 2020"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        build.build(tmp_path / "x.duckdb", data, ref)
    assert [(p.file, p.row, p.column, p.value) for p in err.value.problems] == [
        ("commune_notes.csv", 3, "year", "năm 2020")
    ]
    assert "Tệp commune_notes.csv, dòng 3, cột 'year': sai định dạng (giá trị: 'năm 2020')" in str(err.value)

    bad = NOTES_CSV.replace("00004,", "00009,").replace("2019-12", "2019-13")
    (data / "commune_notes.csv").write_text(bad, encoding="utf-8")
    with pytest.raises(DataError) as err:
        build.build(tmp_path / "x.duckdb", data, ref)
    assert [str(p) for p in err.value.problems] == [
        "Tệp commune_notes.csv, dòng 3, cột 'unit_id': đơn vị hành chính không tồn tại (giá trị: '00009')",
        "Tệp commune_notes.csv, dòng 2, cột 'period_id': kỳ báo cáo không tồn tại (giá trị: '2019-13')",
    ]


def test_the_added_table_is_in_the_export_dictionary_and_the_store(with_notes, tmp_path):
    ref, data = with_notes
    target = build.build(tmp_path / "x.duckdb", data, ref)
    store = Store(tmp_path / "store", target, data, ref)
    with zipfile.ZipFile(io.BytesIO(archive.export_zip(store))) as zf:
        assert zf.read("data/commune_notes.csv").decode() == NOTES_CSV
        dictionary = pd.read_csv(io.BytesIO(zf.read("tu_dien_du_lieu.csv")), dtype=str, keep_default_na=False)
    notes = dictionary[dictionary["tệp"] == "commune_notes.csv"]
    assert notes[["bảng", "cột", "mô tả", "khóa", "số dòng"]].values.tolist() == [
        [
            "ghi chú về xã",
            "unit_id",
            "Mã phiên bản đơn vị hành chính (mã GSO, thêm -2020 nếu mã bị dùng lại)",
            "có",
            "2",
        ],
        ["ghi chú về xã", "year", "Năm ghi chú", "có", "2"],
        ["ghi chú về xã", "period_id", "Kỳ báo cáo liên quan (nếu có)", "", "2"],
        ["ghi chú về xã", "ghi_chu", "Nội dung ghi chú", "", "2"],
    ]

    assert registry.store_keys()["commune_notes.csv"] == ["unit_id", "year"]
    version = tmp_path / "store" / "versions" / "000001"  # an import's overlay: one row replaced by key
    version.mkdir(parents=True)
    (version / "commune_notes.csv").write_text("unit_id,year,ghi_chu\n00004,2020,Đã có nước\n", encoding="utf-8")
    build.build(target, data, ref, overlay=version)
    assert _rows(target, "SELECT unit_id, note FROM commune_notes ORDER BY unit_id") == [
        ("00001", "Xã điểm"),
        ("00004", "Đã có nước"),
    ]


def test_an_optional_file_left_out_gives_an_empty_table_with_every_declared_column(tmp_path):
    ref, data = mini.write(tmp_path)  # the mini dataset has no traffic_lights.csv
    frames = build.read_data(data)
    assert list(frames["traffic_lights.csv"].columns) == [
        "light",
        "sort_order",
        "label_vi",
        "label_en",
        "colour",
        "min_gap_points",
        "source",
        "source_en",
    ]
    target = build.build(tmp_path / "x.duckdb", data, ref)
    assert _rows(target, "SELECT count(*) FROM traffic_lights") == [(0,)]


def test_generated_ddl_of_a_fact_table():
    """File-only columns are not stored; a data file's key and references are checked by validation (below), not
    by database constraints; a table built from the reference folder keeps them."""
    assert registry._create(registry.table("commune_status")) == (
        "CREATE TABLE commune_status (\n"
        "    period_id VARCHAR NOT NULL,\n"
        "    unit_id VARCHAR NOT NULL,\n"
        "    criterion_code VARCHAR NOT NULL,\n"
        "    met BOOLEAN NOT NULL,\n"
        "    value DOUBLE,\n"
        "    provenance VARCHAR NOT NULL\n"
        ");\n"
    )
    assert "    district_code VARCHAR NOT NULL,\n" in registry._create(registry.table("poor_districts"))
    units = registry._create(registry.table("units"))
    assert "    unit_id VARCHAR PRIMARY KEY,\n" in units
    assert "    province_id VARCHAR NOT NULL REFERENCES provinces (province_id),\n" in units


@pytest.fixture(scope="module")
def bundled_inputs():
    frames, built, problems = build.read_inputs(config.DATA_DIR, config.ref_dir())
    assert problems == []
    return frames, built


def _file_tables_with_rows(frames):
    return [t for t in registry.file_tables() if len(frames[t.file])]


def test_validation_reports_a_duplicate_key_in_every_data_file_that_declares_one(bundled_inputs):
    """What a PRIMARY KEY would refuse in the database, validation reports first: a file's first row repeated."""
    frames, _ = bundled_inputs
    keyed = [t for t in _file_tables_with_rows(frames) if t.key]
    assert len(keyed) >= 15 and "commune_status" in {t.name for t in keyed}
    for t in keyed:
        frame = frames[t.file]
        doubled = pd.concat([frame, frame.iloc[:1]], ignore_index=True)
        problems = build.checked_file(t, doubled)
        named = {(p.file, p.row) for p in problems if "trùng lặp khóa" in p.message}
        assert named == {(t.file, 2), (t.file, len(frame) + 2)}, t.name  # the row and its copy


def test_validation_reports_a_dangling_reference_for_every_declared_reference(bundled_inputs, monkeypatch):
    """What a FOREIGN KEY would refuse, validation reports first: the build's check visits every reference of every
    data file, and each one names the rows of the child whose parent (a data file or a built table) lacks them."""
    frames, built = bundled_inputs
    visited = []
    check_one = validate.references
    monkeypatch.setattr(validate, "references", lambda child, t, fk, *a: visited.append((t.name, fk)) or [])
    assert validate.foreign_keys(frames, built) == []
    assert visited == [(t.name, fk) for t in registry.file_tables() for fk in t.foreign_keys]
    checked = 0
    for t in _file_tables_with_rows(frames):
        for fk in t.foreign_keys:
            parent = registry.table(fk.table)
            cols = [parent.header(c) for c in fk.targets] if parent.file else list(fk.targets)
            emptied = (frames[parent.file] if parent.file else built[parent.name]).iloc[0:0]
            child = frames[t.file][[t.header(c) for c in fk.columns]]
            filled = (child.notna() & (child != "")).all(axis=1)  # a blank reference refers to nothing
            problems = check_one(frames[t.file], t, fk, validate.key_array(emptied, cols), t.file)
            assert {p.row for p in problems} == {i + 2 for i in child.index[filled]}, (t.name, fk)
            assert all(p.file == t.file and p.column in fk_headers(t, fk) for p in problems), (t.name, fk)
            checked += filled.any()
    assert checked >= 20


def fk_headers(t, fk) -> set[str]:
    return {t.header(c) for c in fk.columns}


def test_store_keys_are_the_importable_tables():
    assert registry.store_keys() == {
        "commune_status.csv": ["period_id", "unit_id", "criterion_code"],
        "recognitions.csv": ["unit_id", "level"],
        "targets.csv": ["target_id"],
        "sponsors.csv": ["unit_id", "agency"],
        "advanced_recognitions.csv": ["unit_id", "level"],
        "poverty_district.csv": ["year", "district_code"],
        "resources.csv": ["year", "district_code", "source_code"],
        "commune_groups.csv": ["period_id", "unit_id"],
    }


def test_every_column_of_every_bundled_file_is_declared_and_described():
    for t in registry.file_tables():
        header = list(pd.read_csv(config.DATA_DIR / t.file, dtype=str, nrows=0).columns)
        assert set(header) <= {c.file_header for c in t.file_columns}, t.file
    undescribed = [(t.name, c.name) for t in registry.TABLES for c in t.columns if not c.about]
    assert undescribed == []


def test_keys_and_references_name_declared_columns_of_earlier_tables():
    seen: set[str] = set()
    for t in registry.TABLES:
        names = {c.name for c in t.columns}
        assert set(t.key) <= names, t.name
        for fk in t.foreign_keys:
            assert set(fk.columns) <= names and fk.table in seen, (t.name, fk)
            assert set(fk.targets) <= {c.name for c in registry.table(fk.table).columns}, (t.name, fk)
        seen.add(t.name)


def test_a_reference_to_a_unit_that_does_not_exist_is_named_before_the_database_refuses_it(tmp_path):
    ref, data = mini.write(tmp_path)
    text_ = (data / "sponsors.csv").read_text(encoding="utf-8")
    (data / "sponsors.csv").write_text(text_.replace("00006,Sở Y tế", "00099,Sở Y tế"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        build.build(tmp_path / "x.duckdb", data, ref)
    assert [str(p) for p in err.value.problems] == [
        "Tệp sponsors.csv, dòng 3, cột 'unit_id': đơn vị hành chính không tồn tại (giá trị: '00099')"
    ]


def test_an_import_checks_the_references_of_the_files_it_changes_and_only_those(bundled_inputs):
    """An import changes a file or two; the others agreed when the database was built. A dangling reference in a
    changed file, or to a row a changed file no longer has, is found; one between two unchanged files is not
    looked for."""
    frames, built = bundled_inputs
    broken = dict(frames)
    sponsors = frames["sponsors.csv"].copy()
    sponsors.loc[sponsors.index[0], "unit_id"] = "99999"
    broken["sponsors.csv"] = sponsors
    recognitions = frames["recognitions.csv"].copy()
    recognitions.loc[recognitions.index[0], "unit_id"] = "99998"
    broken["recognitions.csv"] = recognitions
    found = validate.foreign_keys(broken, built, changed={"sponsors.csv"})
    assert [(p.file, p.row, p.value) for p in found] == [("sponsors.csv", 2, "99999")]
    no_periods = dict(frames, **{"periods.csv": frames["periods.csv"].iloc[0:0]})
    found = validate.foreign_keys(no_periods, built, changed={"periods.csv"})
    naming_periods = {t.file for t in _file_tables_with_rows(frames) for fk in t.foreign_keys if fk.table == "periods"}
    assert "commune_status.csv" in naming_periods and {p.file for p in found} >= naming_periods
