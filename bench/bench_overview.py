"""Overview page script time, cold (fresh process, empty caches) and warm (caches filled).

Run: .venv/bin/python bench/bench_overview.py   (builds a throw-away database from data/)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import server_like  # noqa: E402  (bench/, the script's own folder, is on the path)


def main() -> None:
    server_like.share_compiled_scripts()  # AppTest compiled every script on every run; a server once
    from ntm.data import build
    from pages.ui import filters

    filters.HTML_CODE_S = 0.0  # a browser's pause on a session's first run (AppTest has none): not script time

    db = Path(tempfile.mkdtemp()) / "bench.duckdb"
    t0 = time.perf_counter()
    build.build(db)
    build_s = time.perf_counter() - t0
    os.environ["NTM_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    t0 = time.perf_counter()
    at.run()
    cold = time.perf_counter() - t0
    assert not at.exception, at.exception
    warm = []
    for _ in range(10):
        t0 = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - t0)
    at.session_state["districts"] = ["086", "089"]
    t0 = time.perf_counter()
    at.run()
    new_filter = time.perf_counter() - t0
    print(f"database build:                 {build_s:.2f} s")
    print(f"overview cold (first run):      {cold:.2f} s")
    print(f"overview warm (median of 10):   {statistics.median(warm):.3f} s  (max {max(warm):.3f} s)")
    print(f"overview, new district filter:  {new_filter:.3f} s")


if __name__ == "__main__":
    main()
