"""Bilingual labels (Chinese default, English switch) shared by the app and the exports.

Vocabulary labels come from cymap.schema; UI strings live in TEXT. Add a key in both
languages when you add a string: `t()` raises on a missing key so gaps show up in tests.
"""
from __future__ import annotations

import functools

from cymap import geodata
from cymap.schema import ACTIONS, CATEGORIES, PRECISIONS, REGION_GROUPS, REGIONS, STATUSES

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

TEXT: dict[str, dict[str, str]] = {
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
}


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return TEXT[key][lang]


def action_label(action: int, lang: str = DEFAULT_LANGUAGE) -> str:
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
    table = geodata.districts()
    suffix = {"区": "District", "县": "County", "自治县": "Autonomous County"}
    return {row.name_zh: f"{row.name_en} {suffix.get(row.kind, '')}".strip() for row in table.itertuples()}


def district_label(name_zh: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """District name in the language; unknown names (e.g. outside Chongqing) pass through."""
    return name_zh if lang == "zh" else _district_en().get(name_zh, name_zh)
