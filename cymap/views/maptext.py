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
DEGREE_M = 100_000  # a degree is about 100 km here: enough to state a simplification tolerance in metres

def division_label(division: str, lang: str = "zh") -> str:
    return i18n.t(f"division_{division}", lang) if f"division_{division}" in i18n.TEXT else str(division)


def today() -> str:
    return dt.date.today().isoformat()


def _listed(items: list[str], lang: str, count_key: str = "") -> str:
    """Items joined; past MAX_TITLE_ITEMS counted instead (`count_key`), so titles stay one line."""
    if count_key and len(items) > MAX_TITLE_ITEMS:
        return i18n.t(count_key, lang, n=len(items))
    return ("、" if lang == "zh" else ", ").join(items)


def _action_short(action: int, lang: str) -> str:
    label = i18n.action_label(action, lang)
    return i18n.t("action_short", lang, label=label.split(" ")[0], n=int(action)) if lang == "zh" else label


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
        active.append(f"{i18n.t('year', lang)}{colon}{', '.join(years)}")
    if spec.query.strip():
        active.append(f"{i18n.t('query', lang)}{colon}“{spec.query.strip()}”")
    filters = (f"{i18n.t('filters', lang)}{'：' if lang == 'zh' else ': '}{sep.join(active)}" if active
               else i18n.t("no_filters", lang))
    subtitle = TITLE_SEPARATOR.join([
        filters,
        f"{i18n.t('division', lang)}{'：' if lang == 'zh' else ': '}{division_label(division, lang)}",
        f"{i18n.t('date', lang)}{'：' if lang == 'zh' else ': '}{date or today()}",
    ])
    return title, subtitle


def _status_code(status: str) -> str:
    from cymap.ledger.schema import normalise_status

    return normalise_status(status) or status


def footnote(division: str, lang: str = "zh") -> str:
    """Sources, boundary provenance, division note and the disclaimer, for the page foot."""
    info = geodata.build_info()
    sources = i18n.t("sources", lang, boundary_source=info["source"].split(" (")[0],
                     simplify_m=round(info["simplification"]["districts_deg"] * DEGREE_M))
    return " ".join([sources, geodata.division_note(division, lang),
                     i18n.t("district_level_note", lang), i18n.t("disclaimer", lang)])
