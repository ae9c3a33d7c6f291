"""Excel templates the office fills in: Vietnamese headers, drop-down lists, a guide sheet.

The layout mirrors government forms (title block, merged group header over the criterion columns)
so that the same file, filled in, imports back through ntm.importer. The status template lists the
communes of the chosen period (optionally one district) with their codes; criterion cells are
pre-filled only where the current value is real (not illustrative), so an untouched row is skipped
on import instead of overwriting data.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ntm.loading.catalog import Catalog
from ntm.loading.kinds import DIRECTIONS, KINDS, LEVELS, MET_WORDS, SCOPES, Field, Kind

HEADER_ROW = 5
BLANK_ROWS = 200
LISTS_SHEET = "Danh mục"
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def put(ws, row: int, col: int, value: object):
    """Write a value that stays a value: text beginning with '=' is stored as text, never a formula."""
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def template(
    kind_id: str,
    catalog: Catalog,
    period: str | None = None,
    district: str | None = None,
    current: pd.DataFrame | None = None,
) -> bytes:
    """The .xlsx template of a kind as bytes (current: commune_status rows, to pre-fill real values)."""
    kind = KINDS[kind_id]
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu nhập"
    lists = _lists_sheet(wb, catalog)
    if kind.id == "status":
        period = period or catalog.periods.period_id.iloc[-1]
        _status_sheet(ws, kind, catalog, period, district, current)
    else:
        _flat_sheet(ws, kind, catalog, lists)
    _guide_sheet(wb, kind, catalog)
    ws.freeze_panes = f"A{HEADER_ROW + (2 if kind.id == 'status' else 1)}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def file_name(kind_id: str, period: str | None = None, district: str | None = None) -> str:
    parts = ["mau", kind_id] + ([period] if kind_id == "status" and period else []) + ([district] if district else [])
    return "_".join(parts) + ".xlsx"


def _title(ws, kind: Kind, width: int, subtitle: str) -> None:
    put(ws, 1, 1, kind.title).font = Font(bold=True, size=13)
    put(ws, 2, 1, subtitle).font = Font(italic=True)
    put(ws, 3, 1, " ".join(kind.notes) or "Điền từ dòng dưới tiêu đề; không đổi tên cột.")
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=max(width, 6))
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=r == 3, vertical="top")
    ws.row_dimensions[3].height = 45


def _head(cell) -> None:
    cell.font = Font(bold=True)
    cell.fill = _HEAD_FILL
    cell.border = _BOX
    cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")


def _status_sheet(
    ws, kind: Kind, catalog: Catalog, period: str, district: str | None, current: pd.DataFrame | None
) -> None:
    set_id = catalog.set_of(period)
    criteria = catalog.criteria[set_id]
    base = catalog.base.get(period, [])
    former = bool(base) and all(u.former_district for u in base)  # after 06/2025 units have no district
    groups = catalog.groups.get(set_id, ())  # the 2026–2030 set: each commune's group, pre-filled
    fixed = ["STT", "Kỳ báo cáo", *(("Mã huyện cũ", "Huyện cũ") if former else ("Mã huyện", "Huyện")), "Mã xã"]
    fixed += ["Tên xã", *(("Nhóm xã",) if groups else ())]
    first_crit = len(fixed) + 1
    last_crit = first_crit + len(criteria) - 1
    source_col = last_crit + 1
    label = catalog.periods.set_index("period_id").loc[period, "label_vi"]
    scope = f" · {'Huyện cũ' if former else 'Huyện'}: {catalog.districts[district]}" if district else " · Toàn tỉnh"
    _title(ws, kind, source_col, f"Kỳ báo cáo: {label} ({period}) · Bộ tiêu chí {set_id}{scope}")
    for c, text in enumerate(fixed + [None] * len(criteria) + ["Nguồn số liệu"], start=1):
        if text:
            _head(put(ws, HEADER_ROW, c, text))
            _head(ws.cell(row=HEADER_ROW + 1, column=c))
            ws.merge_cells(start_row=HEADER_ROW, start_column=c, end_row=HEADER_ROW + 1, end_column=c)
    _head(put(ws, HEADER_ROW, first_crit, "Kết quả thực hiện tiêu chí (Đạt / Chưa đạt)"))
    ws.merge_cells(start_row=HEADER_ROW, start_column=first_crit, end_row=HEADER_ROW, end_column=last_crit)
    for i, (code, name) in enumerate(criteria.items()):
        _head(put(ws, HEADER_ROW + 1, first_crit + i, f"{code}. {name}"))
    ws.row_dimensions[HEADER_ROW + 1].height = 75
    real = {}
    if current is not None and len(current):
        cur = current[(current.period_id == period) & (current.provenance != "illustrative")]
        real = {(u, c): m for u, c, m in zip(cur.unit_id, cur.criterion_code, cur.met)}
    units = sorted(
        (u for u in base if district is None or u.district_code == district),
        key=lambda u: (u.district_code, u.unit_name),
    )
    row = HEADER_ROW + 2
    for n, u in enumerate(units, start=1):
        cells = [n, period, u.district_code, catalog.districts[u.district_code], u.unit_code, u.unit_name]
        if groups:
            cells.append(catalog.unit_groups.get((period, u.unit_id)))
        for c, value in enumerate(cells, start=1):
            put(ws, row, c, value).border = _BOX
        for i, code in enumerate(criteria):
            met = real.get((u.unit_id, code))
            put(
                ws, row, first_crit + i, None if met is None else ("Đạt" if met in ("1", True) else "Chưa đạt")
            ).border = _BOX
        ws.cell(row=row, column=source_col).border = _BOX
        row += 1
    last = max(row - 1, HEADER_ROW + 2)
    met_list = DataValidation(
        type="list",
        formula1='"' + ",".join(MET_WORDS) + '"',
        allow_blank=True,
        errorStyle="warning",
        error="Nên ghi 'Đạt' hoặc 'Chưa đạt' (x / 1 / 0 cũng được).",
        errorTitle="Giá trị tiêu chí",
    )
    met_list.add(f"{get_column_letter(first_crit)}{HEADER_ROW + 2}:{get_column_letter(last_crit)}{last}")
    ws.add_data_validation(met_list)
    if groups:
        group_list = DataValidation(
            type="list",
            formula1='"' + ",".join(groups) + '"',
            allow_blank=True,
            error="Nhóm xã: " + ", ".join(groups) + " (QĐ 51/2025/QĐ-TTg).",
            errorTitle="Nhóm xã",
        )
        group_col = get_column_letter(len(fixed))
        group_list.add(f"{group_col}{HEADER_ROW + 2}:{group_col}{last}")
        ws.add_data_validation(group_list)
    widths = [5, 10, 8, 14, 9, 18] + [8] * len(groups[:1]) + [7] * len(criteria) + [30]
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w


def _flat_sheet(ws, kind: Kind, catalog: Catalog, lists: dict[str, str]) -> None:
    fields = [f for f in kind.fields if f.name not in ("criterion", "met")]
    _title(ws, kind, len(fields) + 1, "Mỗi dòng một bản ghi · cột có dấu * là bắt buộc")
    _head(put(ws, HEADER_ROW, 1, "STT"))
    for c, f in enumerate(fields, start=2):
        _head(put(ws, HEADER_ROW, c, f.label + (" *" if f.required else "")))
        ws.column_dimensions[get_column_letter(c)].width = max(12, min(30, len(f.label) + 4))
        ref = lists.get(_list_for(f, kind))
        if ref:
            dv = DataValidation(
                type="list",
                formula1=ref,
                allow_blank=not f.required,
                errorStyle="warning",
                error="Nên chọn trong danh sách.",
                errorTitle=f.label,
            )
            dv.add(f"{get_column_letter(c)}{HEADER_ROW + 1}:{get_column_letter(c)}{HEADER_ROW + BLANK_ROWS}")
            ws.add_data_validation(dv)
    ws.column_dimensions["A"].width = 5


def _list_for(f: Field, kind: Kind) -> str | None:
    return {
        "level": "levels",
        "scope_type": "scopes",
        "direction": "directions",
        "source_code": "resources",
        "district": "district_names",
        "district_code": "district_codes",
        "period": "periods",
        "baseline_period_id": "periods",
        "measure": "measures",
    }.get(f.name)


def _lists_sheet(wb: Workbook, catalog: Catalog) -> dict[str, str]:
    """A hidden-free reference sheet holding the drop-down lists (long lists cannot live in the rule)."""
    ws = wb.create_sheet(LISTS_SHEET)
    try:
        from ntm.plan.targets import (
            MEASURES,  # the plan feature's measures, when present
        )
    except ImportError:  # pragma: no cover - dataset without the plan feature
        MEASURES = {}
    columns = {
        "periods": ("Kỳ báo cáo", list(catalog.periods.period_id)),
        "district_codes": ("Mã huyện", list(catalog.districts)),
        "district_names": ("Huyện", list(catalog.districts.values())),
        "levels": ("Mức đạt chuẩn", list(LEVELS)),
        "scopes": ("Phạm vi", list(SCOPES)),
        "directions": ("Chiều đánh giá", list(DIRECTIONS)),
        "resources": ("Nguồn vốn", list(catalog.resource_sources.values())),
        "measures": ("Chỉ tiêu đo", list(MEASURES)),
        "met": ("Kết quả", list(MET_WORDS)),
    }
    refs = {}
    for c, (key, (title, values)) in enumerate(columns.items(), start=1):
        _head(put(ws, 1, c, title))
        for r, v in enumerate(values, start=2):
            put(ws, r, c, v)
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = max(14, len(title) + 4)
        if values:
            refs[key] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    return refs


def _guide_sheet(wb: Workbook, kind: Kind, catalog: Catalog) -> None:
    ws = wb.create_sheet("Hướng dẫn")
    put(ws, 1, 1, f"Hướng dẫn: {kind.label}").font = Font(bold=True, size=12)
    for r, note in enumerate(kind.notes, start=2):
        put(ws, r, 1, note)
    row = len(kind.notes) + 3
    for c, text in enumerate(["Cột", "Bắt buộc", "Cách ghi", "Tên cột khác được chấp nhận"], start=1):
        _head(put(ws, row, c, text))
    for f in kind.fields:
        row += 1
        for c, value in enumerate([f.label, "có" if f.required else "", f.help, ", ".join(f.synonyms)], start=1):
            put(ws, row, c, value).alignment = Alignment(wrap_text=True, vertical="top")
    row += 2
    put(
        ws,
        row,
        1,
        "Nhập tệp: trang Dữ liệu → Nhập dữ liệu (xem trước, rồi xác nhận), hoặc dòng lệnh "
        "python -m ntm import TỆP --dry-run",
    )
    for letter, w in zip("ABCD", (24, 10, 50, 50)):
        ws.column_dimensions[letter].width = w
