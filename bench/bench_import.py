"""Time to validate (dry run) and import 20 000 status rows from an .xlsx file.

Run: .venv/bin/python bench/bench_import.py   (throw-away dataset and store in a temporary folder:
data/ plus 12 quarterly periods, so 20 000 distinct commune × criterion rows exist)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from ntm.data import build
    from ntm.loading import auth, importer
    from tests.importing import big_dataset, big_status_rows, make_store, xlsx

    tmp = Path(tempfile.mkdtemp())
    data = big_dataset(tmp)
    base = tmp / "base.duckdb"
    build.build(base, data, overlay=None)
    store = make_store(tmp, base, data)
    rows = big_status_rows(store.db, 20_000)
    t0 = time.perf_counter()
    content = xlsx(rows)
    make_s = time.perf_counter() - t0
    user = auth.User("bench", None)

    t0 = time.perf_counter()
    result = importer.preview(content, "bench.xlsx", store, user)
    preview_s = time.perf_counter() - t0
    assert result.ok and len(result.accepted) == 20_000, result.report(5)

    t0 = time.perf_counter()
    entry = importer.commit(result, user, store)
    commit_s = time.perf_counter() - t0
    assert entry["rows_added"] == 20_000

    t0 = time.perf_counter()
    importer.undo(user, store)
    undo_s = time.perf_counter() - t0

    csv = "\n".join(",".join(str(v) for v in r) for r in rows).encode("utf-8")
    t0 = time.perf_counter()
    result_csv = importer.preview(csv, "bench.csv", store, user)
    csv_s = time.perf_counter() - t0
    assert result_csv.ok

    print(f"20 000-row .xlsx ({len(content) // 1024} KB, written in {make_s:.1f} s)")
    print(f"  validate (dry run: parse, match, pandera, diff): {preview_s:.1f} s")
    print(f"  import (lock, new store version, rebuild + swap): {commit_s:.1f} s")
    print(f"  validate + import total: {preview_s + commit_s:.1f} s")
    print(f"  undo (rebuild + swap): {undo_s:.1f} s")
    print(f"  same rows as CSV, validate: {csv_s:.1f} s")


if __name__ == "__main__":
    main()
