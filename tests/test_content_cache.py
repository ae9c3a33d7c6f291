"""The build's in-memory cache: bounded, keyed by content, never keeping a failure."""

import pandas as pd
import pytest

from ntm.data.content_cache import ContentCache, files_digest, frame_digest


def test_the_least_recently_used_entry_goes_first_and_a_failure_is_not_kept():
    cache = ContentCache(size=2)
    made = []

    def make(value):
        made.append(value)
        return value

    assert cache.get("a", lambda: make(1)) == 1
    assert cache.get("b", lambda: make(2)) == 2
    assert cache.get("a", lambda: make(99)) == 1  # kept: a is now the most recent
    assert cache.get("c", lambda: make(3)) == 3  # b goes
    assert len(cache) == 2 and made == [1, 2, 3]
    assert cache.get("b", lambda: make(4)) == 4 and made == [1, 2, 3, 4]

    def fail():
        raise ValueError("no")

    with pytest.raises(ValueError):
        cache.get("d", fail)
    assert cache.get("d", lambda: make(5)) == 5


def test_a_weight_bound_keeps_the_total_under_it_and_never_keeps_a_value_heavier_than_all():
    cache = ContentCache(size=10, weight=100)
    cache.get("a", lambda: "A", weight=60)
    cache.get("b", lambda: "B", weight=30)
    cache.get("c", lambda: "C", weight=30)  # 120 > 100: a, the least recently used, goes
    assert len(cache) == 2 and cache.get("a", lambda: "A again", weight=60) == "A again"  # b goes in turn
    assert cache.get("big", lambda: "huge", weight=101) == "huge"
    assert cache.get("big", lambda: "made again", weight=101) == "made again" and len(cache) == 2


def test_a_frame_digest_changes_with_any_cell_blank_label_or_column_order():
    frame = pd.DataFrame({"a": ["1", "2"], "b": ["x", ""]}, dtype=str)
    same = pd.DataFrame({"a": ["1", "2"], "b": ["x", ""]}, dtype=str)
    assert frame_digest(frame) == frame_digest(same)
    others = [
        frame.assign(b=["x", "y"]),  # one cell
        frame.assign(b=pd.Series(["x", None], dtype=str)),  # blank text is not a missing value
        frame.set_axis([1, 2]),  # row labels are the row numbers of the messages
        frame[["b", "a"]],
        frame.rename(columns={"b": "c"}),
        frame.head(1),
        frame.assign(n=[1, 2]),  # a column not held by Arrow is hashed row by row
        frame.assign(n=[1, 3]),
    ]
    assert len({frame_digest(frame), *map(frame_digest, others)}) == 1 + len(others)


def test_two_windows_on_one_arrow_buffer_have_different_digests():
    """Text columns are hashed by their Arrow buffers: a slice shares its parent's buffers, so the window (offset and
    length) is part of the digest."""
    column = pd.DataFrame({"a": ["1", "2", "2", "1"]}, dtype=str)
    first, second = column.iloc[0:2].reset_index(drop=True), column.iloc[2:4].reset_index(drop=True)
    assert first["a"].tolist() == ["1", "2"] and second["a"].tolist() == ["2", "1"]
    assert frame_digest(first) != frame_digest(second)
    assert frame_digest(first) == frame_digest(column.iloc[0:2].reset_index(drop=True))


def test_a_files_digest_follows_the_bytes_and_tells_a_missing_file_from_an_empty_one(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("x\n1\n")
    first = files_digest([path])
    path.write_text("x\n2\n")
    second = files_digest([path])
    path.write_text("")
    empty = files_digest([path])
    path.unlink()
    assert len({first, second, empty, files_digest([path])}) == 4
