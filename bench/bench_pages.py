"""Script time of the analysis pages (Huyện, Xã, Tiêu chí, Cần gì để đạt mục tiêu), cold and warm.

Each page runs in AppTest on a throw-away database built from data/: the first run fills the caches
(cold), then the median of 10 reruns is the warm time a user waits after each click (target < 0.5 s).
The communes page is also timed with a commune profile open, the heaviest view.

Run: .venv/bin/python bench/bench_pages.py
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

PAGES = ["districts", "communes", "criteria", "target_gap"]
TARGET_S = 0.5


def _time(at, runs: int = 10) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, at.exception
    return statistics.median(times), max(times)


def main() -> None:
    server_like.share_compiled_scripts()  # AppTest compiled every script on every run; a server once
    from ntm.data import build

    db = Path(tempfile.mkdtemp()) / "bench.duckdb"
    build.build(db)
    os.environ["NTM_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    print(f"{'page':<34}{'cold':>8}{'warm median':>14}{'warm max':>11}")
    results = {}
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()  # the default page first, so the sidebar is drawn as for a user
        at.switch_page(f"pages/{page}.py")
        t0 = time.perf_counter()
        at.run()
        cold = time.perf_counter() - t0
        assert not at.exception, at.exception
        warm, worst = _time(at)
        results[page] = warm
        print(f"{page:<34}{cold:>7.2f}s{warm:>13.3f}s{worst:>10.3f}s")
        if page == "communes":
            at.session_state["an_matrix"] = {"selection": {"rows": [0], "columns": [], "cells": []}}  # first row
            at.run()
            assert at.metric, "the profile did not open"
            warm, worst = _time(at)
            results["communes + profile"] = warm
            print(f"{'communes + profile':<34}{'':>8}{warm:>13.3f}s{worst:>10.3f}s")
    slow = [p for p, s in results.items() if s >= TARGET_S]
    print(f"target: warm < {TARGET_S} s per page -> {'met' if not slow else 'NOT met: ' + ', '.join(slow)}")


if __name__ == "__main__":
    main()
