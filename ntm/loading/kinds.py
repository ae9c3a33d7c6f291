"""The kinds of data an office can load, each with its Vietnamese columns and how a row becomes data.

A kind names the table(s) it writes (entries of the registry, which owns their files and keys),
the columns of its template (first label = template header, other spellings accepted on import),
and a function turning one spreadsheet row into records of the table's data file. Anything a row
gets wrong raises RowError naming the column, so the preview can say file, sheet, row, column and
value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property, lru_cache

import pandas as pd

from ntm.data import registry
from ntm.data.registry import Table
from ntm.loading.catalog import Catalog, NotFound
from ntm.loading.sheets import Formula, cell_text, header_key
from ntm.locale.text import fold

LEVELS = ("NTM", "NTM nâng cao", "NTM kiểu mẫu")
SCOPES = {"Tỉnh": "province", "Huyện": "district", "Xã": "commune", "Tiêu chí": "criterion"}
DIRECTIONS = {"Càng cao càng tốt": "higher_is_better", "Càng thấp càng tốt": "lower_is_better"}
MET_WORDS = ("Đạt", "Chưa đạt")
_TRUE = {"dat", "x", "1", "d", "co", "true", "yes", "v", "\u2713", "\u2714"}
_FALSE = {"", "chua dat", "0", "khong dat", "chua", "cd", "kd", "khong", "false", "no"}


class RowError(ValueError):
    """One cell of one row is wrong: field name, the raw value and the Vietnamese reason."""

    def __init__(self, field_name: str, value: object, reason: str):
        super().__init__(reason)
        self.field, self.value, self.reason = field_name, value, reason


class RowErrors(ValueError):
    """Every bad cell of one row (a row is reported whole, not only its first mistake)."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(e.reason for e in errors))
        self.errors = errors


