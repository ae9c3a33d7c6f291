"""Time and peak memory of every hostile file (tests/hostile.py), each read in its own process.

Run: .venv/bin/python bench/bench_limits.py [--timeout S] [CASE ...]
A throw-away database and store in a temporary folder; each case is one child process (dry run of the
import, or a restore attempt), so its peak memory (ru_maxrss) is its own. Prints, per case: the size
of the file, seconds, peak MB, and the first line of the answer (refused or accepted). Peak memory is
the process's own high-water mark (VmHWM), the interpreter and its libraries (~240 MB) included. The limits
(ntm/loading/limits.py) promise: refused within 2 s, and anything within limits done within 10 s and
500 MB. A case still running after --timeout seconds is stopped and shown as such.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = """
import sys, time
from pathlib import Path
from ntm.loading import archive, auth, importer
from ntm.loading.store import Store
store = Store(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
path, mode = Path(sys.argv[5]), sys.argv[6]
content = path.read_bytes()
user = auth.User("bench", None)
t0 = time.perf_counter()
try:
    if mode == "import":
        r = importer.preview(content, path.name, store, user)
        answer = ("refused: " if not r.ok else "accepted: ") + (r.fatal or r.summary())
    else:
        entry = archive.restore(content, path.name, user, store)
        answer = f"accepted: restore wrote version {entry['version_after']}"
except Exception as err:  # noqa: BLE001 - the bench reports whatever happened
    answer = f"refused: {type(err).__name__}: {err}"
elapsed = time.perf_counter() - t0
# the high-water mark of this process's own memory (ru_maxrss would carry the parent's from before exec)
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
print(f"{elapsed:.2f}\\t{peak:.0f}\\t" + " ".join(answer.split())[:150])
"""


def cases(backup: bytes, db: Path) -> dict[str, tuple[str, str, object]]:
    """name -> (file name, mode, builder)."""
    from tests import hostile
    from tests.importing import MORE_PERIODS, big_status_csv, big_status_rows, xlsx

    limits = _limits()
    cases: dict[str, tuple[str, str, object]] = {
        "shared string 280 MB": ("bom.xlsx", "import", lambda: hostile.shared_string_bomb(280)),
        "1,2 million rows": ("trieu_dong.xlsx", "import", lambda: hostile.many_rows_xlsx(1_200_000)),
        "199 000 repeated rows": ("lap.xlsx", "import", lambda: hostile.repeated_rows_xlsx(199_000)),
        "60 000 rows (over the row limit)": ("sau_muoi.xlsx", "import", lambda: hostile.many_rows_xlsx(60_000)),
        "14 000 wide rows (over cells)": ("rong_lap.xlsx", "import", lambda: hostile.repeated_rows_xlsx(14_000)),
        "1 million shared strings": ("trieu_chuoi.xlsx", "import", lambda: hostile.many_strings_xlsx(1_000_000)),
        "400 000 distinct strings": ("so.xlsx", "import", lambda: hostile.many_strings_xlsx(400_000, True)),
        "cell at XFD1048576": ("xa.xlsx", "import", hostile.far_cell_xlsx),
        "16 384 columns": ("rong.xlsx", "import", hostile.wide_row_xlsx),
        "5 million shared strings": ("chuoi.xlsx", "import", lambda: hostile.many_strings_xlsx(5_000_000)),
        "40 000-char cell": ("dai.xlsx", "import", hostile.long_cell_xlsx),
        "entity bomb": ("thuc_the.xlsx", "import", hostile.entity_bomb_xlsx),
        "500 sheets": ("trang.xlsx", "import", hostile.many_sheets_xlsx),
        "100 000 merges": ("gop.xlsx", "import", hostile.many_merges_xlsx),
        "csv 1,2 million rows": ("trieu.csv", "import", hostile.csv_many_rows),
        "csv 20 MB field": ("truong.csv", "import", hostile.csv_long_field),
        "csv 100 000 columns": ("cot.csv", "import", hostile.csv_wide_row),
        "restore 480 MB csv": ("bom.zip", "restore", lambda: hostile.restore_bomb(backup, 480)),
    }
    for name, data in hostile.restore_corpus(backup).items():
        cases[f"restore {name}"] = (f"{name.replace(' ', '_')}.zip", "restore", lambda d=data: d)
    if limits:  # the largest files within the limits: valid rows of the long layout, repeated rows of the wide one
        n, wide = limits.MAX_DATA_ROWS, limits.MAX_CELLS // 22 - 2
        cases[f"{n} valid rows (limit)"] = (
            "gioi_han.xlsx",
            "import",
            lambda: xlsx(big_status_rows(db, n, MORE_PERIODS)),
        )
        cases[f"{wide} repeated wide rows (limit)"] = (
            "lap_gh.xlsx",
            "import",
            lambda: hostile.repeated_rows_xlsx(wide),
        )
        m = limits.MAX_BACKUP_ROWS
        cases[f"restore {m} rows (limit)"] = (
            "sao_luu_lon.zip",
            "restore",
            lambda: hostile.rezip(backup, {"data/commune_status.csv": big_status_csv(db, m)}),
        )
    return cases


def _limits():
    try:
        from ntm.loading import limits
    except ImportError:  # before the limits existed
        return None
    return limits


def _cap_memory() -> None:
    """Each case may use at most 6 GB, so a bomb that still works fails with MemoryError, not the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("only", nargs="*")
    args = parser.parse_args()
    from ntm.data import build
    from ntm.loading import archive
    from tests.importing import MONTHS, big_dataset, make_store

    tmp = Path(tempfile.mkdtemp(prefix="bench_limits_"))
    data = big_dataset(tmp, MONTHS)  # 84 extra periods, so the largest valid files have distinct rows
    base = tmp / "base.duckdb"
    build.build(base, data, overlay=None)
    (tmp / "export").mkdir()
    backup = archive.export_zip(make_store(tmp / "export", base, data))
    print(f"{'case':<34} {'file':>9} {'seconds':>8} {'peak MB':>8}  answer")
    for name, (file_name, mode, make) in cases(backup, base).items():
        if args.only and not any(o.lower() in name.lower() for o in args.only):
            continue
        case_dir = tmp / f"case_{abs(hash(name))}"
        case_dir.mkdir()
        store = make_store(case_dir, base, data)
        path = case_dir / file_name
        path.write_bytes(make())
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        argv = [sys.executable, "-c", CHILD, str(store.root), str(store.db), str(store.data_dir), str(store.ref)]
        t0 = time.perf_counter()
        try:
            out = subprocess.run(
                [*argv, str(path), mode],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=args.timeout,
                preexec_fn=_cap_memory,
            )
            line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "\t\tCRASH " + out.stderr[-200:]
            seconds, peak_mb, answer = line.split("\t", 2)
        except subprocess.TimeoutExpired:
            seconds, peak_mb, answer = f">{args.timeout:.0f}", "?", "stopped (timeout)"
        wall = time.perf_counter() - t0
        size = path.stat().st_size
        shown = f"{size / 1024:.0f} KB" if size < 10 << 20 else f"{size >> 20} MB"
        print(f"{name:<34} {shown:>9} {seconds:>8} {peak_mb:>8}  {answer}  (wall {wall:.1f} s)", flush=True)
        path.unlink()


if __name__ == "__main__":
    main()
