"""Investment sums, the late list and the 2027 targets (issue 17; cymap/views).

One key, one entry {"zh": …, "en": …}; `cymap.views.i18n.TEXT` joins the tables and refuses a key
defined in two of them."""

TEXT: dict[str, dict[str, str]] = {
    # --- issue 17: investment sums (views/investment), late list (views/late), targets (views/targets) ---
    "inv_header": {"zh": "投资（亿元）", "en": "Investment (100 million yuan)"},
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
                 "en": "Amounts in 100 million yuan, each project counted once: under its primary district "
                       "(a route through several districts under its first, never repeated or split); rows "
                       "without a district under 'municipality-wide / not located'. The rows sum to the "
                       "ledger's totals. 'Projects touching' counts a row in every district it touches."},
    "inv_page_title": {"zh": "投资与项目数", "en": "Investment and projects"},
    "inv_district_line": {"zh": "本区县（主要区县）项目 {projects} 项 · 总投资 {total} 亿元 · "
                                "年度计划投资 {annual} 亿元 · 累计完成投资 {completed} 亿元（{priced} 项填报总投资）",
                          "en": "Projects with this primary district: {projects} · total investment {total} · "
                                "annual plan {annual} · completed {completed} (in 100 million yuan; {priced} rows "
                                "give a total)"},
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
    "late_col_total_investment": {"zh": "总投资（亿元）", "en": "Total investment (100 million yuan)"},
    "late_col_completed_investment": {"zh": "累计完成投资（亿元）", "en": "Completed investment (100 million yuan)"},
    "late_download_csv": {"zh": "下载滞后清单（CSV）", "en": "Download the late list (CSV)"},
    "late_download_xlsx": {"zh": "下载滞后清单（Excel）", "en": "Download the late list (Excel)"},
    "tab_targets": {"zh": "目标", "en": "Targets"},
    "tg_intro": {"zh": "《行动方案》量化目标 {targets} 项：{with_latest} 项有最新公开数据（{met} 项已达到），"
                       "{linked} 项关联台账项目。目标原文摘自《行动方案》；最新数据取自公开报道"
                       "（统计公报、政府工作报告、新闻发布等），每项的来源、日期和链接见下表。",
                 "en": "The plan's {targets} quantified targets: {with_latest} with a latest public figure ({met} "
                       "met), {linked} linked to ledger rows. Each target is quoted from the action plan; the latest "
                       "figures come from public reports (statistical bulletins, government work reports, press "
                       "releases), each with its source, date and link in the table below."},
    "tg_only_latest": {"zh": "只看有最新数据的目标", "en": "Only targets with a latest figure"},
    "tg_chart_title": {"zh": "进展（基期 → 最新 → 2027 目标）", "en": "Progress (baseline → latest → 2027 goal)"},
    "tg_choose": {"zh": "在地图上显示目标的项目", "en": "Show a target's projects on the map"},
    "tg_choose_none": {"zh": "（不按目标筛选）", "en": "(no target filter)"},
    "tg_map_note": {"zh": "地图、项目表和区县统计现只显示目标 {target} 的 {count} 个项目"
                          "（此筛选随页面链接一同分享）。",
                    "en": "The map, table and districts now show only the {count} projects of target {target} "
                          "(the page's link carries this filter)."},
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
                           "另有 {rest} 项目标未找到公开数据（完整目标清单见应用的“目标”页）。",
                     "en": "Bars: progress from baseline to goal; tick: the goal. {rest} more targets have no "
                           "public figure (the full list is in the app's Targets tab)."},
    # --- statuses to chase: rows whose status is older than N months (issue 14; cymap/views/stale.py) ---
    "stale_title": {"zh": "状态超过 {months} 个月未更新的项目：{count} / {total} 项（今天 {today}，截止线 {cutoff}）",
                    "en": "Rows whose status is older than {months} months: {count} of {total} "
                          "(today {today}, cut-off {cutoff})"},
    "stale_none": {"zh": "没有超过 {months} 个月未更新的项目（今天 {today}，截止线 {cutoff}）。",
                   "en": "No row's status is older than {months} months (today {today}, cut-off {cutoff})."},
    "stale_municipal": {"zh": "全市（无具体区县）", "en": "Municipality-wide (no district)"},
    "stale_undated": {"zh": "无日期", "en": "no date"},
    "stale_age": {"zh": "{months} 个月前", "en": "{months} months ago"},
}
