"""Many viewers at once, measured at the server: N concurrent sessions of the overview (N = 1, 10, 20, 50).

Each session is a raw websocket speaking Streamlit's own protocol (tests/st_session.py): one fresh
session, one run of the overview. For every N: median, p95 and max time to the overview's figures
(the four headline cards received) and to the end of the run, errors, server CPU seconds per
page run (CPU time of the server processes over the round / N) and server RSS with the N sessions still
open. The memory slope is the least-squares slope of that RSS over N (MB per extra open session).

Three set-ups, each a fresh server on a throw-away database built from data/, warmed by one session
per process (the figures are those of a server in use, not of its first visitor):
  direct      one Streamlit process (the settings `python -m ntm serve` gives its replicas)
  proxy ×1    the same behind nginx (`python -m ntm serve --replicas 1`)
  proxy ×2    two replicas behind nginx; each session carries its own sticky cookie, as browsers do
and prints the ratios proxy ×2 / proxy ×1 and proxy ×1 / direct. The client runs on the same machine
and takes some of its CPU (printed per round). All traffic stays on 127.0.0.1; every session has a time limit.

Run: .venv/bin/python bench/bench_load.py [--sessions 1 10 20 50] [--skip-proxy]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ntm.cli import serve  # noqa: E402
from tests.st_session import PageRun, run_page  # noqa: E402

SESSION_TIMEOUT_S = 180
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Round:
    n: int
    runs: list[PageRun]
    cpu_s: float
    rss_mb: float
    client_cpu_s: float
    split: str = ""

    def times(self, attr: str) -> list[float]:
        return sorted(getattr(r, attr) for r in self.runs if getattr(r, attr) is not None)

    @property
    def errors(self) -> int:
        return sum(1 for r in self.runs if r.errors)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / CLK_TCK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    return sorted(values)[max(0, math.ceil(0.95 * len(values)) - 1)]


async def _round(url: str, n: int, pids: list[int], cookies: bool) -> Round:
    """n sessions at once; server CPU over the round, RSS once every run is over with all n still open."""
    hold, all_ran, ran = asyncio.Event(), asyncio.Event(), [0]

    def one_ran() -> None:
        ran[0] += 1
        if ran[0] == n:
            all_ran.set()

    cpu0, client0 = sum(cpu_seconds(p) for p in pids), time.process_time()
    tasks = [
        asyncio.create_task(
            run_page(
                url,
                cookie=f"{serve.COOKIE}={uuid.uuid4().hex}" if cookies else None,
                timeout=SESSION_TIMEOUT_S,
                hold=hold,
                ran=one_ran,
            )
        )
        for _ in range(n)
    ]
    await asyncio.wait_for(all_ran.wait(), SESSION_TIMEOUT_S + 30)
    cpu, client = sum(cpu_seconds(p) for p in pids) - cpu0, time.process_time() - client0
    rss = sum(rss_mb(p) for p in pids)
    hold.set()
    return Round(n, list(await asyncio.gather(*tasks)), cpu, rss, client)


def measure(
    url: str, sizes: list[int], pids: list[int], cookies: bool = False, access_log: Path | None = None
) -> list[Round]:
    rounds = []
    for n in sizes:
        logged = _stream_lines(access_log)
        rounds.append(asyncio.run(_round(url, n, pids, cookies)))
        if access_log is not None:
            time.sleep(0.5)  # nginx logs a websocket when it closes
            ups = [m[1] for m in re.finditer(r"upstream=(\S+)", "\n".join(_stream_lines(access_log)[len(logged) :]))]
            rounds[-1].split = "/".join(str(ups.count(f"127.0.0.1:{p}")) for p in _ports(access_log))
        time.sleep(1)
    return rounds


def _stream_lines(access_log: Path | None) -> list[str]:
    if access_log is None or not access_log.exists():
        return []
    return [line for line in access_log.read_text().splitlines() if '"GET /_stcore/stream' in line]


def _ports(access_log: Path) -> list[int]:
    conf = (access_log.parent / "nginx.conf").read_text()
    return [int(p) for p in re.findall(r"server 127\.0\.0\.1:(\d+)", conf)]


def warm(urls: list[str]) -> None:
    for url in urls:
        run = asyncio.run(run_page(url, timeout=SESSION_TIMEOUT_S))
        if run.errors:
            raise SystemExit(f"warm-up session on {url} failed: {run.errors}")


def report(title: str, rounds: list[Round]) -> None:
    print(f"\n{title}")
    print(
        f"  {'N':>3}  {'figures: median':>15} {'p95':>6} {'max':>6}  {'run end: median':>15} {'max':>6}  "
        f"{'errors':>6}  {'CPU s/run':>9}  {'RSS MB':>7}  {'client CPU s':>12}  replicas"
    )
    for r in rounds:
        fig, end = r.times("t_figures"), r.times("t_finished")
        med = lambda v: f"{statistics.median(v):6.2f}" if v else "     –"  # noqa: E731
        top = lambda v: f"{max(v):6.2f}" if v else "     –"  # noqa: E731
        print(
            f"  {r.n:>3}  {med(fig):>15} {p95(fig) if fig else 0:6.2f} {top(fig)}  {med(end):>15} {top(end)}  "
            f"{r.errors:>6}  {r.cpu_s / r.n:9.3f}  {r.rss_mb:7.0f}  {r.client_cpu_s:12.2f}  {r.split}"
        )
    if len(rounds) > 1:
        mb = slope([r.n for r in rounds], [r.rss_mb for r in rounds])
        print(f"  memory slope: {mb:.2f} MB per extra open session")
    for r in rounds:
        for run in r.runs:
            if run.errors:
                print(f"  error (N={r.n}): {run.errors[0]}")
                break


def slope(xs: list[float], ys: list[float]) -> float:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def ratios(title: str, a: list[Round], b: list[Round]) -> None:
    print(f"\n{title}")
    for ra, rb in zip(a, b):
        parts = []
        for label, attr, fn in (
            ("median", "t_figures", statistics.median),
            ("p95", "t_figures", p95),
            ("max", "t_figures", max),
        ):
            va, vb = ra.times(attr), rb.times(attr)
            parts.append(f"{label} {fn(va) / fn(vb):.2f}" if va and vb and fn(vb) > 0 else f"{label} –")
        parts.append(f"CPU/run {ra.cpu_s / ra.n / (rb.cpu_s / rb.n):.2f}" if rb.cpu_s > 0 else "CPU/run –")
        print(f"  N={ra.n:<3} " + "  ".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 20, 50])
    parser.add_argument("--skip-proxy", action="store_true", help="only the direct server (no nginx needed)")
    args = parser.parse_args()
    from ntm.data import build

    tmp = Path(tempfile.mkdtemp(prefix="ntm-bench-load-"))
    build.build(tmp / "ntm.duckdb")
    env = serve.private_snapshot_env(tmp)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")

    port = serve.free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        serve.server_command(port),
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        serve.wait_healthy(url, proc)
        warm([url])
        direct = measure(url, args.sessions, [proc.pid])
    finally:
        serve.stop(proc)
    report("direct: one Streamlit process (overview; times in s from connecting)", direct)
    if args.skip_proxy:
        return
    if serve.find_nginx() is None:
        raise SystemExit("nginx not installed (make bench installs nginx-light); or pass --skip-proxy")
    proxied = {}
    for n_replicas in (1, 2):
        with serve.Cluster(n_replicas, serve.free_port(), run_dir=tmp / f"run{n_replicas}", env=env) as cluster:
            warm(cluster.replica_urls)
            proxied[n_replicas] = measure(
                cluster.url,
                args.sessions,
                [p.pid for p in cluster.replicas],
                cookies=True,
                access_log=cluster.run_dir / "access.log",
            )
        report(
            f"through nginx, {n_replicas} replica{'s' if n_replicas > 1 else ''} "
            f"(RSS and CPU summed over replicas; 'replicas' = sessions per replica)",
            proxied[n_replicas],
        )
    ratios("ratio proxy ×2 / proxy ×1 (time to figures, CPU per run; < 1: two better)", proxied[2], proxied[1])
    ratios("ratio proxy ×1 / direct (cost of the proxy)", proxied[1], direct)
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