class Collect:
    """Parses a row's cells, keeping each RowError and going on; check() raises them together."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def __call__(self, parse: Callable, *args, **kwargs):
        try:
            return parse(*args, **kwargs)
        except RowErrors as err:
            self.errors += err.errors
        except RowError as err:
            self.errors.append(err)
        return None

    def check(self) -> None:
        if self.errors:
            raise RowErrors(self.errors)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    synonyms: tuple[str, ...] = ()
    help: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()

    @cached_property
    def keys(self) -> set[str]:
        return {header_key(self.label), *(header_key(s) for s in self.synonyms)}


@dataclass
class Context:
    """What a row needs besides its cells: the catalog, the default source text, the file name."""

    catalog: Catalog
    file_name: str
    default_source: str
    district_hint: str | None = None  # from a 'Huyện …' heading row above
    period: str | None = None  # the period of rows that name none (chosen on import, or the title block's)
    periods: dict[str, str] = field(default_factory=dict)  # raw period cell -> period id, resolved once
    criteria: dict[tuple[str, str], str] = field(default_factory=dict)  # (raw cell, set) -> criterion code


@dataclass(frozen=True)
class Kind:
    id: str
    label: str
    tables: tuple[Table, ...]  # registry entries the kind writes (the first is its main one)
    fields: tuple[Field, ...]
    identity: tuple[str, ...]  # at least one must be found to recognise the header
    to_records: Callable[[dict, Context], list[tuple[str, dict]]]
    wide_criteria: bool = False  # criterion columns (status per commune)
    title: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(t.file for t in self.tables)


# ---- cell parsers ------------------------------------------------------------------------------


def text(cells: dict, name: str) -> str:
    """Free text, stored as it is (a formula or markup stays inert text)."""
    return cell_text(cells.get(name))


_WHOLE_TEXT = re.compile(r"([+-]?\d+)\.0+")


def coded(cells: dict, name: str) -> str:
    """A coded value: formulas are refused (their result is not what the sheet shows).

    Text that spells a whole number with decimals ('1.0', '2779.0') reads like the number 1.0 does."""
    value = cells.get(name)
    if isinstance(value, Formula):
        raise RowError(name, value, "ô chứa công thức; hãy dán dạng giá trị (Paste Values) rồi nhập lại")
    text = cell_text(value)
    if "." in text and (m := _WHOLE_TEXT.fullmatch(text)):
        return m.group(1)
    return text


def met(cells: dict, name: str) -> str:
    raw = coded(cells, name)
    result = _met_word(raw)
    if result is None:
        raise RowError(name, raw, "không hiểu kết quả; ghi 'Đạt' (hoặc x, 1) hay 'Chưa đạt' (hoặc 0, để trống)")
    return result


@lru_cache(maxsize=4096)
def _met_word(raw: str) -> str | None:
    """'1' / '0' for the ways offices write a result (a file repeats a handful of spellings)."""
    key = fold(raw)
    return "1" if key in _TRUE else "0" if key in _FALSE else None


def year(cells: dict, name: str, required: bool = True) -> str:
    raw = coded(cells, name)
    if not raw and not required:
        return ""
    if not re.fullmatch(r"(19|20)\d\d", raw):
        raise RowError(name, raw, "năm phải có 4 chữ số, ví dụ 2020")
    return raw


def _blank(raw: str, name: str, required: bool, missing: str) -> bool:
    """Whether the cell is empty (an optional one stays empty); an empty required cell is refused with `missing`."""
    if raw == "" and required:
        raise RowError(name, raw, missing)
    return raw == ""


def number(cells: dict, name: str, integer: bool = False, required: bool = True, minimum: float | None = 0) -> str:
    """'1.234,5' (Vietnamese), '1234.5', 1234.5 -> '1234.5'; integers keep no decimals."""
    value = cells.get(name)
    raw = coded(cells, name)
    if _blank(raw, name, required, "thiếu số liệu"):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        num = float(value)
    else:
        t = raw.replace(" ", "").replace("\u00a0", "")
        if "," in t and "." in t:
            t = t.replace(".", "").replace(",", ".")
        elif "," in t:
            t = t.replace(",", "." if not integer else "")
        elif integer and re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
            t = t.replace(".", "")
        try:
            num = float(t)
        except ValueError:
            raise RowError(name, raw, "không phải là số") from None
    if integer and not num.is_integer():
        raise RowError(name, raw, "phải là số nguyên")
    if minimum is not None and num < minimum:
        raise RowError(name, raw, f"không được nhỏ hơn {minimum:g}")
    return str(int(num)) if integer or num.is_integer() else repr(num)


def day(cells: dict, name: str, required: bool = False) -> str:
    """Date cell, 'dd/mm/yyyy' or 'yyyy-mm-dd' -> ISO date."""
    value = cells.get(name)
    raw = coded(cells, name)
    if _blank(raw, name, required, "thiếu ngày"):
        return ""
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, fmt).strftime("%Y-%m-%d")
        except ValueError:
            continue
    raise RowError(name, raw, "ngày không đúng dạng dd/mm/yyyy")


def choice(cells: dict, name: str, options: dict[str, str], required: bool = True) -> str:
    """A value from a list, given by its Vietnamese label or its code (accents and case ignored)."""
    raw = coded(cells, name)
    if raw == "" and not required:
        return ""
    by_key = {fold(k): v for k, v in options.items()} | {fold(v): v for v in options.values()}
    if fold(raw) in by_key:
        return by_key[fold(raw)]
    raise RowError(name, raw, "giá trị không nằm trong danh sách: " + ", ".join(options))


def _district(cells: dict, ctx: Context) -> str | None:
    for name in ("district_code", "district"):
        raw = coded(cells, name)
        if raw:
            try:
                return ctx.catalog.district(raw)
            except NotFound as err:
                raise RowError(name, raw, str(err)) from None
    return ctx.district_hint


def _unit_field(err: NotFound, cells: dict) -> tuple[str, str]:
    if coded(cells, "unit_code"):
        return "unit_code", coded(cells, "unit_code")
    return "unit_name", text(cells, "unit_name")


def _source(cells: dict, ctx: Context) -> str:
    return text(cells, "source") or ctx.default_source


# ---- the kinds ---------------------------------------------------------------------------------

STATUS = registry.importable("commune_status")
GROUPS = registry.importable("commune_groups")
RECOGNITIONS = registry.importable("recognitions")
ADVANCED = registry.importable("advanced_recognitions")
TARGETS = registry.importable("targets")
POVERTY = registry.importable("poverty_district")
RESOURCES = registry.importable("resources")

# The columns every kind of file may carry: (field, label of the template, other headers offices write, help,
# required). A header is matched whatever its case, accents or spacing (header_key).
COMMON_FIELDS = (
    ("period", "Kỳ báo cáo", ("Kỳ", "Kỳ BC", "period", "period_id"), "Mã kỳ, ví dụ 2020-12 (hoặc 12/2020)", True),
    ("district_code", "Mã huyện", ("Mã huyện cũ", "district_code"), "3 chữ số, ví dụ 083 (từ 07/2025: huyện cũ)"),
    (
        "district",
        "Huyện",
        ("Tên huyện", "Huyện/thị xã/thành phố", "Huyện, thị xã, thành phố", "Đơn vị cấp huyện", "Huyện cũ", "district"),
        "Tên huyện (dùng khi không có mã)",
    ),
    (
        "unit_code",
        "Mã xã",
        ("Mã ĐVHC", "Mã đơn vị", "Mã số xã", "Mã xã/phường/thị trấn", "unit_code", "unit_id"),
        "Mã ĐVHC 5 chữ số (có thể bỏ số 0 đầu)",
    ),
    (
        "unit_name",
        "Tên xã",
        ("Xã", "Tên đơn vị", "Xã/phường/thị trấn", "Tên xã/phường/thị trấn", "Đơn vị", "unit_name", "commune"),
        "Dùng khi thiếu mã; tên trùng thì phải có mã",
    ),
    (
        "group_no",
        "Nhóm xã",
        ("Nhóm xã (1, 2, 3)", "Phân nhóm xã", "Nhóm của xã", "group_no", "commune_group"),
        "1, 2 hoặc 3 theo QĐ 51/2025/QĐ-TTg (chỉ kỳ theo bộ tiêu chí 2026–2030), nhập cùng kết quả tiêu chí của "
        "dòng; để trống: giữ nhóm đã có",
    ),
    (
        "source",
        "Nguồn số liệu",
        ("Nguồn", "Văn bản", "Căn cứ", "Nguồn/văn bản", "source", "provenance"),
        "Văn bản, báo cáo làm căn cứ (không bắt buộc)",
    ),
)
PERIOD, DISTRICT_CODE, DISTRICT, UNIT_CODE, UNIT_NAME, GROUP, SOURCE = (Field(*row) for row in COMMON_FIELDS)


def _period(cells: dict, ctx: Context) -> str:
    """The row's period, or the file's (chosen on import or read from the title block) when it names none."""
    raw = coded(cells, "period")
    if not raw:
        if ctx.period:
            return ctx.period
        raise RowError("period", raw, "thiếu kỳ báo cáo")
    period_id = ctx.periods.get(raw)
    if period_id is None:
        try:
            period_id = ctx.periods[raw] = ctx.catalog.period(raw)
        except NotFound as err:
            raise RowError("period", raw, str(err)) from None
    if ctx.period and period_id != ctx.period:
        raise RowError("period", raw, f"dòng ghi kỳ {period_id}, không phải kỳ đang nhập {ctx.period}")
    return period_id


def _status_records(cells: dict, ctx: Context) -> list[tuple[str, dict]]:
    cat = ctx.catalog
    got = Collect()
    period_id = got(_period, cells, ctx)
    district = got(_district, cells, ctx)
    unit = None
    if period_id is not None and not got.errors:

        def find():
            try:
                return cat.unit_for_period(period_id, coded(cells, "unit_code"), text(cells, "unit_name"), district)
            except NotFound as err:
                raise RowError(*_unit_field(err, cells), str(err)) from None

        unit = got(find)
    set_id = cat.set_of(period_id) if period_id is not None else None
    statuses = cells.get("_criteria", {})
    long_layout = "criterion" in cells
    if long_layout:  # one criterion per row
        raw = coded(cells, "criterion")
        statuses = {}
        if set_id is not None:
            code = ctx.criteria.get((raw, set_id))
            if code is None:
                try:
                    code = ctx.criteria[(raw, set_id)] = cat.criterion(raw, set_id)
                except NotFound as err:
                    got.errors.append(RowError("criterion", raw, str(err)))
            if code is not None:
                statuses = {code: cells.get("met")}
    provenance = _source(cells, ctx)
    group = got(_group, cells, set_id, period_id, cat) if set_id is not None else None
    known = cat.criteria.get(set_id, {}) if set_id is not None else {}
    results = {}
    for code, value in statuses.items():
        name = f"criterion:{code}" if not long_layout else "met"
        if set_id is not None and code not in known:
            got.errors.append(
                RowError(name, code, f"tiêu chí {code} không có trong bộ tiêu chí {set_id} của kỳ {period_id}")
            )
            continue
        results[code] = got(met, {name: value}, name)
    got.check()
    grouped = [
        (
            GROUPS.file,
            {
                "period_id": period_id,
                "unit_id": unit.unit_id,
                "unit_code": unit.unit_code,
                "group_no": group,
                "basis": "",
                "provenance": provenance,
            },
        )
    ]
    return [
        (
            STATUS.file,
            {
                "period_id": period_id,
                "unit_id": unit.unit_id,
                "unit_code": unit.unit_code,
                "criterion_code": code,
                "met": result,
                "provenance": provenance,
            },
        )
        for code, result in results.items()
    ] + (grouped if group else [])


def _group(cells: dict, set_id: str, period_id: str, cat: Catalog) -> str | None:
    """The commune's group (nhóm xã) the row gives, checked against the groups of the period's set ('Nhóm 2' reads
    as 2); None when the cell is blank."""
    raw = coded(cells, "group_no")
    if not raw:
        return None
    known = cat.groups.get(set_id, ())
    if not known:
        raise RowError("group_no", raw, f"bộ tiêu chí {set_id} của kỳ {period_id} không chia nhóm xã; để trống cột này")
    number = re.sub(r"^(nhóm|nhom|group)\s*", "", raw.strip(), flags=re.IGNORECASE)
    if number not in known:
        raise RowError("group_no", raw, f"nhóm xã không có trong bộ tiêu chí {set_id} (các nhóm: {', '.join(known)})")
    return number


def status_row_is_empty(cells: dict) -> bool:
    """A wide row with every criterion cell blank carries no report (not 'all unmet'): skipped."""
    return "criterion" not in cells and all(cell_text(v) == "" for v in cells.get("_criteria", {}).values())


def _recognition_records(cells: dict, ctx: Context) -> list[tuple[str, dict]]:
    got = Collect()
    level = got(
        choice,
        cells,
        "level",
        {lv: lv for lv in LEVELS}
        | {"Nâng cao": "NTM nâng cao", "Kiểu mẫu": "NTM kiểu mẫu", "Đạt chuẩn NTM": "NTM", "Nông thôn mới": "NTM"},
    )
    yr = got(year, cells, "year")
    decided = got(day, cells, "decision_date")
    district = got(_district, cells, ctx)
    unit = None
    if yr is not None and decided is not None and not got.errors:
        on = date.fromisoformat(decided) if decided else date(int(yr), 12, 31)

        def find():
            try:
                return ctx.catalog.unit_on(on, coded(cells, "unit_code"), text(cells, "unit_name"), district)
            except NotFound as err:
                raise RowError(*_unit_field(err, cells), str(err)) from None

        unit = got(find)
    got.check()
    file = RECOGNITIONS.file if level == "NTM" or ADVANCED.name not in ctx.catalog.tables else ADVANCED.file
    return [
        (
            file,
            {
                "unit_id": unit.unit_id,
                "unit_code": unit.unit_code,
                "level": level,
                "year": yr,
                "decision_no": text(cells, "decision_no"),
                "decision_date": decided,
                "provenance": "confirmed",
                "source": _source(cells, ctx),
            },
        )
    ]


def _target_id(cells: dict, name: str) -> str:
    target_id = coded(cells, name)
    if not re.fullmatch(r"[A-Za-z0-9_.\-]{1,60}", target_id or ""):
        raise RowError(name, target_id, "mã mục tiêu chỉ gồm chữ không dấu, số, '_', '-' (bắt buộc)")
    return target_id


def _scope_code(cells: dict, scope_type: str, ctx: Context) -> str:
    scope_code = coded(cells, "scope_code")
    if scope_type == "district":
        try:
            return ctx.catalog.district(scope_code)
        except NotFound as err:
            raise RowError("scope_code", scope_code, str(err)) from None
    if scope_type == "commune":
        scope_code = scope_code.zfill(5) if scope_code.isdigit() else scope_code
        if scope_code not in ctx.catalog.by_code:
            raise RowError("scope_code", scope_code, "mã xã không có trong danh mục")
    return scope_code


def _baseline(cells: dict, ctx: Context) -> str:
    raw = coded(cells, "baseline_period_id")
    try:
        return ctx.catalog.period(raw)
    except NotFound as err:
        raise RowError("baseline_period_id", raw, str(err)) from None


def _target_records(cells: dict, ctx: Context) -> list[tuple[str, dict]]:
    got = Collect()
    scope_type = got(
        choice, cells, "scope_type", SCOPES | {k: k for k in ("sponsored_communes", "merged_recognised_communes")}
    )
    record = {
        "target_id": got(_target_id, cells, "target_id"),
        "scope_type": scope_type,
        "scope_code": got(_scope_code, cells, scope_type, ctx) if scope_type is not None else None,
        "measure": got(coded, cells, "measure"),
        "value": got(number, cells, "value", minimum=None),
        "unit": text(cells, "unit"),
        "valid_from": got(day, cells, "valid_from"),
        "deadline": got(day, cells, "deadline", required=True),
        "direction": got(choice, cells, "direction", DIRECTIONS),
        "source": _source(cells, ctx),
        "provenance": "confirmed",
    }
    for name in ("target_group", "label_vi", "source_status"):
        if name in cells:
            record[name] = text(cells, name)
    if "baseline_period_id" in cells and got(coded, cells, "baseline_period_id"):
        record["baseline_period_id"] = got(_baseline, cells, ctx)
    got.check()
    return [(TARGETS.file, record)]


def _poverty_records(cells: dict, ctx: Context) -> list[tuple[str, dict]]:
    got = Collect()
    district = got(_district, cells, ctx)
    if district is None and not got.errors:
        got.errors.append(RowError("district", "", "thiếu huyện (mã hoặc tên)"))
    households = got(number, cells, "households", integer=True)
    poor = got(number, cells, "poor_households", integer=True)
    near = got(number, cells, "near_poor_households", integer=True, required=False)
    yr = got(year, cells, "year")
    if households is not None and poor is not None and int(poor) > int(households):
        got.errors.append(RowError("poor_households", poor, f"số hộ nghèo lớn hơn tổng số hộ ({households})"))
    got.check()
    return [
        (
            POVERTY.file,
            {
                "year": yr,
                "district_code": district,
                "households": households,
                "poor_households": poor,
                "near_poor_households": near,
                "provenance": _source(cells, ctx),
            },
        )
    ]


def _resource_records(cells: dict, ctx: Context) -> list[tuple[str, dict]]:
    got = Collect()
    district = got(_district, cells, ctx)
    if district is None and not got.errors:
        got.errors.append(RowError("district", "", "thiếu huyện (mã hoặc tên)"))
    sources = {label: code for code, label in ctx.catalog.resource_sources.items()}
    record = {
        "year": got(year, cells, "year"),
        "district_code": district,
        "source_code": got(choice, cells, "source_code", sources),
        "amount_mil_vnd": got(number, cells, "amount_mil_vnd"),
        "provenance": _source(cells, ctx),
    }
    got.check()
    return [(RESOURCES.file, record)]


KINDS: dict[str, Kind] = {
    k.id: k
    for k in [
        Kind(
            "status",
            "Kết quả thực hiện tiêu chí của xã",
            (STATUS, GROUPS),
            (
                PERIOD,
                DISTRICT_CODE,
                DISTRICT,
                UNIT_CODE,
                UNIT_NAME,
                GROUP,
                Field(
                    "criterion",
                    "Tiêu chí",
                    ("Mã tiêu chí", "TC", "criterion", "criterion_code"),
                    "Số tiêu chí (dạng dọc)",
                ),
                Field(
                    "met",
                    "Kết quả",
                    ("Đạt/Chưa đạt", "Đánh giá", "Kết quả đánh giá", "Trạng thái", "met"),
                    "Đạt / Chưa đạt (dạng dọc)",
                    choices=MET_WORDS,
                ),
                SOURCE,
            ),
            ("unit_code", "unit_name"),
            _status_records,
            wide_criteria=True,
            title="BIỂU CẬP NHẬT KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI",
            notes=(
                "Mỗi dòng một xã; mỗi cột tiêu chí ghi 'Đạt' (hoặc x, 1) hay 'Chưa đạt' (hoặc 0, để trống).",
                "Dòng để trống tất cả các tiêu chí được bỏ qua (coi là chưa báo cáo).",
                "Không sửa cột Mã xã; xã được nhận theo mã, nếu thiếu mã thì theo tên trong huyện.",
            ),
        ),
        Kind(
            "recognitions",
            "Công nhận xã đạt chuẩn",
            (RECOGNITIONS, ADVANCED),
            (
                DISTRICT_CODE,
                DISTRICT,
                UNIT_CODE,
                UNIT_NAME,
                Field(
                    "level",
                    "Mức đạt chuẩn",
                    ("Mức", "Mức công nhận", "Loại", "level"),
                    "NTM / NTM nâng cao / NTM kiểu mẫu",
                    True,
                    LEVELS,
                ),
                Field("year", "Năm công nhận", ("Năm", "year"), "4 chữ số", True),
                Field("decision_no", "Số quyết định", ("Quyết định", "Số QĐ", "decision_no"), "Ví dụ 1234/QĐ-UBND"),
                Field("decision_date", "Ngày quyết định", ("Ngày QĐ", "Ngày", "decision_date"), "dd/mm/yyyy"),
                SOURCE,
            ),
            ("level",),
            _recognition_records,
            title="DANH SÁCH XÃ ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN NÔNG THÔN MỚI",
            notes=("Mỗi dòng một quyết định công nhận; xã nhận theo mã (hoặc tên trong huyện) tại ngày quyết định.",),
        ),
        Kind(
            "targets",
            "Mục tiêu, kế hoạch",
            (TARGETS,),
            (
                Field("target_id", "Mã mục tiêu", ("target_id",), "Chữ không dấu, số, '_' ; trùng mã = cập nhật", True),
                Field("target_group", "Nhóm mục tiêu", ("target_group",), "Ví dụ named_communes, department_plan"),
                Field("label_vi", "Nội dung mục tiêu", ("Nội dung", "Mục tiêu", "label_vi"), ""),
                Field(
                    "scope_type", "Phạm vi", ("Cấp", "scope_type"), "Tỉnh / Huyện / Xã / Tiêu chí", True, tuple(SCOPES)
                ),
                Field(
                    "scope_code", "Mã phạm vi", ("Mã đơn vị", "scope_code"), "Mã tỉnh, huyện, xã hoặc số tiêu chí", True
                ),
                Field("measure", "Chỉ tiêu đo", ("Chỉ tiêu", "measure"), "Mã chỉ tiêu (xem trang Danh mục)", True),
                Field("value", "Giá trị mục tiêu", ("Giá trị", "Chỉ tiêu giao", "value"), "Số", True),
                Field("unit", "Đơn vị tính", ("ĐVT", "unit"), ""),
                Field("valid_from", "Áp dụng từ ngày", ("Từ ngày", "valid_from"), "dd/mm/yyyy"),
                Field("deadline", "Thời hạn", ("Hạn", "Hạn hoàn thành", "deadline"), "dd/mm/yyyy", True),
                Field(
                    "direction",
                    "Chiều đánh giá",
                    ("Chiều", "direction"),
                    "Càng cao càng tốt / Càng thấp càng tốt",
                    True,
                    tuple(DIRECTIONS),
                ),
                Field("baseline_period_id", "Kỳ gốc", ("baseline_period_id",), "Mã kỳ, ví dụ 2020-02"),
                Field("source_status", "Tình trạng nguồn", ("source_status",), ""),
                SOURCE,
            ),
            ("target_id",),
            _target_records,
            title="DANH SÁCH MỤC TIÊU, KẾ HOẠCH XÂY DỰNG NÔNG THÔN MỚI",
            notes=("Trùng mã mục tiêu với mục tiêu đã có thì cập nhật mục tiêu đó.",),
        ),
        Kind(
            "poverty",
            "Hộ nghèo theo huyện",
            (POVERTY,),
            (
                Field("year", "Năm", ("Năm báo cáo", "year"), "4 chữ số", True),
                DISTRICT_CODE,
                DISTRICT,
                Field("households", "Tổng số hộ", ("Số hộ", "Tổng số hộ dân", "households"), "Số nguyên", True),
                Field("poor_households", "Số hộ nghèo", ("Hộ nghèo", "poor_households"), "Số nguyên", True),
                Field("near_poor_households", "Số hộ cận nghèo", ("Hộ cận nghèo", "near_poor_households"), "Số nguyên"),
                SOURCE,
            ),
            ("poor_households",),
            _poverty_records,
            title="SỐ HỘ NGHÈO, HỘ CẬN NGHÈO THEO HUYỆN",
        ),
        Kind(
            "resources",
            "Nguồn lực huy động",
            (RESOURCES,),
            (
                Field("year", "Năm", ("year",), "4 chữ số", True),
                DISTRICT_CODE,
                DISTRICT,
                Field(
                    "source_code", "Nguồn vốn", ("Nguồn lực", "Loại nguồn", "source_code"), "Chọn trong danh sách", True
                ),
                Field(
                    "amount_mil_vnd",
                    "Số tiền (triệu đồng)",
                    ("Số tiền", "Giá trị", "Kinh phí", "amount_mil_vnd"),
                    "Triệu đồng",
                    True,
                ),
                SOURCE,
            ),
            ("amount_mil_vnd",),
            _resource_records,
            title="NGUỒN LỰC HUY ĐỘNG XÂY DỰNG NÔNG THÔN MỚI (triệu đồng)",
        ),
    ]
}


def available(frames_or_tables: set[str] | dict) -> list[Kind]:
    """Kinds whose main table exists in this dataset (given as table names or data file names)."""
    names = set(frames_or_tables)
    return [k for k in KINDS.values() if k.tables[0].name in names or k.tables[0].file in names]


def district_of(file: str, record: dict, catalog: Catalog) -> str | None:
    """The district a record belongs to (None = province-wide), for district editors' rights."""
    if "district_code" in record:
        return record["district_code"]
    if "unit_id" in record:
        unit = catalog.by_id.get(record["unit_id"])
        return unit.district_code if unit else None
    if record.get("scope_type") == "district":
        return record["scope_code"]
    if record.get("scope_type") == "commune":
        unit = catalog.by_code.get(record["scope_code"])
        return unit.district_code if unit else None
    return None


