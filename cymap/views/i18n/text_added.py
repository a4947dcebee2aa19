"""ADD NEW KEYS HERE: strings still to be sorted into the module of their area.

Paste a block as it was written at the end of the old `TEXT` (headed `# --- <topic> ---`), each entry
`"key": {"zh": …, "en": …},`. A key already defined in another `text_*` module is refused at import.
"""

TEXT: dict[str, dict[str, str]] = {
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
