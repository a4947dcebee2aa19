"""Ledger columns and the vocabularies shared by the app, the exports and the tests.

The column names are the contract with the users' Excel ledgers (docs/DATA_FORMATS.md); the
vocabularies carry both languages so every label comes from one place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# Ledger columns, in the order they are written.
COLUMNS: list[str] = [
    "id", "name_zh", "name_en", "action", "task", "category", "location", "status",
    "target_year", "target", "source", "updated", "note",
]
# Optional columns a ledger may carry (issue 13): money in 亿元, units, planned dates, the
# declared district and a coordinate override. Written only when the ledger has them.
OPTIONAL_COLUMNS: list[str] = [
    "status_date", "evidence", "total_investment", "annual_plan_investment", "completed_investment",
    "lead_unit", "responsible_unit", "owner_unit", "planned_start", "planned_completion",
    "district_declared", "lon", "lat",
]
ALL_COLUMNS: list[str] = COLUMNS + OPTIONAL_COLUMNS
# action, task, location and source are optional: a district's list has its own 序号, no plan
# action and no plan clause; a row without a location is located from its name (a warning).
REQUIRED: list[str] = ["id", "name_zh", "category", "status"]
AMOUNT_COLUMNS = ("total_investment", "annual_plan_investment", "completed_investment")
PERIOD_COLUMNS = ("planned_start", "planned_completion")
UNASSIGNED_ACTION = {"zh": "未归入行动", "en": "Not assigned to an action"}

PLAN_DATE = "2023-03-10"  # 渝府发〔2023〕8号, issued 2023-03-10

ACTIONS: dict[int, dict[str, str]] = {
    1: {"zh": "一 提升主城都市区极核引领", "en": "Core metropolitan area"},
    2: {"zh": "二 建设现代基础设施网络", "en": "Modern infrastructure"},
    3: {"zh": "三 构建现代化产业体系", "en": "Modern industry"},
    4: {"zh": "四 加快科技创新中心建设", "en": "Science and innovation"},
    5: {"zh": "五 打造国际消费目的地", "en": "International consumption"},
    6: {"zh": "六 推进生态优先绿色发展", "en": "Green development"},
    7: {"zh": "七 勇当内陆省份改革探路先锋", "en": "Reform pioneer"},
    8: {"zh": "八 打造内陆开放高地", "en": "Opening-up highland"},
    9: {"zh": "九 推动城乡融合区域协调发展", "en": "Urban–rural integration"},
    10: {"zh": "十 高品质生活惠民富民", "en": "Quality of life"},
}

# The plan's numbered paragraphs (tasks) 1–56 belong to actions as follows.
TASK_ACTION: dict[int, int] = {
    **{t: 1 for t in range(1, 5)}, **{t: 2 for t in range(5, 9)},
    **{t: 3 for t in range(9, 14)}, **{t: 4 for t in range(14, 21)},
    **{t: 5 for t in range(21, 27)}, **{t: 6 for t in range(27, 32)},
    **{t: 7 for t in range(32, 38)}, **{t: 8 for t in range(38, 44)},
    **{t: 9 for t in range(44, 48)}, **{t: 10 for t in range(48, 54)},
    **{t: 0 for t in range(54, 57)},  # 组织保障: no action
}

STATUSES: dict[str, dict[str, str]] = {
    "planned": {"zh": "谋划", "en": "Planned", "color": "#9e9e9e"},
    "preparing": {"zh": "前期", "en": "Preparing", "color": "#1f78b4"},
    "under_construction": {"zh": "在建", "en": "Under construction", "color": "#ff7f00"},
    "completed": {"zh": "建成投用", "en": "Completed", "color": "#33a02c"},
    "ongoing": {"zh": "持续推进", "en": "Ongoing", "color": "#6a3d9a"},
    "delayed": {"zh": "滞后", "en": "Delayed", "color": "#e31a1c"},
}
STATUS_COLORS: dict[str, str] = {k: v["color"] for k, v in STATUSES.items()}

# Words users write for a status in their own ledgers -> canonical code.
STATUS_ALIASES: dict[str, str] = {
    **{k: k for k in STATUSES},
    **{v["zh"]: k for k, v in STATUSES.items()},
    **{v["en"].lower(): k for k, v in STATUSES.items()},
    "规划": "planned", "储备": "planned", "谋划中": "planned",
    "前期工作": "preparing", "拟开工": "preparing", "待开工": "preparing",
    "开工": "under_construction", "建设中": "under_construction", "在建中": "under_construction",
    "under construction": "under_construction", "construction": "under_construction",
    "建成": "completed", "已建成": "completed", "已完成": "completed", "完成": "completed",
    "投用": "completed", "建成投运": "completed", "done": "completed",
    "推进中": "ongoing", "持续": "ongoing", "进行中": "ongoing", "in progress": "ongoing",
    "续建": "under_construction", "新开工": "under_construction", "新建": "preparing",
    "预备": "preparing",
    "延误": "delayed", "滞后中": "delayed", "进度滞后": "delayed", "late": "delayed",
}

# Drawn built when finished, dashed while not (app and exports share this).
BUILT_STATUSES = {"completed"}

CATEGORIES: dict[str, dict[str, str]] = {
    "airport": {"zh": "机场", "en": "Airport"},
    "rail": {"zh": "铁路", "en": "Railway"},
    "urban_rail": {"zh": "城市轨道交通", "en": "Urban rail"},
    "road": {"zh": "公路与城市道路", "en": "Road, bridge, tunnel"},
    "waterway": {"zh": "航道", "en": "Waterway"},
    "port": {"zh": "港口与口岸", "en": "Port"},
    "logistics": {"zh": "物流枢纽", "en": "Logistics hub"},
    "energy": {"zh": "能源", "en": "Energy"},
    "water": {"zh": "水利", "en": "Water"},
    "zone": {"zh": "功能区与新区", "en": "Zone"},
    "industry": {"zh": "产业", "en": "Industry"},
    "digital": {"zh": "数字基础设施", "en": "Digital"},
    "science": {"zh": "科技创新", "en": "Science"},
    "commerce": {"zh": "商圈与消费", "en": "Commerce"},
    "culture_tourism": {"zh": "文化旅游", "en": "Culture and tourism"},
    "ecology": {"zh": "生态环保", "en": "Ecology"},
    "public_service": {"zh": "公共服务", "en": "Public service"},
    "pilot": {"zh": "试点示范", "en": "Pilot area"},
    "cooperation": {"zh": "川渝合作平台", "en": "Cross-border cooperation"},
    "opening": {"zh": "开放平台", "en": "Opening-up platform"},
}

# Geographic precision: our code -> IATI/AidData GeographicalPrecision code.
PRECISIONS: dict[str, dict] = {
    "site": {"code": 1, "zh": "精确位置", "en": "Exact site"},
    "route": {"code": 2, "zh": "线路（经由点）", "en": "Route (via waypoints)"},
    "town": {"code": 2, "zh": "乡镇（25 km 内）", "en": "Town (within 25 km)"},
    "zone": {"code": 5, "zh": "片区（示意）", "en": "Zone (approximate)"},
    "district": {"code": 3, "zh": "区县", "en": "District"},
    "municipal": {"code": 4, "zh": "全市", "en": "Municipality-wide"},
    "outside": {"code": 2, "zh": "市外", "en": "Outside Chongqing"},
    "unresolved": {"code": 7, "zh": "未定位", "en": "Unresolved"},
}
# Coarsest last: a row's precision is that of its coarsest part.
PRECISION_ORDER = ["site", "route", "town", "outside", "zone", "district", "municipal", "unresolved"]

REGIONS: dict[str, dict[str, str]] = {
    "中心城区": {"zh": "中心城区", "en": "Central urban area", "group": "主城都市区"},
    "主城新区": {"zh": "主城新区", "en": "New main-city districts", "group": "主城都市区"},
    "渝东北三峡库区城镇群": {"zh": "渝东北三峡库区城镇群", "en": "Northeast (Three Gorges)",
                             "group": "渝东北三峡库区城镇群"},
    "渝东南武陵山区城镇群": {"zh": "渝东南武陵山区城镇群", "en": "Southeast (Wuling)", "group": "渝东南武陵山区城镇群"},
}
REGION_GROUPS: dict[str, dict[str, str]] = {
    "主城都市区": {"zh": "主城都市区", "en": "Main metropolitan area"},
    "渝东北三峡库区城镇群": {"zh": "渝东北三峡库区城镇群", "en": "Northeast Three Gorges towns"},
    "渝东南武陵山区城镇群": {"zh": "渝东南武陵山区城镇群", "en": "Southeast Wuling towns"},
}

# The plan's own id form; a row with this form must agree with its action.
ID_PATTERN = re.compile(r"^A(0[1-9]|10)-T([0-9]{2})-([0-9]{2})$")
# Any id: ASCII letters and digits, - _ . and CJK ideographs. Written out as ranges, never \\d or
# \\w, so full-width (０１), Arabic-Indic (٠١) or other look-alike digits are refused.
FREE_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.\-\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Problem:
    """One validation problem, named by ledger row (1-based data row), column and value."""

    row: int
    column: str
    value: str
    message: str
    allowed: str = ""
    # What went wrong as a short code and the values its message names, so the views can word it in
    # either language (cymap.views.problems); `message` and `allowed` stay the English words.
    kind: str = ""
    fields: dict = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        text = f"row {self.row}, column {self.column}: value {self.value!r} — {self.message}"
        text += f" — allowed: {self.allowed}" if self.allowed else ""
        # Rows count data rows; in Excel the header is line 1, so say where to look too.
        return text + (f" (line {self.row + 1} of the file, header = line 1)" if self.row > 0 else "")


def normalise_status(value: str) -> str | None:
    """Map a status as users write it (中文 or English, any case) to its code."""
    key = str(value).strip()
    return STATUS_ALIASES.get(key) or STATUS_ALIASES.get(key.lower())

EXTRA_PREFIX = "(extra "  # cells beyond the header: kept as columns "(extra 1)", … so nothing is lost
