"""Command line: the same figures the pages show, for scripts and scheduled reports.

python -m ntm build [--data DIR]         rebuild the database from data/ (or DIR) and the reference folder
python -m ntm generate                   regenerate the illustrative commune dataset in data/
python -m ntm generate --national --out DIR [--sample CODES]   every province (issue 15), never into data/
python -m ntm periods [--province ID]    list reporting periods and their ids
python -m ntm metrics --period ID [--province ID] [--district CODE ...] [--json]
python -m ntm national [--date YYYY-MM] [--json]   the national figure and the provinces ranked
python -m ntm deck --period ID [--district CODE ...] [--lang vi|en] --out FILE.pptx
python -m ntm report --period ID [--district CODE ...] [--lang vi|en] --out FILE.pdf
python -m ntm import FILE [--dry-run] [--user NAME] · undo · export-zip OUT · restore ZIP · user add NAME
                                         loading real data (ntm/cli/data.py)
python -m ntm serve [--replicas N] [--port P]   N Streamlit replicas behind nginx (ntm/cli/serve.py)

Every command takes --db PATH: the database to read or write (as NTM_DB does).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

import duckdb

from ntm.data import build, db
from ntm.data.validate import DataError
from ntm.locale import fmt
from ntm.measures import metrics, national, queries


class _Refused(Exception):
    """A command asked for something that is not there: a message (exit status 2), never a traceback."""


def _database() -> duckdb.DuckDBPyConnection:
    """The database the command reads (NTM_DB or --db): built first when missing, stale or damaged."""
    build.ensure_database()
    return db.connect()


def _connect(period: str, province: str | None = None) -> duckdb.DuckDBPyConnection:
    """The database (built first when missing), once the period asked for is known to it."""
    con = _database()
    if period not in set(metrics.periods(con)["period_id"]):
        raise _Refused(f"không có kỳ báo cáo '{period}'. Xem: python -m ntm periods")
    return con


def _period_of(args: argparse.Namespace) -> str:
    """--period as given, or with --province the province's period of that month (2025-06 -> 2025-06.10)."""
    if not getattr(args, "province", None):
        return args.period
    con = _database()
    if args.province not in set(queries.provinces(con)["province_id"]):
        raise _Refused(f"không có tỉnh '{args.province}'. Xem: python -m ntm periods")
    line = national.line_periods(con, args.province)
    found = [p for p in line if p == args.period or p.split(".")[0] == args.period]
    if len(found) != 1:
        listed = ", ".join(found or line)
        raise _Refused(f"tỉnh {args.province} không có đúng một kỳ '{args.period}'; các kỳ: {listed}")
    return found[0]


def _metrics(args: argparse.Namespace) -> int:
    args.period = _period_of(args)
    con = _connect(args.period)
    scope = metrics.Scope(args.period, tuple(args.district or ()))
    summary = metrics.summary(con, scope)
    districts = metrics.district_table(con, scope)
    bands = metrics.bands(con, scope)
    if summary.base == 0:
        raise _Refused("phạm vi đã chọn không có xã nào (kiểm tra mã huyện).")
    if args.json:
        out = {
            "summary": summary.as_dict(),
            "bands": bands[["label_vi", "min_met", "max_met", "communes"]].to_dict("records"),
            "districts": districts.to_dict("records"),
        }
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return 0
    s = summary
    print(
        f"Kỳ {s.period_id}: {s.recognised}/{s.base} xã đạt chuẩn NTM ({fmt.percent(s.pct)}); "
        f"bình quân {fmt.number(s.avg_criteria)}/{s.n_criteria} tiêu chí/xã"
    )
    if s.target_pct is not None:
        print(f"So với mục tiêu {fmt.percent(s.target_pct, 0)}: {fmt.signed(s.gap_points)} điểm %")
    if s.illustrative:
        print("Lưu ý: trạng thái tiêu chí từng xã là dữ liệu minh họa.")
    print("\nTheo nhóm số tiêu chí đạt:")
    for b in bands.itertuples():
        print(f"  {b.label_vi:<18} {b.communes:>4}")
    print(f"\n{'Mã':<5} {'Huyện':<14} {'Đạt/Tổng':>9} {'Tỷ lệ':>7} {'BQ TC':>6} {'So MT':>7}")
    for d in districts.itertuples():
        print(
            f"{d.district_code:<5} {d.district_name:<14} {f'{d.recognised}/{d.base}':>9} "
            f"{fmt.percent(d.pct):>7} {fmt.number(d.avg_criteria):>6} {fmt.signed(d.gap_points):>7}"
        )
    return 0


