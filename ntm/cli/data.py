"""Command-line loading of real data (registered by ntm/__main__.py):

    python -m ntm import FILE [--dry-run] [--user NAME] [--kind K] [--period ID] [--json]
    python -m ntm undo --user NAME
    python -m ntm export-zip OUT.zip
    python -m ntm restore BACKUP.zip --user NAME [--confirm-empty TABLE ...]
    python -m ntm user add NAME [--district CODE]

Writes need an editor: the password is asked for (or read from the first line of standard input when
it is not a terminal, for scripted loads). import exits 1 when any row is rejected, and then writes
nothing; --dry-run only prints the preview. Standard output holds the answer (with --json, exactly one
JSON document); every error goes to standard error with a non-zero exit code.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ntm.data import build
from ntm.data.validate import DataError
from ntm.loading import archive, auth, faults, importer
from ntm.loading.store import Busy, Store, Unavailable


def _password(prompt: str = "Mật khẩu: ", confirm: bool = False) -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise auth.AuthError("Hai lần nhập mật khẩu không khớp.")
    return first


def _login(name: str | None) -> auth.User:
    if not name:
        raise auth.AuthError("Cần --user TÊN (tài khoản biên tập) để ghi dữ liệu; dùng --dry-run để chỉ xem trước.")
    return auth.authenticate(name, _password())


def _import(args: argparse.Namespace) -> int:
    """Preview, then write. stdout holds the answer (the report, or exactly one JSON document with --json);
    everything that went wrong goes to stderr, and the exit code is non-zero."""
    path = Path(args.file)
    if not path.is_file():
        print(f"Lỗi: không tìm thấy tệp {path}", file=sys.stderr)
        return 2
    build.ensure_database()
    store = Store.default()
    user = None if args.dry_run or not args.user else _login(args.user)
    result = importer.preview(path.read_bytes(), path.name, store, user, args.kind, args.period)
    if not result.ok:
        if args.json:
            print(importer.as_json(result, dry_run=args.dry_run, written=None))
            print(f"Lỗi: {result.summary()}", file=sys.stderr)
        else:
            print(result.report(), file=sys.stderr)
        return 1
    entry = None
    if not args.dry_run and result.has_changes:
        try:
            entry = importer.commit(result, user or _login(args.user), store)
        except (auth.AuthError, importer.ImportRefused, Busy, Unavailable, OSError) as err:
            if not args.json:
                raise
            message = faults.describe(err) if isinstance(err, OSError) else str(err)
            print(importer.as_json(result, dry_run=False, written=None, error=message))
            print(f"Lỗi: {message}", file=sys.stderr)
            return 1
    if args.json:
        print(importer.as_json(result, dry_run=args.dry_run, written=entry))
        return 0
    print(result.report())
    if args.dry_run:
        print("Chạy thử (--dry-run): không ghi gì.")
    elif entry is not None:
        print(
            f"Đã ghi: phiên bản {entry['version_after']} ({entry['rows_added']} thêm, {entry['rows_changed']} sửa). "
            f"Hoàn tác: python -m ntm undo --user {entry['user']}"
        )
    return 0


def _undo(args: argparse.Namespace) -> int:
    build.ensure_database()  # a damaged database is rebuilt before the store is read
    entry = importer.undo(_login(args.user))
    print(
        f"Đã hoàn tác lần nhập tệp {entry.get('file_name')}; dữ liệu trở về phiên bản "
        f"{entry['version_after'] or 'gốc (dữ liệu kèm theo)'}."
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    build.ensure_database()
    data = archive.export_zip()
    Path(args.out).write_bytes(data)
    print(f"Đã xuất {len(data) // 1024} KB: {args.out}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    path = Path(args.zip)
    if not path.is_file():
        print(f"Lỗi: không tìm thấy tệp {path}", file=sys.stderr)
        return 2
    build.ensure_database()
    entry = archive.restore(path.read_bytes(), path.name, _login(args.user), confirm_empty=args.confirm_empty or ())
    print(
        f"Đã khôi phục từ {path.name}: {entry['rows_added']} thêm, {entry['rows_changed']} sửa, "
        f"{entry['rows_removed']} xóa (phiên bản {entry['version_after']}; có thể hoàn tác)."
    )
    return 0


def _user_add(args: argparse.Namespace) -> int:
    district = args.district.zfill(3) if args.district else None
    user = auth.add_user(args.name, _password("Mật khẩu mới: ", confirm=True), district)
    scope = f"huyện {user.district}" if user.district else "toàn tỉnh"
    print(f"Đã tạo tài khoản biên tập '{user.name}' ({scope}) trong {auth.users_file()}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the data-loading commands to the main parser."""
    imp = sub.add_parser("import", help="nhập tệp Excel/CSV (xem trước rồi ghi)")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi")
    imp.add_argument("--user", help="tài khoản biên tập")
    imp.add_argument("--kind", choices=sorted(importer.KINDS), help="loại dữ liệu (mặc định: tự nhận)")
    imp.add_argument("--period", help="kỳ báo cáo của tệp: dòng không ghi kỳ lấy kỳ này, dòng ghi kỳ khác bị từ chối")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=_guard(_import))
    und = sub.add_parser("undo", help="hoàn tác lần nhập gần nhất")
    und.add_argument("--user")
    und.set_defaults(func=_guard(_undo))
    exp = sub.add_parser("export-zip", help="xuất toàn bộ dữ liệu ra tệp zip")
    exp.add_argument("out")
    exp.set_defaults(func=_guard(_export))
    res = sub.add_parser("restore", help="khôi phục dữ liệu từ tệp zip đã xuất")
    res.add_argument("zip")
    res.add_argument("--user")
    res.add_argument(
        "--confirm-empty",
        action="append",
        metavar="BẢNG",
        help="đồng ý để bản sao lưu làm rỗng bảng này (có thể lặp lại)",
    )
    res.set_defaults(func=_guard(_restore))
    usr = sub.add_parser("user", help="quản lý tài khoản biên tập")
    usr_sub = usr.add_subparsers(dest="user_command", required=True)
    add = usr_sub.add_parser("add", help="tạo tài khoản (mật khẩu hỏi khi chạy hoặc đọc từ stdin)")
    add.add_argument("name")
    add.add_argument("--district", help="giới hạn ở một huyện (mã 3 chữ số)")
    add.set_defaults(func=_guard(_user_add))


def _guard(func):
    """Refusals and faults are a Vietnamese message on stderr and a non-zero exit code, not tracebacks."""

    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except (auth.AuthError, importer.ImportRefused, Busy, Unavailable, DataError) as err:
            print(f"Lỗi: {err}", file=sys.stderr)
            return 1
        except OSError as err:
            print(f"Lỗi: {faults.describe(err)}", file=sys.stderr)
            return 1

    return run
