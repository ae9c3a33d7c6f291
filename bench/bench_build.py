"""Time and size of one database build from data/ (what `make run`, every import and every restore publish), with
the build's small blocks (ntm.data.db.BLOCK_SIZE) against DuckDB's default 256 KB blocks, in turn, as ratios.

Run: .venv/bin/python bench/bench_build.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROUNDS = 7
DEFAULT_BLOCK = 256 * 1024


def _build(path: Path, block_size: int) -> tuple[float, int]:
    from ntm.data import build, db

    db.BLOCK_SIZE = block_size
    t0 = time.perf_counter()
    build.build(path, overlay=None)
    return time.perf_counter() - t0, path.stat().st_size


def main() -> None:
    from ntm.data import db

    small = db.BLOCK_SIZE
    path = Path(tempfile.mkdtemp()) / "bench.duckdb"
    _build(path, small)  # the files read and checked once, outside the timings (the build keeps them by content)
    times: dict[int, list[float]] = {small: [], DEFAULT_BLOCK: []}
    sizes: dict[int, int] = {}
    for _ in range(ROUNDS):
        for block in times:
            seconds, sizes[block] = _build(path, block)
            times[block].append(seconds)
    db.BLOCK_SIZE = small
    for block, runs in times.items():
        print(
            f"blocks {block // 1024:>3} KB: build median {statistics.median(runs):.3f} s (best {min(runs):.3f}), "
            f"file {sizes[block] / 2**20:.1f} MB"
        )
    ratio = statistics.median(times[small]) / statistics.median(times[DEFAULT_BLOCK])
    print(f"ratio small / default blocks: time {ratio:.2f}, size {sizes[small] / sizes[DEFAULT_BLOCK]:.2f}")


if __name__ == "__main__":
    main()
