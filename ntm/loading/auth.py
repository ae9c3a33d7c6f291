"""Editors' accounts: argon2 password hashes in a file outside git, district limits, login back-off.

Viewing needs no account. Importing, undoing and restoring need an editor; an editor created with
a district may only change rows of that district. Failed logins are counted per name in a file
next to the users file, so the wait survives a restart: after 3 failures each new attempt must wait
2, 4, 8 … seconds (at most 15 minutes) and is refused without checking the password until then.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ntm.data.overlay import store_dir
from ntm.loading.store import atomic_write_text

USERS_ENV = "NTM_USERS"
FREE_FAILURES = 3
MAX_WAIT_S = 900
MIN_PASSWORD = 8
_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against for an unknown name, so both refusals take as long. Made on the first login,
    not at import: hashing at argon2's cost takes 0,1 s, paid by every process that imports ntm otherwise."""
    return _HASHER.hash("not-a-real-password")


class AuthError(PermissionError):
    """Login refused or a change not allowed; str() is the Vietnamese reason."""


@dataclass(frozen=True)
class User:
    name: str
    district: str | None = None  # None = the whole province

    def check_districts(self, districts: set[str | None], district_names: dict[str, str] | None = None) -> None:
        """Raise unless every district touched is this editor's (None = a province-wide row)."""
        if self.district is None:
            return
        outside = sorted(d or "toàn tỉnh" for d in districts if d != self.district)
        if outside:
            names = district_names or {}
            label = ", ".join(f"{d} {names.get(d, '')}".strip() for d in outside)
            raise AuthError(
                f"Tài khoản '{self.name}' chỉ được cập nhật dữ liệu của huyện {self.district} "
                f"{names.get(self.district, '')}".rstrip()
                + f"; không được sửa dữ liệu của: {label}."
            )


def users_file() -> Path:
    return Path(os.environ.get(USERS_ENV, store_dir() / "users.json")).resolve()


def _failures_file(users: Path) -> Path:
    return users.with_name(users.stem + ".failures.json")


@contextmanager
def _locked(users: Path) -> Iterator[None]:
    users.parent.mkdir(parents=True, exist_ok=True)
    with open(users.with_name(users.name + ".lock"), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def _save(path: Path, data: dict) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1))
    os.chmod(path, 0o600)


def add_user(name: str, password: str, district: str | None = None, users: Path | None = None) -> User:
    """Create or replace an editor (the password is stored only as an argon2 hash)."""
    users = users or users_file()
    if not re.fullmatch(r"[A-Za-z0-9_.\-]{2,40}", name or ""):
        raise AuthError("Tên tài khoản gồm 2–40 ký tự: chữ không dấu, số, '.', '_' hoặc '-'.")
    if len(password or "") < MIN_PASSWORD:
        raise AuthError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    if district is not None and not re.fullmatch(r"\d{3}", district):
        raise AuthError("Mã huyện gồm 3 chữ số, ví dụ 083.")
    with _locked(users):
        data = _load(users)
        data[name] = {
            "hash": _HASHER.hash(password),
            "district": district,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        _save(users, data)
    return User(name, district)


def list_users(users: Path | None = None) -> list[User]:
    data = _load(users or users_file())
    return [User(n, v.get("district")) for n, v in sorted(data.items())]


def wait_seconds(failures: int) -> int:
    """Seconds a name must wait after this many consecutive failures."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES + 1), MAX_WAIT_S)


def authenticate(name: str, password: str, users: Path | None = None, now: float | None = None) -> User:
    """The editor, or AuthError (same message for an unknown name and a wrong password)."""
    users = users or users_file()
    now = time.time() if now is None else now
    key = (name or "").strip().lower()
    with _locked(users):
        fails = _load(_failures_file(users))
        record = fails.get(key, {"count": 0, "last": 0.0})
        wait = wait_seconds(record["count"]) - (now - record["last"])
        if wait > 0:
            raise AuthError(f"Đăng nhập sai nhiều lần. Vui lòng chờ {int(wait) + 1} giây rồi thử lại.")
        entry = _load(users).get((name or "").strip())
        dummy = _dummy_hash()  # made before the branch, so a first login is as slow for a known as an unknown name
        try:
            _HASHER.verify(entry["hash"] if entry else dummy, password or "")
            ok = entry is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok:
            fails[key] = {"count": record["count"] + 1, "last": now}
            _save(_failures_file(users), fails)
            left = wait_seconds(record["count"] + 1)
            extra = f" Lần thử tiếp theo sau {left} giây." if left else ""
            raise AuthError("Tên đăng nhập hoặc mật khẩu không đúng." + extra)
        if key in fails:
            del fails[key]
            _save(_failures_file(users), fails)
    return User(name.strip(), entry.get("district"))


def require_editor(user: User | None) -> User:
    """Writes need a logged-in editor; a viewer (no login) is refused."""
    if user is None:
        raise AuthError("Cần đăng nhập tài khoản biên tập để thay đổi dữ liệu; người xem chỉ được xem.")
    return user
