"""pages/ui/cache.py: an answer is kept per function, arguments and database file, and a swapped-in file
is noticed without anyone passing a version."""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from ntm.data import db
from pages.ui import cache


@pytest.fixture()
def app_db(mini_db, tmp_path, monkeypatch):
    """A copy of the mini database as the app's database (NTM_DB), kept as it is (no rebuild as stale)."""
    path = tmp_path / "app.duckdb"
    shutil.copy(mini_db, path)
    monkeypatch.setenv("NTM_DB", str(path))
    return path


def _swap_in_without_published_figures(app_db, tmp_path):
    """What the importer does: write a new file beside the database and os.replace it in."""
    new = tmp_path / "next.duckdb"
    shutil.copy(app_db, new)
    with duckdb.connect(str(new)) as con:
        con.execute("DELETE FROM published_figures")
    os.replace(new, app_db)


def test_an_answer_is_kept_until_a_new_file_is_swapped_in(app_db, tmp_path):
    calls = []

    @cache.data
    def published(con, period_id: str) -> list[int]:
        calls.append(period_id)
        sql = "SELECT ntm_communes FROM published_figures WHERE period_id = $p"
        return db.query(con, sql, {"p": period_id})["ntm_communes"].tolist()

    assert published("2019-12") == published("2019-12") == [2]  # tests/mini.py: 2 communes published
    assert calls == ["2019-12"]
    _swap_in_without_published_figures(app_db, tmp_path)
    assert published("2019-12") == []  # the new file, read through a new connection
    assert calls == ["2019-12", "2019-12"]


def test_parameters_named_with_an_underscore_are_left_out_of_the_key(app_db):
    @cache.data
    def echo(key: str, _payload: list[int]) -> list[int]:
        return _payload

    assert echo("a", [1]) == [1]
    assert echo("a", [2]) == [1]  # same key: the first answer
    assert echo("b", [2]) == [2]


def test_arguments_that_differ_only_in_type_or_deep_inside_are_different_keys(app_db):
    """Plain arguments are keyed by their repr: 1, 1.0, True and '1' are four questions, as are two scopes that differ
    in one area, and an argument that is not plain (bytes) is still told apart by Streamlit's hashing."""
    from ntm.measures.metrics import Scope

    calls = []

    @cache.data
    def echo(value: object) -> str:
        calls.append(value)
        return repr(value)

    values = [1, 1.0, True, "1", None, (1,), [1], {"a": 1}, {"a": True}]
    values += [Scope("2020-02", ("086",)), Scope("2020-02", ("089",)), Scope("2020-02", (), groups=("1",))]
    values += [b"one", b"two"]
    assert [echo(v) for v in values] == [repr(v) for v in values]
    assert [echo(v) for v in values] == [repr(v) for v in values]  # each answered from its own entry
    assert len(calls) == len(values)


def test_two_functions_asked_the_same_keep_their_own_answers(app_db):
    @cache.data
    def first(x: int) -> str:
        return f"first {x}"

    @cache.data
    def second(x: int) -> str:
        return f"second {x}"

    assert (first(1), second(1)) == ("first 1", "second 1")


def test_clear_forgets_every_answer(app_db):
    calls = []

    @cache.resource
    def shared(x: int) -> list[int]:
        calls.append(x)
        return [x]

    assert shared(1) is shared(1) and calls == [1]  # a resource is shared, not copied
    cache.clear()
    shared(1)
    assert calls == [1, 1]


def test_a_run_reads_one_version_checked_once_and_the_next_run_sees_a_swap(app_db, tmp_path, monkeypatch):
    from ntm.data import build

    checks = []
    ensure = build.ensure_database
    monkeypatch.setattr(build, "ensure_database", lambda *a: checks.append(1) or ensure(*a))

    @cache.data
    def published(con, period_id: str) -> list[int]:
        sql = "SELECT ntm_communes FROM published_figures WHERE period_id = $p"
        return db.query(con, sql, {"p": period_id})["ntm_communes"].tolist()

    with cache.one_version():
        assert published("2019-12") == [2] and published("2020-12") == published("2020-12")
        assert len(checks) == 1  # three cached calls, one check of the inputs
        _swap_in_without_published_figures(app_db, tmp_path)
        assert published("2019-12") == [2]  # the run keeps reading the version it started with
    assert published("2019-12") == []  # the next run (or a fragment's, outside) sees the new file
    with cache.one_version():
        assert published("2019-12") == []
        cache.clear()  # a write in the run: what follows checks again
        published("2019-12")
        assert len(checks) == 4


def test_a_run_whose_database_cannot_be_checked_raises_at_its_first_call_not_before(app_db, monkeypatch):
    from ntm.data import build

    def missing(*a):
        raise build.MissingReference(app_db.parent / "nowhere")

    monkeypatch.setattr(build, "ensure_database", missing)

    @cache.data
    def anything(con) -> int:
        return 1

    # entering does not raise: the page's guard shows the message at the call
    with cache.one_version(), pytest.raises(build.MissingReference):
        anything()
