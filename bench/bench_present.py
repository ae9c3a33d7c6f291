"""Overview and map script time on June 2026 (merged province, 10 criteria, 2025 layer) against February 2020 (the
letter), in one run, as ratios (issue 11: a 2026 period is no slower than February 2020).

Each (page, period) is timed in AppTest on one throw-away database built from data/: cold = the first run after every
cache is emptied (Streamlit's, the query memo, the boundary layers held in memory; the simplified layers on disk stay,
as on a running server), warm = reruns. The two periods are timed in turn, several rounds, their warm reruns
alternating, so a busy machine slows both alike; medians are compared, and the best times too (a shared machine's
noise only ever adds time). Each run is timed twice: AppTest's round trip, and the script's own run in its thread
(the work a server does; AppTest then also parses every element it was sent).
Ratio = 2026-06 / 2020-02 (1.00 or less: no slower).

Run: .venv/bin/python bench/bench_present.py [--rounds N]
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

PERIODS = ("2020-02", "2026-06")
PAGES = {"overview": None, "map": "pages/map.py"}
ROUNDS, WARM_RUNS = 7, 10  # --rounds N for a longer run


def _empty_caches() -> None:
    import streamlit as st

    from geo import layers
    from ntm.measures import queries

    st.cache_data.clear()
    st.cache_resource.clear()
    queries.MEMO.clear()
    layers._boundaries.cache_clear()
    layers._area_outlines.cache_clear()


SCRIPT_TIMES: list[float] = []  # each run's time in the script thread, as a server spends it


def _time_the_script() -> None:
    """Record how long each script run takes in its own thread: the work a server does for a run. AppTest.run
    also turns every element sent into its element tree afterwards, a test harness's work no server does."""
    from streamlit.runtime.scriptrunner import script_runner

    run = script_runner.exec_func_with_error_handling  # runs the script's code, before the run is said finished

    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return run(*args, **kwargs)
        finally:
            SCRIPT_TIMES.append(time.perf_counter() - t0)

    script_runner.exec_func_with_error_handling = timed


def _timed(at) -> tuple[float, float]:
    """(AppTest round trip, script time) of one run."""
    t0 = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - t0, SCRIPT_TIMES[-1]


def _measure(page: str | None) -> dict[str, tuple[tuple[float, float], list[tuple[float, float]]]]:
    """(cold, warm reruns) of one page on each period, each time as (round trip, script time). The periods' warm
    reruns alternate, so a machine that gets busier or quieter meanwhile weighs on both alike."""
    from streamlit.testing.v1 import AppTest

    apps, colds = {}, {}
    for period in PERIODS:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state["period_id"] = period
        if page:
            at.switch_page(page)
        _empty_caches()
        colds[period] = _timed(at)
        apps[period] = at
    for at in apps.values():
        _timed(at)  # fills again what the other period's cold run emptied (not counted)
    warms: dict[str, list[tuple[float, float]]] = {period: [] for period in PERIODS}
    for _ in range(WARM_RUNS):
        for period, at in apps.items():
            warms[period].append(_timed(at))
    return {period: (colds[period], warms[period]) for period in PERIODS}


def main() -> None:
    server_like.share_compiled_scripts()  # AppTest compiled every script on every run; a server once
    from ntm.data import build
    from pages.ui import filters

    # The overview's first-run pause lets a browser load code before the cards arrive; AppTest has no browser, and
    # the pause (the same for both periods) would only be timed as script time.
    filters.HTML_CODE_S = 0.0

    db = Path(tempfile.mkdtemp()) / "bench.duckdb"
    build.build(db)
    os.environ["NTM_DB"] = str(db)
    _time_the_script()
    _measure(None)  # imports and the layers simplified on disk, outside the timings

    colds: dict[tuple[str, str], list[tuple[float, float]]] = {}
    warms: dict[tuple[str, str], list[tuple[float, float]]] = {}
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else ROUNDS
    for _ in range(rounds):
        for name, page in PAGES.items():
            for period, (cold, warm) in _measure(page).items():
                colds.setdefault((name, period), []).append(cold)
                warms.setdefault((name, period), []).extend(warm)
    print(f"{rounds} rounds, {WARM_RUNS} warm reruns each")
    for which, title in enumerate(("AppTest round trip (script + parse)", "script time (the server's work for a run)")):
        _report(
            title,
            {k: [v[which] for v in runs] for k, runs in colds.items()},
            {k: [v[which] for v in runs] for k, runs in warms.items()},
        )


def _report(title: str, colds: dict[tuple[str, str], list[float]], warms: dict[tuple[str, str], list[float]]) -> None:
    stats = {k: (statistics.median(colds[k]), min(colds[k]), statistics.median(warms[k]), min(warms[k])) for k in colds}
    print(f"\n{title}")
    print(f"{'page':<10}{'period':<10}{'cold median':>12}{'best':>8}{'warm median':>13}{'best':>8}")
    for (name, period), (cm, cb, wm, wb) in stats.items():
        print(f"{name:<10}{period:<10}{cm:>11.3f}s{cb:>7.3f}s{wm:>12.4f}s{wb:>7.4f}s")
    print(f"ratio {PERIODS[1]} / {PERIODS[0]} (1.00 or less: no slower)")
    for name in PAGES:
        old, new = stats[(name, PERIODS[0])], stats[(name, PERIODS[1])]
        cold_m, cold_b, warm_m, warm_b = (n / o for n, o in zip(new, old))
        print(f"  {name:<10} cold {cold_m:.2f} (best {cold_b:.2f})   warm {warm_m:.2f} (best {warm_b:.2f})")


if __name__ == "__main__":
    main()
