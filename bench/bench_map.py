"""Map page: script time cold and warm, and the size of the map payload sent to the browser.

Targets (issue 3): warm script time under 0.8 s; payload under 400 KB for the whole province.
Run: .venv/bin/python bench/bench_map.py   (builds a throw-away database from data/)
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

KINDS = ("criteria_met", "ntm_status", "criterion", "district_pct", "district_avg")
PERIODS = ("2015-12", "2016-12", "2019-12", "2020-02", "2020-12", "2024-06", "2026-06")


def _payload_kb(at) -> float:
    comps = at.get("component_instance")
    return len(comps[0].proto.json_args.encode()) / 1024


def _timed(at) -> float:
    t0 = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - t0


def main() -> None:
    server_like.share_compiled_scripts()  # AppTest compiled every script on every run; a server once
    from ntm.data import build

    db = Path(tempfile.mkdtemp()) / "bench.duckdb"
    build.build(db)
    os.environ["NTM_DB"] = str(db)
    from streamlit.testing.v1 import AppTest

    from geo import static_map
    from ntm.data import db as ntmdb
    from ntm.measures.metrics import Scope

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/map.py")
    cold = _timed(at)
    warm = [_timed(at) for _ in range(10)]
    print(f"map page cold (first run, geo cache warm on disk): {cold:.2f} s")
    print(
        f"map page warm (median of 10):                      {statistics.median(warm):.3f} s  (max {max(warm):.3f} s)"
    )
    print(f"map payload, province, {at.session_state['period_id']}, criteria met:  {_payload_kb(at):.0f} KB")

    sizes = {}
    for period in PERIODS:
        at.session_state["period_id"] = period
        first = _timed(at)
        sizes[period] = (_payload_kb(at), first, _timed(at))
    for period, (kb, first, again) in sizes.items():
        print(f"  period {period}: payload {kb:5.0f} KB, first run {first:.2f} s, warm {again:.3f} s")
    at.session_state["period_id"] = "2020-02"
    for kind in KINDS:
        at.session_state["map_kind"] = kind
        first = _timed(at)
        print(f"  layer {kind:<13} payload {_payload_kb(at):5.0f} KB, first run {first:.2f} s, warm {_timed(at):.3f} s")
    at.session_state["map_kind"] = "criteria_met"
    at.session_state["districts"] = ["089"]
    print(f"new district filter (Văn Bàn), first run: {_timed(at):.2f} s")
    at.session_state["map_unit"] = "03070"
    print(f"commune selected (details beside the map), first run: {_timed(at):.2f} s, warm {_timed(at):.3f} s")

    con = ntmdb.connect(db)
    t0 = time.perf_counter()
    png = static_map.render_png(con, Scope("2020-12"), "criteria_met")
    print(f"static PNG (province, 2020-12): {time.perf_counter() - t0:.2f} s, {len(png) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
