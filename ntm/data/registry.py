"""Every table of the database, declared once: its file, columns, keys, checks and descriptions.

The build's file list and column mapping, the CREATE TABLE statements, the pandera schemas of
validation, the keys imports write by, and the data dictionary of the export are all read from
TABLES, so adding a table is one entry here plus its file in data/. Consumers read TABLES when
they run (never a copy taken at import), so a table added to it is seen everywhere at once.

A column is stored in the database unless its sql type is None (a column of the data file only,
kept for people and the export); ``header`` names it in the data file when the file says it
differently; ``computed`` columns are derived from the file's rows and are not in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from ntm.data import checks
from ntm.data.problems import Problem
from ntm.data.rules import MEASURES, WHEN, open_cases
from ntm.locale.i18n import TEXT

CODE5 = r"^\d{5}(-\d{4})?$"  # unit version id: GSO code, '-2020' when the code was re-used
UNIT_CODE = r"^\d{5}$"
DISTRICT = r"^\d{3}$"
PERIOD = r"^\d{4}-\d{2}(\.\d{2}(-\d{4})?)?$"  # yyyy-mm; a national dataset adds .<province id>
YEAR = r"^\d{4}$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
NUMBER = checks.NUMBER
WHOLE = r"^\d+$"
COLOUR = r"^#[0-9A-Fa-f]{6}$"
BOUNDARY_LAYERS = ["2019", "2020_approx", "yenbai_2019", "2025"]  # boundary layers a period may name

# What a well-formed value of a type looks like in a data file, for columns that declare no pattern
# of their own: a wrong value is reported with its row instead of failing the database insert.
TYPE_PATTERNS = {"INTEGER": r"-?\d+", "DOUBLE": r"-?\d+(\.\d+)?", "DATE": r"\d{4}-\d{2}-\d{2}", "BOOLEAN": r"[01]"}

# Descriptions of columns that mean the same in every table that has them (data dictionary).
SHARED = {
    "period_id": "Mã kỳ báo cáo (yyyy-mm)",
    "unit_id": "Mã phiên bản đơn vị hành chính (mã GSO, thêm -2020 nếu mã bị dùng lại)",
    "unit_code": "Mã ĐVHC của GSO (5 chữ số)",
    "district_code": "Mã huyện (3 chữ số)",
    "province_id": "Mã phiên bản tỉnh (mã GSO, thêm -năm nếu mã được dùng lại cho tỉnh khác)",
    "area_id": "Mã vùng (mã huyện hoặc mã phiên bản tỉnh)",
    "grouping": "Cách nhóm đơn vị: district / province / former_district / former_province",
    "group_no": "Nhóm xã (1, 2, 3) theo bộ tiêu chí 2026–2030",
    "rule_id": "Mã quy tắc tính xã sáp nhập",
    "set_id": "Mã bộ tiêu chí",
    "criterion_code": "Số tiêu chí trong bộ tiêu chí của kỳ",
    "indicator_code": "Mã chỉ tiêu trong tiêu chí",
    "met": "1 = đạt, 0 = chưa đạt",
    "provenance": "Nguồn của dòng ('illustrative' = dữ liệu minh họa)",
    "source": "Văn bản, nguồn số liệu",
    "source_status": "Mức độ xác nhận của nguồn",
    "source_vi": "Văn bản, nguồn số liệu (tiếng Việt)",
    "source_en": "Văn bản, nguồn số liệu (tiếng Anh)",
    "name_vi": "Tên (tiếng Việt)",
    "name_en": "Tên (tiếng Anh)",
    "label_vi": "Nhãn hiển thị (tiếng Việt)",
    "label_en": "Nhãn hiển thị (tiếng Anh)",
    "valid_from": "Áp dụng từ ngày (yyyy-mm-dd)",
    "valid_to": "Áp dụng đến ngày (yyyy-mm-dd)",
    "year": "Năm",
    "level": "Mức đạt chuẩn",
    "decision_no": "Số quyết định",
    "decision_date": "Ngày quyết định (yyyy-mm-dd)",
    "sort_order": "Thứ tự hiển thị",
    "colour": "Màu hiển thị (#rrggbb)",
    "notes": "Ghi chú",
    "notes_vi": "Ghi chú (tiếng Việt)",
    "notes_en": "Ghi chú (tiếng Anh)",
}


@dataclass(frozen=True)
class RowCheck:
    """A check of one column over the whole file (True for each good row), with its Vietnamese message."""

    test: Callable[[pd.Series], pd.Series]
    error: str


@dataclass(frozen=True)
class FileCheck:
    """A check of the whole file at once (True when it holds), with its Vietnamese message."""

    test: Callable[[pd.DataFrame], bool]
    error: str


@dataclass(frozen=True)
class Column:
    """One column: in the database (sql type) and/or in the data file (header), with its checks."""

    name: str
    sql: str | None = "VARCHAR"  # None: in the data file only, not stored
    not_null: bool = False
    pattern: str | None = None  # regular expression every value of the file must match
    allowed: tuple[str, ...] = ()  # the only values the file may use
    description: str = ""  # Vietnamese, for the data dictionary (default: SHARED)
    header: str = ""  # the column's name in the data file, when it is not `name`
    required: bool = False  # the file must have the column (always so when not_null)
    check: RowCheck | None = None  # a row-wise check a pattern cannot say (order from row to row)
    convert: Callable[[pd.Series], pd.Series] | None = None  # file text -> stored value, when a cast won't do
    computed: Callable[[pd.DataFrame], pd.Series] | None = None  # derived from the file's rows; not in the file

    @property
    def in_file(self) -> bool:
        return self.computed is None

    @property
    def file_header(self) -> str:
        return self.header or self.name

    @property
    def about(self) -> str:
        """The Vietnamese description shown in the data dictionary."""
        return self.description or SHARED.get(self.name, "")


@dataclass(frozen=True)
class ForeignKey:
    """Values of columns that must exist in another table; message may name the row's columns ({period_id})."""

    columns: tuple[str, ...]
    table: str
    ref_columns: tuple[str, ...] = ()  # default: the same names
    message: str = ""  # default: '<label of the table> không tồn tại'

    @property
    def targets(self) -> tuple[str, ...]:
        return self.ref_columns or self.columns


