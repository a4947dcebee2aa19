"""Chinese place text -> the place references it names, each with its span of text.

One job: find every administrative unit named in a text — county-level units in every official
form (full, short, 县/自治县 forms, old names, both divisions), then 乡镇/街道 (the official list,
geodata/townships.csv), then places, parks and zones of the gazetteer — in order of the text, and
split lists (、 和 及 与 ；) and ranges (A至B, A—B). The geocoder decides what the references mean.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass

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

# Separators of a list of places, and the words that make two places the ends of a range.
LIST_SEPARATORS = re.compile(r"[、，,;；和及与/]|以及")
RANGE_LINK = re.compile(r"^\s*(?:至|到|—+|－|~|～|-)\s*$")
RANGE_START, RANGE_END = re.compile(r"起于|起点(?:位于)?|起自|从"), re.compile(r"止于|终点(?:位于)?|至")
# Short or common words that may name a place but never pull a row into a district the text
# does not name: accepted only where they agree with a district the text (or the row) names.
WEAK_WORDS = frozenset({"三峡", "科学城", "中央商务区", "蟠龙", "新城", "高新区", "经开区", "大学城", "港城",
                        "双桥", "巴县", "CBD", "中心城区", "城区"})
# 南岸 / 北岸 after 河 江 溪 的 is a river bank, not 南岸区.
BANK = re.compile(r"[河江溪的城](?:南岸|北岸)$")
ETHNIC_TOWN = re.compile(r"(?:土家族|苗族|仡佬族|蒙古族|回族|侗族)+乡$")
# A short county form right before 片区/组团 names an area of another unit (潼南 江北片区).
AREA_AFTER = re.compile(r"^(?:片区|组团)")
# 英雄湾、新合、大碑、观音桥四个村: every item of the list is a village.
VILLAGE_LIST = re.compile(r"(?:[\u4e00-\u9fff]{2,4}[、，,和及])+[\u4e00-\u9fff]{2,4}?"
                          r"[一二三四五六七八九十两0-9]+个(?:村|社区)")
# Bare town names (no 镇/乡/街道) that are ordinary words; never read as a town.
COMMON_BASES = frozenset({"新城", "城南", "城北", "城东", "城西", "东城", "西城", "南城", "北城", "中心", "工业",
                          "新华", "人和", "太平", "平安", "新民", "复兴", "回龙", "兴隆", "白沙", "龙潭", "凤凰",
                          "双龙", "临江", "江口", "水口", "白石", "金山", "大观", "福禄", "古路", "新田", "和平",
                          "长江", "大江", "城关", "龙山", "新桥", "龙门", "高峰", "三合", "石桥", "长安", "清水",
                          "太和", "云雾", "民主", "红土", "双河", "龙井", "天生", "新建", "高新", "正阳", "东部",
                          "南部", "北部", "西部", "中部", "科技", "产业"})
NOT_A_TOWN_AFTER = re.compile(r"^(?:村|社区|组(?!团)|路|街(?!道)|大道|大街|桥|大桥|隧道|立交|站"
                              r"|水库|水厂|中学|小学|学校|医院|公园)")
VILLAGE = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:村|社区)")
VILLAGE_SEPARATOR = re.compile(r"[、，,和及]")


@dataclass(frozen=True)
class PlaceRef:
    """One place named in a text: what was written, where, and what it names.

    kind: county (a county-level unit, `name` its full name), town (乡镇/街道, `name` the official
    name, `code` its NBS code), village (村/社区, no coordinate), place (a gazetteer place, park or
    zone). `counties` are the county-level units (either division, full names) the ref lies in.
    `weak`: a short or common word (see WEAK_WORDS), used only where it agrees with the row's
    districts. `range_from`: index of the ref this one is the far end of (A至B), else -1."""

    text: str
    start: int
    end: int
    kind: str
    name: str
    counties: frozenset[str]
    code: str = ""
    weak: bool = False
    bare: bool = False  # a town written without 镇/乡/街道, found only inside a named county
    range_from: int = -1

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def normalise(text: str) -> str:
    """The text the spans refer to: NFKC (full-width brackets and digits folded)."""
    return unicodedata.normalize("NFKC", str(text))


@functools.cache
def _town_index() -> tuple[dict[str, list[tuple]], dict[str, dict[str, list[tuple]]]]:
    """Official town names (with every suffix form) -> rows; per county, bare names -> rows.
    A row: (name, code, county_2023, county_current)."""
    from cymap.geo import geodata

    full: dict[str, list[tuple]] = {}
    bare: dict[str, dict[str, list[tuple]]] = {}
    for row in geodata.townships().itertuples():
        item = (row.name_zh, row.code, row.county_2023, row.county_current)
        base = ETHNIC_TOWN.sub("乡", row.name_zh)  # 后坪苗族土家族乡 -> 后坪乡
        stem = re.sub(r"(街道|镇|乡)$", "", base)
        forms = {row.name_zh, base}
        if base.endswith("街道"):
            forms |= {stem + "街道办事处", stem + "街办"}
        for form in forms:
            full.setdefault(normalise(form), []).append(item)
        if len(stem) >= 2 and stem not in COMMON_BASES:
            for county in {row.county_2023, row.county_current}:
                bare.setdefault(county, {}).setdefault(stem, []).append(item)
    return full, bare


@functools.cache
def _place_index() -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Gazetteer names and aliases -> (name, the 2023 units it lies in or spans)."""
    from cymap.geo import geodata

    out: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for row in geodata.gazetteer().itertuples():
        counties = frozenset(d for d in {row.district, *str(row.districts).split("|")} if d)
        for form in {row.name, *filter(None, str(row.aliases).split("|"))}:
            form = normalise(form).strip("“”\"")
            if len(form) >= 2:
                out.setdefault(form, []).append((row.name, counties))
    return out


