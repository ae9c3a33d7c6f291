"""What a leader opening the dashboard waits for: fresh browser sessions, this app vs a minimal app.

The minimal app (four st.metric cards with sparklines and nothing else, written to a temporary folder)
and the dashboard run side by side, each in its own Streamlit server with the settings of
`python -m ntm serve`'s replicas, on a throw-away database built from data/. Each server is warmed by
one session first. Then, alternating between the two, every sample is a new browser context (empty
cache, no cookies) on Debian's chromium opening the root page, timed in the page from navigation start:
  headline     the four cards show their values (the minimal app's st.metric, the dashboard's HTML cards)
  sparklines   the four cards' sparklines are drawn
  overview     everything is there and the run is over (the dashboard: its three charts drawn and its
               district table present; both: the running indicator gone)
Prints the median (and range) of each and the ratio dashboard / minimal.

Run: .venv/bin/python bench/bench_browser.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ntm.cli import serve  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT_MS = 120_000

MINIMAL_APP = """\
import streamlit as st

st.set_page_config(page_title="minimal", layout="wide")
since = "so với Cuối năm 2019"
cards = [  # the dashboard's four cards, default period, as values
    ("Xã đạt chuẩn NTM", "52/134", "0 xã", [20, 28, 52, 52], "off"),
    ("Tỷ lệ xã đạt chuẩn", "38,8%", "+2,4 điểm %", [14.0, 19.6, 36.4, 38.8], "auto"),
    ("So với mục tiêu 28% (điểm %)", "+10,8", "+2,4 điểm %", [-8.4, 8.4, 10.8], "auto"),
    ("Bình quân tiêu chí/xã", "14,1", "+0,1 tiêu chí", [9.6, 10.7, 14.1, 14.1], "auto"),
]
for col, (label, value, delta, history, arrow) in zip(st.columns(4), cards):
    col.metric(label, value, delta, border=True, chart_data=history, delta_description=since, delta_arrow=arrow,
               delta_color="off" if arrow == "off" else "normal")
"""

# Polled on every animation frame; records when each stage is first reached (ms since navigation start).
PROBE = """charts => {
    const t = performance.now(), w = window;
    const values = [...document.querySelectorAll('[data-testid="stMetricValue"], .ntm-card-value')]
        .filter(e => e.offsetParent !== null && e.innerText.trim() !== '');
    if (values.length >= 4 && w.__headline === undefined) w.__headline = t;
    // sparklines: st.metric's own (a lazily loaded chart) or the dashboard's inline SVG in its cards (st.html)
    const sparks = document.querySelectorAll('[data-testid="stMetricChart"] svg').length
        + [...document.querySelectorAll('[data-testid="stHtml"] img')].filter(i => i.complete).length;
    if (sparks >= 4 && w.__sparks === undefined) w.__sparks = t;
    const drawn = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .filter(c => c.querySelector('.main-svg')).length;
    const table = charts === 0 || document.querySelector('[data-testid="stDataFrame"]') !== null;
    const idle = document.querySelector('[data-testid="stStatusWidget"]') === null;
    if (w.__headline !== undefined && w.__sparks !== undefined && drawn >= charts && table && idle) {
        w.__overview = t;
        return true;
    }
    return false;
}"""


def sample(browser, url: str, charts: int) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function(PROBE, arg=charts, polling="raf", timeout=TIMEOUT_MS)
        got = page.evaluate("() => [window.__headline, window.__sparks, window.__overview]")
        return {k: v / 1000 for k, v in zip(("headline", "sparklines", "overview"), got)}
    finally:
        context.close()


def start(script: Path, env: dict[str, str], cwd: Path) -> tuple[str, subprocess.Popen]:
    port = serve.free_port()
    proc = subprocess.Popen(
        serve.server_command(port, script),
        cwd=cwd,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    serve.wait_healthy(url, proc)
    return url, proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh browser sessions per app (default 7)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"chromium not found at {CHROMIUM} (make bench installs it)")
    from playwright.sync_api import sync_playwright

    from ntm.data import build

    tmp = Path(tempfile.mkdtemp(prefix="ntm-bench-browser-"))
    build.build(tmp / "ntm.duckdb")
    minimal = tmp / "minimal" / "minimal_app.py"
    minimal.parent.mkdir()
    minimal.write_text(MINIMAL_APP, encoding="utf-8")
    env = serve.private_snapshot_env(tmp)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    servers = []
    try:
        app_url, proc = start(serve.APP, env, ROOT)
        servers.append(proc)
        min_url, proc = start(minimal, env, minimal.parent)
        servers.append(proc)
        results: dict[str, list[dict[str, float]]] = {"app": [], "minimal": []}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            sample(browser, app_url, 3)  # warm-up: the servers' caches, chromium's first start
            sample(browser, min_url, 0)
            for _ in range(args.runs):
                results["app"].append(sample(browser, app_url, 3))
                results["minimal"].append(sample(browser, min_url, 0))
            browser.close()
    finally:
        for proc in servers:
            serve.stop(proc)
    print(f"fresh browser sessions, {args.runs} each, seconds from navigation start: median (min–max)")
    print(f"  {'':<11} {'dashboard':>20} {'minimal app':>20} {'ratio':>6}")
    for stage in ("headline", "sparklines", "overview"):
        a = [r[stage] for r in results["app"]]
        m = [r[stage] for r in results["minimal"]]
        print(f"  {stage:<11} {_fmt(a):>20} {_fmt(m):>20} {statistics.median(a) / statistics.median(m):6.2f}")
    print("  (minimal app 'overview' = its four cards drawn and its run over: the ratio is the whole page's wait)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


if __name__ == "__main__":
    main()