def _export(args: argparse.Namespace) -> int:
    """deck / report: the presentation's slides written as .pptx or .pdf (ntm.deck, ntm.report)."""
    from pathlib import Path

    from ntm.outputs import pdf as report
    from ntm.outputs import pptx as deck  # python-pptx and reportlab only when asked
    from ntm.outputs import slides

    args.period = _period_of(args)
    con = _connect(args.period)
    known = set(metrics.districts(con, args.period)["district_code"])
    unknown = [d for d in args.district or () if d not in known]
    if unknown:
        raise _Refused(f"không có mã huyện {', '.join(unknown)}. Các mã: {', '.join(sorted(known))}")
    out = Path(args.out)
    if not out.parent.is_dir():
        raise _Refused(f"không có thư mục '{out.parent}' để ghi tệp.")
    scope = metrics.Scope(args.period, tuple(dict.fromkeys(args.district or ())))
    from geo import (
        static_map,  # the CLI sits above geo: it hands the map drawer to the slides
    )

    content = slides.build_deck(con, scope, args.lang, map_png=static_map.slide_picture)
    tmp = out.with_name(f".{out.name}.tmp")  # never leave a half-written file under the asked name
    try:
        if args.command == "deck":
            n = deck.build_pptx(content, tmp)
            what = f"{n} trang chiếu"
        else:
            n = report.build_pdf(content, tmp)
            what = f"{n} trang A4"
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    print(f"Đã ghi {out} ({what})")
    return 0


def _periods(args: argparse.Namespace) -> int:
    con = _database()
    per = metrics.periods(con)
    if args.province:
        if args.province not in set(queries.provinces(con)["province_id"]):
            raise _Refused(f"không có tỉnh '{args.province}'.")
        per = per[per["period_id"].isin(national.line_periods(con, args.province))]
    for p in per.itertuples():
        print(f"{p.period_id}  {fmt.day(p.as_of_date):<10}  {p.commune_base:>3} xã  {p.label_vi}")
    return 0


def _national(args: argparse.Namespace) -> int:
    """The national figure at a date and every province ranked by level and improvement (ntm.measures.national)."""
    con = _database()
    days = national.dates(con)
    if not days:
        raise _Refused("cơ sở dữ liệu chỉ có một tỉnh; dựng dữ liệu toàn quốc: python -m ntm generate --national")
    day = days[-1] if not args.date else next((d for d in days if d.isoformat().startswith(args.date)), None)
    if day is None:
        raise _Refused(f"không có số liệu toàn quốc ngày '{args.date}'. Các ngày: {', '.join(map(str, days))}")
    r = national.ranking(con, day)
    s = r.national
    if args.json:
        table = r.table[["district_code", "district_name", "base", "recognised", "pct", "avg_criteria"]]
        out = {"summary": s.as_dict(), "provinces": table.rename(columns={"district_code": "province_id"})}
        out["provinces"] = out["provinces"].rename(columns={"district_name": "province"}).to_dict("records")
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return 0
    print(
        f"Cả nước, {fmt.day(day)}: {s.recognised}/{s.base} xã đạt chuẩn NTM ({fmt.percent(s.pct)}); "
        f"bình quân {fmt.number(s.avg_criteria)}/{s.n_criteria} tiêu chí/xã"
    )
    if r.illustrative:
        print("Lưu ý: trạng thái tiêu chí từng xã là dữ liệu minh họa.")
    for row in r.table.itertuples():
        move = "" if row.delta_pct != row.delta_pct else f" {fmt.signed(row.delta_pct)} điểm %"
        print(
            f"{row.rank_level:>3}. {row.district_name:<24} {f'{row.recognised}/{row.base}':>9} "
            f"{fmt.percent(row.pct):>7} {fmt.number(row.avg_criteria):>6}{move}"
        )
    return 0


