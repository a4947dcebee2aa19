"""Free place text -> the parts a row touches: the finest consistent reading of what
cymap.geo.placetext found.

Consistency wins over similarity: a town, place or fuzzy candidate must agree with the district
(and town) the text names and with the row's declared district (所属区县); a weak word (三峡,
科学城 …) never pulls a row into a district the text does not name; where the text names a
district and nothing finer agrees, the row is that district. Lists give one part per item,
ranges (A至B) a route between their ends. Nothing is dropped without a warning.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import shapely
from rapidfuzz import fuzz, process

from cymap.geo import division, geodata, placetext
from cymap.geo.resolve import FUZZY_THRESHOLD, Gazetteer, Part, _anchor_point
from cymap.geo.names import key
from cymap.geo.placetext import PlaceRef


class Note(str):
    """A geocoder warning: the English sentence (what exports and scripts read), with its `kind` and the
    `fields` it names so that cymap.views.problems.note_text words it in either language."""

    def __new__(cls, sentence: str, kind: str, /, **fields) -> Note:
        note = super().__new__(cls, sentence)
        note.kind, note.fields = kind, fields
        return note

    def __reduce__(self):  # pickled (a cache, a worker) as what it is, not as a plain str
        return _note, (str(self), self.kind, self.fields)


def _note(sentence: str, kind: str, fields: dict) -> Note:
    return Note(sentence, kind, **fields)


@dataclass
class Reading:
    parts: list[Part] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # Notes


@functools.cache
def _own_district() -> dict[str, str]:
    """Gazetteer place -> the 2023 unit its point lies in."""
    table = geodata.gazetteer()
    return dict(zip(table["name"], table["district"]))


def agrees_with(part: Part, declared: str) -> bool:
    """Does a part lie in (or touch) the declared district, in either division?"""
    return bool(placetext._unit_names(declared) & (set(part.districts) | set(part.districts_2023) | set(part.possible)))


def _county_part(g: Gazetteer, name: str, declared: bool = False) -> Part | None:
    """The district part of a county-level unit. Declared (a list's 所属区县, often written before
    the 2025 re-division): a 2023 unit that lost towns (北碚区) possibly lies in the units that got them."""
    for form in (name, name + division.DISTRICT_QUALIFIER):
        part = g.lookup(form)
        if part is not None and part.precision == "district":
            possible = part.possible
            if declared and name in division.split_2023_units():
                possible = tuple(d for d in division.currents_of_2023(name) if d not in part.districts)
            return Part(name, part.geometry, "district", part.matched, "district", part.districts,
                        districts_2023=part.districts_2023, possible=possible)
    return None


def _agrees(counties: frozenset[str] | set[str], context: set[str]) -> bool:
    return not context or bool(set(counties) & context)


def _context(refs: list[PlaceRef], declared: str) -> set[str]:
    names = {declared} if declared else set()
    for ref in refs:
        if ref.kind == "county" and not ref.weak:
            names.add(ref.name)
    expanded = set(names)
    for name in names:  # a 2023 unit and the current units it became agree with each other
        expanded |= placetext._unit_names(name)
    return expanded


def _choose(refs: list[PlaceRef], context: set[str], warnings: list[str]) -> list[PlaceRef]:
    """One meaning per span: the county, or the town/place that agrees with the context."""
    by_span: dict[tuple[int, int], list[PlaceRef]] = {}
    for ref in refs:
        by_span.setdefault(ref.span, []).append(ref)
    chosen = []
    for span, meanings in by_span.items():
        if meanings[0].kind == "village":
            chosen.append(meanings[0])
            continue
        agreeing = [r for r in meanings if _agrees(r.counties, context) and not (r.weak and not context)]
        if not agreeing:
            if context or any(r.weak for r in meanings):
                where = "/".join(sorted(context)) or "a named district"
                warnings.append(Note(f"{meanings[0].text}: ignored — not in {where}",
                                     "ignored_not_in" if context else "ignored_no_district",
                                     text=meanings[0].text, where=tuple(sorted(context))))
            else:
                warnings.append(_ambiguous(meanings))
            continue
        if len({(r.name, r.code) for r in agreeing}) > 1 and agreeing[0].kind != "county":
            warnings.append(_ambiguous(agreeing))
            continue
        chosen.append(agreeing[0])
    return chosen


def _ambiguous(refs: list[PlaceRef]) -> Note:
    counties = tuple(sorted({c for r in refs for c in r.counties}))
    return Note(f"{refs[0].text}: ambiguous ({', '.join(counties)})", "ambiguous", text=refs[0].text, counties=counties)


def _town_part(g: Gazetteer, ref: PlaceRef, villages: list[str]) -> Part | None:
    row = _township(ref.code)
    label = ref.name + ("" if not villages else "（" + "、".join(villages) + "）")
    if row is not None and row.lon == row.lon:  # a seat coordinate (NaN when none)
        return Part(ref.text, shapely.Point(row.lon, row.lat), "town", f"{row.county_2023}{label}", "town",
                    (row.county_current,), districts_2023=(row.county_2023,))
    county = _county_part(g, row.county_current) if row is not None else None
    if county is None:
        return None
    label = f"{row.county_2023}{label} (seat not located; drawn at the district)"
    return Part(ref.text, county.geometry, "district", label, "town (no seat)", (row.county_current,),
                districts_2023=(row.county_2023,))


@functools.cache
def _townships_by_code() -> dict:
    return {row.code: row for row in geodata.townships().itertuples()}


def _township(code: str):
    return _townships_by_code().get(code)


def _place_part(g: Gazetteer, ref: PlaceRef, context: set[str]) -> Part | None:
    found = g.lookup(ref.name)
    if found is None:
        return None
    own = _own_district().get(ref.name, "")
    if context and placetext._is_county(own) and not (placetext._unit_names(own) & context):
        return None  # spans the named district but lies elsewhere: the district stands (科学城 in a 江津 row)
    method = "place" if found.precision != "route" else "route"
    return Part(ref.text, found.geometry, found.precision, found.matched, method, found.districts,
                districts_2023=found.districts_2023)


def read_text(text: str, g: Gazetteer, declared: str = "", allow_fuzzy: bool = True) -> Reading:
    """The parts `text` names, consistent with each other and with `declared` (a full name)."""
    reading = Reading()
    refs = placetext.find_places(text, {declared} if declared else frozenset())
    context = _context(refs, declared)
    chosen = _choose(refs, context, reading.warnings)
    parts: list[tuple[PlaceRef, Part]] = []
    for i, ref in enumerate(chosen):
        if ref.kind == "town":
            villages = [r.text for r in chosen[i + 1:] if r.kind == "village" and r.start >= ref.end]
            villages = villages[: next((j for j, r in enumerate(chosen[i + 1:]) if r.kind != "village"), len(villages))]
            part = _town_part(g, ref, villages)
        elif ref.kind == "place":
            part = _place_part(g, ref, context)
        else:
            continue
        if part is not None:
            parts.append((ref, part))
    covered = {c for ref, _ in parts for c in ref.counties}
    for ref in chosen:
        if ref.kind == "county" and not ref.weak and not (placetext._unit_names(ref.name) & covered):
            part = _county_part(g, ref.name)
            if part is not None:
                parts.append((ref, part))
                covered |= {ref.name}
    parts.sort(key=lambda item: item[0].start)
    reading.parts = _ranges(parts, chosen)
    if not reading.parts and allow_fuzzy and not refs:
        reading.parts = _fuzzy(text, g, context)
    return _with_declared(reading, g, declared)


def _ranges(parts: list[tuple[PlaceRef, Part]], chosen: list[PlaceRef]) -> list[Part]:
    """A至B: the parts of A and B become one route between their points."""
    out: list[Part] = []
    by_start = {ref.start: part for ref, part in parts}
    used: set[int] = set()
    for ref, part in parts:
        origin = next((r for r in chosen if ref.range_from >= 0 and r.start < ref.start and r.start in by_start
                       and r.start not in used and r.end <= ref.start), None) if ref.range_from >= 0 else None
        if origin is not None:
            start_part = by_start[origin.start]
            a, b = _anchor_point(start_part), _anchor_point(part)
            if out and out[-1] is start_part:
                out.pop()
            used |= {origin.start, ref.start}
            line = shapely.LineString([(a.x, a.y), (b.x, b.y)])
            out.append(Part(f"{start_part.reference}至{part.reference}", line, "route",
                            f"{start_part.matched} > {part.matched}", "range",
                            tuple(dict.fromkeys(start_part.districts + part.districts)),
                            districts_2023=tuple(dict.fromkeys(start_part.districts_2023 + part.districts_2023))))
        else:
            out.append(part)
    return out


def _fuzzy(text: str, g: Gazetteer, context: set[str]) -> list[Part]:
    """Fuzzy candidates (never weak words) that agree with the context; reported with score and text."""
    choices = {k: v for k, v in g.fuzzy_choices.items() if len(k) >= 3 and v not in placetext.WEAK_WORDS}
    for choice, score, _ in process.extract(key(text), choices.keys(), scorer=fuzz.WRatio,
                                            score_cutoff=FUZZY_THRESHOLD, limit=5):
        found = g.lookup(choices[choice])
        if found is not None and _agrees(set(found.districts) | set(found.districts_2023), context):
            return [Part(text, found.geometry, found.precision, found.matched,
                         f"fuzzy ({score:.0f}: {text!r} ~ {choices[choice]!r})", found.districts,
                         districts_2023=found.districts_2023)]
    return []


def _with_declared(reading: Reading, g: Gazetteer, declared: str) -> Reading:
    """The declared district is the row's: parts that agree come first; none agree -> the district."""
    if not declared:
        return reading
    own = placetext._unit_names(declared)
    agree = [p for p in reading.parts if own & (set(p.districts) | set(p.districts_2023))]
    if agree:
        reading.parts = agree + [p for p in reading.parts if p not in agree]
        return reading
    if reading.parts:
        names = tuple(p.matched for p in reading.parts)
        reading.warnings.append(Note("location names " + "、".join(names) + f", not the declared {declared}: located "
                                     f"at {declared}", "declared_elsewhere", names=names, declared=declared))
    part = _county_part(g, declared, declared=True)
    reading.parts = [Part(declared, part.geometry, "district", part.matched, "declared district",
                          part.districts, districts_2023=part.districts_2023, possible=part.possible)] if part else []
    return reading
