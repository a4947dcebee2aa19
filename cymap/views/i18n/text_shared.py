"""Titles, field names and sources that the app and the exports both show.

One key, one entry {"zh": …, "en": …}; `cymap.views.i18n.TEXT` joins the tables and refuses a key
defined in two of them."""

TEXT: dict[str, dict[str, str]] = {
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
}