@dataclass(frozen=True)
class Table:
    """One database table and the data file it is read from (file None: built from the reference folder)."""

    name: str
    label_vi: str
    label_en: str
    columns: tuple[Column, ...]
    file: str | None = None
    key: tuple[str, ...] = ()  # columns naming one row: unique in the file (the PRIMARY KEY of a built table), the
    # import store's key
    foreign_keys: tuple[ForeignKey, ...] = ()
    optional: bool = False  # a dataset may leave the file out: the table is created empty
    importable: bool = False  # imports (and restore) may write it, by its key
    note: str = ""  # why the table is as it is (written above its CREATE TABLE)
    file_checks: tuple[FileCheck, ...] = ()
    # checks against other files, given every data file's frame by file name (after the foreign keys)
    cross_checks: tuple[Callable[[Mapping[str, pd.DataFrame]], list[Problem]], ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def db_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.sql is not None)

    @property
    def file_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.in_file)

    def header(self, name: str) -> str:
        """The data file's name for a column."""
        return self.column(name).file_header

    @property
    def file_key(self) -> list[str]:
        """The key as the data file names its columns."""
        return [self.header(k) for k in self.key]

    def required(self, column: Column) -> bool:
        return column.required or column.not_null or column.name in self.key


def _col(sql: str | None) -> Callable[..., Column]:
    """A column constructor for one sql type: text("name", "mô tả", not_null=True, ...)."""

    def make(name: str, description: str = "", **kw) -> Column:
        return Column(name, sql, description=description, **kw)

    return make


text, integer, number, day, flag = _col("VARCHAR"), _col("INTEGER"), _col("DOUBLE"), _col("DATE"), _col("BOOLEAN")
file_only = _col(None)


def lenient_integer(col: pd.Series) -> pd.Series:
    """Whole numbers from text quoted by the press; anything else (blank, '>26') is stored empty."""
    return pd.to_numeric(col, errors="coerce").astype("Int64")


def lenient_number(col: pd.Series) -> pd.Series:
    """Numbers from text quoted by the press; anything else is stored empty."""
    return pd.to_numeric(col, errors="coerce")


def at_most(n: int) -> RowCheck:
    """Text of at most n characters: the tables, printed pages and slides that show it have room for no more."""
    return RowCheck(
        lambda col: col.str.len() <= n, f"dài quá {n} ký tự (bảng, trang in và trình chiếu không chứa được)"
    )


# The groups a target belongs to are those the interface can name (a "group_<id>" text in ntm/locale/i18n.py):
# the pages and the deck title each group by that text, so a target naming another is refused at import and build.
TARGET_GROUPS = tuple(key.removeprefix("group_") for key in TEXT if key.startswith("group_"))
PLAN_2020_GROUPS = (
    "province_share",
    "named_communes",
    "advanced_per_district",
    "sponsored_gain",
    "department_plan",
    "district_review",
    "merged_reevaluation",
)
"""The directives of Letter 417: the 2020 plan page sets one target per scope, measure and deadline side by side.
(Later plans may hold several, e.g. KH 158 and KH 104 both aim at end-2025: the pages list them.)"""


ONE_TARGET_PER = ["scope_type", "scope_code", "measure", "deadline"]


