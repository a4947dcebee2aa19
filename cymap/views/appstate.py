"""The app's view state <-> URL query string, as pure functions (testable without Streamlit).

The sidebar widgets use the query parameter names as their keys (docs/ARCHITECTURE.md, "Interfaces": `district`,
`region`, `action`, `status`, `category`, `q`, `lang`, `basemap`, plus `year`, `division` and `choropleth`),
so one `ViewState` describes the URL, the widgets and the filter. A link reproduces a view;
values a link carries that do not exist (a typo, a renamed district) are dropped and reported
instead of failing the page.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from cymap.geo import geodata
from cymap.geo.division import resolve_district_name
from cymap.views.basemap_choices import BASEMAP_KEYS, FALLBACK_BASEMAP
from cymap.views.filters import FilterSpec
from cymap.views.i18n import DEFAULT_LANGUAGE, LANGUAGES
from cymap.ledger.schema import ACTIONS, CATEGORIES, REGION_GROUPS, REGIONS, normalise_status

# Multi-valued parameters (repeated in the URL, or comma-separated when typed by hand).
LIST_PARAMS = ("district", "region", "action", "status", "category", "year")
# Single-valued parameters.
SCALAR_PARAMS = ("q", "lang", "basemap", "division", "choropleth")
PARAMS = LIST_PARAMS + SCALAR_PARAMS

DEFAULT_BASEMAP = FALLBACK_BASEMAP
ON_VALUES = ("1", "true", "yes", "on")
OFF_VALUES = ("0", "false", "no", "off")
# Region filter options: the three groups of 一区两群, then the two halves of the metropolitan area.
REGION_OPTIONS = tuple(REGION_GROUPS) + tuple(r for r in REGIONS if r not in REGION_GROUPS)


@dataclass
class ViewState:
    """Everything a link or the sidebar says about the view."""

    districts: list[str] = field(default_factory=list)  # canonical full names (either division)
    regions: list[str] = field(default_factory=list)
    actions: list[int] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    query: str = ""
    lang: str = DEFAULT_LANGUAGE
    basemap: str = DEFAULT_BASEMAP
    division: str = geodata.DEFAULT_DIVISION
    choropleth: bool = False  # districts shaded by project count
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (parameter, value) dropped

    def filter_spec(self) -> FilterSpec:
        return FilterSpec(districts=list(self.districts), regions=list(self.regions),
                          actions=list(self.actions), statuses=list(self.statuses),
                          categories=list(self.categories), years=list(self.years),
                          query=self.query, division=self.division)

    def widget_values(self) -> dict[str, object]:
        """Session-state values for the sidebar widgets (key = parameter name)."""
        return {"district": list(self.districts), "region": list(self.regions),
                "action": list(self.actions), "status": list(self.statuses),
                "category": list(self.categories), "year": list(self.years), "q": self.query,
                "lang": self.lang, "basemap": self.basemap, "division": self.division,
                "choropleth": self.choropleth}


def _values(params: Mapping[str, object], name: str) -> list[str]:
    """All values of a parameter: repeated keys and comma-separated lists both count."""
    raw = params.get(name, [])
    raw = [raw] if isinstance(raw, str) else list(raw or [])
    out = []
    for value in raw:
        out.extend(part.strip() for part in str(value).replace("，", ",").split(",") if part.strip())
    return out


def _scalar(params: Mapping[str, object], name: str) -> str:
    raw = params.get(name, "")
    if not isinstance(raw, str):
        raw = list(raw or [""])[-1]
    return str(raw).strip()


def _as_int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def _region_names(region: str) -> set[str]:
    """A region as a link may write it: its Chinese key or an English name (group or region)."""
    return {region} | {table[region]["en"] for table in (REGIONS, REGION_GROUPS) if region in table}


def state_from_params(params: Mapping[str, object]) -> ViewState:
    """Parse query parameters (name -> str or list of str) into a ViewState."""
    state = ViewState()
    for value in _values(params, "district"):
        meaning = resolve_district_name(value)  # the resolver the filters and the CLI use
        state.districts.append(meaning.name_zh) if meaning else state.ignored.append(("district", value))
    for value in _values(params, "region"):
        region = next((r for r in REGION_OPTIONS if value in _region_names(r)), None)
        state.regions.append(region) if region else state.ignored.append(("region", value))
    for value in _values(params, "action"):
        number = _as_int(value)
        state.actions.append(number) if number in ACTIONS else state.ignored.append(("action", value))
    for value in _values(params, "status"):
        code = normalise_status(value)
        state.statuses.append(code) if code else state.ignored.append(("status", value))
    for value in _values(params, "category"):
        state.categories.append(value) if value in CATEGORIES else state.ignored.append(("category", value))
    for value in _values(params, "year"):
        number = _as_int(value)
        state.years.append(number) if number is not None else state.ignored.append(("year", value))
    state.query = _scalar(params, "q")
    for name, allowed, default in (("lang", LANGUAGES, DEFAULT_LANGUAGE),
                                   ("basemap", BASEMAP_KEYS, DEFAULT_BASEMAP),
                                   ("division", geodata.DIVISIONS, geodata.DEFAULT_DIVISION)):
        value = _scalar(params, name)
        if value and value not in allowed:
            state.ignored.append((name, value))
        setattr(state, name, value if value in allowed else default)
    shading = _scalar(params, "choropleth").lower()
    if shading and shading not in ON_VALUES + OFF_VALUES:
        state.ignored.append(("choropleth", shading))
    state.choropleth = shading in ON_VALUES
    for name in ("districts", "regions", "actions", "statuses", "categories", "years"):
        setattr(state, name, list(dict.fromkeys(getattr(state, name))))
    return state


def state_from_widgets(values: Mapping[str, object]) -> ViewState:
    """The ViewState the sidebar widgets describe (values keyed by parameter name)."""
    return ViewState(
        districts=list(values.get("district") or []), regions=list(values.get("region") or []),
        actions=[int(a) for a in values.get("action") or []],
        statuses=list(values.get("status") or []), categories=list(values.get("category") or []),
        years=[int(y) for y in values.get("year") or []], query=str(values.get("q") or "").strip(),
        lang=str(values.get("lang") or DEFAULT_LANGUAGE),
        basemap=str(values.get("basemap") or DEFAULT_BASEMAP),
        division=str(values.get("division") or geodata.DEFAULT_DIVISION),
        choropleth=bool(values.get("choropleth")),
    )


def params_from_state(state: ViewState) -> dict[str, list[str] | str]:
    """Query parameters for a state; defaults are left out so the plain link stays plain."""
    params: dict[str, list[str] | str] = {}
    lists = {"district": state.districts, "region": state.regions, "action": state.actions,
             "status": state.statuses, "category": state.categories, "year": state.years}
    for name, values in lists.items():
        if values:
            params[name] = [str(v) for v in values]
    if state.query:
        params["q"] = state.query
    for name, default in (("lang", DEFAULT_LANGUAGE), ("basemap", DEFAULT_BASEMAP),
                          ("division", geodata.DEFAULT_DIVISION)):
        if getattr(state, name) != default:
            params[name] = getattr(state, name)
    if state.choropleth:
        params["choropleth"] = "1"
    return params


def normalise_params(params: Mapping[str, object]) -> dict[str, list[str] | str]:
    """Query parameters in the form `params_from_state` writes, for comparing two URLs."""
    out: dict[str, list[str] | str] = {}
    for name in PARAMS:
        if name in LIST_PARAMS:
            values = _values(params, name)
            if values:
                out[name] = values
        elif _scalar(params, name):
            out[name] = _scalar(params, name)
    return out
