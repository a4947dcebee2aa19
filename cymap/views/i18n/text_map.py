"""The interactive map's legend and layers (cymap/web).

One key, one entry {"zh": …, "en": …}; `cymap.views.i18n.TEXT` joins the tables and refuses a key
defined in two of them."""

TEXT: dict[str, dict[str, str]] = {
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
}