def _plan_2020_rows(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets of the 2020 plan's directives (a file without groups is all of them)."""
    if "target_group" not in targets:
        return targets
    return targets[targets["target_group"].isin((*PLAN_2020_GROUPS, ""))]


def order_in_set(frame: pd.DataFrame) -> pd.Series:
    """1, 2, … in file order within each criteria set: the order criteria are listed everywhere."""
    return frame.groupby("set_id").cumcount() + 1


# Columns many tables share, declared once.
LABELS = (text("label_vi", not_null=True), text("label_en", not_null=True))
NAMES = (text("name_vi", not_null=True), text("name_en", not_null=True))
SOURCED = (text("source"), text("source_status"))
SOURCE_TEXTS = (text("source_vi"), text("source_en"))  # a source described in each language (the page's one shows)
VALIDITY = (day("valid_from"), day("valid_to"))
PROVENANCE = text("provenance", not_null=True)
UNIT_ID = text("unit_id", not_null=True, pattern=CODE5)

TABLES: tuple[Table, ...] = (
    # ---- built from the reference folder ------------------------------------------------------------
    Table(
        "meta",
        "thông tin bản dựng",
        "build information",
        (text("key", "Tên thông tin"), text("value", "Giá trị")),
        key=("key",),
        note="NTM dashboard database. Built from data/ and the reference folder by `python -m ntm build`.\n"
        "Naming: *_code = official code (mã ĐVHC), *_id = our key, met = boolean,\n"
        "provenance on every fact row.",
    ),
    Table(
        "provinces",
        "tỉnh",
        "province",
        (
            text("province_id"),
            text("province_code", "Mã tỉnh của GSO", not_null=True),
            *NAMES,
            *LABELS,
            *VALIDITY,
            text("successor_id", "Tỉnh hợp nhất mà tỉnh này trở thành"),
            *SOURCED,
        ),
        key=("province_id",),
        note="The provinces this database follows (data/followed_provinces.csv or NTM_PROVINCES), as dated versions\n"
        "from data/provinces.csv: GSO re-uses province codes as it re-uses commune codes.",
    ),
    Table(
        "districts",
        "huyện",
        "district",
        (
            text("district_code"),
            text("district_name", "Tên huyện đầy đủ", not_null=True),
            text("district_short", "Tên huyện ngắn", not_null=True),
            text("district_type", "Loại: huyện / thị xã / thành phố", not_null=True),
            text("province_id", not_null=True),
            day("valid_to", "Huyện hết hiệu lực sau ngày (cấp huyện kết thúc 30/06/2025)"),
        ),
        key=("district_code",),
        foreign_keys=(ForeignKey(("province_id",), "provinces"),),
    ),
    Table(
        "units",
        "đơn vị hành chính",
        "administrative unit",
        (
            text("unit_id"),
            text("unit_code", not_null=True),
            text("unit_name", "Tên đơn vị", not_null=True),
            text("unit_type", "Loại: xã / phường / thị trấn", not_null=True),
            text("province_id", not_null=True),
            text("district_code", "Mã huyện (trống: đơn vị sau 01/07/2025, không còn cấp huyện)"),
            *VALIDITY,
        ),
        key=("unit_id",),
        foreign_keys=(ForeignKey(("province_id",), "provinces"), ForeignKey(("district_code",), "districts")),
        note="One row per unit *version*: GSO re-uses codes, so unit_id (not unit_code) identifies a unit in time.\n"
        "district_code is NULL for units of a province without districts (from 01/07/2025).",
    ),
    Table(
        "unit_lineage",
        "quan hệ sáp nhập đơn vị",
        "unit lineage",
        (
            text("from_unit_id", "Đơn vị trước khi sắp xếp", not_null=True),
            text("to_unit_id", "Đơn vị sau khi sắp xếp", not_null=True),
            text("kind", "continues_as (giữ nguyên) / merged_into (sáp nhập vào)", not_null=True),
            day("effective_date", "Ngày có hiệu lực", not_null=True),
            text("status", "confirmed (có văn bản) / reported (báo chí) / inferred (suy ra)", not_null=True),
            text("note", "Ghi chú"),
        ),
        foreign_keys=(
            ForeignKey(("from_unit_id",), "units", ("unit_id",)),
            ForeignKey(("to_unit_id",), "units", ("unit_id",)),
        ),
    ),
    Table(
        "areas",
        "vùng",
        "area",
        (
            text("area_kind", "Loại vùng: district / province"),
            text("area_id"),
            text("name_vi", not_null=True),
            text("short_vi", "Tên ngắn (tiếng Việt)", not_null=True),
            text("name_en", not_null=True),
            text("province_id", not_null=True),
            *VALIDITY,
        ),
        key=("area_kind", "area_id"),
        note="What screens group units by: districts and provinces, including those that no longer exist\n"
        "(a 2026 figure by former district sits on the same base as a 2020 figure by district).",
    ),
    Table(
        "unit_areas",
        "vùng của đơn vị",
        "area of a unit",
        (
            text("unit_id"),
            text("grouping"),
            text("area_id", not_null=True),
            text("rule", "direct / single / majority / tie_code (cách xác định vùng)", not_null=True),
            integer("n_constituents", "Số đơn vị cũ hợp thành", not_null=True),
            integer("n_in_area", "Số đơn vị cũ nằm trong vùng", not_null=True),
            flag("ambiguous", "1 = đơn vị cũ nằm ở nhiều vùng", not_null=True),
        ),
        key=("unit_id", "grouping"),
        foreign_keys=(ForeignKey(("unit_id",), "units"),),
        note="The area of each unit version under each grouping that applies to it (ntm.data.areas).",
    ),
    Table(
        "area_groupings",
        "cách nhóm đơn vị",
        "area grouping",
        (
            text("grouping"),
            text("area_kind", "Loại vùng của cách nhóm", not_null=True, allowed=("district", "province")),
            integer("sort_order", not_null=True, pattern=WHOLE),
            *LABELS,
            text("rule_vi", "Cách xác định vùng (tiếng Việt)"),
            text("rule_en", "Cách xác định vùng (tiếng Anh)"),
        ),
        file="area_groupings.csv",
        key=("grouping",),
        optional=True,
    ),
    # ---- criteria and periods ------------------------------------------------------------------------
    Table(
        "criteria_sets",
        "bộ tiêu chí",
        "criteria set",
        (
            text("set_id"),
            text("level", "Cấp áp dụng: xã / huyện", not_null=True, allowed=("xã", "huyện")),
            *NAMES,
            text("legal_basis", "Văn bản ban hành bộ tiêu chí", not_null=True),
            *VALIDITY,
            *SOURCED,
        ),
        file="criteria_sets.csv",
        key=("set_id",),
    ),
    Table(
        "merged_commune_rules",
        "quy tắc tính xã sáp nhập",
        "merged-commune rule",
        (
            text("rule_id"),
            integer("sort_order", not_null=True, pattern=WHOLE),
            flag("is_default", "1 = quy tắc dùng khi kỳ không ghi quy tắc", not_null=True, allowed=("0", "1")),
            *LABELS,
            text("rule_vi", "Diễn giải quy tắc (tiếng Việt)", not_null=True),
            text("rule_en", "Diễn giải quy tắc (tiếng Anh)", not_null=True),
            text("basis", "Căn cứ của quy tắc"),
            text("source_status"),
        ),
        file="merged_commune_rules.csv",
        key=("rule_id",),
        optional=True,
        note="How a commune formed by the 2025 merger keeps NTM status: not published, so a named rule (data)\n"
        "that every figure of a post-merger period names (periods.merged_rule_id).",
    ),
    Table(
        "periods",
        "kỳ báo cáo",
        "reporting period",
        (
            text("period_id", pattern=PERIOD),
            *LABELS,
            day("as_of_date", "Số liệu đến ngày (yyyy-mm-dd)", not_null=True, pattern=DATE),
            text("criteria_set_id", "Bộ tiêu chí dùng để đánh giá kỳ", not_null=True),
            text("base_note_vi", "Ghi chú về số xã của kỳ (tiếng Việt)"),
            text("base_note_en", "Ghi chú về số xã của kỳ (tiếng Anh)"),
            *SOURCE_TEXTS,
            text(
                "boundary_layer",
                "Lớp ranh giới vẽ bản đồ của kỳ: " + " / ".join(BOUNDARY_LAYERS) + " (trống = không có bản đồ)",
                allowed=(*BOUNDARY_LAYERS, ""),
            ),
            flag("is_default", "1 = kỳ mở sẵn khi vào bảng theo dõi", allowed=("", "0", "1")),
            text("province_id", "Tỉnh của kỳ (trống: tỉnh duy nhất được theo dõi)"),
            text("source_status", "Mức độ xác nhận: confirmed / reported / illustrative (trống: confirmed)"),
            text("merged_rule_id", "Quy tắc tính xã sáp nhập mà số liệu của kỳ dùng (trống: không áp dụng)"),
            text("plan_id", "Kế hoạch (nhóm mục tiêu) đo ở kỳ này, xem targets.plan_id"),
        ),
        file="periods.csv",
        key=("period_id",),
        foreign_keys=(
            ForeignKey(("criteria_set_id",), "criteria_sets", ("set_id",)),
            ForeignKey(("province_id",), "provinces"),
            ForeignKey(("merged_rule_id",), "merged_commune_rules", ("rule_id",)),
        ),
    ),
    Table(
        "period_groupings",
        "cách nhóm đơn vị của kỳ",
        "grouping of a period",
        (
            text("period_id"),
            text("grouping"),
            flag("is_default", "1 = cách nhóm mở sẵn của kỳ", not_null=True, allowed=("0", "1")),
        ),
        file="period_groupings.csv",
        key=("period_id", "grouping"),
        optional=True,
        foreign_keys=(ForeignKey(("period_id",), "periods"), ForeignKey(("grouping",), "area_groupings")),
        note="The groupings a period offers (districts up to 06/2025, former district / province afterwards).",
    ),
    Table(
        "area_layers",
        "lớp ranh giới vùng",
        "area boundary layer",
        (
            text("layer", "Lớp ranh giới xã (periods.boundary_layer)", allowed=tuple(BOUNDARY_LAYERS)),
            text("grouping"),
            text("file", "Tệp GeoJSON trong thư mục geo/ của thư mục tham chiếu"),
            text("area_key", "Cột của tệp ghi mã vùng (mã huyện, mã tỉnh)", not_null=True),
        ),
        file="area_layers.csv",
        key=("layer", "grouping", "file"),
        optional=True,
        foreign_keys=(ForeignKey(("grouping",), "area_groupings"),),
        note="The outlines drawn over a boundary layer's communes for each grouping (joined by code, never by name).",
    ),
    Table(
        "criteria",
        "tiêu chí",
        "criterion",
        (
            text("set_id", not_null=True),
            text("criterion_code", header="code", pattern=r"^[0-9A-Za-z.]+$"),
            integer(
                "sort_order",
                "Thứ tự trong bộ tiêu chí (theo thứ tự dòng trong tệp)",
                not_null=True,
                computed=order_in_set,
            ),
            *NAMES,
            text("group_no", "Số nhóm tiêu chí (trống: chưa biết)", required=True),
            text("group_vi", "Nhóm tiêu chí (tiếng Việt)", header="group", required=True),
            text("group_en", "Nhóm tiêu chí (tiếng Anh)", required=True),
            file_only("n_indicators", "Số chỉ tiêu của tiêu chí"),
            file_only("indicator_codes", "Mã các chỉ tiêu của tiêu chí"),
            *SOURCED,
        ),
        file="criteria.csv",
        key=("set_id", "criterion_code"),
        foreign_keys=(ForeignKey(("set_id",), "criteria_sets"),),
    ),
    Table(
        "indicators",
        "chỉ tiêu",
        "indicator",
        (
            text("set_id", not_null=True),
            text("criterion_code", not_null=True),
            text("indicator_code"),
            text("name_vi", not_null=True),
            text("name_en"),
            text("unit", "Đơn vị tính"),
            text("threshold", "Ngưỡng đạt (vùng trung du miền núi phía Bắc)", header="threshold_northern_mountains"),
            text("comparator", "Cách so với ngưỡng"),
            file_only("threshold_general_national", "Ngưỡng đạt chung cả nước"),
            text("source_status"),
            file_only("source"),
            file_only("notes"),
        ),
        file="indicators.csv",
        key=("set_id", "indicator_code"),
    ),
    Table(
        "criterion_owners",
        "cơ quan phụ trách tiêu chí",
        "criterion owner",
        (
            text("set_id", not_null=True),
            text("criterion_code", not_null=True),
            file_only("criterion_vi", "Tên tiêu chí (tiếng Việt)"),
            text("department", "Sở, ngành chủ trì cấp tỉnh", header="lead_department_province", not_null=True),
            text("department_en", "Sở, ngành chủ trì cấp tỉnh (tên tiếng Anh)"),
            text("supporting_units", "Đơn vị phối hợp"),
            text("supporting_units_en", "Đơn vị phối hợp (tên tiếng Anh)"),
            file_only("central_ministry_guidance", "Bộ, ngành trung ương hướng dẫn"),
            text("status_vi", "Căn cứ phân công, mức độ xác nhận (tiếng Việt)"),
            text("status_en", "Căn cứ phân công, mức độ xác nhận (tiếng Anh)"),
        ),
        file="criterion_owner.csv",
        key=("set_id", "criterion_code"),
    ),
    Table(
        "commune_group_types",
        "nhóm xã",
        "commune group",
        (
            text("set_id"),
            text("group_no"),
            *LABELS,
            text("definition_vi", "Định nghĩa nhóm (tiếng Việt)", not_null=True),
            text("definition_en", "Định nghĩa nhóm (tiếng Anh)", not_null=True),
            *SOURCED,
        ),
        file="commune_group_types.csv",
        key=("set_id", "group_no"),
        optional=True,
        foreign_keys=(ForeignKey(("set_id",), "criteria_sets"),),
        note="Commune groups of a criteria set (QĐ 51/2025: nhóm 1, 2, 3), with their definition.",
    ),
    Table(
        "group_thresholds",
        "ngưỡng theo nhóm xã",
        "threshold by commune group",
        (
            text("set_id", not_null=True),
            text("criterion_code", not_null=True),
            text("group_no", not_null=True),
            text("indicator_code", "Mã chỉ tiêu (trống: cả tiêu chí)"),
            text("indicator_vi", "Tên chỉ tiêu (tiếng Việt)"),
            text("threshold", "Ngưỡng đạt (trống: chưa biết)"),
            text("comparator", "Cách so với ngưỡng"),
            text("unit", "Đơn vị tính"),
            *SOURCED,
        ),
        file="group_thresholds.csv",
        optional=True,
        foreign_keys=(
            ForeignKey(("set_id", "criterion_code"), "criteria"),
            ForeignKey(("set_id", "group_no"), "commune_group_types"),
        ),
        note="Thresholds per commune group where known, empty where not (never invented). No key: a row may\n"
        "cover a whole criterion (indicator_code NULL) until the indicators are known.",
    ),
    Table(
        "criteria_bands",
        "nhóm số tiêu chí đạt",
        "criteria band",
        (
            text("set_id", not_null=True),
            integer("band_order", "Thứ tự nhóm", pattern=WHOLE),
            *LABELS,
            integer("min_met", "Số tiêu chí đạt tối thiểu của nhóm", not_null=True, pattern=WHOLE),
            integer("max_met", "Số tiêu chí đạt tối đa của nhóm", not_null=True, pattern=WHOLE),
        ),
        file="criteria_bands.csv",
        key=("set_id", "band_order"),
    ),
    Table(
        "period_units",
        "xã của kỳ báo cáo",
        "commune of a period",
        (
            text("period_id", not_null=True),
            UNIT_ID,
            file_only("unit_code", required=True, pattern=UNIT_CODE),
        ),
        file="period_units.csv",
        key=("period_id", "unit_id"),
        foreign_keys=(ForeignKey(("period_id",), "periods"), ForeignKey(("unit_id",), "units")),
        note="The commune base of each period (143 / 134 / 127 ...): a period carries its own base.",
    ),
    Table(
        "commune_groups",
        "nhóm của xã",
        "group of a commune",
        (
            text("period_id", not_null=True),
            UNIT_ID,
            file_only("unit_code", pattern=UNIT_CODE),
            text("group_no", not_null=True),
            text("basis", "Căn cứ xếp nhóm"),
            PROVENANCE,
        ),
        file="commune_groups.csv",
        key=("period_id", "unit_id"),
        optional=True,
        importable=True,
        foreign_keys=(
            ForeignKey(
                ("period_id", "unit_id"), "period_units", message="xã không thuộc danh sách xã của kỳ {period_id}"
            ),
        ),
        cross_checks=(checks.group_of_period_set,),
        note="The group (nhóm 1, 2, 3) of each commune in a period measured with a set that has groups.",
    ),
    # ---- facts ---------------------------------------------------------------------------------------
    Table(
        "commune_status",
        "kết quả tiêu chí của xã",
        "commune criterion result",
        (
            text("period_id", not_null=True),
            UNIT_ID,
            file_only("unit_code"),
            text("criterion_code", not_null=True),
            flag("met", not_null=True, allowed=("0", "1")),
            number("value", "Giá trị đo được (nếu có)", convert=lenient_number),
            PROVENANCE,
        ),
        file="commune_status.csv",
        key=("period_id", "unit_id", "criterion_code"),
        importable=True,
        foreign_keys=(
            ForeignKey(("period_id",), "periods"),
            ForeignKey(
                ("period_id", "unit_id"), "period_units", message="xã không thuộc danh sách xã của kỳ {period_id}"
            ),
        ),
        cross_checks=(checks.criterion_in_period_set,),
    ),
    Table(
        "recognitions",
        "công nhận xã đạt chuẩn NTM",
        "NTM recognition",
        (
            UNIT_ID,
            file_only("unit_code"),
            text(
                "level",
                "Mức đạt chuẩn: NTM / NTM nâng cao / NTM kiểu mẫu",
                not_null=True,
                allowed=("NTM", "NTM nâng cao", "NTM kiểu mẫu"),
            ),
            integer("year", "Năm công nhận", not_null=True, pattern=YEAR),
            text("decision_no"),
            day("decision_date"),
            PROVENANCE,
            text("source"),
            text("source_en", "Nguồn (tiếng Anh; trống: hiện như cột source)"),
        ),
        file="recognitions.csv",
        key=("unit_id", "level"),
        importable=True,
        foreign_keys=(ForeignKey(("unit_id",), "units"),),
    ),
    Table(
        "targets",
        "mục tiêu",
        "target",
        (
            text("target_id", "Mã mục tiêu"),
            text(
                "scope_type",
                "Phạm vi mục tiêu: national / province / district / commune / criterion ...",
                not_null=True,
            ),
            text("scope_code", "Mã phạm vi (VN, tỉnh, huyện, xã hoặc số tiêu chí)", not_null=True),
            text("measure", "Chỉ tiêu đo", not_null=True, allowed=tuple(MEASURES)),
            number(
                "value",
                "Giá trị mục tiêu (trống chỉ khi nguồn ghi 'unknown': chưa có văn bản)",
                required=True,
                pattern=r"^(-?\d+(\.\d+)?)?$",
            ),
            text("unit", "Đơn vị tính"),
            day("valid_from", pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
            day("deadline", "Thời hạn (yyyy-mm-dd)", not_null=True, pattern=DATE),
            text(
                "direction",
                "Chiều đánh giá: higher_is_better / lower_is_better",
                not_null=True,
                allowed=("higher_is_better", "lower_is_better"),
            ),
            text("source", not_null=True, check=at_most(500)),
            text(
                "source_en", "Văn bản, nguồn của mục tiêu (tiếng Anh; trống: hiện như cột source)", check=at_most(500)
            ),
            text("source_status"),
            text("target_group", "Nhóm mục tiêu (chỉ đạo nào của kế hoạch)", allowed=(*TARGET_GROUPS, "")),
            text("label_vi", "Nội dung mục tiêu (tiếng Việt)", check=at_most(200)),
            text("label_en", "Nội dung mục tiêu (tiếng Anh)", check=at_most(200)),
            text("baseline_period_id", "Kỳ gốc để đo tiến độ (ví dụ 2020-02)", pattern=r"^(\d{4}-\d{2})?$"),
            text(
                "provenance",
                "confirmed (đã xác nhận) / illustrative (minh họa)",
                allowed=("", "confirmed", "illustrative"),
            ),
            text("value_qualifier", "Cách nguồn nói giá trị: about (khoảng), of which (trong đó) ..."),
            text("plan_id", "Kế hoạch mà mục tiêu thuộc về (đo ở các kỳ có cùng plan_id)"),
        ),
        file="targets.csv",
        key=("target_id",),
        importable=True,
        cross_checks=(checks.target_value_known,),
        file_checks=(
            FileCheck(
                lambda df: (
                    not _plan_2020_rows(df).duplicated(["scope_type", "scope_code", "measure", "deadline"]).any()
                ),
                "mỗi phạm vi và chỉ tiêu đo chỉ có một mục tiêu cho một thời hạn (các trang kế hoạch tính theo đó)",
            ),
        ),
    ),
    Table(
        "published_figures",
        "số liệu đã công bố",
        "published figure",
        (
            text("period_label", "Kỳ, như nguồn ghi", header="period", not_null=True),
            text("period_id"),
            integer(
                "ntm_communes",
                "Số xã đạt chuẩn NTM (lũy kế)",
                header="ntm_communes_cumulative",
                convert=lenient_integer,
            ),
            integer("commune_base", "Tổng số xã", convert=lenient_integer),
            number("pct_ntm", "Tỷ lệ xã đạt chuẩn (%)", convert=lenient_number),
            text("avg_criteria", "Bình quân số tiêu chí đạt/xã", header="avg_criteria_per_commune"),
            file_only("rural_income_mil_vnd", "Thu nhập bình quân nông thôn (triệu đồng/người/năm)"),
            number("poverty_rate_pct", "Tỷ lệ hộ nghèo (%)", convert=lenient_number),
            *SOURCE_TEXTS,
            text("status", "Mức độ xác nhận: confirmed (đã xác nhận) / reported (báo chí dẫn lại) ..."),
            text("province_id", "Tỉnh của số liệu (trống: tỉnh duy nhất được theo dõi)"),
            text(
                "avg_over",
                "Bình quân tính trên: base (mọi xã của kỳ) / recognised (các xã đang giữ quyết định công nhận)",
                allowed=("", "base", "recognised"),
            ),
            integer("advanced_communes", "Số xã NTM nâng cao (lũy kế)", convert=lenient_integer),
            integer("model_communes", "Số xã NTM kiểu mẫu (lũy kế)", convert=lenient_integer),
            text("merged_rule_id", "Quy tắc tính xã sáp nhập mà số liệu dùng (trống: không áp dụng)"),
            text("notes_vi"),
            text("notes_en"),
        ),
        file="published_figures.csv",
        foreign_keys=(
            ForeignKey(("province_id",), "provinces"),
            ForeignKey(("merged_rule_id",), "merged_commune_rules", ("rule_id",)),
        ),
        note="Figures as the sources print them (status says confirmed or reported); avg_over says what the\n"
        "average criteria is taken over (every commune of the period, or those holding a recognition).",
    ),
    Table(
        "sponsors",
        "cơ quan giúp đỡ xã",
        "sponsoring agency",
        (
            UNIT_ID,
            text("agency", "Cơ quan giúp đỡ", not_null=True, check=at_most(200)),
            day("valid_from"),
            PROVENANCE,
        ),
        file="sponsors.csv",
        key=("unit_id", "agency"),
        importable=True,
        foreign_keys=(ForeignKey(("unit_id",), "units"),),
        note="Agency (sở, ban, ngành) helping a commune build NTM (Letter 417 §2a).",
    ),
    Table(
        "agency_names",
        "tên cơ quan",
        "agency name",
        (
            text("name_vi", "Tên cơ quan như dữ liệu ghi (tiếng Việt)"),
            text("name_en", "Tên cơ quan bằng tiếng Anh", not_null=True),
        ),
        file="agency_names.csv",
        key=("name_vi",),
        optional=True,
        note="English names of the provincial bodies the data names (sponsoring agencies): the English pages show"
        " them; a name missing here is shown as the data writes it.",
    ),
    Table(
        "traffic_lights",
        "đèn xếp hạng huyện",
        "traffic light",
        (
            text("light", "Mã đèn"),
            integer(
                "sort_order",
                "Thứ tự (đèn tốt nhất trước)",
                not_null=True,
                check=RowCheck(checks.increasing, "thứ tự phải tăng dần theo dòng"),
            ),
            *LABELS,
            text("colour", not_null=True, pattern=COLOUR),
            number(
                "min_gap_points",
                "Ngưỡng: tỷ lệ đạt trừ mục tiêu (điểm %); đèn cuối để trống",
                required=True,
                check=RowCheck(
                    checks.descending_bounds, "ngưỡng (điểm %) phải giảm dần theo dòng, chỉ đèn cuối cùng để trống"
                ),
            ),
            text("source", not_null=True),
            text("source_en", "Căn cứ của quy tắc (tiếng Anh; trống: hiện như cột source)"),
        ),
        file="traffic_lights.csv",
        key=("light",),
        optional=True,
        note="Traffic-light rule of the district league table (issue 4), kept as data (data/traffic_lights.csv).\n"
        "A district gets the first light (by sort_order) whose bound it reaches: share meeting the standard\n"
        "minus the target >= min_gap_points (points); the last light has no bound (NULL).",
    ),
    # ---- issue 5: the 2020 plan as targets, district-level NTM, poverty reduction -------------------
    Table(
        "target_status_rules",
        "quy tắc đánh giá mục tiêu",
        "target status rule",
        (
            integer("rule_order", "Thứ tự áp dụng", pattern=WHOLE),
            text(
                "status",
                "Trạng thái: achieved / on_track / at_risk / off_track / not_in_force / no_data",
                not_null=True,
            ),
            *LABELS,
            text("colour", not_null=True, pattern=COLOUR),
            text("icon", "Biểu tượng đi kèm nhãn (không chỉ dùng màu)", not_null=True),
            text("applies_when", "Áp dụng khi: " + " / ".join(WHEN), not_null=True, allowed=WHEN),
            number("min_progress_pct", "Tiến độ tối thiểu (%)", required=True, pattern=r"^(-?\d+(\.\d+)?)?$"),
            number(
                "min_lead_pct",
                "Tiến độ trừ phần thời gian đã qua, tối thiểu (điểm %)",
                required=True,
                pattern=r"^(-?\d+(\.\d+)?)?$",
            ),
            text("rule_vi", "Diễn giải quy tắc (tiếng Việt)", not_null=True),
            text("rule_en", "Diễn giải quy tắc (tiếng Anh)", not_null=True),
        ),
        file="target_status_rules.csv",
        key=("rule_order",),
        optional=True,
        file_checks=(
            FileCheck(
                lambda df: df.empty or not open_cases(df),
                (
                    "đủ quy tắc cho mọi trường hợp (cần một quy tắc không có ngưỡng cho: chưa áp dụng, "
                    "chưa có số liệu, trước hạn, sau hạn)"
                ),
            ),
        ),
        note="Status of a target (ntm/plan/targets.py): the first rule in rule_order that matches. applies_when is\n"
        "one of not_in_force / no_data / any / before_deadline / after_deadline; thresholds in percent\n"
        "(NULL = none).",
    ),
    Table(
        "district_criteria",
        "tiêu chí huyện",
        "district criterion",
        (
            text("set_id", not_null=True),
            text("code", "Số tiêu chí ('cond' = điều kiện công nhận)", not_null=True),
            text("indicator_code"),
            *NAMES,
            text("requirement_vi", "Yêu cầu (tiếng Việt)"),
            text("requirement_en", "Yêu cầu (tiếng Anh)"),
            text("threshold", "Ngưỡng đạt"),
            *SOURCED,
            text("notes"),
        ),
        file="district_criteria.csv",
        key=("set_id", "indicator_code"),
        optional=True,
        note="District NTM criteria (QĐ 558/QĐ-TTg); code 'cond' rows are the recognition conditions A / B.",
    ),
    Table(
        "district_criteria_status",
        "kết quả tiêu chí của huyện",
        "district criterion result",
        (
            text("period_id", pattern=PERIOD),
            text("district_code", pattern=DISTRICT),
            text("set_id"),
            text("indicator_code"),
            flag("met", not_null=True, allowed=("0", "1")),
            PROVENANCE,
        ),
        file="district_criteria_status.csv",
        key=("period_id", "district_code", "set_id", "indicator_code"),
        optional=True,
        foreign_keys=(ForeignKey(("period_id",), "periods"), ForeignKey(("district_code",), "districts")),
    ),
    Table(
        "advanced_recognitions",
        "công nhận xã NTM nâng cao, kiểu mẫu",
        "advanced NTM recognition",
        (
            UNIT_ID,
            text("unit_code", not_null=True, pattern=UNIT_CODE),
            text(
                "level",
                "Mức đạt chuẩn: NTM nâng cao / NTM kiểu mẫu (2016–2025) / NTM hiện đại (2026–2030)",
                not_null=True,
                allowed=("NTM nâng cao", "NTM kiểu mẫu", "NTM hiện đại"),
            ),
            integer("year", "Năm công nhận", not_null=True, pattern=YEAR),
            text("decision_no"),
            day("decision_date", required=True, pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
            PROVENANCE,
            text("source"),
        ),
        file="advanced_recognitions.csv",
        key=("unit_id", "level"),
        optional=True,
        importable=True,
        foreign_keys=(ForeignKey(("unit_id",), "units"),),
        note="Recognitions as xã NTM nâng cao / kiểu mẫu (the NTM level stays in recognitions).",
    ),
    Table(
        "poverty_standards",
        "chuẩn nghèo",
        "poverty standard",
        (
            text("standard_id", "Mã chuẩn nghèo"),
            *LABELS,
            text("legal_basis", "Văn bản ban hành chuẩn nghèo", not_null=True),
            integer("first_year", "Năm đầu áp dụng", not_null=True, pattern=YEAR),
            integer("last_year", "Năm cuối áp dụng", not_null=True, pattern=YEAR),
            *SOURCED,
        ),
        file="poverty_standards.csv",
        key=("standard_id",),
        optional=True,
        note="Poverty standards by the years they apply: a rate measured under another standard breaks the series\n"
        "(NĐ 351/2025 from 2027).",
    ),
    Table(
        "poverty_province",
        "tỷ lệ hộ nghèo toàn tỉnh",
        "province poverty rate",
        (
            integer("year", pattern=YEAR),
            text("standard_vi", "Chuẩn nghèo áp dụng (tiếng Việt)", not_null=True),
            text("standard_en", "Chuẩn nghèo áp dụng (tiếng Anh)", not_null=True),
            number("poverty_rate_pct", "Tỷ lệ hộ nghèo (%)", not_null=True, pattern=NUMBER),
            integer("poor_households", "Số hộ nghèo", required=True, pattern=r"^(\d+)?$"),
            number("near_poor_rate_pct", "Tỷ lệ hộ cận nghèo (%)", required=True, pattern=r"^(\d+(\.\d+)?)?$"),
            integer("near_poor_households", "Số hộ cận nghèo", required=True, pattern=r"^(\d+)?$"),
            text("source", not_null=True),
            text("source_en", "Văn bản, nguồn số liệu (tiếng Anh; trống: hiện như cột source)"),
            text("source_status", not_null=True),
            text("province_id"),
            text("standard_id", "Chuẩn nghèo áp dụng (mã trong poverty_standards.csv; trống: theo năm)"),
            text("period_note", "Thời điểm của số liệu, như nguồn ghi (ví dụ: cuối năm 2024)"),
        ),
        file="poverty_province.csv",
        key=("province_id", "year"),
        optional=True,
        foreign_keys=(ForeignKey(("province_id",), "provinces"), ForeignKey(("standard_id",), "poverty_standards")),
    ),
    Table(
        "poor_districts",
        "huyện nghèo",
        "poor district",
        (
            text("district_code", pattern=DISTRICT),
            text(
                "list_status",
                "remaining (còn trong danh sách) / exited (đã thoát)",
                not_null=True,
                allowed=("remaining", "exited"),
            ),
            text("note_vi", "Ghi chú (tiếng Việt)"),
            text("note_en", "Ghi chú (tiếng Anh)"),
            text("source", not_null=True),
            text("source_en", "Văn bản, nguồn số liệu (tiếng Anh; trống: hiện như cột source)"),
            text("source_status", not_null=True),
        ),
        file="poor_districts.csv",
        key=("district_code",),
        optional=True,
        foreign_keys=(ForeignKey(("district_code",), "districts"),),
        note="Districts on (remaining) or taken off (exited) the national poor-district list (Programme 30a).",
    ),
    Table(
        "poverty_district",
        "hộ nghèo theo huyện",
        "poverty by district",
        (
            integer("year", pattern=YEAR),
            text("district_code", pattern=DISTRICT),
            integer("households", "Tổng số hộ", not_null=True, pattern=WHOLE),
            integer("poor_households", "Số hộ nghèo", not_null=True, pattern=WHOLE),
            integer("near_poor_households", "Số hộ cận nghèo", required=True, pattern=r"^(\d+)?$"),
            PROVENANCE,
        ),
        file="poverty_district.csv",
        key=("year", "district_code"),
        optional=True,
        importable=True,
        foreign_keys=(ForeignKey(("district_code",), "districts"),),
    ),
    Table(
        "resource_sources",
        "nguồn vốn",
        "funding source",
        (
            text("source_code", "Mã nguồn vốn", pattern=r"^[a-z_]+$"),
            integer("sort_order", not_null=True, pattern=WHOLE),
            *LABELS,
        ),
        file="resource_sources.csv",
        key=("source_code",),
        optional=True,
    ),
    Table(
        "resources",
        "nguồn lực huy động",
        "resources mobilised",
        (
            integer("year", pattern=YEAR),
            text("district_code", pattern=DISTRICT),
            text("source_code", "Mã nguồn vốn", pattern=r"^[a-z_]+$"),
            number("amount_mil_vnd", "Số tiền (triệu đồng)", not_null=True, pattern=r"^\d+(\.\d+)?$"),
            PROVENANCE,
        ),
        file="resources.csv",
        key=("year", "district_code", "source_code"),
        optional=True,
        importable=True,
        foreign_keys=(ForeignKey(("district_code",), "districts"), ForeignKey(("source_code",), "resource_sources")),
        note="Resources mobilised for NTM (Letter 417 §1d), million VND.",
    ),
    Table(
        "unit_aliases",
        "tên khác của đơn vị",
        "unit alias",
        (text("unit_code", not_null=True, pattern=UNIT_CODE), text("alias", "Tên khác", not_null=True), text("source")),
        file="unit_aliases.csv",
        key=("unit_code", "alias"),
        optional=True,
        note="Other spellings of a unit's name (press, older catalogues), used by search and name matching.",
    ),
)


# ---- what the rest of the code reads ---------------------------------------------------------------


def table(name: str) -> Table:
    """The entry of a database table."""
    return next(t for t in TABLES if t.name == name)


def by_file(file: str) -> Table:
    """The entry of a data file."""
    return next(t for t in TABLES if t.file == file)


def file_tables() -> list[Table]:
    """Tables read from data files, in dependency order (a table after those it refers to)."""
    return [t for t in TABLES if t.file]


def importable(name: str) -> Table:
    """The entry of a table imports write; refuses a table the registry does not open to imports."""
    entry = table(name)
    if not entry.importable:
        raise ValueError(f"table {name} is not importable (registry)")
    return entry


def store_keys() -> dict[str, list[str]]:
    """Files an import may write, with the columns that identify a row (the import store's keys)."""
    return {t.file: t.file_key for t in TABLES if t.importable and t.file}


def ddl() -> str:
    """CREATE TABLE statements of every table, in dependency order."""
    return "\n".join(_create(t) for t in TABLES)


def _create(t: Table) -> str:
    """The table's CREATE TABLE. A table built from the reference folder carries its key and references as
    database constraints, its only guard. A data file's table does not: validation has reported every duplicate
    key and dangling reference of the file with its row and column before a row is written (a test holds this
    for every declaration), and the indexes behind the constraints cost a third of each build and three
    quarters of the file (4 MB -> 1,2 MB) for nothing a page reads."""
    constrained = t.file is None
    single_key = constrained and len(t.key) == 1
    inline_refs = {fk.columns[0]: fk for fk in t.foreign_keys if constrained and len(fk.columns) == 1}
    lines = []
    for c in t.db_columns:
        parts = [c.name, c.sql]
        if single_key and c.name == t.key[0]:
            parts.append("PRIMARY KEY")
        elif c.not_null or c.name in t.key:
            parts.append("NOT NULL")
        if c.name in inline_refs:
            fk = inline_refs[c.name]
            parts.append(f"REFERENCES {fk.table} ({fk.targets[0]})")
        lines.append(" ".join(parts))
    if constrained and len(t.key) > 1:
        lines.append(f"PRIMARY KEY ({', '.join(t.key)})")
    for fk in t.foreign_keys:
        if constrained and len(fk.columns) > 1:
            lines.append(f"FOREIGN KEY ({', '.join(fk.columns)}) REFERENCES {fk.table} ({', '.join(fk.targets)})")
    note = "".join(f"-- {line}\n" for line in t.note.splitlines())
    return f"{note}CREATE TABLE {t.name} (\n    " + ",\n    ".join(lines) + "\n);\n"
