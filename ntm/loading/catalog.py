"""What an import checks rows against: periods, each period's commune base, criteria, districts.

Read once per version of the database file and shared (callers do not change it). Units are matched by code
first (against the chosen period's base, since GSO re-uses codes over time), then by an unambiguous name within
the district; the messages say exactly why a row could not be matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from ntm.data.content_cache import ContentCache
from ntm.data.db import file_version, fresh_connection
from ntm.locale.text import fold, nfc

_DISTRICT_PREFIX = re.compile(r"^(huyen|thanh pho|tp|thi xa|tx|h)\.?\s+")


OUT_OF_TIME = "không dùng được cho kỳ"  # the reason of a code used outside its time (an old code in 2026)


class NotFound(ValueError):
    """A code or name that does not resolve; str() is the Vietnamese reason."""


@dataclass(frozen=True)
class Unit:
    unit_id: str
    unit_code: str
    unit_name: str
    district_code: str
    valid_from: date | None = None
    valid_to: date | None = None
    former_district: bool = False  # a unit of 2025 (no district of its own): district_code is its former district


@dataclass
class Catalog:
    periods: pd.DataFrame  # period_id, label_vi, as_of_date, criteria_set_id
    criteria: dict[str, dict[str, str]]  # set_id -> {code: name_vi}
    base: dict[str, list[Unit]]  # period_id -> units of the period's commune base
    units: list[Unit]  # every unit version
    districts: dict[str, str]  # code -> short name
    resource_sources: dict[str, str] = field(default_factory=dict)  # code -> label_vi
    tables: set[str] = field(default_factory=set)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # set_id -> its commune groups (nhóm xã)
    unit_groups: dict[tuple[str, str], str] = field(default_factory=dict)  # (period_id, unit_id) -> group

    def __post_init__(self) -> None:
        self.by_id = {u.unit_id: u for u in self.units}
        self.by_code = {}
        self._code_index: dict[int, dict[str, list[Unit]]] = {}  # per candidate list (period bases)
        self._live: dict[date, list[Unit]] = {}  # units in force per day (unit_on)
        self._sets = dict(zip(self.periods.period_id, self.periods.criteria_set_id))
        self._period_ids = list(self.periods.period_id)
        for u in self.units:
            self.by_code.setdefault(u.unit_code, u)

    @classmethod
    def load(cls, db: Path) -> Catalog:
        """The catalogue of the database file now at db, read once per version of the file (path, inode, mtime,
        size: every write swaps a new file in) and shared by the previews that read it: reading it took a quarter
        of a small file's preview. Callers do not change it."""
        version = file_version(db)
        if version is None:  # missing: opening it says so
            return cls._read(db)
        return _loaded.get(version, lambda: cls._read(db))

    @classmethod
    def _read(cls, db: Path) -> Catalog:
        con = fresh_connection(db)
        try:
            return cls.from_connection(con)
        finally:
            con.close()

    @classmethod
    def from_connection(cls, con: duckdb.DuckDBPyConnection) -> Catalog:
        q = lambda sql: con.execute(sql).df()  # noqa: E731 - one import, one thread
        tables = set(q("SELECT table_name FROM information_schema.tables")["table_name"])
        periods = q("SELECT period_id, label_vi, as_of_date, criteria_set_id FROM periods ORDER BY as_of_date")
        crit = q("SELECT set_id, criterion_code, name_vi FROM criteria ORDER BY set_id, sort_order")
        criteria: dict[str, dict[str, str]] = {}
        for r in crit.itertuples(index=False):
            criteria.setdefault(r.set_id, {})[r.criterion_code] = r.name_vi
        units_df = q(  # a unit of 2025 (no district) is filed under its former district
            "SELECT u.unit_id, u.unit_code, u.unit_name, coalesce(u.district_code, f.area_id) AS district_code, "
            "u.valid_from, u.valid_to, u.district_code IS NULL AS former FROM units u LEFT JOIN unit_areas f "
            "ON f.unit_id = u.unit_id AND f.grouping = 'former_district'"
        )
        units = [
            Unit(
                r.unit_id,
                r.unit_code,
                r.unit_name,
                r.district_code,
                _date(r.valid_from),
                _date(r.valid_to),
                bool(r.former),
            )
            for r in units_df.itertuples(index=False)
        ]
        by_id = {u.unit_id: u for u in units}
        base: dict[str, list[Unit]] = {}
        for r in q("SELECT period_id, unit_id FROM period_units").itertuples(index=False):
            base.setdefault(r.period_id, []).append(by_id[r.unit_id])
        districts = dict(q("SELECT district_code, district_short FROM districts").itertuples(index=False))
        sources = {}
        if "resource_sources" in tables:
            sources = dict(
                q("SELECT source_code, label_vi FROM resource_sources ORDER BY sort_order").itertuples(index=False)
            )
        groups: dict[str, tuple[str, ...]] = {}
        unit_groups: dict[tuple[str, str], str] = {}
        if "commune_group_types" in tables:
            for r in q("SELECT set_id, group_no FROM commune_group_types ORDER BY set_id, group_no").itertuples():
                groups[r.set_id] = (*groups.get(r.set_id, ()), r.group_no)
        if "commune_groups" in tables:
            found = q("SELECT period_id, unit_id, group_no FROM commune_groups")
            unit_groups = {(p, u): g for p, u, g in found.itertuples(index=False)}
        return cls(periods, criteria, base, units, districts, sources, tables, groups, unit_groups)

    # ---- periods and criteria ------------------------------------------------------------------
    def period(self, raw: str) -> str:
        """'2020-12', '12/2020', '12-2020' or the period's Vietnamese label -> period id."""
        text = nfc(raw)
        ids = self._period_ids
        if text in self._sets:
            return text
        m = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{4})", text)
        if m and f"{m.group(2)}-{int(m.group(1)):02d}" in ids:
            return f"{m.group(2)}-{int(m.group(1)):02d}"
        for pid, label in zip(self.periods.period_id, self.periods.label_vi):
            if fold(label) == fold(text):
                return pid
        raise NotFound(f"kỳ báo cáo '{text}' không có trong hệ thống (các kỳ: {', '.join(ids)})")

    def set_of(self, period_id: str) -> str:
        return self._sets[period_id]

    def criterion(self, raw: str, set_id: str) -> str:
        """'3', 'TC3', 'Tiêu chí 3', '3. Thủy lợi' or 'Thủy lợi' -> criterion code of the set."""
        code = criterion_code_of(raw, self.criteria.get(set_id, {}))
        if code is None or code not in self.criteria.get(set_id, {}):
            known = self.criteria.get(set_id, {})
            span = f"{next(iter(known))}–{list(known)[-1]}" if known else "không có"
            raise NotFound(f"tiêu chí '{nfc(raw)}' không có trong bộ tiêu chí {set_id} (mã {span})")
        return code

    # ---- districts and units -------------------------------------------------------------------
    def district(self, raw: str) -> str:
        """District code from '83', '083', 'Mường Khương', 'Huyện Mường Khương', 'TP Lào Cai'."""
        text = nfc(raw)
        if re.fullmatch(r"\d{1,3}", text):
            code = text.zfill(3)
            if code in self.districts:
                return code
            raise NotFound(f"mã huyện '{text}' không có trong tỉnh")
        key = _DISTRICT_PREFIX.sub("", fold(text))
        hits = [c for c, name in self.districts.items() if _DISTRICT_PREFIX.sub("", fold(name)) == key]
        if len(hits) == 1:
            return hits[0]
        raise NotFound(f"huyện '{text}' không có trong tỉnh" if not hits else f"tên huyện '{text}' không rõ ràng")

    def unit_in(self, candidates: list[Unit], code: str, name: str, district: str | None, where: str) -> Unit:
        """Match a unit among candidates by code first, then by unambiguous name within the district."""
        if code:
            digits = code.split("-")[0]
            if not re.fullmatch(r"\d{1,5}", digits):
                raise NotFound(f"mã xã '{code}' không đúng dạng (5 chữ số, ví dụ 02779)")
            # indexed per list the catalogue holds (a period's base, the units of a day); an empty list may be a
            # caller's temporary one, whose id a later list can take: it is never indexed
            index = self._code_index.get(id(candidates)) if candidates else {}
            if index is None:
                index = self._code_index[id(candidates)] = {}
                for u in candidates:
                    index.setdefault(u.unit_code, []).append(u)
            hits = index.get(digits.zfill(5), [])
            if not hits:
                raise NotFound(f"mã xã '{code}' không có trong {where}")
            unit = hits[0]
            if name and not _same_name(name, unit.unit_name):
                raise NotFound(
                    f"mã xã {unit.unit_code} là xã {unit.unit_name} ({self.districts.get(unit.district_code)}) "
                    f"nhưng tên trong tệp là '{nfc(name)}'; kiểm tra lại mã hoặc tên"
                )
            if district and unit.district_code != district:
                raise NotFound(
                    f"xã {unit.unit_code} {unit.unit_name} thuộc {self.districts.get(unit.district_code)}, "
                    f"không thuộc {self.districts.get(district, district)}"
                )
            return unit
        if not name:
            raise NotFound("thiếu mã xã và tên xã")
        pool = [u for u in candidates if district is None or u.district_code == district]
        exact = [u for u in pool if _unit_key(u.unit_name, fold_=False) == _unit_key(name, fold_=False)]
        hits = exact or [u for u in pool if _same_name(name, u.unit_name)]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            scope = f"huyện {self.districts.get(district, district)}" if district else "tỉnh"
            raise NotFound(f"không tìm thấy xã '{nfc(name)}' trong {scope} ({where}); hãy ghi mã xã")
        listing = ", ".join(f"{u.unit_code} ({self.districts.get(u.district_code)})" for u in hits)
        raise NotFound(f"tên xã '{nfc(name)}' trùng ở {len(hits)} xã ({listing}); hãy ghi mã xã")

    def unit_for_period(self, period_id: str, code: str, name: str, district: str | None) -> Unit:
        try:
            return self.unit_in(self.base.get(period_id, []), code, name, district, f"danh sách xã của kỳ {period_id}")
        except NotFound as err:
            raise NotFound(f"{err}{self._other_time(code, period_id)}") from None

    def _other_time(self, code: str, period_id: str) -> str:
        """Why a code is missing from a period: it names a unit that did not exist on the period's date (an old
        code used after the 2025 reform, or the reverse); empty when that is not the reason."""
        digits = code.split("-")[0].zfill(5) if code else ""
        day = _date(self.periods.set_index("period_id").as_of_date.get(period_id))
        known = [u for u in self.units if u.unit_code == digits]
        if day is None or not known or any(_in_force(u, day) for u in known):
            return ""
        u = known[-1]
        span = f"đến {u.valid_to:%d/%m/%Y}" if u.valid_to else f"từ {u.valid_from:%d/%m/%Y}"
        return f" (mã {digits} là của {u.unit_name} {span}: {OUT_OF_TIME} {period_id})"

    def unit_on(self, day: date, code: str, name: str, district: str | None) -> Unit:
        """The unit version in force on a day (recognitions carry a year, not a period)."""
        # one list per day, kept: the code index is cached by the list's identity, which a fresh list could reuse
        live = self._live.setdefault(day, [u for u in self.units if _in_force(u, day)])
        return self.unit_in(live, code, name, district, f"danh mục đơn vị hành chính ngày {day:%d/%m/%Y}")