def _build(args: argparse.Namespace) -> int:
    if args.data:
        data = Path(args.data)
        if not data.is_dir():
            raise _Refused(f"không có thư mục dữ liệu '{data}'.")
        path = build.build(data_dir=data, overlay=None)  # a dataset of its own: the import store is data/'s
    else:
        path = build.build()
    print(f"Đã dựng cơ sở dữ liệu: {path}")
    return 0


def _generate(args: argparse.Namespace) -> int:
    if args.national:
        from ntm.generate import national as national_gen

        if not args.out:
            raise _Refused("cần --out THƯ_MỤC: dữ liệu toàn quốc không ghi vào data/.")
        sample = [c.strip() for c in args.sample.split(",") if c.strip()] if args.sample else None
        try:
            written = national_gen.generate(Path(args.out), sample)
        except ValueError as err:
            raise _Refused(str(err)) from err
        print(f"Đã sinh dữ liệu toàn quốc minh họa vào {args.out}: {written['commune_status.csv']} dòng trạng thái")
        return 0
    from ntm.generate import communes as datagen  # heavy numpy work only when asked

    frames = datagen.generate()
    print("Đã sinh dữ liệu minh họa: " + ", ".join(f"{k}.csv ({len(v)} dòng)" for k, v in frames.items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `... | head` ends quietly, as other shell tools do
    parser = argparse.ArgumentParser(prog="python -m ntm", description="Bảng theo dõi nông thôn mới")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="dựng lại cơ sở dữ liệu")
    b.add_argument("--data", help="thư mục dữ liệu (mặc định: data/)")
    b.set_defaults(func=_build)
    g = sub.add_parser("generate", help="sinh lại dữ liệu minh họa")
    g.add_argument("--national", action="store_true", help="mọi tỉnh (ghi vào --out, không vào data/)")
    g.add_argument("--out", help="thư mục ghi dữ liệu toàn quốc")
    g.add_argument("--sample", help="chỉ vài tỉnh mới, theo mã (ví dụ 15,04)")
    g.set_defaults(func=_generate)
    pe = sub.add_parser("periods", help="liệt kê kỳ báo cáo")
    pe.add_argument("--province", help="mã tỉnh: chỉ các kỳ của tỉnh (và các tỉnh đã hợp thành nó)")
    pe.set_defaults(func=_periods)
    n = sub.add_parser("national", help="số liệu cả nước và xếp hạng các tỉnh")
    n.add_argument("--date", help="ngày số liệu (yyyy-mm hoặc yyyy-mm-dd; mặc định: mới nhất)")
    n.add_argument("--json", action="store_true")
    n.set_defaults(func=_national)
    m = sub.add_parser("metrics", help="chỉ số của một kỳ")
    m.add_argument("--period", required=True)
    m.add_argument("--province", help="mã tỉnh: --period yyyy-mm là kỳ của tỉnh này")
    m.add_argument("--district", action="append", help="mã huyện (có thể lặp lại)")
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=_metrics)
    from ntm.cli import (
        data as cli_data,  # issue 6: import, undo, export-zip, restore, user add
    )

    cli_data.register(sub)
    from ntm.cli import serve as cli_serve  # issue 14: N replicas behind nginx

    cli_serve.register(sub)
    for name, ext, text in (("deck", ".pptx", "tệp PowerPoint trình chiếu"), ("report", ".pdf", "báo cáo PDF khổ A4")):
        e = sub.add_parser(name, help=text)
        e.add_argument("--period", required=True)
        e.add_argument("--province", help="mã tỉnh: --period yyyy-mm là kỳ của tỉnh này")
        e.add_argument("--district", action="append", help="mã huyện (có thể lặp lại)")
        e.add_argument("--lang", choices=("vi", "en"), default="vi")
        e.add_argument("--out", required=True, help=f"tệp kết quả ({ext})")
        e.set_defaults(func=_export)
    for command in sub.choices.values():  # every command reads or writes the database named by --db
        command.add_argument("--db", help="tệp cơ sở dữ liệu (như biến NTM_DB)")
    args = parser.parse_args(argv)
    if args.db:
        os.environ["NTM_DB"] = str(Path(args.db).resolve())
    try:
        return args.func(args)
    except _Refused as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 2
    except DataError as err:
        print(str(err), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
