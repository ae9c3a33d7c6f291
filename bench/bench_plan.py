"""Time of the 2020 plan and poverty views on the bundled data, cold and warm.

ntm level: plan.report (every target measured, with the page's lists) and poverty.report for each period,
first call and median of 5. Page level: the Kế hoạch 2020 and Giảm nghèo pages in AppTest, first run
(caches empty) and median of 10 reruns (what a user waits after a click; target < 0.5 s).

Run: .venv/bin/python bench/bench_plan.py   (builds a throw-away database from data/)
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

PERIODS = ["2019-12", "2020-02", "2020-12"]
TARGET_S = 0.5


def _timed(fn, runs: int) -> tuple[float, float]:
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return first, statistics.median(times)


def main() -> None:
    server_like.share_compiled_scripts()  # AppTest compiled every script on every run; a server once
    from ntm.data import build, db
    from ntm.measures import metrics
    from ntm.plan import poverty
    from ntm.plan import progress as plan

    path = Path(tempfile.mkdtemp()) / "bench.duckdb"
    t0 = time.perf_counter()
    build.build(path)
    print(f"build (validate + load every file):       {time.perf_counter() - t0:.2f} s")
    os.environ["NTM_DB"] = str(path)
    con = db.connect(path)
    for period in PERIODS:
        first, warm = _timed(lambda period=period: plan.report(con, period), 5)
        n = len(plan.report(con, period).targets)
        print(f"plan.report {period} ({n} targets):        first {first:.2f} s, median {warm:.2f} s")
        first, warm = _timed(lambda period=period: poverty.report(con, metrics.Scope(period)), 5)
        print(f"poverty.report {period}:                   first {first:.2f} s, median {warm:.2f} s")

    from streamlit.testing.v1 import AppTest

    for page in ("pages/plan.py", "pages/poverty.py"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state["period_id"] = "2020-12"
        at.run()
        t0 = time.perf_counter()
        at.switch_page(page).run()
        cold = time.perf_counter() - t0
        assert not at.exception, at.exception
        times = []
        for _ in range(10):
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
        warm = statistics.median(times)
        verdict = "OK" if warm < TARGET_S else "MISSED"
        print(
            f"{page:<17} AppTest: cold {cold:.2f} s, warm median {warm:.2f} s (max {max(times):.2f})  "
            f"target < {TARGET_S} s: {verdict}"
        )


if __name__ == "__main__":
    main()
