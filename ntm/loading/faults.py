"""Faults of the machine (a full disk, a read-only folder, a missing reference folder) as Vietnamese
messages a user can act on, instead of Python's English error text."""

from __future__ import annotations

import errno


def describe(err: OSError) -> str:
    """What went wrong with the file system, in Vietnamese, and that the data was left as it was."""
    where = f" ({err.filename})" if getattr(err, "filename", None) else ""
    kept = " Dữ liệu không bị thay đổi."
    if err.errno == errno.ENOSPC or err.errno == errno.EDQUOT:
        return f"Ổ đĩa đã đầy, không ghi được{where}. Hãy giải phóng dung lượng rồi thử lại.{kept}"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Không có quyền ghi vào thư mục dữ liệu{where} (thư mục chỉ đọc hoặc thiếu quyền). "
            f"Hãy nhờ quản trị máy chủ cấp quyền ghi rồi thử lại.{kept}"
        )
    if err.errno == errno.ENOENT:
        return f"Không tìm thấy tệp hoặc thư mục{where}.{kept}"
    return f"Lỗi hệ thống tệp{where}: {err.strerror or err}.{kept}"
