"""Exports: static maps, lists and the meeting pack (cymap/print, cymap/views/maptext).

One key, one entry {"zh": …, "en": …}; `cymap.views.i18n.TEXT` joins the tables and refuses a key
defined in two of them."""

TEXT: dict[str, dict[str, str]] = {
    # --- exports: maps, lists and the meeting pack (cymap/print, cymap/views/maptext) ---
    "no_filters": {"zh": "全部项目（未筛选）", "en": "All projects (no filter)"},
    "date": {"zh": "制图日期", "en": "Date"},
    "year": {"zh": "目标年份", "en": "Target year"},
    "query": {"zh": "关键词", "en": "Search"},
    "n_districts": {"zh": "{n}个区县", "en": "{n} districts"},
    "n_actions": {"zh": "{n}项行动", "en": "{n} actions"},
    "n_categories": {"zh": "{n}类项目", "en": "{n} categories"},
    "action_short": {"zh": "行动{label}", "en": "Action {n}"},
    "status_heading": {"zh": "项目状态", "en": "Status"},
    "route_built": {"zh": "线路（已建成）", "en": "Route (completed)"},
    "route_not_built": {"zh": "线路（未建成，虚线）", "en": "Route (not completed, dashed)"},
    "district_item": {"zh": "区县级项目（位置示意）", "en": "District-level item (not a site)"},
    "zone_item": {"zh": "片区（核心点，示意）", "en": "Zone (core point, approximate)"},
    "town_item": {"zh": "乡镇级位置（25 km 内）", "en": "Town-level location (within 25 km)"},
    "municipal_note": {"zh": "全市性项目 {n} 项，未在图上标注", "en": "{n} municipality-wide items, not drawn"},
    "unresolved_note": {"zh": "未定位项目 {n} 项，未在图上标注", "en": "{n} unresolved items, not drawn"},
    "projects": {"zh": "项目", "en": "Projects"},
    "no": {"zh": "序号", "en": "No."},
    "too_many": {"zh": "共 {n} 项，图上未编号；完整清单请导出 CSV/XLSX 或会商材料包",
                 "en": "{n} items, not numbered on the map; export CSV/XLSX or the meeting pack for the list"},
    "counts_by_status": {"zh": "按状态统计", "en": "By status"},
    "counts_by_action": {"zh": "按行动、状态统计", "en": "By action and status"},
    "municipal": {"zh": "全市", "en": "Chongqing-wide"},
    "unresolved": {"zh": "未定位", "en": "Unresolved"},
    "north": {"zh": "北", "en": "N"},
    "page": {"zh": "第 {page} 页 / 共 {pages} 页", "en": "Page {page} of {pages}"},
    "continued": {"zh": "（续）", "en": " (continued)"},
    "pack_title": {"zh": "成渝地区双城经济圈建设项目会商材料", "en": "Chengdu–Chongqing Economic Circle: Meeting Pack"},
    "overview": {"zh": "全市总览", "en": "Overview"},
    "district_pages": {"zh": "分区县页", "en": "District pages"},
    # --- printed pages (issue 15 items 1, 3, 6; cymap/print) ---
    "area_overview": {"zh": "区域总览", "en": "Area overview"},
    "too_many_pack": {"zh": "共 {n} 项；编号清单见各区县页（索引如下）",
                      "en": "{n} items; the numbered lists are on the district pages (index below)"},
    "list_next_page": {"zh": "共 {n} 项；编号清单见下页",
                       "en": "{n} items; the numbered list follows on the next page"},
    "list_in_pdf": {"zh": "共 {n} 项；编号清单见 PDF 导出（第 2 页起）或 A1/A0 挂图",
                    "en": "{n} items; the numbered list is in the PDF export (page 2 on) or the A1/A0 wall map"},
    "on_map": {"zh": "图上", "en": "On map"},
    "mark_symbol": {"zh": "未标号", "en": "unnumbered"},
    "mark_tint": {"zh": "区县示意", "en": "district tint"},
    "mark_elsewhere": {"zh": "图外", "en": "off this map"},
    "mark_municipal": {"zh": "全市性", "en": "city-wide"},
    "mark_unresolved": {"zh": "未定位", "en": "unresolved"},
    "on_map_note": {"zh": ("图上：未标号＝符号已绘、过密未标号；区县示意＝所在区县着色、未标号；"
                           "图外＝位置在本图范围以外；全市性、未定位＝不在图上绘制"),
                    "en": ("On map: unnumbered = symbol drawn, too crowded for its number; district tint = its "
                           "district shaded; off this map = located outside this frame; city-wide, unresolved = "
                           "not drawn")},
    "locator": {"zh": "位置示意", "en": "Locator"},
}
