"""Bilingual labels (Chinese default, English switch) shared by the app and the exports.

Vocabulary labels come from cymap.ledger.schema; UI strings live in TEXT. Add a key in both
languages when you add a string: `t()` raises on a missing key so gaps show up in tests.
"""
from __future__ import annotations

import functools

import pandas as pd

from cymap.geo import geodata
from cymap.ledger.schema import ACTIONS, CATEGORIES, PRECISIONS, REGION_GROUPS, REGIONS, STATUSES

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

TEXT: dict[str, dict[str, str]] = {
    # --- the interactive map and the app's finished text (issue 15; cymap/web, app.py) ---
    "cluster_title": {"zh": "{count} 个项目，点击放大", "en": "{count} projects, click to zoom in"},
    "page_title": {"zh": "成渝双城经济圈项目地图", "en": "Chengdu–Chongqing Project Map"},
    "id": {"zh": "编号", "en": "ID"},
    "match_exact": {"zh": "地名完全匹配", "en": "name matched exactly"},
    "match_alias": {"zh": "别名匹配", "en": "matched by another name"},
    "match_route": {"zh": "沿途地点连线", "en": "line through the places on the way"},
    "col_row": {"zh": "行号", "en": "Row"},
    "col_column": {"zh": "列", "en": "Column"},
    "col_value": {"zh": "值", "en": "Value"},
    "col_message": {"zh": "问题", "en": "Problem"},
    "col_allowed": {"zh": "允许的值", "en": "Allowed values"},
    "col_ids": {"zh": "项目编号", "en": "Project IDs"},
    "col_suggestions": {"zh": "可能的地名", "en": "Possible places"},
    "districts_scope_note": {"zh": "仅列出筛选范围内的区县：{districts}。",
                             "en": "Only the districts within the filter: {districts}."},
    "districts_axis": {"zh": "项目数", "en": "Projects"},
    # --- command-line messages (cymap/cli.py; --lang, default from the locale) ---
    "cli_error": {"zh": "错误：{error}", "en": "error: {error}"},
    "cli_validate_summary": {"zh": "读取 {rows} 行（{encoding}）：有效 {valid} 行，有问题 {bad} 行，"
                                   "共 {problems} 个问题",
                             "en": "{rows} rows read ({encoding}): {valid} valid, {bad} with problems, "
                                   "{problems} problems"},
    "cli_unreadable": {"zh": "无法读取", "en": "unreadable"},
    "cli_lang_help": {"zh": "提示语言：zh 或 en（默认按系统区域设置）",
                      "en": "language of the messages: zh or en (default from the locale)"},
    "link_problems": {"zh": "链接中有无法识别的参数，已忽略：", "en": "The link has values that were not understood "
                      "and were ignored:"},
    # --- issue 17: investment sums (views/investment), late list (views/late), targets (views/targets) ---
    "inv_header": {"zh": "投资（亿元）", "en": "Investment (100 million yuan, 亿元)"},
    "inv_by_district": {"zh": "按区县", "en": "By district"},
    "inv_by_action": {"zh": "按行动", "en": "By action"},
    "inv_by_status": {"zh": "按状态", "en": "By status"},
    "inv_col_district": {"zh": "区县", "en": "District"},
    "inv_col_action": {"zh": "行动", "en": "Action"},
    "inv_col_status": {"zh": "状态", "en": "Status"},
    "inv_col_projects": {"zh": "项目数（主要区县）", "en": "Projects (primary district)"},
    "inv_col_touching": {"zh": "涉及项目数", "en": "Projects touching"},
    "inv_col_total_investment": {"zh": "总投资", "en": "Total investment"},
    "inv_col_annual_plan_investment": {"zh": "年度计划投资", "en": "Annual plan investment"},
    "inv_col_completed_investment": {"zh": "累计完成投资", "en": "Completed investment"},
    "inv_col_priced": {"zh": "填报总投资的项目数", "en": "Rows with a total investment"},
    "inv_municipal": {"zh": "全市/未定位", "en": "Municipality-wide / not located"},
    "inv_other": {"zh": "其他区县（主要区县在筛选范围外）",
                  "en": "Other districts (primary district outside the filter)"},
    "inv_unassigned": {"zh": "未归入行动", "en": "Not assigned to an action"},
    "layer_unassigned": {"zh": "未归入行动", "en": "Not assigned to an action"},
    "districts_possible": {"zh": "可能还涉及（不计入）", "en": "Possibly also in (not counted)"},
    "ambiguous_split_rows": {"zh": "拆分区县的模糊项目", "en": "Rows in a split district"},
    "ambiguous_split_note": {"zh": "这些项目只写了已拆分的 2023 年区县（如渝北区、未写镇街）："
                                   "计入承接其大部分的区县，另一区县仅列为“可能还涉及”，"
                                   "不计入统计、筛选或区县页。",
                             "en": "These rows name only a 2023 unit that was split (e.g. 渝北区 without a town): they "
                                   "count in the unit that took most of it; the other is listed as possible only, "
                                   "never counted, filtered or paged."},
    "inv_none": {"zh": "台账未填投资（总投资、年度计划投资、累计完成投资列为空）。",
                 "en": "The ledger gives no investment (total, annual plan and completed columns are empty)."},
    "inv_note": {"zh": "金额单位亿元，每个项目只计一次：计入其主要区县（多区县线路计入首个区县，不重复、不拆分）；"
                       "无区县的项目计入“全市/未定位”。各行之和等于台账合计。“涉及项目数”按所经区县各计一次。",
                 "en": "Amounts in 亿元 (100 million yuan), each project counted once: under its primary district "
                       "(a route through several districts under its first, never repeated or split); rows "
                       "without a district under 'municipality-wide / not located'. The rows sum to the "
                       "ledger's totals. 'Projects touching' counts a row in every district it touches."},
    "inv_page_title": {"zh": "投资与项目数", "en": "Investment and projects"},
    "inv_district_line": {"zh": "本区县（主要区县）项目 {projects} 项 · 总投资 {total} 亿元 · "
                                "年度计划投资 {annual} 亿元 · 累计完成投资 {completed} 亿元（{priced} 项填报总投资）",
                          "en": "Projects with this primary district: {projects} · total investment {total} · annual "
                                "plan {annual} · completed {completed} (亿元; {priced} rows give a total)"},
    "tab_late": {"zh": "滞后与风险", "en": "Late and at risk"},
    "late_intro": {"zh": "按计划开工、计划建成日期推算（不改动台账中的状态）。截至 {today}。",
                   "en": "Derived from the planned start and completion dates (the recorded status is never "
                         "changed). As of {today}."},
    "late_title": {"zh": "滞后 {late} 项、存在风险 {risk} 项（共 {total} 项，截至 {today}）",
                   "en": "{late} late and {risk} at risk of {total} rows (as of {today})"},
    "late_none": {"zh": "截至 {today}，{total} 项中没有滞后或存在风险的项目（或台账未填计划开工、计划建成日期）。",
                  "en": "As of {today} none of {total} rows is late or at risk (or the ledger gives no planned "
                        "start or completion dates)."},
    "late_flag_label": {"zh": "滞后（推算）", "en": "Late (derived)"},
    "late_flag_late_completion": {"zh": "建成滞后", "en": "Late completion"},
    "late_flag_late_start": {"zh": "开工滞后", "en": "Late start"},
    "late_flag_recorded_delayed": {"zh": "台账记为滞后", "en": "Recorded as delayed"},
    "late_flag_due_soon": {"zh": "临近计划建成仍未开工", "en": "Completion due, not started"},
    "late_why_late_completion": {"zh": "计划建成 {planned} 已过（截至 {today}），状态仍为“{status}”。",
                                 "en": "Planned completion {planned} has passed (as of {today}); the status is "
                                       "still '{status}'."},
    "late_why_late_start": {"zh": "计划开工 {planned} 已过（截至 {today}），状态仍为“{status}”，未开工。",
                            "en": "Planned start {planned} has passed (as of {today}); the status is still "
                                  "'{status}', not started."},
    "late_why_recorded_delayed": {"zh": "台账状态为“{status}”。", "en": "The ledger records the status '{status}'."},
    "late_why_due_soon": {"zh": "计划建成 {planned} 在 {days} 天内（截至 {today}），状态仍为“{status}”，未开工。",
                          "en": "Planned completion {planned} is within {days} days (as of {today}); the status is "
                                "still '{status}', not started."},
    "late_no_unit": {"zh": "未填牵头单位", "en": "No lead unit given"},
    "late_col_lead_unit": {"zh": "牵头单位", "en": "Lead unit"},
    "late_col_district": {"zh": "主要区县", "en": "Primary district"},
    "late_col_id": {"zh": "编号", "en": "ID"},
    "late_col_name_zh": {"zh": "项目名称", "en": "Name"},
    "late_col_status": {"zh": "台账状态", "en": "Recorded status"},
    "late_col_planned_start": {"zh": "计划开工", "en": "Planned start"},
    "late_col_planned_completion": {"zh": "计划建成", "en": "Planned completion"},
    "late_col_flag": {"zh": "推算", "en": "Flag"},
    "late_col_reason": {"zh": "原因", "en": "Why"},
    "late_col_responsible_unit": {"zh": "责任单位", "en": "Responsible unit"},
    "late_col_owner_unit": {"zh": "业主单位", "en": "Owner"},
    "late_col_total_investment": {"zh": "总投资（亿元）", "en": "Total investment (亿元)"},
    "late_col_completed_investment": {"zh": "累计完成投资（亿元）", "en": "Completed investment (亿元)"},
    "late_download_csv": {"zh": "下载滞后清单（CSV）", "en": "Download the late list (CSV)"},
    "late_download_xlsx": {"zh": "下载滞后清单（Excel）", "en": "Download the late list (Excel)"},
    "tab_targets": {"zh": "目标", "en": "Targets"},
    "tg_intro": {"zh": "《行动方案》量化目标 {targets} 项：{with_latest} 项有最新公开数据（{met} 项已达到），"
                       "{linked} 项关联台账项目。数据：geodata/targets.csv。",
                 "en": "The plan's {targets} quantified targets: {with_latest} with a latest public figure ({met} "
                       "met), {linked} linked to ledger rows. Data: geodata/targets.csv."},
    "tg_only_latest": {"zh": "只看有最新数据的目标", "en": "Only targets with a latest figure"},
    "tg_chart_title": {"zh": "进展（基期 → 最新 → 2027 目标）", "en": "Progress (baseline → latest → 2027 goal)"},
    "tg_choose": {"zh": "在地图上显示目标的项目", "en": "Show a target's projects on the map"},
    "tg_choose_none": {"zh": "（不按目标筛选）", "en": "(no target filter)"},
    "tg_map_note": {"zh": "地图、项目表和区县统计现只显示目标 {target} 的 {count} 个项目（链接参数 target）。",
                    "en": "The map, table and districts now show only the {count} projects of target {target} "
                          "(link parameter target)."},
    "tg_clear": {"zh": "取消目标筛选", "en": "Clear the target filter"},
    "tg_clause": {"zh": "方案原文", "en": "Plan clause"},
    "tg_baseline_source": {"zh": "基期来源", "en": "Baseline source"},
    "tg_linked": {"zh": "关联项目", "en": "Linked projects"},
    "tg_no_linked": {"zh": "台账中没有关联项目。", "en": "No ledger row is linked."},
    "tg_no_baseline": {"zh": "基期未知", "en": "no baseline"},
    "tg_no_latest": {"zh": "无最新数据", "en": "no latest figure"},
    "tg_no_figure": {"zh": "未找到公开数据", "en": "no public figure found"},
    "tg_met": {"zh": "已达到", "en": "met"},
    "tg_not_met": {"zh": "未达到", "en": "not yet"},
    "tg_col_id": {"zh": "编号", "en": "ID"},
    "tg_col_indicator": {"zh": "指标", "en": "Indicator"},
    "tg_col_path": {"zh": "基期 → 最新 → 目标", "en": "Baseline → latest → goal"},
    "tg_col_progress": {"zh": "进展 %", "en": "Progress %"},
    "tg_col_met": {"zh": "是否达到", "en": "Met"},
    "tg_col_date": {"zh": "最新数据日期", "en": "Latest as of"},
    "tg_col_source": {"zh": "最新数据来源", "en": "Latest source"},
    "tg_col_url": {"zh": "链接", "en": "URL"},
    "tg_col_projects": {"zh": "关联项目数", "en": "Linked projects"},
    "tg_page_title": {"zh": "2027 年目标进展", "en": "Progress to the 2027 targets"},
    "tg_page_note": {"zh": "条形：基期到目标的进展；竖线：目标。"
                           "另有 {rest} 项目标未找到公开数据（见 geodata/targets.csv）。",
                     "en": "Bars: progress from baseline to goal; tick: the goal. {rest} more targets have no "
                           "public figure (see geodata/targets.csv)."},
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
    "sources": {
        "zh": ("数据来源：项目为《重庆市推动成渝地区双城经济圈建设行动方案（2023—2027年）》工作台账；"
               "区县界线 {boundary_source}（高德行政区划，2023年区划，GCJ-02 已转换为 WGS84，简化约 {simplify_m} m）；"
               "地名 GeoNames（CC BY 4.0）、airportsdata。投影：Albers 等积（中心 107.5°E, 30°N）。"),
        "en": ("Sources: projects from the work ledger of Chongqing's action plan for the Chengdu–Chongqing "
               "economic circle (2023–2027); district boundaries {boundary_source} (Amap, 2023 division, "
               "converted GCJ-02 → WGS84, simplified ≈ {simplify_m} m); places GeoNames (CC BY 4.0), airportsdata. "
               "Projection: Albers equal-area centred 107.5°E, 30°N."),
    },
    "district_level_note": {"zh": "区县级项目以区县范围示意，不代表具体选址。",
                            "en": "District-level items mark the district, not a site."},
    "app_title": {"zh": "成渝地区双城经济圈建设项目地图", "en": "Chengdu–Chongqing Economic Circle Project Map"},
    "map_title": {"zh": "成渝地区双城经济圈建设项目分布图", "en": "Chengdu–Chongqing Economic Circle: Project Map"},
    "projects_in_view": {"zh": "当前项目数", "en": "Projects in view"},
    "language": {"zh": "语言", "en": "Language"},
    "district": {"zh": "区县", "en": "District"},
    "region": {"zh": "一区两群", "en": "Region group"},
    "action": {"zh": "行动", "en": "Action"},
    "status": {"zh": "状态", "en": "Status"},
    "category": {"zh": "类别", "en": "Category"},
    "target_year": {"zh": "目标年份", "en": "Target year"},
    "search": {"zh": "搜索（名称、地点、原文）", "en": "Search (name, place, plan text)"},
    "basemap": {"zh": "底图", "en": "Basemap"},
    "precision": {"zh": "定位精度", "en": "Location precision"},
    "districts_touched": {"zh": "涉及区县", "en": "Districts"},
    "source": {"zh": "方案原文", "en": "Plan clause"},
    "target": {"zh": "目标", "en": "Target"},
    "updated": {"zh": "更新日期", "en": "Updated"},
    "note": {"zh": "备注", "en": "Note"},
    "task": {"zh": "任务", "en": "Task"},
    "name": {"zh": "名称", "en": "Name"},
    "location": {"zh": "地点", "en": "Location"},
    "all": {"zh": "全部", "en": "All"},
    "municipality": {"zh": "重庆市", "en": "Chongqing"},
    "disclaimer": {"zh": "示意图，不作为权属争议依据。", "en": "Schematic map; not an authority on boundaries."},
    # --- the app (app.py, cymap/web/, cymap/views/summary.py) ---
    "filters": {"zh": "筛选", "en": "Filters"},
    "clear_filters": {"zh": "清除筛选", "en": "Clear filters"},
    "map_options": {"zh": "地图", "en": "Map"},
    "division": {"zh": "行政区划", "en": "Division"},
    "division_current": {"zh": "现行区划（2025年11月起，37个区县）", "en": "Current (since Nov 2025, 37 units)"},
    "division_2023": {"zh": "2023年区划（方案原图，38个区县）", "en": "2023 (as in the plan, 38 units)"},
    "choropleth": {"zh": "按区县项目数着色", "en": "Shade districts by project count"},
    "tianditu_no_key": {"zh": "天地图需要密钥：在 .streamlit/secrets.toml 中写入 TIANDITU_KEY = \"…\"，"
                                  "或设置环境变量 TIANDITU_KEY（在 console.tianditu.gov.cn 免费申请），"
                                  "然后重启应用。当前改用 OpenStreetMap。",
                        "en": "Tianditu needs a key: put TIANDITU_KEY = \"…\" in .streamlit/secrets.toml or set the "
                              "TIANDITU_KEY environment variable (free at console.tianditu.gov.cn), then restart the "
                              "app. Showing OpenStreetMap meanwhile."},
    "gaode_shift_note": {"zh": "高德底图为 GCJ-02 坐标：所有图层已相应偏移。",
                         "en": "Gaode tiles are in GCJ-02: every overlay is shifted to match."},
    "url_value_ignored": {"zh": "链接中的 {name}={value} 无法识别，已忽略。",
                          "en": "The link's {name}={value} is not recognised and was ignored."},
    "loading": {"zh": "正在读取并定位项目台账…", "en": "Reading and geocoding the ledger…"},
    "ledger_missing": {"zh": "无法读取项目台账 {path}：{error}。请将台账放在应用目录下的 projects.csv，"
                             "或用环境变量 CYMAP_LEDGER 指定路径。",
                       "en": "Cannot read the ledger {path}: {error}. Put the ledger at projects.csv beside the app, "
                             "or name it with the CYMAP_LEDGER environment variable."},
    "ledger_caption": {"zh": "台账：{path}（{rows} 行，{problems} 个问题）",
                       "en": "Ledger: {path} ({rows} rows, {problems} problems)"},
    "of_total": {"zh": "台账共 {total} 个有效项目", "en": "of {total} valid projects in the ledger"},
    "tab_map": {"zh": "地图", "en": "Map"},
    "tab_table": {"zh": "项目表", "en": "Table"},
    "tab_districts": {"zh": "区县统计", "en": "Districts"},
    "tab_quality": {"zh": "数据质量", "en": "Data quality"},
    "tab_review": {"zh": "定位核对", "en": "Location review"},
    "click_for_detail": {"zh": "点击地图上的项目（或在项目表中选择一行）查看详情。",
                         "en": "Click a project on the map (or select a row in the table) to see its record."},
    "how_located": {"zh": "定位方式", "en": "How located"},
    "not_drawn": {"zh": "全市性项目 {municipal} 项、未定位项目 {unresolved} 项无具体位置，未在图上标注（见项目表）。",
                  "en": "{municipal} municipality-wide and {unresolved} unresolved items have no place and are "
                        "not drawn (see the table)."},
    "download_csv": {"zh": "下载当前项目表（CSV）", "en": "Download this table (CSV)"},
    "total": {"zh": "合计", "en": "Total"},
    "project_count": {"zh": "项目数", "en": "Projects"},
    "districts_click_hint": {"zh": "在下表中选择一个区县即可筛选到该区县。",
                             "en": "Select a district in the table below to filter to it."},
    "districts_count_note": {"zh": "跨区县项目在其涉及的每个区县各计一次；全市性与未定位项目不计入。",
                             "en": "A project spanning several districts counts once in each; municipality-wide "
                                   "and unresolved items count in none."},
    "rows_in_file": {"zh": "台账行数", "en": "Rows in file"},
    "rows_invalid": {"zh": "校验未通过", "en": "Invalid rows"},
    "rows_valid": {"zh": "有效行", "en": "Valid rows"},
    "rows_drawn": {"zh": "已落图", "en": "Drawn on map"},
    "rows_municipal": {"zh": "全市性（不落图）", "en": "Municipality-wide"},
    "rows_unresolved": {"zh": "未定位", "en": "Unresolved"},
    "reconcile_ok": {"zh": "核对一致：{rows_in_file} 行 = 有效 {rows_valid} + 未通过 {rows_invalid}；"
                           "有效 {rows_valid} = 落图 {rows_drawn} + 全市性 {rows_municipal} + "
                           "未定位 {rows_unresolved}。",
                     "en": "Counts reconcile: {rows_in_file} rows = {rows_valid} valid + {rows_invalid} invalid; "
                           "{rows_valid} valid = {rows_drawn} drawn + {rows_municipal} municipality-wide + "
                           "{rows_unresolved} unresolved."},
    "reconcile_bad": {"zh": "核对不一致：{rows_in_file} 行，有效 {rows_valid}，未通过 {rows_invalid}，"
                            "落图 {rows_drawn}，全市性 {rows_municipal}，未定位 {rows_unresolved}。",
                      "en": "Counts do not reconcile: {rows_in_file} rows, {rows_valid} valid, {rows_invalid} "
                            "invalid, {rows_drawn} drawn, {rows_municipal} municipality-wide, {rows_unresolved} "
                            "unresolved."},
    "validation_problems": {"zh": "校验问题（行、列、值）", "en": "Validation problems (row, column, value)"},
    "unresolved_names": {"zh": "未识别的地名及建议", "en": "Unresolved place names and suggestions"},
    "low_precision_rows": {"zh": "低精度定位的项目（区县级及更粗）", "en": "Rows located no better than a district"},
    "none": {"zh": "无", "en": "None"},
    # Edit tab (issue 6)
    "tab_edit": {"zh": "编辑台账", "en": "Edit"},
    "edit_password": {"zh": "编辑口令", "en": "Editor password"},
    "edit_login": {"zh": "进入编辑", "en": "Unlock editing"},
    "edit_wrong_password": {"zh": "口令不正确。", "en": "Wrong password."},
    "edit_who": {"zh": "您的姓名（记入修改记录）", "en": "Your name (recorded in the history)"},
    "edit_who_needed": {"zh": "请先填写姓名，修改记录需要记录修改人。",
                        "en": "Enter your name first: the history records who edited."},
    "edit_refused": {"zh": "未保存：", "en": "Not saved: "},
    "edit_status_header": {"zh": "更新项目状态", "en": "Update a project's status"},
    "edit_project": {"zh": "项目", "en": "Project"},
    "edit_current": {"zh": "当前状态：{status}；更新于 {updated}；备注：{note}",
                     "en": "Now: {status}; updated {updated}; note: {note}"},
    "edit_new_status": {"zh": "新状态", "en": "New status"},
    "edit_note": {"zh": "说明（记入修改记录）", "en": "Note (recorded with the change)"},
    "edit_save": {"zh": "保存", "en": "Save"},
    "edit_saved": {"zh": "已保存 {id}：{changes}", "en": "Saved {id}: {changes}"},
    "edit_no_change": {"zh": "状态和说明未变，未保存。", "en": "Status and note unchanged; nothing saved."},
    "edit_reload": {"zh": "重新载入该项目", "en": "Reload this project"},
    "edit_project_history": {"zh": "该项目的修改记录", "en": "History of this project"},
    "edit_add_header": {"zh": "新增项目", "en": "Add a project"},
    "edit_id": {"zh": "编号", "en": "ID"},
    "edit_name_en": {"zh": "英文名称", "en": "English name"},
    "edit_pick_place": {"zh": "从地名库添加地点（可输入筛选）",
                        "en": "Add a place from the gazetteer (type to filter)"},
    "edit_location_preview": {"zh": "定位预览", "en": "Location preview"},
    "edit_add": {"zh": "新增项目", "en": "Add project"},
    "edit_added_project": {"zh": "已新增 {id}。", "en": "Added {id}."},
    "preview_matched": {"zh": "匹配到", "en": "Matched"},
    "preview_suggestions": {"zh": "建议", "en": "Suggestions"},
    "edit_import_header": {"zh": "导入更新后的台账", "en": "Import an updated ledger"},
    "edit_upload": {"zh": "台账文件（CSV 或 XLSX，不超过 {mb} MB）",
                    "en": "Ledger file (CSV or XLSX, at most {mb} MB)"},
    "edit_import_problems": {"zh": "文件有问题，修正后再导入：",
                             "en": "The file has problems; fix them and import again:"},
    "edit_added": {"zh": "将新增", "en": "To be added"},
    "edit_changed": {"zh": "将修改（逐字段）", "en": "To be changed (field by field)"},
    "edit_removed": {"zh": "将删除（文件中没有）", "en": "To be removed (not in the file)"},
    "edit_keep_removed": {"zh": "保留文件中没有的项目", "en": "Keep projects the file does not have"},
    "edit_apply": {"zh": "应用导入", "en": "Apply the import"},
    "edit_applied": {"zh": "已导入：记录 {count} 项修改。", "en": "Imported: {count} changes recorded."},
    "edit_since_header": {"zh": "半年度回顾：某日以来的修改", "en": "Half-yearly review: changes since a date"},
    "edit_since": {"zh": "起始日期（UTC）", "en": "Since (UTC)"},
    "edit_since_count": {"zh": "共 {count} 项修改", "en": "{count} changes"},
    "history_when": {"zh": "时间（UTC）", "en": "When (UTC)"},
    "history_who": {"zh": "修改人", "en": "Who"},
    "history_id": {"zh": "编号", "en": "ID"},
    "history_field": {"zh": "字段", "en": "Field"},
    "history_old": {"zh": "原值", "en": "Old"},
    "history_new": {"zh": "新值", "en": "New"},
    "history_note": {"zh": "说明", "en": "Note"},
    "legend": {"zh": "图例", "en": "Legend"},
    "legend_status": {"zh": "颜色：项目状态", "en": "Colour: status"},
    "legend_precision": {"zh": "符号：定位精度", "en": "Symbol: location precision"},
    "legend_site": {"zh": "精确位置", "en": "Exact site"},
    "legend_town": {"zh": "乡镇级（25 km 内）/市外", "en": "Town level (within 25 km) / outside"},
    "legend_zone": {"zh": "片区（示意）", "en": "Zone (approximate)"},
    "legend_district": {"zh": "区县级（非具体位置）", "en": "District level (not a site)"},
    "legend_route_built": {"zh": "线路：已建成", "en": "Route: completed"},
    "legend_route_planned": {"zh": "线路：未建成（虚线）", "en": "Route: not yet completed (dashed)"},
    "legend_categories": {"zh": "符号内文字：类别", "en": "Letters in symbols: category"},
    "legend_choropleth": {"zh": "区县项目数", "en": "Projects per district"},
    "approximate_boundary": {"zh": "近似界线（按乡镇驻地位置推算）",
                             "en": "Approximate boundary (derived from where the town seats are)"},
    "legend_actions": {"zh": "图层：十大行动（右上角开关）", "en": "Layers: the ten actions (toggle top right)"},
    "layer_districts": {"zh": "区县界与名称", "en": "District boundaries and names"},
    "layer_sichuan": {"zh": "四川省（经济圈）", "en": "Sichuan (economic circle)"},
    "layer_choropleth": {"zh": "区县项目数着色", "en": "Projects per district (shading)"},
    "layer_district_summary": {"zh": "区县级项目汇总", "en": "District-level summary"},
    "legend_district_summary": {"zh": "区县级项目数（点击放大，逐项显示）",
                                "en": "District-level items (click to zoom in)"},
    "summary_title": {"zh": "区县级项目 {count} 项", "en": "{count} district-level item(s)"},
    "summary_more": {"zh": "……另有 {count} 项", "en": "… and {count} more"},
    "summary_hint": {"zh": "点击放大，逐项显示", "en": "Click to zoom in and see each project"},
    # Export tab (issue 5)
    "tab_export": {"zh": "导出", "en": "Export"},
    "export_intro": {"zh": "导出当前筛选结果（与屏幕上的地图和表格一致），用于会议打印或幻灯片。",
                     "en": "Export the current filtered view (exactly what is on screen) for printing or slides."},
    "export_format": {"zh": "格式", "en": "Format"},
    "export_format_png": {"zh": "PNG 图片（打印/幻灯片）", "en": "PNG image (print/slides)"},
    "export_format_pdf": {"zh": "PDF 地图（单页）", "en": "PDF map (one page)"},
    "export_format_svg": {"zh": "SVG 矢量图", "en": "SVG vector image"},
    "export_format_html": {"zh": "交互式 HTML 地图（离线可打开）", "en": "Interactive HTML map (opens offline)"},
    "export_format_csv": {"zh": "CSV 项目清单", "en": "CSV project list"},
    "export_format_xlsx": {"zh": "Excel（XLSX）项目清单", "en": "Excel (XLSX) project list"},
    "export_format_pack": {"zh": "会议材料包（PDF：总览 + 各区县一页）",
                           "en": "Meeting pack (PDF: overview + a page per district)"},
    "export_paper": {"zh": "纸张", "en": "Paper"},
    "export_orientation": {"zh": "方向", "en": "Orientation"},
    "export_landscape": {"zh": "横向", "en": "Landscape"},
    "export_portrait": {"zh": "纵向", "en": "Portrait"},
    "export_dpi": {"zh": "分辨率（dpi）", "en": "Resolution (dpi)"},
    "export_language": {"zh": "导出语言", "en": "Export language"},
    "export_title_preview": {"zh": "导出标题：", "en": "Title of the export:"},
    "export_rows": {"zh": "包含 {count} 个项目（当前筛选结果）。",
                    "en": "Projects in the export: {count} (the current view)."},
    "export_html_basemap": {"zh": "底图：{basemap}（打开时需联网加载底图，区县界和项目离线也可显示）",
                            "en": "Basemap: {basemap} (tiles need the internet; districts and projects show offline)"},
    "export_generate": {"zh": "生成文件", "en": "Generate file"},
    "export_working": {"zh": "正在生成…", "en": "Generating…"},
    "export_pack_progress": {"zh": "会议材料包：第 {done}/{total} 页", "en": "Meeting pack: page {done} of {total}"},
    "export_download": {"zh": "下载 {name}", "en": "Download {name}"},
    "export_ready": {"zh": "已生成 {name}（{size}，{count} 个项目）。",
                     "en": "Generated {name} ({size}, {count} projects)."},
    "export_stale_note": {"zh": "筛选或选项变更后需重新生成；旧文件不再提供下载。",
                          "en": "Changing a filter or an option needs a new file; the old one is no longer offered."},
    "export_failed": {"zh": "导出失败：", "en": "Export failed: "},
    # Statuses as of (issue 14; cymap/views/asof.py)
    "status_date": {"zh": "状态日期", "en": "Status as of"},
    "evidence": {"zh": "依据", "en": "Evidence"},
    "asof_headline": {"zh": "状态截至 {date}；其中 {older} / {total} 项的状态早于一年前（{cutoff} 之前）。",
                      "en": "Statuses as of {date}; {older} of {total} rows were last confirmed more than a "
                            "year ago (before {cutoff})."},
    "asof_undated": {"zh": "另有 {count} 项无状态日期。", "en": " {count} rows have no status date."},
    "asof_none": {"zh": "台账未注明状态日期。", "en": "The ledger gives no status dates."},
    # --- wall-map inset (lead) ---
    "inset_title": {"zh": "放大图：{names}（主图虚线框内的编号见此图）",
                    "en": "Enlarged: {names} (numbers inside the dashed frame are shown here)"},
    # --- action suggested from the category; 定位核对 fixes saved (issue 13; views/suggest.py, views/review.py) ---
    "suggest_basis": {"zh": "建议归入行动：{action}（依据：规划台账中“{category}”类 {total} 行，"
                            "有 {count} 行属于该行动）",
                      "en": "Suggested action: {action} ({count} of {total} plan rows of category {category} "
                            "are in it)"},
    "suggest_split": {"zh": "无建议行动：规划台账中“{category}”类 {total} 行分属多个行动（{spread}）",
                      "en": "No suggested action: the {total} plan rows of category {category} are split ({spread})"},
    "suggest_few": {"zh": "无建议行动：规划台账中“{category}”类仅 {total} 行，不足以判断",
                    "en": "No suggested action: the plan has only {total} rows of category {category}, too few"},
    "suggest_spread_item": {"zh": "行动{number} {count} 行", "en": "action {number}: {count}"},
    "suggest_spread_sep": {"zh": "；", "en": "; "},
    "suggest_absent": {"zh": "无建议行动：规划台账中没有“{category}”类的行",
                       "en": "No suggested action: the plan's ledger has no row of category {category}"},
    "suggest_accept": {"zh": "采用建议：归入 {action}", "en": "Accept: assign to action {action}"},
    "suggest_accept_note": {"zh": "按类别建议归入行动（{basis}）",
                            "en": "Action suggested from the category ({basis})"},
    "suggest_accepted": {"zh": "已将 {id} 归入 {action}。", "en": "Saved: {id} is now in action {action}."},
    "review_save_note": {"zh": "修正直接写入台账（记入修改历史），保存后地图即按新位置绘制。需先在“编辑”页登录。",
                         "en": "A fix is saved in the ledger (recorded in the history); the map then draws the row "
                               "at its fixed place. Log in on the Edit tab first."},
    "review_login_needed": {"zh": "保存修正需先在“编辑”页登录并填写姓名。",
                            "en": "To save a fix, log in on the Edit tab and give your name."},
    "review_admin_only": {"zh": "共享台账中，修正以导入方式保存，需要管理员账号。",
                          "en": "In the shared ledger a fix is saved as an import, which needs an admin account."},
    "review_no_suggestions": {"zh": "无建议地点。", "en": "No suggested place."},
    "review_pick": {"zh": "选择正确地点", "en": "Pick the right place"},
    "review_save_pick": {"zh": "保存所选地点", "en": "Save the chosen place"},
    "review_coord_header": {"zh": "或输入坐标（经纬度，十进制度数）", "en": "Or type a coordinate (decimal degrees)"},
    "review_gcj02": {"zh": "坐标取自高德或腾讯地图（GCJ-02），保存前换算为 WGS84",
                     "en": "The coordinate is from a Gaode or Tencent map (GCJ-02): convert it to WGS84 first"},
    "review_lon": {"zh": "经度", "en": "Longitude"},
    "review_lat": {"zh": "纬度", "en": "Latitude"},
    "review_save_coord": {"zh": "保存坐标", "en": "Save the coordinate"},
    "review_fix_note": {"zh": "定位核对：修正位置", "en": "Location review: place fixed"},
    "review_saved_place": {"zh": "已保存：{id} 的地点改为“{place}”。", "en": "Saved: {id} is now located at {place}."},
    "review_saved_coord": {"zh": "已保存：{id} 的坐标为 {lon}, {lat}。", "en": "Saved: {id} is now at {lon}, {lat}."},
    "review_coord_refused": {"zh": "坐标未保存：{value} — {why}", "en": "Coordinate not saved: {value} — {why}"},
    "review_coord_incomplete": {"zh": "经度和纬度需同时填写", "en": "give both the longitude and the latitude"},
    "review_coord_not_number": {"zh": "不是数字（十进制度数，如 106.55 / 29.56）",
                                "en": "is not a number (decimal degrees, e.g. 106.55 / 29.56)"},
    "review_coord_swapped": {"zh": "经纬度似乎填反了（经度约 105–110，纬度约 28–32）",
                             "en": "longitude and latitude look swapped (longitude about 105–110, latitude 28–32)"},
    "review_coord_outside": {"zh": "不在重庆及周边范围内", "en": "lies outside Chongqing and its neighbourhood"},
    # --- ledger round trip (issue 17): optional columns in lists, warnings ---
    # List headers of the optional columns; the zh ones are ledger header aliases (read.py), so a list re-imports.
    "ledger_col_status_date": {"zh": "状态日期", "en": "Status date"},
    "ledger_col_evidence": {"zh": "佐证材料", "en": "Evidence"},
    "ledger_col_total_investment": {"zh": "总投资（亿元）", "en": "Total investment (CNY 100 million)"},
    "ledger_col_annual_plan_investment": {"zh": "年度计划投资（亿元）",
                                          "en": "Annual planned investment (CNY 100 million)"},
    "ledger_col_completed_investment": {"zh": "累计完成投资（亿元）",
                                        "en": "Investment completed to date (CNY 100 million)"},
    "ledger_col_lead_unit": {"zh": "牵头单位", "en": "Lead unit"},
    "ledger_col_responsible_unit": {"zh": "责任单位", "en": "Responsible unit"},
    "ledger_col_owner_unit": {"zh": "业主单位", "en": "Project owner"},
    "ledger_col_planned_start": {"zh": "计划开工", "en": "Planned start"},
    "ledger_col_planned_completion": {"zh": "计划建成", "en": "Planned completion"},
    "ledger_col_district_declared": {"zh": "所属区县", "en": "Declared district"},
    "ledger_col_lon": {"zh": "经度", "en": "Longitude (WGS84)"},
    "ledger_col_lat": {"zh": "纬度", "en": "Latitude (WGS84)"},
    "ledger_warnings": {"zh": "台账提示（这些行照常载入，请核对）",
                        "en": "Ledger warnings (these rows load; please check)"},
    "warn_no_location": {"zh": "地点为空，按项目名称定位", "en": "is empty — the row is located from its name"},
    "warn_completed_above_total": {"zh": "累计完成投资高于总投资 {other} 亿元",
                                   "en": "is above the total investment of {other} (CNY 100 million)"},
    "warn_completion_before_start": {"zh": "计划建成早于计划开工 {other}", "en": "is before the planned start {other}"},
    "cli_warning": {"zh": "提示：第 {row} 行，{column} 列，值 “{value}”：{message}",
                    "en": "warning: row {row}, column {column}: value '{value}' — {message}"},
    "tables_other_districts": {"zh": "其余 {n} 个区县", "en": "{n} other districts"},
    # --- map symbols sized by total investment (issue 17; views/symbology.investment_sides) ---
    "size_by_investment": {"zh": "点符号大小按总投资", "en": "Size point symbols by total investment"},
    "legend_size_investment": {
        "zh": "点符号面积与总投资成正比：{reference} 亿元为常规大小，{cap} 亿元及以上同为最大；"
              "无金额的项目为常规大小。",
        "en": "Point symbol area proportional to total investment: {reference} × 100 million yuan at the normal "
              "size, {cap} and above the largest; projects without an amount at the normal size."},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """The text of `key` in `lang`, with `{name}` fields filled from `values` when given."""
    text = TEXT[key][lang]
    return text.format(**values) if values else text


def action_label(action: int | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if pd.isna(action) or action == "":  # a row with no plan action (a list's own row)
        return t("layer_unassigned", lang)
    label = ACTIONS[int(action)][lang]
    return label if lang == "zh" else f"{int(action)} {label}"


def status_label(status: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return STATUSES[status]["zh" if lang == "zh" else "en"] if status in STATUSES else str(status)


def category_label(category: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return CATEGORIES[category][lang] if category in CATEGORIES else str(category)


def precision_label(precision: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return PRECISIONS[precision][lang] if precision in PRECISIONS else str(precision)


def region_label(region: str, lang: str = DEFAULT_LANGUAGE) -> str:
    table = {**REGIONS, **REGION_GROUPS}
    return table[region][lang] if region in table else str(region)


@functools.cache
def _district_en() -> dict[str, str]:
    # Both divisions: labels for 2023-only units (江北区, 渝北区) are needed in 2023 views.
    suffix = {"区": "District", "县": "County", "自治县": "Autonomous County"}
    labels: dict[str, str] = {}
    for division in geodata.DIVISIONS:
        for row in geodata.districts(division).itertuples():
            labels.setdefault(row.name_zh, f"{row.name_en} {suffix.get(row.kind, '')}".strip())
    return labels


def locale_language(environ=None) -> str:
    """zh when the user's locale is Chinese (LC_ALL, LC_MESSAGES, LANG, as POSIX orders them), else en."""
    import os

    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def join_names(names, lang: str = DEFAULT_LANGUAGE) -> str:
    """Names as a list in the language: 、 between Chinese names, a comma between English ones."""
    return ("、" if lang == "zh" else ", ").join(str(n) for n in names)


def match_label(method: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """How a place name was matched, in words (geocode's match methods)."""
    return TEXT[f"match_{method}"][lang] if f"match_{method}" in TEXT else str(method)


def district_label(name_zh: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """District name in the language; unknown names (e.g. outside Chongqing) pass through."""
    return name_zh if lang == "zh" else _district_en().get(name_zh, name_zh)