def describe_key(file: str, record: dict, catalog: Catalog) -> str:
    """Short Vietnamese description of the row a record writes (for the diff table)."""
    if "unit_id" in record and record["unit_id"] in catalog.by_id:
        u = catalog.by_id[record["unit_id"]]
        where = f"{u.unit_code} {u.unit_name} ({catalog.districts.get(u.district_code, '')})"
    elif "district_code" in record:
        where = f"{record['district_code']} {catalog.districts.get(record['district_code'], '')}"
    else:
        where = record.get("target_id", "")
    sources = catalog.resource_sources
    extra = {
        STATUS.file: lambda r: f"kỳ {r['period_id']}, tiêu chí {r['criterion_code']}",
        RECOGNITIONS.file: lambda r: r["level"],
        ADVANCED.file: lambda r: r["level"],
        POVERTY.file: lambda r: f"năm {r['year']}",
        RESOURCES.file: lambda r: f"năm {r['year']}, {sources.get(r['source_code'], r['source_code'])}",
    }.get(file)
    return f"{where} · {extra(record)}" if extra else where


def describe_keys(file: str, frame: pd.DataFrame, catalog: Catalog) -> list[str]:
    """describe_key for every row of a frame of records (the diff and the accepted rows of a big file)."""
    n = len(frame)
    col = lambda name: frame[name].to_numpy(dtype=object) if name in frame.columns else [""] * n  # noqa: E731
    if "unit_id" in frame.columns:
        places = {}
        for uid in set(col("unit_id")):
            u = catalog.by_id.get(uid)
            places[uid] = f"{u.unit_code} {u.unit_name} ({catalog.districts.get(u.district_code, '')})" if u else None
        fallback = col("district_code") if "district_code" in frame.columns else col("target_id")
        where = [places[uid] if places[uid] is not None else fb for uid, fb in zip(col("unit_id"), fallback)]
    elif "district_code" in frame.columns:
        where = [f"{d} {catalog.districts.get(d, '')}" for d in col("district_code")]
    else:
        where = list(col("target_id"))
    if file == STATUS.file:
        extra = [f"kỳ {p}, tiêu chí {c}" for p, c in zip(col("period_id"), col("criterion_code"))]
    elif file in (RECOGNITIONS.file, ADVANCED.file):
        extra = list(col("level"))
    elif file == POVERTY.file:
        extra = [f"năm {y}" for y in col("year")]
    elif file == RESOURCES.file:
        sources = catalog.resource_sources
        extra = [f"năm {y}, {sources.get(c, c)}" for y, c in zip(col("year"), col("source_code"))]
    else:
        return [str(w) for w in where]
    return [f"{w} · {e}" for w, e in zip(where, extra)]
