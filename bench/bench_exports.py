"""Time to build the steering-committee exports from the bundled data: the PowerPoint deck (target under 10 s for
at least 8 slides) and the A4 PDF report, whole province and one district, median of 3 warm runs, plus one cold
run of each command line (a fresh process, as a scheduled report would run).

Run: .venv/bin/python bench/bench_exports.py   (builds a throw-away database from data/)
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNS = 3


def _median(fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    from geo import static_map
    from ntm.data import build, db
    from ntm.measures import metrics
    from ntm.outputs import pdf as report
    from ntm.outputs import pptx as deck
    from ntm.outputs import slides

    tmp = Path(tempfile.mkdtemp())
    path = tmp / "bench.duckdb"
    build.build(path)
    os.environ["NTM_DB"] = str(path)
    con = db.connect(path)
    for label, scope in (("toàn tỉnh", metrics.Scope("2020-02")), ("huyện 089", metrics.Scope("2020-02", ("089",)))):
        content_s, content = _median(
            lambda scope=scope: slides.build_deck(con, scope, map_png=static_map.slide_picture)
        )
        pptx_s, n_slides = _median(lambda content=content: deck.build_pptx(content, io.BytesIO()))
        pdf_s, n_pages = _median(lambda content=content: report.build_pdf(content, io.BytesIO()))
        print(f"[{label}] slide content (figures, map): {content_s:.2f} s")
        verdict = "OK" if content_s + pptx_s < 10 and n_slides >= 8 else "MISSED"
        print(
            f"[{label}] PowerPoint deck:             {content_s + pptx_s:.2f} s  ({n_slides} slides; "
            f"{pptx_s:.2f} s writing)  target < 10 s for >= 8 slides: {verdict}"
        )
        print(
            f"[{label}] PDF report:                  {content_s + pdf_s:.2f} s  ({n_pages} A4 pages; "
            f"{pdf_s:.2f} s writing)"
        )
    env = {**os.environ, "NTM_DB": str(path)}
    for command, out in (("deck", tmp / "deck.pptx"), ("report", tmp / "report.pdf")):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "ntm", command, "--period", "2020-02", "--out", str(out)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        print(
            f"python -m ntm {command:<6} (cold process):  {time.perf_counter() - t0:.2f} s  "
            f"({out.stat().st_size // 1024} KB)"
        )


if __name__ == "__main__":
    main()
