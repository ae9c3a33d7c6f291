"""What government forms say around their table: the reporting period in the title block, and the
signature and note block under the table.

Offices often write the period only above the table ("Tính đến ngày 31/12/2019", "Kỳ báo cáo: 6
tháng đầu năm 2024", "Quý IV/2020", "Năm 2020"), with no period column; the phrase is read into a
month and matched to a reporting period. Below the table come "KT. CHÁNH VĂN PHÒNG", "Người lập
biểu", a place and date, a name: these rows are recognised as the end of the table, not data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ntm.loading.sheets import cell_text
from ntm.locale.text import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
_WORDS_DATE = r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})"
_UNTIL = r"(?:tinh\s+)?(?:den|toi)\s+(?:het\s+)?(?:ngay\s+)?"  # "tính đến (hết) ngày", "đến ngày"
_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(_UNTIL + _DATE), "date"),
    (re.compile(r"(?:tinh\s+)?(?:den|toi)\s+(?:het\s+)?" + _WORDS_DATE), "date"),
    (re.compile(r"(?:thoi\s+diem|so\s+lieu)\s+(?:ngay\s+)?" + _DATE), "date"),
    (re.compile(r"\b(3|6|9)\s+thang\s+(?:dau\s+)?nam\s+(\d{4})"), "months"),
    (re.compile(r"\b6\s+thang\s+cuoi\s+nam\s+(\d{4})"), "second_half"),
    (re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:[/.-]|\s+nam)?\s*(\d{4})"), "quarter"),
    (re.compile(r"\bthang\s+(\d{1,2})\s*(?:[/.-]|\s+nam)\s*(\d{4})"), "month"),
    (re.compile(r"\b(?:ca\s+)?nam\s+(\d{4})\b"), "year"),
]
_OTHER_DATES = re.compile(_WORDS_DATE + "|" + _DATE)  # a decision's date must not be read as 'năm 2019'
_PERIOD_LINE = re.compile(r"^(?:ky\s+bao\s+cao|ky|so\s+lieu)\s*:")
# A line citing a document ("Kèm theo Quyết định số 1980/QĐ-TTg năm 2016") names that document's date.
_REFERENCE = re.compile(r"kem\s+theo|quyet\s+dinh|nghi\s+quyet|thong\s+tu|cong\s+van|ban\s+hanh|\bso\s*:?\s*\d+\s*/")


@dataclass(frozen=True)
class TitlePeriod:
    """A period phrase found in the title block and the period it names."""

    text: str  # the title line, as written
    year: int
    month: int
    day: date | None  # for "tính đến ngày dd/mm/yyyy"


def month_of(line: str) -> tuple[int, int, date | None] | None:
    """(year, month, day) a title line names, or None when it names no period."""
    folded = fold(line).replace("–", "-")
    if _REFERENCE.search(folded) and not _PERIOD_LINE.match(folded):
        return None
    for pattern, kind in _RULES:
        if kind != "date":  # past the 'until <date>' rules, a full date is a document's or a signature's
            folded = _OTHER_DATES.sub(" ", folded)
        m = pattern.search(folded)
        if not m:
            continue
        if kind == "date":
            d, mo, y = (int(g) for g in m.groups())
            try:
                return y, mo, date(y, mo, d)
            except ValueError:
                continue
        if kind == "months":
            return int(m.group(2)), int(m.group(1)), None
        if kind == "second_half":
            return int(m.group(1)), 12, None
        if kind == "quarter":
            q = _ROMAN.get(m.group(1)) or int(m.group(1))
            return int(m.group(2)), 3 * q, None
        if kind == "month" and 1 <= int(m.group(1)) <= 12:
            return int(m.group(2)), int(m.group(1)), None
        if kind == "year":
            return int(m.group(1)), 12, None
    return None


def title_periods(rows: list[list[object]]) -> list[TitlePeriod]:
    """Period phrases in the rows above the header (a 'Kỳ báo cáo: …' line first when there is one)."""
    found = []
    for row in rows:
        line = " ".join(cell_text(v) for v in row if cell_text(v))
        if not line or len(line) > 400:
            continue
        hit = month_of(line)
        if hit:
            found.append(TitlePeriod(line, *hit))
    labelled = [p for p in found if _PERIOD_LINE.match(fold(p.text))]
    return labelled or found


def match_period(found: TitlePeriod, periods: pd.DataFrame) -> str | None:
    """The period a title phrase names: same as-of day, else the period of that month."""
    as_of = pd.to_datetime(periods["as_of_date"]).dt.date
    if found.day is not None:
        same = periods.period_id[as_of == found.day]
        if len(same):
            return same.iloc[0]
    pid = f"{found.year}-{found.month:02d}"
    if pid in set(periods.period_id):
        return pid
    in_month = periods.period_id[[(d.year, d.month) == (found.year, found.month) for d in as_of]]
    return in_month.iloc[0] if len(in_month) else None


# ---- signature and note blocks under the table ---------------------------------------------------

_FOOTER = re.compile(
    r"^(?:"
    r"(?:kt|tm|tl|tuq|q)\s*\.?\s+\S"  # KT. CHÁNH VĂN PHÒNG, TM. UBND, TL. GIÁM ĐỐC, Q. TRƯỞNG PHÒNG
    r"|nguoi\s+(?:lap|ky|tong\s+hop|duyet|kiem\s+tra)"  # Người lập biểu, Người tổng hợp
    r"|(?:pho\s+)?(?:chanh|giam\s+doc|chu\s+tich|truong\s+(?:phong|ban))\b"
    r"|thu\s+truong|ke\s+toan|can\s+bo\s+(?:tong\s+hop|lap)|xac\s+nhan"
    r"|noi\s+nhan|ghi\s+chu\s*:|luu\s*:|luu\s+vt|-\s*nhu\s+tren"
    r"|\(?\s*ky\s*(?:,|ten|va|\s+ghi)"  # (Ký, ghi rõ họ tên)
    r")"
)
# "Lào Cai, ngày 05 tháng 01 năm 2020"
_PLACE_DATE = re.compile(r"^[^\d,]{2,40},\s*ngay\s+\S+\s+thang\s+\S+\s+nam\s+\d{4}")


def is_footer(row: list[object]) -> bool:
    """A row of the signature or note block: a title of office, 'Người lập biểu', 'Nơi nhận', a place and date."""
    texts = [cell_text(v) for v in row if isinstance(v, str) and cell_text(v)]
    if not texts or len(texts) > 4:
        return False
    folded = fold(texts[0])
    return bool(_FOOTER.match(folded) or _PLACE_DATE.match(folded))
