"""What a ledger problem says (cymap.ledger.schema.Problem `kind` and `fields`; worded by cymap.views.problems).

`problem_<kind>` is the message, `problem_allowed_<kind>` what the column accepts; the English texts are the
messages the ledger layer writes (`str(problem)`), the Chinese ones say the same. `{values}` in an allowed text
is the vocabulary (statuses, categories, columns) in the language.
"""

TEXT: dict[str, dict[str, str]] = {
    # --- ledger problems in the user's language (issue 15 item 4) ---
    # lines and columns
    "problem_line": {"zh": "第 {row} 行（文件第 {line} 行，表头为第 1 行），“{column}”列，值“{value}”：{message}",
                     "en": "row {row} (line {line} of the file, header = line 1), column {column}: value '{value}' — "
                           "{message}"},
    "problem_line_file": {"zh": "{column}，值“{value}”：{message}", "en": "{column}: value '{value}' — {message}"},
    "problem_line_allowed": {"zh": "；允许：{allowed}", "en": " — allowed: {allowed}"},
    "problem_col_file": {"zh": "文件", "en": "File"},
    "problem_col_header": {"zh": "表头", "en": "Header"},
    "problem_col_extra": {"zh": "表头以外的单元格", "en": "Cells beyond the header"},
    "ledger_col_name_zh": {"zh": "项目名称", "en": "Name (zh)"},
    "ledger_col_name_en": {"zh": "英文名称", "en": "Name (en)"},
    # rows and cells (cymap.ledger.validate)
    "problem_required_empty": {"zh": "为空", "en": "is empty"},
    "problem_allowed_required_empty": {"zh": "必须填写", "en": "a value is required"},
    "problem_not_category": {"zh": "不是有效的类别", "en": "is not a category"},
    "problem_allowed_not_category": {"zh": "类别名称（或其代码）：{values}", "en": "{values}"},
    "problem_not_status": {"zh": "不是有效的状态", "en": "is not a status"},
    "problem_allowed_not_status": {"zh": "状态名称（或其代码）：{values}", "en": "{values}"},
    "problem_not_year": {"zh": "不是年份", "en": "is not a year"},
    "problem_allowed_not_year": {"zh": "年份，如 2027；或留空", "en": "a year such as 2027, or empty"},
    "problem_extra_cell": {"zh": "位于最后一个表头列之后", "en": "is a cell beyond the last header column"},
    "problem_allowed_extra_cell": {"zh": "每个表头列一个单元格", "en": "one cell per header column"},
    "problem_bad_id": {"zh": "不是有效的编号", "en": "is not an id"},
    "problem_allowed_bad_id": {"zh": "字母 A–Z a–z、数字 0–9、- _ . 和汉字（如 A02-T05-01、12、渝北-3）",
                               "en": "letters A–Z a–z, digits 0–9, - _ . and Chinese characters "
                                     "(e.g. A02-T05-01, 12)"},
    "problem_duplicate_id": {"zh": "与第 {first} 行的编号重复", "en": "duplicates the id of row {first}"},
    "problem_allowed_duplicate_id": {"zh": "编号不得重复", "en": "unique ids"},
    "problem_not_action": {"zh": "不是行动序号", "en": "is not an action number"},
    "problem_allowed_not_action": {"zh": "1–10（或一–十）；或留空", "en": "1–10 (also as Chinese numerals), or empty"},
    "problem_not_task": {"zh": "不是方案中的任务序号", "en": "is not a task number of the plan"},
    "problem_allowed_not_task": {"zh": "1–56；或留空", "en": "1–56, or empty"},
    "problem_task_of_other_action": {"zh": "属于行动{task_action}，不属于行动{action}",
                                     "en": "belongs to action {task_action}, not {action}"},
    "problem_allowed_task_of_other_action": {"zh": "行动{action}的任务：{tasks}",
                                             "en": "tasks of action {action}: {tasks}"},
    "problem_id_action_mismatch": {"zh": "编号表示行动{id_action}，但“行动”列为 {action}",
                                   "en": "says action {id_action} but column action is {action}"},
    "problem_allowed_id_action_mismatch": {"zh": "编号与行动一致", "en": "id and action agree"},
    "problem_not_real_date": {"zh": "不是真实存在的日期", "en": "is not a real calendar date"},
    "problem_allowed_not_real_date": {"zh": "年-月-日，如 2023-03-10（也可写 2023/3/10、2023年3月10日）；或留空",
                                      "en": "YYYY-MM-DD (also 2023/3/10 or the Chinese year-month-day form), "
                                            "or empty"},
    "problem_not_date": {"zh": "不是日期", "en": "is not a date"},
    "problem_allowed_not_date": {"zh": "年-月-日，如 2023-03-10（也可写 2023/3/10、2023年3月10日）；或留空",
                                 "en": "YYYY-MM-DD (also 2023/3/10 or the Chinese year-month-day form), or empty"},
    "problem_not_amount": {"zh": "不是金额", "en": "is not an amount"},
    "problem_allowed_not_amount": {"zh": "以亿元计：12.5、12.5亿元 或 125000万元；或留空",
                                   "en": "CNY 100 million: 12.5, or with a unit (100 million or 10,000 yuan, "
                                         "written in Chinese); or empty"},
    "problem_not_period": {"zh": "不是日期、月份或年份", "en": "is not a date, month or year"},
    "problem_allowed_not_period": {"zh": "2025、2025-06、2025年6月、2025-06-30",
                                   "en": "2025, 2025-06 (also in the Chinese form), 2025-06-30"},
    "problem_coordinate_half": {"zh": "为空，而另一个坐标已填写", "en": "is empty while the other coordinate is given"},
    "problem_allowed_coordinate_half": {"zh": "经度和纬度同时填写，或都不填", "en": "both lon and lat, or neither"},
    "problem_not_number": {"zh": "不是数字", "en": "is not a number"},
    "problem_allowed_not_number": {"zh": "WGS84 十进制度数，如 106.55 / 29.56",
                                   "en": "decimal degrees WGS84, e.g. 106.55 / 29.56"},
    "problem_coordinates_swapped": {"zh": "与纬度 {lat} 似乎填反了", "en": "and lat {lat} look swapped"},
    "problem_allowed_coordinates_swapped": {"zh": "经度约 105–110，纬度约 28–32",
                                            "en": "lon about 105–110, lat about 28–32"},
    # places (cymap.geo.place_checks)
    "problem_not_district": {"zh": "不是重庆的区县", "en": "is not a district or county of Chongqing"},
    "problem_allowed_not_district": {"zh": "两种区划中任一区县级单位（渝北区、渝北、石柱县、500112）",
                                     "en": "a county-level unit of either division, by name (e.g. 渝北区, also "
                                           "without its suffix) or code (e.g. 500112)"},
    "problem_outside_context": {"zh": "不在重庆及其周边范围内", "en": "lies outside Chongqing and its context"},
    "problem_allowed_outside_context": {"zh": "位于重庆或四川周边城市内的 WGS84 坐标点",
                                        "en": "a WGS84 point in Chongqing or the Sichuan context cities"},
    # the file (cymap.ledger.read) and its cells (cymap.ledger.importer)
    "problem_formula_no_value": {"zh": "是没有保存计算结果的公式（写出该文件的程序没有计算它）",
                                 "en": "is a formula with no saved value (the program that wrote the file did not "
                                       "calculate it)"},
    "problem_allowed_formula_no_value": {"zh": "在 Excel 中打开该文件并保存，或直接填写数值",
                                         "en": "open the file in Excel and save it, or type the value"},
    "problem_duplicate_header": {"zh": "是“{name}”列的第二个表头（第一个：{first}），其单元格被忽略",
                                 "en": "is a second header for column {name} (first: {first}); its cells are ignored"},
    "problem_allowed_duplicate_header": {"zh": "每列一个表头", "en": "one header per column"},
    "problem_no_ledger_columns": {"zh": "没有可识别的台账列", "en": "no recognisable ledger columns"},
    "problem_allowed_no_ledger_columns": {"zh": "{values}", "en": "{values}"},
    "problem_cell_too_long": {"zh": "长 {length} 个字符；台账单元格最多 {limit} 个字符（Excel 的上限）——"
                                    "请缩短或改为链接到文件",
                              "en": "is {length} characters long; a ledger cell holds at most {limit} (Excel's limit) "
                                    "— shorten it or link to a document"},
    "problem_cell_control_character": {"zh": "第 {position} 个字符是控制字符 {code}，"
                                             "Excel 文件无法保存且看不见——请删除",
                                       "en": "holds the control character {code} at position {position}, which Excel "
                                             "files cannot store and nobody can see — remove it"},
    "problem_file_unreadable": {"zh": "无法读取该文件（{error}）", "en": "{error}"},
    "problem_file_os_error": {"zh": "无法打开该文件（系统提示：{error}）", "en": "{error}"},
    "problem_file_empty": {"zh": "文件为空", "en": "the file is empty"},
    "problem_file_no_header": {"zh": "文件没有表头行", "en": "the file has no header row"},
    "problem_file_bom_mismatch": {"zh": "文件以 {encoding} 字节顺序标记开头，"
                                        "但内容不是 {encoding} 文本（第 {byte} 字节）",
                                  "en": "the file starts with a {encoding} byte-order mark but is not {encoding} text "
                                        "(byte {byte})"},
    "problem_file_unknown_encoding": {
        "zh": "文件既不是 UTF-8 也不是 GB18030/GBK 文本（也不是 Big5/cp950、Shift-JIS/cp932 或带字节顺序标记的 "
              "UTF-16/32）——请另存为“CSV UTF-8”或 XLSX",
        "en": "the file is neither UTF-8 nor GB18030/GBK text (nor Big5/cp950, Shift-JIS/cp932, or UTF-16/32 with a "
              "byte-order mark) — save it as CSV UTF-8 or as .xlsx"},
    "problem_file_encrypted": {"zh": "Excel 文件设有密码（已加密），无法读取——请在 Excel 中打开，取消密码"
                                     "（文件 > 信息 > 保护工作簿 > 用密码进行加密）后保存，或另存为“CSV UTF-8”",
                               "en": "the Excel file is password-protected (encrypted), so it cannot be read — open it "
                                     "in Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
                                     "Password) and save it, or save it as CSV UTF-8"},
    "problem_file_old_excel": {"zh": "文件是旧版 Excel 97–2003 工作簿（XLS）或其他 OLE 文档，不是 XLSX——"
                                     "请在 Excel 中打开并另存为 XLSX 或“CSV UTF-8”",
                               "en": "the file is an old Excel 97–2003 workbook (.xls) or another OLE document, not "
                                     ".xlsx — open it in Excel and save it as .xlsx or CSV UTF-8"},
    "problem_file_too_many_rows": {"zh": "文件超过 {limit} 行；上传上限为 {limit} 行——请拆分文件或删除无用的行",
                                   "en": "the file has more than {limit} rows; uploads are limited to {limit} — split "
                                         "it or remove unused rows"},
    "problem_file_sheet_too_many_rows": {"zh": "工作表“{sheet}”超过 {limit} 行；上传上限为 {limit} 行——"
                                               "请删除台账下方无用的行",
                                         "en": "the sheet '{sheet}' has more than {limit} rows; uploads are limited to "
                                               "{limit} — delete unused rows below the ledger"},
    "problem_file_unpacks_too_large": {"zh": "Excel 文件解压后为 {size} MB，上传文件解压后最多 {limit} MB——"
                                             "请删除无用的工作表、图片或格式，或另存为 CSV",
                                       "en": "the Excel file unpacks to {size} MB; uploads may unpack to at most "
                                             "{limit} MB — remove unused sheets, images or formatting, or save it "
                                             "as CSV"},
    "problem_file_unclosed_quote": {"zh": "第 {line} 行：某个单元格的引号（\"）没有闭合，"
                                          "第 {line}–{last} 行会被读成一个单元格——"
                                          "请补上或删除该引号（第 {line} 行：{text}）",
                                    "en": "line {line}: a cell opens a quote (\") that is never closed, so lines "
                                          "{line}–{last} would be read as one cell — close the quote or remove it "
                                          "(line {line}: {text})"},
    "problem_file_csv_error": {"zh": "第 {line} 行无法按 CSV 读取（{detail}）", "en": "line {line}: {detail}"},
    "problem_file_bad_excel": {"zh": "无法读取该 Excel 文件（{detail}）", "en": "cannot read the Excel file: {detail}"},
    # the geocoder's warnings (cymap.geo.readings.Note; the 定位核对 tab's column)
    "note_ignored_not_in": {"zh": "“{text}”不在{where}，已忽略", "en": "{text}: ignored — not in {where}"},
    "note_ignored_no_district": {"zh": "“{text}”：未写明所在区县，已忽略",
                                 "en": "{text}: ignored — not in a named district"},
    "note_ambiguous": {"zh": "“{text}”有歧义（{counties}）", "en": "{text}: ambiguous ({counties})"},
    "note_declared_elsewhere": {"zh": "地点写的是{names}，不在所属区县{declared}：按{declared}定位",
                                "en": "location names {names}, not the declared {declared}: located at {declared}"},
    "note_not_in_declared": {"zh": "地点“{location}”不在所属区县{declared}",
                             "en": "location '{location}' is not in the declared district {declared}"},
    "note_from_name": {"zh": "按项目名称定位", "en": "located from the name"},
    "note_declared_only": {"zh": "名称中没有地点：按所属区县定位", "en": "no place in the name: the declared district"},
    "note_no_place": {"zh": "没有地点，名称中也没有地点", "en": "no location, and no place in the name"},
    # the import preview's summary (cymap.cli_text.import_summary: the CLI and the Edit tab)
    "import_ids_kept": {"zh": "；文件没有编号列：{count} 行按名称和地点沿用原编号",
                        "en": "; no id column: {count} rows kept their ids by name and location"},
}
