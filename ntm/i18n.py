"""Interface text, Vietnamese first and English second. Pages, slides and reports share it.

Names of criteria, periods, bands and units come from the data (name_vi / name_en columns), not from here.
"""

from __future__ import annotations

LANGS = ("vi", "en")

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Theo dõi xây dựng nông thôn mới – tỉnh Lào Cai", "New Rural Development tracker – Lào Cai province"),
    "language": ("Ngôn ngữ", "Language"),
    "period": ("Kỳ báo cáo", "Reporting period"),
    "districts": ("Huyện, thị xã, thành phố", "Districts"),
    "all_districts": ("Toàn tỉnh", "Whole province"),
    "filters": ("Bộ lọc", "Filters"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_map": ("Bản đồ", "Map"),
    "page_districts": ("Huyện", "Districts"),
    "page_communes": ("Xã", "Communes"),
    "page_criteria": ("Tiêu chí", "Criteria"),
    "page_gap": ("Cần gì để đạt mục tiêu", "What it takes"),
    "page_plan": ("Kế hoạch 2020", "2020 plan"),
    "page_poverty": ("Giảm nghèo", "Poverty reduction"),
    "page_data": ("Dữ liệu", "Data"),
    "page_present": ("Trình chiếu", "Presentation"),
    "overview_title": ("Tổng quan tiến độ nông thôn mới", "NTM progress overview"),
    "scope": ("Phạm vi", "Scope"),
    "as_of": ("Số liệu đến ngày", "Data as of"),
    "commune_base": ("Số xã trong kỳ", "Communes in the period"),
    "kpi_recognised": ("Xã đạt chuẩn NTM", "Communes meeting the NTM standard"),
    "kpi_pct": ("Tỷ lệ xã đạt chuẩn", "Share of communes meeting it"),
    "kpi_gap": ("So với mục tiêu {target} (điểm %)", "Against the {target} target (points)"),
    "kpi_gap_none": ("So với mục tiêu Trung ương", "Against the central target"),
    "change_since": ("Mức thay đổi so với kỳ trước", "Change since the previous period"),
    "kpi_avg": ("Bình quân tiêu chí/xã", "Average criteria per commune"),
    "communes_unit": ("xã", "communes"),
    "points": ("điểm %", "points"),
    "criteria_unit": ("tiêu chí", "criteria"),
    "vs_prev": ("so với", "vs"),
    "no_prev": ("Kỳ đầu tiên: không có kỳ trước để so sánh", "First period: nothing to compare with"),
    "no_target": ("Chưa có mục tiêu cho kỳ này", "No target in force for this period"),
    "target": ("Mục tiêu", "Target"),
    "base_changed": ("Số xã trong kỳ thay đổi do sáp nhập: {prev} → {now}", "The commune base changed with the mergers: {prev} → {now}"),
    "district_chart": ("Tỷ lệ xã đạt chuẩn theo huyện", "Share of communes meeting the standard, by district"),
    "bands_chart": ("Số xã theo số tiêu chí đạt", "Communes by number of criteria met"),
    "criteria_chart": ("Số xã đạt từng tiêu chí", "Communes meeting each criterion"),
    "district_table": ("Bảng theo huyện", "District table"),
    "col_district": ("Huyện", "District"),
    "col_code": ("Mã", "Code"),
    "col_base": ("Số xã", "Communes"),
    "col_recognised": ("Đạt chuẩn", "Meeting standard"),
    "col_pct": ("Tỷ lệ đạt chuẩn", "Share meeting"),
    "col_avg": ("BQ tiêu chí/xã", "Avg criteria"),
    "col_gap": ("So mục tiêu (điểm %)", "vs target (points)"),
    "col_criterion": ("Tiêu chí", "Criterion"),
    "col_communes": ("Số xã", "Communes"),
    "col_group": ("Nhóm", "Group"),
    "illustrative": (
        "**Dữ liệu minh họa.** Trạng thái từng tiêu chí của từng xã chưa được công bố; bộ dữ liệu kèm theo được sinh "
        "tự động (có thể tái lập) sao cho tổng hợp lại khớp đúng các số liệu đã công bố (20/143 năm 2015; 28/143 và 10,7 "
        "tiêu chí năm 2016; 52/143 và 14,1 cuối 2019; 52/134 và 14,1 tại Công văn 417; 61/127 cuối 2020). Số liệu theo "
        "xã, theo huyện và theo tiêu chí chỉ mang tính minh họa cho đến khi nạp số liệu thật.",
        "**Illustrative data.** Commune-by-criterion statuses are not public; the bundled dataset is generated "
        "(reproducibly) so that its totals match every published figure. Figures by commune, district and criterion are "
        "illustrative until real data is loaded.",
    ),
    "published_check": ("Số liệu công bố cho kỳ này", "Published figure for this period"),
    "empty_scope": ("Phạm vi đã chọn không có xã nào.", "The chosen scope has no communes."),
    "rounding_note": (
        "Tỷ lệ được làm tròn nửa lên (52/143 = 36,4%); một số báo cáo công bố cắt bớt chữ số (36,3%).",
        "Shares are rounded half up (52/143 = 36.4%); some published reports truncate (36.3%).",
    ),
    # -- map (issue 3): add keys below this line --
    # -- analysis (issue 4): add keys below this line --
    # -- plan and poverty (issue 5): add keys below this line --
    # -- data loading (issue 6): add keys below this line --
    # -- presentation (issue 7): add keys below this line --
    "deck_title": ("Báo cáo tiến độ xây dựng nông thôn mới", "Progress report on New Rural Development"),
    "province_name": ("Tỉnh Lào Cai", "Lào Cai province"),
    "slide_kpis": ("Kết quả chính", "Headline results"),
    "slide_weak_criteria": ("Tiêu chí đạt thấp nhất và cơ quan phụ trách", "Criteria met least, and who is in charge"),
    "slide_notes": ("Nguồn và ghi chú số liệu", "Sources and notes on the data"),
    "col_department": ("Cơ quan chủ trì", "Lead department"),
    "col_met_share": ("Tỷ lệ xã đạt", "Share of communes"),
    "total_row": ("Cộng", "Total"),
    "source": ("Nguồn", "Source"),
    "db_built": ("Cơ sở dữ liệu dựng ngày", "Database built on"),
    "illustrative_short": ("Số liệu theo xã, huyện, tiêu chí là dữ liệu minh họa", "Figures by commune, district and criterion are illustrative"),
    "issued_on": ("Ngày lập", "Produced on"),
    "target_line": ("Đường đứt nét: mục tiêu {target}", "Dashed line: target {target}"),
    "continued": ("(tiếp)", "(continued)"),
    "slide_no": ("Trang {i}/{n}", "Slide {i}/{n}"),
    "page_no": ("Trang {page}/{pages}", "Page {page} of {pages}"),
    "prev_slide": ("Trước", "Previous"),
    "next_slide": ("Tiếp", "Next"),
    "go_to_slide": ("Đi tới trang", "Go to slide"),
    "present_keys": (
        "Phím ← / → để chuyển trang; F11 để trình chiếu toàn màn hình.",
        "Keys ← / → move between slides; F11 for full screen.",
    ),
    "exports": ("Xuất tệp", "Export"),
    "build_pptx": ("Tạo tệp PowerPoint", "Build the PowerPoint deck"),
    "build_pdf": ("Tạo báo cáo PDF", "Build the PDF report"),
    "download_pptx": ("Tải tệp PowerPoint", "Download the PowerPoint deck"),
    "download_pdf": ("Tải báo cáo PDF", "Download the PDF report"),
    "building": ("Đang tạo: {step}", "Building: {step}"),
    "built_in": ("Đã tạo xong trong {seconds} giây", "Built in {seconds} s"),
    "report_authority": ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI", "PEOPLE'S COMMITTEE\nOF LÀO CAI PROVINCE"),
    "report_nation": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM"),
    "report_motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "report_date_line": ("Lào Cai, ngày {d:02d} tháng {m:02d} năm {y}", "Lào Cai, {d:02d}/{m:02d}/{y}"),
    "report_kind": ("BÁO CÁO", "REPORT"),
    "report_heading": (
        "Kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
        "Results of the National Target Programme on New Rural Development",
    ),
}


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The text for key in lang, with {placeholders} filled."""
    vi, en = TEXT[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text
