"""Interface text, Vietnamese first and English second. Pages, slides and reports share it.

Names of criteria, periods, bands and units come from the data (name_vi / name_en columns), not from here.
"""

from __future__ import annotations

LANGS = ("vi", "en")

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Theo dõi xây dựng nông thôn mới – tỉnh Lào Cai", "New Rural Development tracker – Lào Cai province"),
    "language": ("Ngôn ngữ", "Language"),
    "period": ("Kỳ báo cáo", "Reporting period"),
    "province": ("Tỉnh, thành phố", "Province"),
    "districts": ("Huyện, thị xã, thành phố", "Districts"),
    "all_districts": ("Toàn tỉnh", "Whole province"),
    "filters": ("Bộ lọc", "Filters"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_map": ("Bản đồ", "Map"),
    "page_districts": ("Huyện", "Districts"),
    "page_national": ("Cả nước", "Country"),
    "page_communes": ("Xã", "Communes"),
    "page_criteria": ("Tiêu chí", "Criteria"),
    "page_gap": ("Cần gì để đạt mục tiêu", "What it takes"),
    "page_plan": ("Kế hoạch 2020", "2020 plan"),
    "nav_plan": (
        "Kế hoạch, mục tiêu",
        "Plans and targets",
    ),  # the menu: Letter 417's plan up to 2020, later plans after
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
    "kpi_gap_above": ("Hơn mức mục tiêu {n} xã", "{n} communes above the target"),
    "kpi_gap_at": ("Vừa đủ số xã của mục tiêu", "Exactly the communes the target asks"),
    "kpi_gap_below": ("Cần thêm {n} xã để đạt mục tiêu", "{n} more communes needed to reach it"),
    "change_since": ("Mức thay đổi so với kỳ trước", "Change since the previous period"),
    "kpi_avg": ("Bình quân tiêu chí/xã", "Average criteria per commune"),
    "communes_unit": ("xã", "communes"),
    "points": ("điểm %", "points"),
    "criteria_unit": ("tiêu chí", "criteria"),
    "vs_prev": ("so với", "vs"),
    "no_prev": ("Kỳ đầu tiên: không có kỳ trước để so sánh", "First period: nothing to compare with"),
    "no_target": ("Chưa có mục tiêu cho kỳ này", "No target in force for this period"),
    "target": ("Mục tiêu", "Target"),
    "base_changed": (
        "Số xã trong kỳ thay đổi do sáp nhập: {prev} → {now}",
        "The commune base changed with the mergers: {prev} → {now}",
    ),
    "district_chart": ("Tỷ lệ xã đạt chuẩn theo {area}", "Share of communes meeting the standard, by {area}"),
    "bands_chart": ("Số xã theo số tiêu chí đạt", "Communes by number of criteria met"),
    "criteria_chart": ("Số xã đạt từng tiêu chí", "Communes meeting each criterion"),
    "district_table": ("Bảng theo {area}", "Table by {area}"),
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
    "col_commune_group": ("Nhóm xã", "Commune group"),
    "group_table": ("Theo nhóm xã (ngưỡng chỉ tiêu khác nhau theo nhóm)", "By commune group (thresholds differ)"),
    "illustrative_banner": (
        "**Dữ liệu minh họa** – số liệu theo xã, huyện, tiêu chí chưa được công bố; bộ dữ liệu được sinh để khớp các số "
        "liệu đã công bố.",
        "**Illustrative data** – figures by commune, district and criterion are not public; the dataset is generated to "
        "match the published figures.",
    ),
    "illustrative_why": ("Vì sao có dữ liệu minh họa?", "Why illustrative data?"),
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
    "published_holders": (
        "{n}/{base} xã đang giữ quyết định công nhận",
        "{n}/{base} communes holding a recognition",
    ),
    "published_avg": ("bình quân {avg} tiêu chí/xã", "{avg} criteria per commune on average"),
    "published_avg_holders": (
        "các xã này bình quân còn đạt {avg} tiêu chí",
        "these communes still meet {avg} criteria on average",
    ),
    "merged_rule_note": (
        "Xã hình thành do sáp nhập được tính theo quy tắc: {rule}",
        "Merged communes counted by: {rule}",
    ),
    "published_reported": ("báo chí dẫn lại, chưa xác nhận", "reported second-hand, not confirmed"),
    "break_note": (
        "Từ kỳ này đổi tỉnh hoặc bộ tiêu chí: không so sánh với kỳ trước",
        "A new province or criteria set from this period: no comparison with the previous one",
    ),
    "footprint_toggle": (
        "So trên địa bàn tỉnh sau hợp nhất (các tỉnh cũ cộng lại)",
        "Compare on the merged province's footprint (the former provinces added up)",
    ),
    "footprint_title": ("Địa bàn tỉnh sau hợp nhất", "Footprint of the merged province"),
    "footprint_note": (
        "Mỗi tỉnh cũ ở kỳ số liệu gần nhất của nó theo cùng bộ tiêu chí; dòng cuối cộng các tỉnh có số liệu, để so "
        "với tỉnh sau hợp nhất trên cùng một địa bàn.",
        "Each former province at its own nearest period under the same criteria set; the last row adds the "
        "provinces with data, to compare with the merged province on one base.",
    ),
    "footprint_partial": ("thiếu tỉnh chưa có số liệu", "a province without data is missing"),
    "footprint_col_what": ("Địa bàn — kỳ", "Area — period"),
    "trend_break_note": (
        "Đường xu hướng ngắt trước kỳ {periods} (đổi bộ tiêu chí hoặc tỉnh): tiêu chí đạt theo bộ này không cộng "
        "sang bộ kia",
        "The trend lines break before {periods} (a new criteria set or province): criteria met under one set are "
        "not carried into another",
    ),
    "empty_scope": ("Phạm vi đã chọn không có xã nào.", "The chosen scope has no communes."),
    "section_failed": (
        "Không hiển thị được phần này. Các phần khác của trang vẫn dùng được. Nếu lỗi lặp lại, xin báo quản trị "
        "viên mã tham chiếu {ref}.",
        "This part could not be shown. The rest of the page still works. If it happens again, please give the "
        "administrator the reference number {ref}.",
    ),
    "deck_section_failed": (
        "Phần «{section}» không tạo được và đã được bỏ qua (mã tham chiếu {ref}); các phần khác vẫn đầy đủ.",
        "The part “{section}” could not be made and was left out (reference {ref}); the other parts are complete.",
    ),
    "deck_section_failed_title": ("Phần bị bỏ qua", "Part left out"),
    "rounding_note": (
        "Tỷ lệ được làm tròn nửa lên ({n}/{base} = {ours}); nguồn công bố cắt bớt chữ số ({published}).",
        "Shares are rounded half up ({n}/{base} = {ours}); the published source truncates ({published}).",
    ),
    "rounding_note_other": (
        "Tỷ lệ được làm tròn nửa lên ({n}/{base} = {ours}); nguồn công bố ghi {published}.",
        "Shares are rounded half up ({n}/{base} = {ours}); the published source prints {published}.",
    ),
    # -- map (issue 3): add keys below this line --
    "map_title": ("Bản đồ nông thôn mới theo xã", "NTM map by commune"),
    "notes_table_rows": ("Bảng trên trang chiếu có {n} dòng.", "The table on the slide has {n} rows."),
    "trend_of": ("Xu hướng qua các kỳ: {what}", "Trend over the periods: {what}"),
    "kind_status": ("Kết quả thực hiện tiêu chí của xã", "Communes' results on each criterion"),
    "kind_recognitions": ("Công nhận xã đạt chuẩn", "Recognitions of communes"),
    "kind_targets": ("Mục tiêu, kế hoạch", "Targets and plans"),
    "kind_poverty": ("Hộ nghèo theo huyện", "Poor households by district"),
    "kind_resources": ("Nguồn lực huy động", "Resources mobilised"),
    "area_grouping": ("Nhóm theo", "Group by"),
    "commune_groups": ("Nhóm xã (bộ tiêu chí 2026–2030)", "Commune groups (2026–2030 criteria)"),
    "all_groups": ("Mọi nhóm xã", "Every group"),
    "commune_groups_help": (
        "QĐ 51/2025/QĐ-TTg đặt ngưỡng chỉ tiêu theo ba nhóm xã; mọi số liệu, biểu đồ và bản đồ theo nhóm đã chọn.",
        "QĐ 51/2025/QĐ-TTg sets indicator thresholds by three commune groups; every figure, chart and map follows "
        "the groups chosen.",
    ),
    "pov_standards_note": (
        "Chuỗi tỷ lệ nghèo ngắt ở mỗi lần đổi chuẩn nghèo; hai tỷ lệ theo hai chuẩn khác nhau không so sánh trực "
        "tiếp được. Các chuẩn: {items}.",
        "The poverty series breaks at each change of the poverty standard; rates under two standards are not "
        "directly comparable. Standards: {items}.",
    ),
    "map_not_drawn": ("Bản đồ không được vẽ trong bản này.", "The map is not drawn in this copy."),
    "map_layer": ("Lớp bản đồ", "Map layer"),
    "map_layer_criteria_met": ("Số tiêu chí đạt", "Criteria met"),
    "map_layer_ntm_status": ("Trạng thái đạt chuẩn", "NTM status"),
    "map_layer_criterion": ("Một tiêu chí", "One criterion"),
    "map_layer_district_pct": ("Huyện: tỷ lệ xã đạt chuẩn", "Districts: share meeting the standard"),
    "map_layer_district_avg": ("Huyện: bình quân tiêu chí/xã", "Districts: average criteria per commune"),
    "map_layer_area_pct": ("{area}: tỷ lệ xã đạt chuẩn", "{area}: share meeting the standard"),
    "map_layer_area_avg": ("{area}: bình quân tiêu chí/xã", "{area}: average criteria per commune"),
    "map_legend_area_pct": (
        "Tỷ lệ xã đạt chuẩn — {area} ({n} vùng)",
        "Share meeting the standard — {area} ({n} areas)",
    ),
    "map_legend_area_avg": (
        "Bình quân tiêu chí/xã — {area} ({n} vùng)",
        "Average criteria per commune — {area} ({n} areas)",
    ),
    "map_choose_criterion": ("Tiêu chí hiển thị", "Criterion shown"),
    "map_legend_criteria_met": ("Số tiêu chí đạt ({n} xã)", "Criteria met ({n} communes)"),
    "map_legend_ntm_status": ("Trạng thái đạt chuẩn NTM ({n} xã)", "NTM status ({n} communes)"),
    "map_legend_criterion": ("Tiêu chí {code}. {name} ({n} xã)", "Criterion {code}. {name} ({n} communes)"),
    "map_legend_district_pct": (
        "Tỷ lệ xã đạt chuẩn của huyện ({n} huyện)",
        "District share meeting the standard ({n} districts)",
    ),
    "map_legend_district_avg": (
        "Bình quân tiêu chí/xã của huyện ({n} huyện)",
        "District average criteria per commune ({n} districts)",
    ),
    "map_status_recognised": ("Đạt chuẩn NTM", "Meets the NTM standard"),
    "map_status_target": ("Xã phấn đấu đạt chuẩn năm {year}, chưa đạt", "Named to meet it in {year}, not yet"),
    "map_status_not_yet": ("Chưa đạt chuẩn", "Not yet"),
    "map_no_data": ("Không có số liệu", "No data"),
    "map_met": ("Đạt", "Met"),
    "map_not_met": ("Chưa đạt", "Not met"),
    "map_between": ("{lo} – dưới {hi}", "{lo} – under {hi}"),
    "map_between_last": ("{lo} – {hi}", "{lo} – {hi}"),
    "map_below_target": ("dưới mục tiêu {target}", "below the {target} target"),
    "map_meets_target": ("đạt mục tiêu {target}", "meets the {target} target"),
    "map_background": ("Phường, thị trấn (không xét)", "Wards and towns (not assessed)"),
    "map_approx_legend": ("Viền nét đứt: ranh giới gần đúng", "Dashed outline: approximate boundary"),
    "map_dimmed_legend": ("Huyện không chọn: làm mờ", "Districts not chosen: dimmed"),
    "map_tip_code": ("mã", "code"),
    "map_tip_district": ("Huyện", "District"),
    "map_tip_criteria": ("Tiêu chí đạt: {met}/{n}", "Criteria met: {met}/{n}"),
    "map_tip_missing": ("Còn thiếu ({k})", "Still missing ({k})"),
    "map_tip_none_missing": ("Đạt đủ {n}/{n} tiêu chí", "All {n} criteria met"),
    "map_tip_status": ("Trạng thái", "Status"),
    "map_tip_target": ("Xã phấn đấu đạt chuẩn năm {year}", "Named to meet the standard in {year}"),
    "map_tip_district_pct": (
        "Huyện: {rec}/{base} xã đạt chuẩn ({pct})",
        "District: {rec}/{base} communes meet the standard ({pct})",
    ),
    "map_tip_district_avg": ("Huyện: bình quân {avg} tiêu chí/xã", "District: {avg} criteria per commune on average"),
    "map_approx_not_exact": (
        "Ranh giới gần đúng: bản đồ nguồn chưa vẽ được phần điều chỉnh địa giới năm 2020",
        "Approximate boundary: the source layer could not redraw the 2020 boundary changes",
    ),
    "map_approx_from_predecessors": (
        "Ranh giới gần đúng: ghép từ ranh giới các xã cũ ({names})",
        "Approximate boundary: union of the former communes ({names})",
    ),
    "map_approx_from_successor": (
        "Ranh giới gần đúng: lấy theo đơn vị kế tiếp ({names})",
        "Approximate boundary: outline of the unit it became ({names})",
    ),
    "map_approx_note": (
        "Ranh giới gần đúng ({n} đơn vị, viền nét đứt trên bản đồ)",
        "Approximate boundaries ({n} units, dashed outline on the map)",
    ),
    "map_missing_geometry": ("Không có ranh giới để vẽ: {names}", "No boundary to draw: {names}"),
    "map_no_layer": (
        "Kỳ báo cáo này chưa có lớp ranh giới để vẽ bản đồ.",
        "This period has no boundary layer to draw.",
    ),
    "map_layer_note": ("Lớp ranh giới: {layer}", "Boundary layer: {layer}"),
    "map_layer_2019": ("ranh giới xã năm 2019 (164 đơn vị)", "2019 commune boundaries (164 units)"),
    "map_layer_2020_approx": ("ranh giới gần đúng sau sáp nhập 2020", "approximate boundaries after the 2020 mergers"),
    "map_layer_yenbai_2019": (
        "ranh giới xã Yên Bái năm 2019 (180 đơn vị)",
        "Yên Bái 2019 commune boundaries (180 units)",
    ),
    "map_layer_2025": (
        "ranh giới gần đúng của 99 đơn vị từ 01/07/2025 (ghép từ ranh giới 2019)",
        "approximate boundaries of the 99 units from 01/07/2025 (put together from 2019 outlines)",
    ),
    "map_credit": (
        "Ranh giới: vietnam63 (M. Choisy, MIT); dữ liệu gốc Cục Đo đạc và Bản đồ Việt Nam / WHO Việt Nam; "
        "mã đơn vị hành chính: Tổng cục Thống kê. Bản đồ không dùng nền bản đồ trực tuyến.",
        "Boundaries: vietnam63 (M. Choisy, MIT); base data Viet Nam DOSM / WHO Viet Nam; administrative codes: GSO. "
        "No online base map is used.",
    ),
    "map_click_hint": (
        "Bấm vào một xã trên bản đồ để xem chi tiết tại đây.",
        "Click a commune on the map to see its details here.",
    ),
    "map_detail_criteria": ("Các tiêu chí – {period}", "Criteria – {period}"),
    "map_detail_history": ("Qua các kỳ báo cáo", "Across reporting periods"),
    "map_detail_recognised": ("Công nhận {level} năm {year}", "Recognised {level} in {year}"),
    "map_detail_sponsor": ("Cơ quan giúp đỡ xã", "Sponsoring agency"),
    "map_detail_not_in_period": (
        "Xã này không thuộc danh sách xã của kỳ đang chọn.",
        "This commune is not in the chosen period's base.",
    ),
    "map_col_criterion": ("Tiêu chí", "Criterion"),
    "map_col_status": ("Kết quả", "Result"),
    "map_col_owner": ("Sở chủ trì", "Lead department"),
    "map_col_period": ("Kỳ", "Period"),
    "map_col_unit": ("Đơn vị", "Unit"),
    "map_col_reason": ("Vì sao gần đúng", "Why approximate"),
    "map_col_met": ("Tiêu chí đạt", "Criteria met"),
    "map_col_standard": ("Đạt chuẩn", "Meets standard"),
    "map_yes": ("Có", "Yes"),
    "map_no": ("Chưa", "Not yet"),
    "map_download_png": ("Tải ảnh bản đồ (PNG)", "Download the map (PNG)"),
    "map_png_title": ("{layer} – {period}", "{layer} – {period}"),
    "map_png_illustrative": (
        "Dữ liệu minh họa: trạng thái tiêu chí từng xã được sinh tự động, khớp các số liệu tổng hợp đã công bố.",
        "Illustrative data: commune criterion statuses are generated to match the published totals.",
    ),
    # -- analysis (issue 4): add keys below this line --
    "an_download_xlsx": ("Tải Excel (.xlsx)", "Download Excel (.xlsx)"),
    "page_download_xlsx": ("Tải Excel các bảng của trang (.xlsx)", "Download the tables of this page (Excel)"),
    "an_rows_shown": ("Đang hiển thị {n}/{total} xã", "Showing {n} of {total} communes"),
    "an_pick_none": ("— Chưa chọn —", "— None —"),
    "an_districts_title": ("Xếp hạng huyện, thị xã, thành phố", "District league table"),
    "nat_title": ("Cả nước: xếp hạng tỉnh, thành phố", "The country: provinces ranked"),
    "nat_date": ("Số liệu đến ngày", "Figures as of"),
    "nat_headline": (
        "Cả nước: {recognised}/{base} xã đạt chuẩn NTM ({pct}), bình quân {avg} tiêu chí/xã",
        "The country: {recognised}/{base} communes meet the NTM standard ({pct}), {avg} criteria per commune",
    ),
    "nat_change_since": ("Thay đổi so với ngày {day}", "Change since {day}"),
    "nat_no_prev": (
        "Không có ngày trước đó cùng bộ tiêu chí: chưa xếp hạng mức tiến bộ.",
        "No earlier date under the same criteria set: no ranking by improvement.",
    ),
    "nat_col_province": ("Tỉnh, thành phố", "Province"),
    "nat_map_title": ("Tỷ lệ xã đạt chuẩn NTM theo tỉnh", "Share of communes meeting the NTM standard by province"),
    "nat_commune_map_title": (
        "Tỷ lệ tiêu chí đạt của từng xã – {period}",
        "Share of criteria met by each commune – {period}",
    ),
    "nat_map_note": (
        "Ranh giới thô (lớp thử tải toàn quốc, 2019), ghép theo mã ĐVHC qua bảng chuyển đổi mã 2025.",
        "Crude outlines (the 2019 national stress-test layer), joined by official code through the 2025 crosswalk.",
    ),
    "an_rank_by": ("Xếp hạng theo", "Rank by"),
    "an_rank_level": (
        "Mức đạt (tỷ lệ xã đạt chuẩn, rồi bình quân tiêu chí)",
        "Level (share meeting the standard, then average criteria)",
    ),
    "an_rank_improvement": ("Mức tiến bộ so với kỳ trước", "Improvement since the previous period"),
    "an_col_rank_level": ("Hạng mức đạt", "Rank by level"),
    "an_col_rank_improvement": ("Hạng tiến bộ", "Rank by improvement"),
    "an_col_delta_pct": ("Tỷ lệ đạt chuẩn tăng/giảm (điểm %)", "Change in share (points)"),
    "an_col_delta_avg": ("BQ tiêu chí tăng/giảm", "Change in average criteria"),
    "an_col_light": ("Đèn tín hiệu", "Traffic light"),
    "an_col_trend": ("Xu hướng tỷ lệ đạt chuẩn", "Trend of the share"),
    "an_trend_help": (
        "Tỷ lệ xã đạt chuẩn qua các kỳ: {periods}",
        "Share meeting the standard in each period: {periods}",
    ),
    "an_trend_break": (
        "Đường bắt đầu sau lần đổi bộ tiêu chí hoặc tỉnh gần nhất: không nối qua chỗ ngắt.",
        "The line starts after the latest change of criteria set or province: it is not drawn across the break.",
    ),
    "an_rule_title": ("Quy tắc đèn tín hiệu (mục tiêu {target})", "Traffic-light rule (target {target})"),
    "an_rule_at_least": ("tỷ lệ xã đạt chuẩn từ {lower} trở lên", "share meeting the standard at least {lower}"),
    "an_rule_between": ("từ {lower} đến dưới {upper}", "from {lower} to under {upper}"),
    "an_rule_below": ("dưới {upper}", "under {upper}"),
    "an_rule_gap": (
        " (chênh lệch so với mục tiêu từ {gap} điểm % trở lên)",
        " (gap to the target at least {gap} points)",
    ),
    "an_rule_source": (
        "Ngưỡng là dữ liệu (bảng quy tắc đèn tín hiệu, văn phòng điều phối sửa được không cần lập trình): {source}",
        "Thresholds are data (the traffic-light rule table, which the coordination office can edit without a programmer): {source}",
    ),
    "an_no_target_light": (
        "Kỳ này chưa có mục tiêu nên chưa xếp đèn tín hiệu.",
        "No target in force for this period, so no traffic lights.",
    ),
    "an_no_rule": (
        "Dữ liệu chưa có quy tắc đèn tín hiệu (bảng quy tắc trong dữ liệu còn trống).",
        "The data has no traffic-light rule (the rule table in the data is empty).",
    ),
    "an_no_prev_rank": (
        "Kỳ đầu tiên: chưa có kỳ trước nên chưa xếp hạng theo tiến bộ.",
        "First period: nothing to compare with, so no ranking by improvement.",
    ),
    "an_change_since": ("Tiến bộ tính so với kỳ {period}.", "Improvement is measured against {period}."),
    "an_rank_province": (
        "Hạng trong toàn tỉnh: mỗi đơn vị đã chọn giữ thứ hạng của mình giữa mọi đơn vị của tỉnh.",
        "Rank in the whole province: each chosen area keeps its place among all areas of the province.",
    ),
    "an_drill_title": ("Các xã của huyện {district}", "Communes of {district}"),
    "an_drill_title_area": ("Các xã của {area} {district}", "Communes of {district} ({area})"),
    "an_drill_pick_area": (
        "Xem các xã của một {area} (hoặc chọn một dòng trong bảng)",
        "See the communes of a {area} (or select a row of the table)",
    ),
    "an_districts_title_area": ("Xếp hạng theo {area}", "League table by {area}"),
    "an_drill_pick": (
        "Xem các xã của huyện (hoặc chọn một dòng trong bảng)",
        "See the communes of a district (or select a row of the table)",
    ),
    "an_communes_title": ("Xã và tiêu chí", "Communes and criteria"),
    "an_filter_band": ("Nhóm theo số tiêu chí đạt", "Band of criteria met"),
    "an_filter_criterion": ("Tiêu chí", "Criterion"),
    "an_filter_status": ("Tình trạng của tiêu chí đã chọn", "Status of the chosen criterion"),
    "an_all_criteria": ("Tất cả tiêu chí", "All criteria"),
    "an_status_any": ("Tất cả", "Any"),
    "an_status_met": ("Đạt", "Met"),
    "an_status_missing": ("Chưa đạt", "Not met"),
    "an_search": ("Tìm xã theo tên (gõ có dấu hoặc không dấu)", "Search communes by name (accents optional)"),
    "an_search_alias": ("{alias} là tên cũ/tên khác của {name}", "{alias} is an old or other name of {name}"),
    "an_search_alias_short": ("{alias} (tên cũ/tên khác của {name})", "{alias} (an old or other name of {name})"),
    "an_search_elsewhere": ("{name} thuộc {area} — hiện xã này?", "{name} is in {area} — show it?"),
    "an_search_show": ("Hiện xã này (chọn {area})", "Show it (choose {area})"),
    "an_sort": ("Sắp xếp", "Sort"),
    "an_sort_met_desc": ("Số tiêu chí đạt: nhiều đến ít", "Criteria met: most first"),
    "an_sort_met_asc": ("Số tiêu chí đạt: ít đến nhiều", "Criteria met: fewest first"),
    "an_sort_name": ("Tên xã (A–Z)", "Commune name (A–Z)"),
    "an_tab_table": ("Bảng", "Table"),
    "an_tab_heatmap": ("Bản đồ nhiệt", "Heatmap"),
    "an_col_commune": ("Xã", "Commune"),
    "an_col_unit_code": ("Mã xã", "Commune code"),
    "an_col_met": ("Số tiêu chí đạt", "Criteria met"),
    "an_col_band": ("Nhóm", "Band"),
    "an_col_missing_count": ("Số tiêu chí chưa đạt", "Criteria not met"),
    "an_col_missing": ("Tiêu chí chưa đạt", "Criteria not met (list)"),
    "an_matrix_legend": (
        "✓ đạt · ✗ chưa đạt · — chưa có số liệu. TC = tiêu chí: {legend}",
        "✓ met · ✗ not met · — no data. TC = criterion: {legend}",
    ),
    "an_heatmap_title": ("Xã × tiêu chí", "Commune × criterion"),
    "an_met_word": ("Đạt", "Met"),
    "an_missing_word": ("Chưa đạt", "Not met"),
    "an_no_data_word": ("Chưa có số liệu", "No data"),
    "an_no_match": ("Không có xã nào khớp bộ lọc.", "No commune matches the filters."),
    "an_profile_title": ("Hồ sơ xã", "Commune profile"),
    "an_profile_pick": (
        "Chọn xã để xem hồ sơ (hoặc chọn một dòng trong bảng)",
        "Pick a commune to see its profile (or select a row of the table)",
    ),
    "an_profile_missing": ("Tiêu chí chưa đạt và cơ quan phụ trách", "Criteria not met and who is in charge"),
    "an_profile_all": ("Tất cả tiêu chí của xã", "Every criterion of the commune"),
    "an_col_status": ("Tình trạng", "Status"),
    "an_col_department": ("Sở, ngành phụ trách", "Department in charge"),
    "an_col_supporting": ("Đơn vị phối hợp", "Supporting units"),
    "an_col_owner_status": ("Căn cứ phân công", "Basis of the assignment"),
    "an_col_sponsor": ("Cơ quan, đơn vị giúp đỡ xã", "Sponsoring agency"),
    "an_no_sponsor": (
        "Xã chưa có cơ quan, đơn vị giúp đỡ trong dữ liệu.",
        "No sponsoring agency for this commune in the data.",
    ),
    "an_sponsor_line": ("Cơ quan, đơn vị giúp đỡ xã: {agencies}", "Sponsoring agency: {agencies}"),
    "an_all_met": ("Xã đạt đủ {n}/{n} tiêu chí.", "The commune meets all {n} criteria."),
    "unit_type_xa": ("xã", "commune"),
    "unit_type_phuong": ("phường", "ward"),
    "unit_type_thi_tran": ("thị trấn", "township"),
    "an_unit_line": (
        "{type} {name} · {district} · mã {code} · kỳ {period}",
        "{type} {name} · {district} · code {code} · period {period}",
    ),
    "an_group_line": ("Nhóm xã: **{group}** — {definition}", "Commune group: **{group}** — {definition}"),
    "an_kpi_met": ("Tiêu chí đạt", "Criteria met"),
    "an_kpi_missing": ("Tiêu chí chưa đạt", "Criteria not met"),
    "an_history": ("Quá trình qua các kỳ", "History across periods"),
    "an_col_period": ("Kỳ báo cáo", "Period"),
    "an_col_unit": ("Đơn vị", "Unit"),
    "an_col_relation": ("Quan hệ với xã", "Relation to the commune"),
    "an_rel_self": ("Chính xã này", "This commune"),
    "an_rel_predecessor": ("Đơn vị tiền thân", "Predecessor"),
    "an_rel_successor": ("Đơn vị kế tục", "Successor"),
    "an_col_standard": ("Đạt chuẩn NTM", "Meets the NTM standard"),
    "an_recognitions": ("Công nhận đạt chuẩn", "Recognitions"),
    "an_col_level": ("Mức", "Level"),
    "an_col_year": ("Năm", "Year"),
    "an_col_decision": ("Số quyết định", "Decision"),
    "an_col_decision_date": ("Ngày quyết định", "Decision date"),
    "an_col_provenance": ("Nguồn gốc số liệu", "Provenance"),
    "an_col_source": ("Nguồn", "Source"),
    "an_no_recognition": ("Chưa có quyết định công nhận trong dữ liệu.", "No recognition in the data."),
    "an_lineage": ("Sáp nhập, chia tách (dòng đơn vị)", "Merge lineage"),
    "an_col_from": ("Từ đơn vị", "From unit"),
    "an_col_to": ("Thành đơn vị", "To unit"),
    "an_col_kind": ("Hình thức", "Kind"),
    "an_col_effective": ("Hiệu lực từ", "Effective"),
    "an_col_lineage_status": ("Mức xác nhận", "Status"),
    "an_col_note": ("Ghi chú", "Note"),
    "an_kind_continues_as": ("tiếp tục thành", "continues as"),
    "an_kind_merged_into": ("sáp nhập vào", "merged into"),
    "an_no_lineage": (
        "Đơn vị không thay đổi trong các đợt sắp xếp 2019–2020.",
        "The unit did not change in the 2019–2020 reorganisation.",
    ),
    "an_criteria_title": (
        "Tiêu chí: ai đạt, điều gì cản trở, ai phụ trách",
        "Criteria: who meets them, what holds communes back, who is in charge",
    ),
    "an_by_district": ("Số xã đạt từng tiêu chí theo huyện", "Communes meeting each criterion, by district"),
    "an_by_district_area": ("Số xã đạt từng tiêu chí theo {area}", "Communes meeting each criterion, by {area}"),
    "an_by_district_note_area": (
        "Mỗi ô là số xã đạt tiêu chí; trong ngoặc ở tiêu đề cột là số xã của {area}.",
        "Each cell counts the communes meeting the criterion; the {area}'s number of communes is in brackets.",
    ),
    "an_by_district_note": (
        "Mỗi ô là số xã đạt tiêu chí; trong ngoặc ở tiêu đề cột là số xã của huyện.",
        "Each cell counts the communes meeting the criterion; the district's number of communes is in brackets.",
    ),
    "an_col_total": ("Toàn phạm vi ({base} xã)", "Whole scope ({base} communes)"),
    "an_col_pct_met": ("Tỷ lệ xã đạt", "Share meeting"),
    "an_blockers": (
        "Tiêu chí cản trở các xã gần đạt chuẩn ({band})",
        "Criteria holding back the communes close to the standard ({band})",
    ),
    "an_blockers_note": ("{n} xã thuộc nhóm {band}.", "{n} communes in the {band} band."),
    "an_blockers_file": ("tiêu chí cản trở", "blocking criteria"),
    "an_col_close_missing": ("Số xã gần đạt chuẩn còn thiếu", "Close communes missing it"),
    "an_col_sole": ("Số xã chỉ còn thiếu tiêu chí này", "Communes missing only this one"),
    "an_col_all_missing": ("Tổng số xã chưa đạt", "All communes missing it"),
    "an_no_close_band": (
        "Bảng nhóm tiêu chí không có nhóm nào dưới mức đạt chuẩn.",
        "The bands table has no band below the standard.",
    ),
    "an_scorecard": ("Bảng điểm theo sở, ngành phụ trách", "Scorecard per department in charge"),
    "an_col_criteria_list": ("Tiêu chí phụ trách", "Criteria in charge"),
    "an_col_n_criteria": ("Số tiêu chí", "Criteria"),
    "an_col_avg_pct_met": ("Tỷ lệ xã đạt bình quân", "Average share meeting"),
    "an_col_missing_pairs": ("Lượt xã chưa đạt", "Commune-criteria not met"),
    "an_col_close_blocked": ("Xã gần đạt chuẩn bị vướng", "Close communes held back"),
    "an_col_sole_blocked": ("Xã chỉ vướng ở sở, ngành này", "Close communes held back by it alone"),
    "an_owner_note": (
        "Sở, ngành phụ trách theo bảng phân công tiêu chí trong dữ liệu; cột 'Căn cứ phân công' cho biết phân công đã được xác nhận cho "
        "Lào Cai hay là phân công điển hình.",
        "Departments in charge from the criterion assignment table in the data; 'Basis of the assignment' says whether it is confirmed for "
        "Lào Cai or the typical assignment.",
    ),
    "an_target_input": ("Mục tiêu tỷ lệ xã đạt chuẩn (%)", "Target share of communes meeting the standard (%)"),
    "an_deadline_input": ("Hạn hoàn thành", "Deadline"),
    "an_target_default_next": (
        "Mặc định: mục tiêu hạn {deadline}, có hiệu lực từ kỳ báo cáo sau ({period}) — {source}",
        "Default: the target due {deadline}, in force from the next report ({period}) — {source}",
    ),
    "an_periods_left": (
        "Đến hạn {deadline} còn {n} kỳ báo cáo trong dữ liệu: {periods}.",
        "{n} reports in the data until the deadline {deadline}: {periods}.",
    ),
    "an_no_period_left": (
        "Không còn kỳ báo cáo nào trong dữ liệu trước hạn {deadline}.",
        "No report left in the data before the deadline {deadline}.",
    ),
    "an_target_default_this": (
        "Mặc định: mục tiêu đang áp dụng cho kỳ này, hạn {deadline} — {source}",
        "Default: the target in force for this period, due {deadline} — {source}",
    ),
    "an_target_edited": (
        "Mục tiêu đã được sửa trên trang (khác dữ liệu mục tiêu).",
        "The target was edited on the page (it differs from the targets data).",
    ),
    "an_no_target_data": (
        "Dữ liệu chưa có mục tiêu cho kỳ này: hãy nhập mục tiêu và hạn hoàn thành.",
        "The data has no target for this period: enter a target and a deadline.",
    ),
    "an_kpi_required": ("Cần có để đạt {target}", "Needed to reach {target}"),
    "an_kpi_now": ("Số xã đang đạt chuẩn", "Communes meeting it now"),
    "an_kpi_needed": ("Cần thêm", "More needed"),
    "an_kpi_pace": ("Nhịp cần thiết đến {deadline}", "Pace needed until {deadline}"),
    "an_kpi_observed": (
        "Nhịp đã đạt từ {period} đến kỳ này: {pace} xã/năm.",
        "Pace achieved since {period}: {pace} communes a year.",
    ),
    "an_per_year": ("xã/năm", "communes/year"),
    "an_reached": (
        "Đã đạt mục tiêu: {recognised}/{base} xã đạt chuẩn, cần {required} xã.",
        "Target reached: {recognised} of {base} communes meet the standard; {required} are needed.",
    ),
    "an_gap_sentence": (
        "Để đạt {target} vào {deadline} (còn {years} năm), cần thêm {needed} xã đạt chuẩn, khoảng {pace} xã mỗi năm. "
        "{needed} xã gần đạt nhất còn thiếu tổng cộng {missing} tiêu chí.",
        "To reach {target} by {deadline} ({years} years left), {needed} more communes must meet the standard, about "
        "{pace} a year. The {needed} closest communes miss {missing} criteria in total.",
    ),
    "an_deadline_passed": (
        "Hạn {deadline} không còn sau ngày số liệu {as_of}: cần thêm {needed} xã ngay.",
        "The deadline {deadline} is not after the data date {as_of}: {needed} more communes are needed now.",
    ),
    "an_pace_note": (
        "Nhịp tính theo số ngày còn lại đến hạn (365,25 ngày/năm).",
        "Pace counts the days left to the deadline (365.25 days a year).",
    ),
    "an_candidates": ("Các xã gần đạt chuẩn nhất", "Communes closest to the standard"),
    "an_candidates_note": (
        "Gồm mọi xã thuộc nhóm {band} và ít nhất {needed} xã gần đạt nhất; cột 'Trong số cần thêm' đánh dấu {needed} xã gần nhất.",
        "Every commune of the {band} band and at least the {needed} closest; 'Among those needed' marks the {needed} closest.",
    ),
    "an_col_rank": ("Thứ tự", "Rank"),
    "an_col_shortest": ("Trong số cần thêm", "Among those needed"),
    "an_col_departments": ("Sở, ngành phụ trách phần còn thiếu", "Departments in charge of what is missing"),
    "an_word_confirmed": ("đã xác nhận", "confirmed"),
    "an_word_inferred": ("suy luận", "inferred"),
    "an_word_illustrative": ("minh họa", "illustrative"),
    "an_candidates_note_reached": ("Gồm mọi xã thuộc nhóm {band}.", "Every commune of the {band} band."),
    "an_word_typical": ("phân công điển hình", "typical"),
    "an_no_candidates": (
        "Không còn xã nào chưa đạt chuẩn trong phạm vi này.",
        "Every commune of the scope meets the standard.",
    ),
    # -- plan and poverty (issue 5): add keys below this line --
    "plan_intro": (
        'Mỗi chỉ đạo của Công văn 417/UBND-NLN là một mục tiêu lưu trong dữ liệu (nạp, sửa ở trang Dữ liệu, mẫu "Mục tiêu, kế hoạch"). Tiến độ đo từ kỳ gốc '
        "**{baseline}** tới kỳ đang xem; trạng thái tính cho kỳ đang xem theo quy tắc dưới đây (bảng quy tắc trạng thái trong dữ liệu).",
        'Each directive of Letter 417/UBND-NLN is a target stored as data (loaded and edited on the Data page, template "Targets and plans"). Progress is measured from the '
        "baseline **{baseline}** to the period viewed; the status is computed for that period by the rules below "
        "(the status-rule table in the data).",
    ),
    "plan_intro_targets": (
        'Mỗi mục tiêu của kế hoạch áp dụng cho kỳ này là một dòng dữ liệu (nạp, sửa ở trang Dữ liệu, mẫu "Mục tiêu, kế '
        'hoạch"). Tiến độ đo từ kỳ gốc **{baseline}** tới kỳ đang xem; trạng thái tính theo quy tắc dưới đây. Kế hoạch '
        "này không đặt các danh sách của Công văn 417 (xã phấn đấu, cơ quan giúp đỡ, kế hoạch sở, ngành, rà soát huyện).",
        "Each target of the plan in force for this period is a row of data (loaded and edited on the Data page, template "
        '"Targets and plans"). Progress is measured from the baseline **{baseline}** to the period viewed; the status '
        "follows the rules below. This plan sets none of Letter 417's lists (named communes, sponsors, department "
        "plans, district reviews).",
    ),
    "page_plan_targets": ("Kế hoạch, mục tiêu của kỳ", "The period's plan and targets"),
    "plan_illustrative": (
        "**Dữ liệu minh họa** trên trang này: trạng thái tiêu chí từng xã, phân công cơ quan giúp đỡ, số kế hoạch của sở, "
        "ngành, tiêu chí cấp huyện của hai huyện được rà soát và các quyết định công nhận xã NTM nâng cao, kiểu mẫu được sinh "
        "tự động cho tới khi nạp số liệu thật. Các chỉ đạo (mục tiêu) lấy từ Công văn 417.",
        "**Illustrative data** on this page: commune criteria, sponsor assignments, department plan numbers, the district "
        "criteria of the two reviewed districts and the advanced / model recognitions are generated "
        "until real data is loaded. The directives (targets) come from Letter 417.",
    ),
    "plan_before_baseline": (
        "Kỳ đang xem trước kỳ gốc của kế hoạch ({baseline}): các mục tiêu của Công văn 417 chưa áp dụng.",
        "The period viewed is before the plan's baseline ({baseline}): the targets of Letter 417 are not yet in force.",
    ),
    "plan_filtered": (
        "Đang lọc theo huyện: chỉ hiện mục tiêu của các huyện đã chọn và các mục tiêu toàn tỉnh (tính cho cả tỉnh).",
        "Filtered by district: only the chosen districts' targets and the province-wide ones (computed for the province).",
    ),
    "plan_problems": ("Có lỗi trong dữ liệu mục tiêu", "Problems in the target data"),
    "plan_rules": ("Quy tắc đánh giá trạng thái", "Status rules"),
    "plan_rules_terms": (
        "Xét lần lượt theo thứ tự, áp dụng quy tắc đầu tiên khớp. **Tiến độ** = (giá trị kỳ đang xem − giá trị kỳ gốc) / "
        "(mục tiêu − giá trị kỳ gốc). **Phần thời gian đã qua** = (ngày số liệu của kỳ − ngày của kỳ gốc) / (hạn − ngày của "
        "kỳ gốc).",
        "Rules are read in order and the first that matches applies. **Progress** = (value in the period − baseline value) / "
        "(target − baseline value). **Share of time used** = (period's data date − baseline date) / (deadline − baseline date).",
    ),
    "plan_targets": ("Các mục tiêu và trạng thái", "Targets and their status"),
    "col_target": ("Mục tiêu", "Target"),
    "col_scope": ("Phạm vi", "Scope"),
    "col_baseline": ("Kỳ gốc", "Baseline"),
    "col_current": ("Kỳ đang xem", "Period viewed"),
    "col_goal": ("Chỉ tiêu", "Goal"),
    "col_progress": ("Mức đạt so với chỉ tiêu", "Attained (of goal)"),
    "col_status": ("Trạng thái", "Status"),
    "col_deadline": ("Hạn", "Deadline"),
    "col_source": ("Nguồn", "Source"),
    "group_province_share": ("Tỷ lệ xã đạt chuẩn toàn tỉnh", "Province share"),
    "group_named_communes": ("06 xã phấn đấu đạt chuẩn năm 2020", "Six communes to reach the standard in 2020"),
    "group_advanced_per_district": ("Xã NTM nâng cao ở mỗi huyện", "An advanced commune in each district"),
    "group_sponsored_gain": ("Xã có cơ quan giúp đỡ", "Sponsored communes"),
    "group_department_plan": ("Kế hoạch của sở, ngành phụ trách tiêu chí", "Plans of the departments in charge"),
    "group_district_review": ("Rà soát cấp huyện theo QĐ 558", "District reviews (QĐ 558)"),
    "group_merged_reevaluation": ("Xã sáp nhập có xã đã đạt chuẩn", "Merged communes with a recognised one"),
    "group_province_2025": ("Kế hoạch của tỉnh đến năm 2025", "The province's plans to 2025"),
    "group_national_2030": ("Mục tiêu quốc gia đến năm 2030", "National targets for 2030"),
    "group_province_2030": ("Mục tiêu của tỉnh đến năm 2030", "The province's targets for 2030"),
    "unit_pct": ("%", "%"),
    "unit_criteria": ("tiêu chí", "criteria"),
    "unit_communes": ("xã", "communes"),
    "unit_items": ("nội dung", "items"),
    "named_title": (
        "06 xã phấn đấu đạt chuẩn năm 2020: tiêu chí đã đạt và còn thiếu",
        "The six communes for 2020: criteria met and still missing",
    ),
    "col_commune": ("Xã", "Commune"),
    "col_missing": ("Tiêu chí còn thiếu", "Criteria still missing"),
    "none_missing": ("Không còn", "None"),
    "advanced_title": (
        "Xã NTM nâng cao, kiểu mẫu theo huyện so với mục tiêu mỗi huyện",
        "Advanced and model communes by district against the per-district target",
    ),
    "col_advanced": ("Xã NTM nâng cao", "Advanced communes"),
    "col_model": ("Trong đó kiểu mẫu", "Of which model"),
    "col_communes_list": ("Các xã (cấp độ, ngày quyết định)", "Communes (level, decision date)"),
    "advanced_missing": ("Huyện chưa có xã NTM nâng cao: {names}", "Districts without an advanced commune: {names}"),
    "advanced_all": ("Huyện nào cũng đã có xã NTM nâng cao.", "Every district has an advanced commune."),
    "advanced_chart": ("Số xã NTM nâng cao theo huyện", "Advanced communes by district"),
    "sponsors_title": ("Cơ quan giúp đỡ có xã chưa đạt thêm tiêu chí", "Sponsors whose communes gained nothing"),
    "sponsors_before_baseline": (
        "Chưa so được: kỳ đang xem trước kỳ gốc của kế hoạch.",
        "Nothing to compare yet: the period shown is before the plan's baseline.",
    ),
    "sponsors_summary": (
        "{reached}/{total} xã được giúp đỡ đã đạt thêm ít nhất {need} tiêu chí so với kỳ gốc.",
        "{reached}/{total} sponsored communes gained at least {need} criteria since the baseline.",
    ),
    "sponsors_none": ("Mọi xã được giúp đỡ đều đã đạt thêm tiêu chí.", "Every sponsored commune gained criteria."),
    "col_agency": ("Cơ quan giúp đỡ", "Sponsoring agency"),
    "col_gained": ("Tăng", "Gained"),
    "departments_title": (
        "Kế hoạch của sở, ngành: số xã đạt thêm tiêu chí trong năm",
        "Department plans: communes newly meeting each criterion in the year",
    ),
    "col_dept_criterion": ("Tiêu chí — sở, ngành phụ trách", "Criterion — department in charge"),
    "col_planned": ("Kế hoạch (xã)", "Planned (communes)"),
    "col_achieved": ("Đã đạt thêm (xã)", "Achieved (communes)"),
    "reviews_title": (
        "Rà soát cấp huyện đạt chuẩn NTM (QĐ 558/QĐ-TTg): từng tiêu chí",
        "District NTM reviews (QĐ 558/QĐ-TTg): criterion by criterion",
    ),
    "check_met": ("Đạt", "Met"),
    "check_not_met": ("Chưa đạt", "Not met"),
    "check_unknown": ("Chưa có số liệu", "No data"),
    "col_check": ("Kết quả", "Result"),
    "col_detail": ("Chi tiết", "Detail"),
    "review_condition_detail": ("{met}/{total} xã đạt chuẩn", "{met}/{total} communes meet the standard"),
    "review_indicators": ("{met}/{total} chỉ tiêu", "{met}/{total} indicators"),
    "review_no_data": ("Chưa có số liệu tiêu chí huyện cho kỳ này.", "No district criteria data for this period."),
    "merged_title": (
        "Xã mới sáp nhập có xã đã đạt chuẩn: đánh giá lại (Công văn 417 §1c)",
        "Merged communes including a recognised one: re-evaluation (Letter 417 §1c)",
    ),
    "merged_note": (
        "Trước khi xã mới hình thành, xã được đánh giá trên các xã hợp thành: một tiêu chí chỉ tính là đạt khi mọi xã "
        "hợp thành đều đạt.",
        "Before the merged commune exists it is measured on the communes forming it: a criterion counts as met only "
        "when every one of them meets it.",
    ),
    "col_predecessors": ("Hợp thành từ", "Formed from"),
    "col_recognised_before": ("Đã đạt chuẩn trước sáp nhập", "Recognised before merging"),
    "col_effective": ("Ngày sáp nhập", "Merged on"),
    "col_measured_on": ("Đánh giá trên", "Measured on"),
    "col_criteria_met": ("Tiêu chí đạt", "Criteria met"),
    "scope_sponsored": ("Các xã có cơ quan giúp đỡ", "Communes with a sponsoring agency"),
    "scope_merged": ("{n} xã sáp nhập có xã đã đạt chuẩn", "{n} merged communes including a recognised one"),
    "all_communes_condition": ("100% số xã đạt chuẩn NTM", "100% of communes meet the NTM standard"),
    "poverty_title": ("Giảm nghèo bền vững", "Sustainable poverty reduction"),
    "pov_rate": ("Tỷ lệ hộ nghèo {year}", "Poverty rate {year}"),
    "pov_near_rate": ("Tỷ lệ hộ cận nghèo {year}", "Near-poor rate {year}"),
    "pov_households": ("{n} hộ", "{n} households"),
    "pov_change": ("Thay đổi so với {year}", "Change since {year}"),
    "pov_illustrative_mark": ("minh họa", "illustrative"),
    "pov_series_title": ("Tỷ lệ hộ nghèo toàn tỉnh (số liệu đã công bố)", "Province poverty rate (published figures)"),
    "pov_series_note": (
        "Chỉ hiện các năm có số liệu đã công bố. Các chuẩn nghèo khác nhau không so sánh trực tiếp được.",
        "Only years with a published figure are shown. Different poverty standards are not directly comparable.",
    ),
    "col_year": ("Năm", "Year"),
    "col_rate": ("Tỷ lệ hộ nghèo", "Poverty rate"),
    "col_standard": ("Chuẩn nghèo", "Poverty standard"),
    "col_poor_hh": ("Hộ nghèo", "Poor households"),
    "col_near_poor_hh": ("Hộ cận nghèo", "Near-poor households"),
    "col_near_rate": ("Tỷ lệ hộ cận nghèo", "Near-poor rate"),
    "col_households": ("Số hộ", "Households"),
    "pov_poor_districts": ("Huyện nghèo (Chương trình 30a)", "Poor districts (Programme 30a)"),
    "pov_remaining": ("Còn trong danh sách huyện nghèo: {names}", "Still on the poor-district list: {names}"),
    "pov_exited": ("Đã ra khỏi danh sách huyện nghèo: {names}", "Taken off the poor-district list: {names}"),
    "pov_district_vintage": (
        "Số liệu theo huyện mới nhất là của năm {year} ({province}): chưa có số liệu giảm nghèo theo huyện, xã cho "
        "các năm sau.",
        "The latest district figures are for {year} ({province}): no poverty figures by district or commune are "
        "available for later years.",
    ),
    "pov_no_districts": (
        "Bộ dữ liệu chưa có số liệu giảm nghèo theo huyện của tỉnh trong kỳ này.",
        "The dataset holds no poverty figures by district for this period's province.",
    ),
    "pov_district_title": ("Hộ nghèo, hộ cận nghèo theo huyện", "Poor and near-poor households by district"),
    "pov_district_note": (
        "**Số liệu minh họa.** Tỷ lệ nghèo theo huyện chưa được công bố; số liệu theo huyện ở đây được sinh tự động "
        "sao cho tổng các huyện khớp số liệu toàn tỉnh đã công bố, và được thay khi văn phòng nạp số liệu thật.",
        "**Illustrative data.** District poverty figures are not public; the district figures here are generated so "
        "that the district totals match the published province figures, and are replaced when the office loads real ones.",
    ),
    "pov_total_check": (
        "Tổng các huyện năm {year}: {poor} hộ nghèo, {near} hộ cận nghèo; số toàn tỉnh đã công bố: {ppoor} và {pnear}.",
        "District totals {year}: {poor} poor, {near} near-poor households; published province figures: {ppoor} and {pnear}.",
    ),
    "pov_district_chart": ("Tỷ lệ hộ nghèo theo huyện (minh họa)", "Poverty rate by district (illustrative)"),
    "pov_30a_mark": ("huyện nghèo 30a", "30a poor district"),
    "pov_c11_title": (
        "Liên hệ với tiêu chí {code}. {name} của Bộ tiêu chí xã NTM",
        "Link with criterion {code}. {name} of the NTM commune criteria",
    ),
    "pov_c11_summary": (
        "{met}/{base} xã đạt tiêu chí {code} trong kỳ đang xem; {missing} xã chưa đạt.",
        "{met}/{base} communes meet criterion {code} in the period viewed; {missing} do not.",
    ),
    "col_c11_met": ("Đạt tiêu chí", "Meeting it"),
    "col_c11_missing": ("Chưa đạt", "Missing it"),
    "pov_c11_list": ("Các xã chưa đạt tiêu chí {code}", "Communes missing criterion {code}"),
    "res_title": (
        "Nguồn lực huy động theo nguồn và huyện năm {year}",
        "Resources mobilised by source and district, {year}",
    ),
    "res_note": (
        "**Số liệu minh họa** (triệu đồng), sinh tự động cho tới khi nạp số liệu thật. Công văn 417 yêu cầu lồng ghép và "
        "huy động các nguồn lực.",
        "**Illustrative data** (million VND), generated until real data is loaded. Letter 417 asks districts to integrate "
        "and mobilise funds.",
    ),
    "res_chart": (
        "Nguồn lực huy động theo huyện (triệu đồng, minh họa)",
        "Resources mobilised by district (million VND, illustrative)",
    ),
    "col_total": ("Tổng", "Total"),
    "res_unit": ("triệu đồng", "million VND"),
    # -- data loading (issue 6): add keys below this line --
    "data_title": ("Dữ liệu: mẫu nhập, nhập tệp, nhật ký, sao lưu", "Data: templates, import, audit log, backup"),
    "data_intro": (
        "Người xem không cần đăng nhập. Nhập, hoàn tác và khôi phục dữ liệu cần tài khoản biên tập; mọi thay đổi được ghi nhật ký và có thể hoàn tác.",
        "Viewing needs no login. Importing, undoing and restoring need an editor account; every change is logged and can be undone.",
    ),
    "data_version": ("Phiên bản dữ liệu đang dùng", "Data version in force"),
    "data_bundled": ("gốc (dữ liệu kèm theo)", "bundled data only"),
    "data_login": ("Đăng nhập biên tập viên", "Editor login"),
    "data_user": ("Tên đăng nhập", "User name"),
    "data_password": ("Mật khẩu", "Password"),
    "data_login_button": ("Đăng nhập", "Log in"),
    "data_logout": ("Đăng xuất", "Log out"),
    "data_logged_in": ("Đang đăng nhập: {name} ({scope})", "Logged in: {name} ({scope})"),
    "data_whole_province": ("toàn tỉnh", "whole province"),
    "data_tab_templates": ("Mẫu nhập liệu", "Templates"),
    "data_tab_import": ("Nhập dữ liệu", "Import"),
    "data_tab_log": ("Nhật ký và hoàn tác", "Audit log and undo"),
    "data_tab_backup": ("Sao lưu và khôi phục", "Backup and restore"),
    "data_kind": ("Loại dữ liệu", "Kind of data"),
    "data_kind_auto": ("Tự nhận theo tiêu đề cột", "Detect from the column headers"),
    "data_template_scope": ("Danh sách xã", "Communes listed"),
    "data_template_download": ("Tải mẫu Excel", "Download the Excel template"),
    "data_need_login": (
        "Cần đăng nhập tài khoản biên tập để nhập, hoàn tác hoặc khôi phục dữ liệu.",
        "Log in as an editor to import, undo or restore data.",
    ),
    "data_upload": ("Chọn tệp Excel (.xlsx) hoặc CSV", "Choose an Excel (.xlsx) or CSV file"),
    "data_dry_run": (
        "Xem trước (chưa ghi gì). Kiểm tra các bảng dưới đây rồi bấm Xác nhận ghi.",
        "Preview (nothing written yet). Check the tables below, then confirm.",
    ),
    "data_accepted": ("Bản ghi hợp lệ", "Rows accepted"),
    "data_rejected": ("Dòng bị từ chối", "Rows rejected"),
    "data_added": ("Thêm mới", "Added"),
    "data_changed": ("Thay đổi", "Changed"),
    "data_unchanged": ("Không đổi", "Unchanged"),
    "data_changes": ("Thay đổi so với dữ liệu hiện tại (cũ → mới)", "Changes against the current data (old → new)"),
    "data_confirm": ("Xác nhận ghi", "Confirm and write"),
    "data_done": (
        "Đã ghi: phiên bản {version} · {added} thêm, {changed} sửa. Có thể hoàn tác ở thẻ Nhật ký.",
        "Written: version {version} · {added} added, {changed} changed. Undo from the audit log tab.",
    ),
    "data_log": ("Nhật ký thay đổi", "Change log"),
    "data_log_empty": (
        "Chưa có lần nhập nào: đang dùng dữ liệu kèm theo.",
        "No import yet: the bundled data is in use.",
    ),
    "data_log_detail": ("Xem chi tiết thay đổi của", "Show the changes of"),
    "data_undo": ("Hoàn tác lần nhập gần nhất", "Undo the last import"),
    "data_undo_what": ("Sẽ hoàn tác: {file} ({user}, {at})", "Will undo: {file} ({user}, {at})"),
    "data_undo_done": (
        "Đã hoàn tác; dữ liệu trở về phiên bản {version}.",
        "Undone; the data is back to version {version}.",
    ),
    "data_export": (
        "Tải toàn bộ dữ liệu (.zip: CSV, từ điển dữ liệu, ngày số liệu)",
        "Download all data (.zip: CSV, data dictionary, as-of date)",
    ),
    "data_restore": ("Khôi phục từ tệp .zip đã xuất", "Restore from an exported .zip"),
    "data_restore_confirm": (
        "Khôi phục (thay dữ liệu đã nhập bằng nội dung tệp; có thể hoàn tác)",
        "Restore (replaces the imported data with the file's; can be undone)",
    ),
    "data_restore_done": (
        "Đã khôi phục: {added} thêm, {changed} sửa, {removed} xóa.",
        "Restored: {added} added, {changed} changed, {removed} removed.",
    ),
    "data_notes": ("Lưu ý khi đọc tệp", "Notes on reading the file"),
    "work_cancel": ("Hủy", "Cancel"),
    "work_running": ("{step}… ({seconds} giây)", "{step}… ({seconds} s)"),
    "work_cancelling": ("Đang hủy, chờ bước đang làm xong", "Cancelling once the current step ends"),
    "work_step_read": ("Đang đọc và kiểm tra tệp", "Reading and checking the file"),
    "work_step_check": ("Đang kiểm tra trước khi ghi", "Checking before writing"),
    "work_step_build": ("Đang dựng lại cơ sở dữ liệu", "Rebuilding the database"),
    "work_step_switch": ("Đang chuyển sang dữ liệu mới", "Switching to the new data"),
    "work_read_cancelled": (
        "Đã dừng đọc tệp. Dữ liệu không thay đổi.",
        "Reading the file was stopped. The data is unchanged.",
    ),
    "work_again": ("Đọc lại tệp", "Read the file again"),
    "work_write_cancelled": (
        "Đã hủy. Dữ liệu, kho dữ liệu nhập và nhật ký không thay đổi.",
        "Cancelled. The data, the import store and the log are unchanged.",
    ),
    "data_restore_empty": (
        "Tôi đồng ý xóa toàn bộ {rows} dòng của bảng {table} ({label})",
        "I agree to delete all {rows} rows of table {table} ({label})",
    ),
    "data_period": ("Kỳ báo cáo của tệp", "Reporting period of the file"),
    "data_period_auto": (
        "Theo tệp (cột Kỳ báo cáo hoặc tiêu đề biểu)",
        "From the file (its period column or title block)",
    ),
    "data_warnings": ("Cần xem lại trước khi ghi", "Worth a second look before writing"),
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
    "illustrative_short": (
        "Số liệu theo xã, huyện, tiêu chí là dữ liệu minh họa",
        "Figures by commune, district and criterion are illustrative",
    ),
    "issued_on": ("Ngày lập", "Produced on"),
    "target_line": ("Đường đứt nét: mục tiêu {target}", "Dashed line: target {target}"),
    "continued": ("(tiếp)", "(continued)"),
    "slide_no": ("Trang {i}/{n}", "Slide {i}/{n}"),
    "page_no": ("Trang {page}/{pages}", "Page {page} of {pages}"),
    "prev_slide": ("Trước", "Previous"),
    "next_slide": ("Tiếp", "Next"),
    "go_to_slide": ("Đi tới trang", "Go to slide"),
    "present_keys": (
        "Phím ← / →, Page Up / Page Down hoặc phím cách (bút trình chiếu) để chuyển trang; F11 để trình chiếu toàn màn hình.",
        "Keys ← / →, Page Up / Page Down or Space (a presentation clicker) move between slides; F11 for full screen.",
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
    "report_illustrative_mark": ("DỮ LIỆU MINH HỌA", "ILLUSTRATIVE DATA"),
    "report_illustrative_banner": (
        "DỮ LIỆU MINH HỌA – các số liệu theo xã trong báo cáo này được sinh để minh họa, không phải số liệu chính thức; "
        "báo cáo không mang thể thức văn bản của Ủy ban nhân dân tỉnh.",
        "ILLUSTRATIVE DATA – the commune-level figures in this report are generated for illustration, not official "
        "figures; the report therefore carries no People's Committee letterhead.",
    ),
    "plan_attention": (
        "Mục tiêu cần chú ý: chậm, có nguy cơ, chưa có số liệu",
        "Targets needing attention: off track, at risk, no data",
    ),
    "col_targets_total": ("Số mục tiêu", "Targets"),
    "report_heading": (
        "Kết quả thực hiện Chương trình mục tiêu quốc gia\nxây dựng nông thôn mới",
        "Results of the National Target Programme\non New Rural Development",
    ),
}


def lang_suffix(lang: str) -> str:
    """'en' or 'vi': the suffix of the data's localised columns (name_vi / name_en) in lang."""
    return "en" if lang == "en" else "vi"


def local(stem: str, lang: str) -> str:
    """The data's column of stem in lang: local("name", "en") -> "name_en". Data names carry both languages."""
    return f"{stem}_{lang_suffix(lang)}"


def _columns_in(stem: str, lang: str) -> tuple[str, ...]:
    """Where a data text of stem is, best first for lang: stem_en / stem_vi, and plain stem (the Vietnamese of a
    table whose name column predates its English one, e.g. department)."""
    vi = (local(stem, "vi"), stem)
    return (local(stem, "en"), *vi) if lang == "en" else (*vi, local(stem, "en"))


def in_lang(row, stem: str, lang: str) -> str:
    """A data text of row (a mapping or a pandas row) in lang, else in the other language: a text written in one
    language only (e.g. an office's own import) is shown rather than hidden; '' when neither is written."""
    for column in _columns_in(stem, lang):
        value = row.get(column) if hasattr(row, "get") else None
        if isinstance(value, str) and value.strip():
            return value
    return ""


def column_in_lang(frame, stem: str, lang: str):
    """in_lang for a whole pandas frame: the column of stem in lang, blanks filled from the other language."""
    cols = [c for c in _columns_in(stem, lang) if c in frame.columns]
    out = frame[cols[0]]
    for c in cols[1:]:
        blank = out.isna() | (out.astype(str).str.strip() == "")
        out = out.where(~blank, frame[c])
    return out


def in_lang_frame(frame, stems: tuple[str, ...] | list[str], lang: str):
    """frame with each column of stems holding its text in lang (column_in_lang), for tables shown as they are."""
    return frame.assign(**{s: column_in_lang(frame, s, lang) for s in stems if s in frame or local(s, "vi") in frame})


UNIT_TYPES = {"xã": "unit_type_xa", "phường": "unit_type_phuong", "thị trấn": "unit_type_thi_tran"}


def unit_type(word: str, lang: str) -> str:
    """A unit type of the data (xã, phường, thị trấn) in lang; another word as it is."""
    key = UNIT_TYPES.get(str(word).lower())
    return t(key, lang) if key else str(word)


def status_word(value: object, lang: str) -> object:
    """A status word of the data (confirmed, inferred, illustrative) in lang, else the value as it is."""
    key = f"an_word_{value}"
    return t(key, lang) if isinstance(value, str) and key in TEXT else value


def by_area(key: str, lang: str, area: str | None, **values: object) -> str:
    """A text about areas: key's own for districts (area None), else key_area's naming the areas (metrics.area_phrase:
    'huyện cũ' after 07/2025)."""
    return t(key, lang, **values) if area is None else t(f"{key}_area", lang, area=area, **values)


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The text for key in lang, with {placeholders} filled."""
    vi, en = TEXT[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text
