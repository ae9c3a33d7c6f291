"""The append-only audit log of the store: who changed what, when, from which file.

One JSON line per import, undo or restore (written by Store.switch once the change is in force);
the old → new values of each change live in its version folder (changes.csv). This module reads the
log, finds what an undo would reverse, checks that log, pointer and database agree, and formats
the log for people.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pandas as pd

from ntm.data.db import read_meta
from ntm.loading.store import Store
from ntm.locale import fmt

ACTIONS_VI = {"import": "Nhập dữ liệu", "undo": "Hoàn tác", "restore": "Khôi phục từ bản sao lưu"}


def entries(store: Store) -> list[dict]:
    """Every complete line of the log, oldest first (a torn last line, if any, is not an entry).

    A write whose process died after the pointer switch, before its line was appended, is in force:
    its intent (pending.json) is read as the last entry, so the log never hides it from Undo."""
    pending = _pending(store)  # read before the log: a writer finishing meanwhile is then in the log
    try:
        lines = store.audit_log.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    if (
        pending
        and pending.get("version_after") == store.current()
        and pending.get("id") not in {e.get("id") for e in out}
    ):
        out.append(pending)
    return out


def _pending(store: Store) -> dict | None:
    try:
        entry = json.loads(store.pending.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return entry if isinstance(entry, dict) and "id" in entry and "action" in entry else None


def undoable(store: Store) -> dict | None:
    """The import or restore an undo would reverse now: the top of the stack of changes in force."""
    stack: list[dict] = []
    for e in entries(store):
        if e["action"] in ("import", "restore"):
            stack.append(e)
        elif e["action"] == "undo" and stack and stack[-1]["id"] == e.get("undoes"):
            stack.pop()
    if stack and stack[-1]["version_after"] == store.current():
        return stack[-1]
    return None


def consistency(store: Store) -> list[str]:
    """Problems between the log, the pointer and the database (empty list = consistent)."""
    problems = []
    log = entries(store)
    current = store.current()
    last = log[-1]["version_after"] if log else ""
    if last != current:
        problems.append(f"nhật ký kết thúc ở phiên bản '{last}' nhưng phiên bản hiện hành là '{current}'")
    try:
        meta = read_meta(store.db)
    except duckdb.Error as err:
        meta = {"store_version": f"(không đọc được: {str(err)[:60]})"}
    if meta.get("store_version", "") != current:
        problems.append(f"cơ sở dữ liệu dựng từ phiên bản '{meta.get('store_version')}', hiện hành là '{current}'")
    for e in log:
        if e["version_after"] and not (store.versions / e["version_after"]).is_dir():
            problems.append(f"thiếu thư mục phiên bản {e['version_after']}")
    return problems


def table(store: Store, lang: str = "vi") -> pd.DataFrame:
    """The log for display, newest first, Vietnamese dates (dd/mm/yyyy hh:mm)."""
    rows = []
    for e in reversed(entries(store)):
        at = datetime.strptime(e["at"], "%Y-%m-%dT%H:%M:%S%z")
        rows.append(
            {
                "Thời điểm": f"{fmt.day(at.date())} {at:%H:%M}",
                "Người thực hiện": e["user"] + (f" (huyện {e['user_district']})" if e.get("user_district") else ""),
                "Thao tác": ACTIONS_VI.get(e["action"], e["action"]),
                "Tệp": e.get("file_name") or "",
                "Mã băm SHA-256": (e.get("sha256") or "")[:16],
                "Thêm": e.get("rows_added", 0),
                "Sửa": e.get("rows_changed", 0),
                "Xóa": e.get("rows_removed", 0),
                "Phiên bản": f"{e.get('version_before') or 'gốc'} → {e.get('version_after') or 'gốc'}",
                "id": e["id"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Thời điểm",
            "Người thực hiện",
            "Thao tác",
            "Tệp",
            "Mã băm SHA-256",
            "Thêm",
            "Sửa",
            "Xóa",
            "Phiên bản",
            "id",
        ],
    )