@functools.cache
def _county_text_forms() -> dict[str, str]:
    """Chinese written forms of county-level units (no adcodes or English) -> full name."""
    return {normalise(form): full for form, full in county_forms().items()
            if re.fullmatch(r"[\u4e00-\u9fff()（）]+", form) and len(form) >= 2}


@functools.cache
def _scanner() -> re.Pattern:
    names = set(_county_text_forms()) | set(_town_index()[0]) | set(_place_index())
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def _refs_at(match: re.Match) -> list[PlaceRef]:
    """Every meaning of one scanned name: county, town(s) or place(s)."""
    found, start, end = match.group(0), match.start(), match.end()
    if found in _county_text_forms() and found not in _place_index():
        full = _county_text_forms()[found]
        return [PlaceRef(found, start, end, "county", full, frozenset({full}), weak=found in WEAK_WORDS)]
    refs = [PlaceRef(found, start, end, "place", name, frozenset(_with_current(counties)),
                     weak=found in WEAK_WORDS)
            for name, counties in _place_index().get(found, [])]
    refs += [PlaceRef(found, start, end, "town", name, frozenset({c2023, current}), code)
             for name, code, c2023, current in _town_index()[0].get(found, [])]
    return refs


def find_places(text: str, within: frozenset[str] | set[str] = frozenset()) -> list[PlaceRef]:
    """Every place named in `text`, in text order (a name with several meanings gives one ref per
    meaning, same span). `within`: county-level units the row is known to lie in (its declared
    district); bare town names (澄溪 for 澄溪镇) are looked for only inside those and the counties
    the text names."""
    text = normalise(text)
    refs: list[PlaceRef] = []
    villages = [m.span() for m in VILLAGE_LIST.finditer(text)]
    for match in _scanner().finditer(text):
        if BANK.search(text[: match.end()]) or any(a <= match.start() < b for a, b in villages):
            continue
        for ref in _refs_at(match):
            short = ref.kind == "county" and ref.text != ref.name
            refs.append(dataclasses.replace(ref, weak=True) if short and AREA_AFTER.match(text[ref.end:]) else ref)
    refs += [PlaceRef(text[a:b], a, b, "village", text[a:b], frozenset()) for a, b in villages]
    counties = set(within) | {c for r in refs if r.kind == "county" and not r.weak for c in r.counties}
    refs += _bare_towns(text, refs, counties)
    refs += _villages(text, refs)
    refs.sort(key=lambda r: (r.start, -r.end))
    return _link_ranges(text, refs)


def _taken(refs: list[PlaceRef], length: int) -> list[bool]:
    taken = [False] * length
    for ref in refs:
        for i in range(ref.start, ref.end):
            taken[i] = True
    return taken


def _bare_towns(text: str, refs: list[PlaceRef], counties: set[str]) -> list[PlaceRef]:
    bare = _town_index()[1]
    stems = {stem: rows for county in counties for stem, rows in bare.get(county, {}).items()}
    if not stems:
        return []
    taken = _taken(refs, len(text))
    out = []
    for match in re.finditer("|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)), text):
        start, end = match.span()
        if any(taken[start:end]) or NOT_A_TOWN_AFTER.match(text[end:]):
            continue
        for name, code, c2023, current in stems[match.group(0)]:
            if {c2023, current} & counties:
                out.append(PlaceRef(match.group(0), start, end, "town", name, frozenset({c2023, current}), code,
                                    bare=True))
    return out


def _villages(text: str, refs: list[PlaceRef]) -> list[PlaceRef]:
    """村/社区 names, kept for the record (no coordinates): right after a town, and the villages of
    a list that follows it (静观镇大坪村、金塘村、集真村)."""
    out = []
    for end in sorted({r.end for r in refs if r.kind == "town"}):
        position = end
        while match := VILLAGE.match(text, position):
            out.append(PlaceRef(match.group(0), match.start(), match.end(), "village", match.group(0), frozenset()))
            separator = VILLAGE_SEPARATOR.match(text, match.end())
            if not separator:
                break
            position = separator.end()
    return out


def _link_ranges(text: str, refs: list[PlaceRef]) -> list[PlaceRef]:
    """Mark `A至B` / `A—B` / `起于A…止于B`: B.range_from = index of A."""
    spans = sorted({(r.start, r.end) for r in refs})
    first_of = {span: i for i, span in reversed(list(enumerate((r.start, r.end) for r in refs)))}
    linked = list(refs)
    for left, right in zip(spans, spans[1:]):
        between = text[left[1]:right[0]]
        starts = RANGE_START.search(text[:left[0]]) and RANGE_END.search(between)
        if RANGE_LINK.match(between) or (starts and re.search(r"止于|终点", between)):
            for i, ref in enumerate(refs):
                if (ref.start, ref.end) == right:
                    linked[i] = dataclasses.replace(ref, range_from=first_of[left])
    return linked


def split_list(text: str) -> list[tuple[int, int]]:
    """Spans of the items of a list written with 、 ， 和 及 与 ； / (each item resolves on its own)."""
    text = normalise(text)
    spans, start = [], 0
    for match in LIST_SEPARATORS.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _unit_names(full: str) -> set[str]:
    """A county-level unit and the units of the other division it is or became."""
    from cymap.geo import division

    names = {full}
    try:
        names |= set(division.currents_of_2023(full))
    except division.DivisionError:
        names |= set(division.formers_of_current(full))
    return names


def _with_current(counties_2023) -> set[str]:
    out = set()
    for county in counties_2023:
        out |= _unit_names(county) if _is_county(county) else {county}
    return out


@functools.cache
def _is_county(name: str) -> bool:
    return name in set(county_forms().values())