def criterion_code_of(raw: str, names: dict[str, str]) -> str | None:
    """Criterion code a header or cell names, or None when it does not look like a criterion."""
    text = fold(nfc(raw))
    m = re.fullmatch(
        r"(?:tc|tieu chi|tieu chi so|chi tieu)?\s*(?:so\s*)?(\d{1,2}(?:\.\d)?)(?:\s*[.):\-]\s*.*|\s+.*)?", text
    )
    if m:
        return m.group(1)
    for code, name in names.items():
        if fold(name) == text:
            return code
    return None


@lru_cache(maxsize=16_384)
def _unit_key(name: str, fold_: bool = True) -> str:
    """Name without its type word ('Xã Thanh Bình' -> 'thanh bình'), folded unless asked not to."""
    words = nfc(name).lower().split()
    if len(words) > 2 and fold(" ".join(words[:2])) == "thi tran":
        words = words[2:]
    elif len(words) > 1 and fold(words[0]).rstrip(".") in ("xa", "phuong", "tt", "p", "x"):
        words = words[1:]
    text = " ".join(words)
    return fold(text) if fold_ else text


def _in_force(u: Unit, day: date) -> bool:
    return (u.valid_from is None or u.valid_from <= day) and (u.valid_to is None or day <= u.valid_to)


def _same_name(a: str, b: str) -> bool:
    return _unit_key(a) == _unit_key(b)


def _date(value: object) -> date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


# the catalogues read, by version of the database file (Catalog.load)
_loaded: ContentCache[Catalog] = ContentCache(size=4)
