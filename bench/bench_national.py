"""National scale (issue 15): each figure on the bundled Lào Cai data and on the whole country, with the ratio and
the slope (how the figure grows with the number of xã: 1 = in proportion, 0 = flat).

Run: .venv/bin/python bench/bench_national.py   (generates and builds the national dataset in a temporary folder;
about 5 minutes on two busy cores; nothing is written to data/)
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import server_like  # noqa: E402

ROWS = []


def row(what: str, local: float, country: float, unit: str, target: str = "") -> None:
    ROWS.append((what, local, country, unit, target))


def _median_ms(fn, runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _query_ms(cases: list[tuple[Path, str]], runs: int = 20) -> list[float]:
    """The per-area commune scores of one period and area of each database, read from DuckDB (not from the memo),
    warm: the databases take turns, so a change of load on a shared machine weighs on each figure alike."""
    from ntm.data import db
    from ntm.data.areas import GROUPING_KIND
    from ntm.measures import metrics, queries

    calls = []
    for db_path, period in cases:
        con = db.connect(db_path)
        area = metrics.districts(con, period)["district_code"].iloc[0]
        params = queries.unit_params(con, metrics.Scope(period, (area,)))  # as queries.commune_scores builds them
        params["kind"] = GROUPING_KIND.get(params["grouping"])
        calls.append(lambda con=con, params=params: db.query(con, queries.COMMUNE_SCORES, params))
    for call in calls:
        call()
    times = [[] for _ in calls]
    for _ in range(runs):
        for call, kept in zip(calls, times, strict=True):
            kept.append(_median_ms(call, 1))
    return [statistics.median(kept) for kept in times]


def _page_s(db_path: Path, page: str | None, period: str) -> float:
    """Script time of a page rerun with its caches filled (AppTest, median of 5)."""
    from tests.conftest import open_page

    os.environ["NTM_DB"] = str(db_path)
    at = open_page(page, period_id=period)
    assert not at.exception, at.exception
    return statistics.median(_median_ms(at.run, 1) for _ in range(5)) / 1000


def _rss_mb(db_path: Path, sessions: int = 20) -> float:
    """Resident memory of one server after `sessions` sessions opened the overview (bench_load)."""
    import bench_load

    from ntm.cli import serve

    env = serve.private_snapshot_env(db_path.parent)
    port = serve.free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(serve.server_command(port), cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    try:
        serve.wait_healthy(url, proc)
        bench_load.warm([url])
        (r,) = bench_load.measure(url, [sessions], [proc.pid])
        return r.rss_mb
    finally:
        serve.stop(proc)


def _import_s(db_path: Path, data_dir: Path, periods: list[str], tmp: Path) -> float:
    """Validate and write a 20 000-row status file of one province (changed values), into a copy of db_path."""
    import duckdb

    from ntm.loading import auth, importer
    from tests.importing import make_store, xlsx

    store = make_store(tmp, db_path, data_dir)
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{store.db}' AS s (READ_ONLY)")
    rows = [["Kỳ báo cáo", "Mã xã", "Tên xã", "Tiêu chí", "Kết quả"]]
    for pid in periods:
        found = con.execute(
            "SELECT u.unit_code, u.unit_name, cs.criterion_code, cs.met FROM s.commune_status cs "
            "JOIN s.units u USING (unit_id) WHERE cs.period_id = ? ORDER BY 1, 3",
            [pid],
        ).fetchall()
        rows += [[pid, int(c), n, int(k), "Chưa đạt" if m else "Đạt"] for c, n, k, m in found]
    con.close()
    rows = rows[:20_001]
    content = xlsx(rows)
    user = auth.User("bench", None)
    t0 = time.perf_counter()
    result = importer.preview(content, "bench.xlsx", store, user)
    assert result.ok, result.report(5)
    importer.commit(result, user, store)
    return time.perf_counter() - t0


def main() -> None:
    server_like.share_compiled_scripts()  # AppTest compiled every script on every run; a server once
    from geo import national_map
    from ntm.data import build, db
    from ntm.generate import national as national_gen
    from ntm.measures import national

    tmp = Path(tempfile.mkdtemp(prefix="ntm-bench-national-"))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    (tmp / "lc").mkdir()
    (tmp / "vn").mkdir()
    lc_db, vn_db = tmp / "lc" / "ntm.duckdb", tmp / "vn" / "ntm.duckdb"
    t0 = time.perf_counter()
    build.build(lc_db)
    lc_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    national_gen.generate(tmp / "vn" / "data")
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    build.build(vn_db, tmp / "vn" / "data", overlay=None)
    vn_build = time.perf_counter() - t0
    con = db.connect(vn_db)
    lc_con = db.connect(lc_db)
    size_lc = int(db.query(lc_con, "SELECT count(*) FROM commune_status").iloc[0, 0])
    size_vn = int(db.query(con, "SELECT count(*) FROM commune_status").iloc[0, 0])
    print(f"status rows: Lào Cai {size_lc:,}, country {size_vn:,}; national data generated in {gen_s:.1f} s")
    s = national.summary(con, date(2025, 6, 30))
    print(f"national figure through ntm: {s.recognised}/{s.base} = {s.pct:.1f}%, {s.avg_criteria:.2f} criteria")
    row("database build", lc_build, vn_build, "s", "≤ 60 s")
    row("per-area scores query, warm", *_query_ms([(lc_db, "2020-02"), (vn_db, "2020-12.10")]), "ms", "≤ 15 ms")
    row("overview page, warm", _page_s(lc_db, None, "2020-02"), _page_s(vn_db, None, "2025-06.10"), "s", "≤ 0,3 s")
    row(
        "league page, warm",
        _page_s(lc_db, "pages/districts.py", "2020-02"),
        _page_s(vn_db, "pages/districts.py", "2025-06.10"),
        "s",
        "≤ 0,3 s",
    )
    row(
        "national page (ranking + 2 maps), warm",
        _page_s(vn_db, "pages/national.py", "2025-07.15-2025"),
        _page_s(vn_db, "pages/national.py", "2025-06.38"),
        "s",
        "≤ 0,3 s",
    )
    lc_map = len(national_map.commune_map_html(con, "2025-06.10", "x").encode()) / 1024
    vn_map = national_map.payload_bytes(national_map.province_map(con, date(2025, 6, 30), "x")) / 1024
    row("map payload: Lào Cai's communes / the country's provinces", lc_map, vn_map, "KB", "≤ 400 / ≤ 1 000 KB")
    big = len(national_map.commune_map_html(con, "2025-06.38", "x").encode()) / 1024
    print(f"largest province's commune map (Thanh Hóa, 2025-06.38): {big:.0f} KB")
    con.close()
    lc_con.close()
    row("server RSS, 20 sessions", _rss_mb(lc_db), _rss_mb(vn_db), "MB", "≤ 1 500 MB")
    (tmp / "imp_lc").mkdir()
    (tmp / "imp_vn").mkdir()
    row(
        "import of a 20 000-row file (validate + write)",
        _import_s(
            lc_db, ROOT / "data", ["2015-12", "2016-12", "2019-12", "2020-02", "2020-12", "2023-12"], tmp / "imp_lc"
        ),
        _import_s(vn_db, tmp / "vn" / "data", ["2024-12.38", "2025-06.38", "2023-12.38"], tmp / "imp_vn"),
        "s",
    )
    scale = size_vn / size_lc
    print(f"\n{'figure':<52} {'Lào Cai':>10} {'country':>10} {'ratio':>7} {'slope':>6}  target")
    for what, a, b, unit, target in ROWS:
        ratio = b / a if a else float("nan")
        slope = math.log(ratio) / math.log(scale) if ratio > 0 else float("nan")
        print(f"{what:<52} {a:>8.3g} {unit:<2}{b:>8.3g} {unit:<2}{ratio:>6.2f}× {slope:>6.2f}  {target}")
    print(f"(slope = log(ratio) / log({scale:.1f}), the ratio of status rows)")


if __name__ == "__main__":
    main()
