"""Chinese place text -> the place references it names, each with its span of text.

One job: find every administrative unit named in a text — county-level units in every official
form (full, short, 县/自治县 forms, old names, both divisions), then 乡镇/街道 (the official list,
geodata/townships.csv), then places, parks and zones of the gazetteer — in order of the text, and
split lists (、 和 及 与 ；) and ranges (A至B, A—B). The geocoder decides what the references mean.
"""
from __future__ import annotations

import functools

from cymap.geo.names import key

# Names a county-level unit had before (still used in documents) -> its 2023 name.
OLD_COUNTY_NAMES: dict[str, str] = {
    "万县": "万州区", "开县": "开州区", "万盛区": "綦江区", "双桥区": "大足区", "涪陵市": "涪陵区",
    "江津市": "江津区", "合川市": "合川区", "永川市": "永川区", "南川市": "南川区", "綦江县": "綦江区",
    "大足县": "大足区", "铜梁县": "铜梁区", "璧山县": "璧山区", "潼南县": "潼南区", "荣昌县": "荣昌区",
    "梁平县": "梁平区", "武隆县": "武隆区", "黔江土家族苗族自治县": "黔江区", "长寿县": "长寿区",
    "巴县": "巴南区", "江北县": "渝北区",
}


@functools.cache
def county_forms() -> dict[str, str]:
    """Every written form of a county-level unit (either division) -> its full name.
    Full (石柱土家族自治县), short (石柱), 县/自治县 forms (石柱县, 石柱自治县), adcode, old names."""
    from cymap.geo import geodata

    forms: dict[str, str] = {}
    for division in geodata.DIVISIONS:
        for row in geodata.districts(division).itertuples():
            full, short = row.name_zh, row.short_zh
            written = {full, short, row.adcode}
            if full.endswith("自治县"):
                written |= {short + "县", short + "自治县"}
            for form in written:
                forms.setdefault(key(form), full)
    for old, new in OLD_COUNTY_NAMES.items():
        forms.setdefault(key(old), new)
    return forms


def resolve_county(text: str) -> str | None:
    """A county-level unit as written (any form above, or '渝北区（行政区）') -> its full name."""
    from cymap.geo.division import resolve_district_name

    found = county_forms().get(key(text))
    if found:
        return found
    meaning = resolve_district_name(text)
    return meaning.name_zh if meaning else None


@functools.cache
def _context_area():
    import shapely

    from cymap.geo import geodata

    area = shapely.union(geodata.municipality_outline(), geodata.sichuan_context().geometry.union_all())
    shapely.prepare(area)
    return area


def in_context(lon, lat):
    """Vectorised: which WGS84 points lie in Chongqing or the Sichuan context cities (with 5 km slack)."""
    import shapely

    area = _context_area()
    inside = shapely.contains_xy(area, lon, lat)
    if inside.all():
        return inside
    points = shapely.points(lon, lat)
    return inside | (shapely.distance(area, points) < 0.05)
