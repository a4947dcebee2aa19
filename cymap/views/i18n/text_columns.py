"""Headers of the CSV/XLSX list columns (cymap.print.lists) and of the ledger's columns elsewhere:
`column_header(column, lang)` reads `list_col_<column>`, else the optional column's `ledger_col_<column>`."""

TEXT: dict[str, dict[str, str]] = {
    "list_col_id": {"zh": "编号", "en": "ID"},
    "list_col_name_zh": {"zh": "项目名称", "en": "Name (zh)"},
    "list_col_name_en": {"zh": "英文名称", "en": "Name (en)"},
    "list_col_action": {"zh": "行动", "en": "Action"},
    "list_col_action_label": {"zh": "行动名称", "en": "Action name"},
    "list_col_task": {"zh": "任务", "en": "Task"},
    "list_col_category": {"zh": "类别代码", "en": "Category code"},
    "list_col_category_label": {"zh": "类别", "en": "Category"},
    "list_col_location": {"zh": "地点", "en": "Location"},
    "list_col_status": {"zh": "状态代码", "en": "Status code"},
    "list_col_status_label": {"zh": "状态", "en": "Status"},
    "list_col_target_year": {"zh": "目标年份", "en": "Target year"},
    "list_col_target": {"zh": "目标", "en": "Target"},
    "list_col_districts": {"zh": "涉及区县", "en": "Districts"},
    "list_col_primary_district": {"zh": "主要区县", "en": "Primary district"},
    "list_col_precision": {"zh": "定位精度代码", "en": "Precision code"},
    "list_col_precision_label": {"zh": "定位精度", "en": "Location precision"},
    "list_col_precision_code": {"zh": "IATI 精度代码", "en": "IATI precision code"},
    "list_col_source": {"zh": "方案原文", "en": "Plan clause"},
    "list_col_updated": {"zh": "更新日期", "en": "Updated"},
    "list_col_note": {"zh": "备注", "en": "Note"},
}
