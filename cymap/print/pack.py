"""The meeting pack: one PDF with an overview page and one page per district with projects.

The QGIS-atlas idea for the plan's half-yearly reviews: page 1 shows the whole municipality
with counts by action and status and an index of the district pages; each district page has
its map with numbered projects and the numbered list. A district with more projects than fit
beside its map continues its list on the next page(s). Every page has the date and
"page n of N". The same filters as the app and the CLI apply (the caller passes the view).
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import matplotlib
from matplotlib.backends.backend_pdf import PdfPages

from cymap.print import fonts, labels, layout, pages, projection, style, tables

from cymap.views import i18n, maptext
from cymap.views.filters import FilterSpec, selected_districts

ROWS_BESIDE_MAP = 34  # list rows on a district's map page; more continue on a list page
ROWS_PER_LIST_PAGE = 60


@dataclass
class DistrictPages:
    name: str
    view: gpd.GeoDataFrame  # numbered rows of this district
    pages: int


def district_plan(view: gpd.GeoDataFrame, division: str, only: list[str] | None = None) -> list[DistrictPages]:
    """Districts (in the division's order) that have projects, with their rows and page counts.

    `only` limits the pages to the districts a filter selected: a pack for 万州区 has no page for
    the neighbours its routes also cross (those rows are on 万州区's page)."""
    touched = projection.row_districts(view, division)
    table = projection.projected_districts(division)
    plan = []
    for name in table.sort_values("adcode")["name_zh"]:
        if only is not None and name not in only:
            continue
        rows = view[touched.map(lambda names, n=name: n in names)]
        if rows.empty:
            continue
        extra = max(0, len(rows) - ROWS_BESIDE_MAP)
        pages = 1 + -(-extra // ROWS_PER_LIST_PAGE)
        plan.append(DistrictPages(name, projection.numbered(rows), pages))
    return plan


def page_count(view: gpd.GeoDataFrame, spec: FilterSpec) -> int:
    """Pages the pack of `view` will have: the overview plus every selected district's pages."""
    return 1 + sum(d.pages for d in district_plan(view, spec.division, selected_districts(spec)))


def _index_panel(plan: list[DistrictPages], lang: str):
    """Draws the list of district pages (district, projects, page) under the overview's counts."""
    def draw(fig, page: layout.Page, box):
        x, y, w, h = box
        s = page.scale
        W, H = page.size_mm
        top = y + h
        entries = []
        number = 2
        for district in plan:
            entries.append((i18n.district_label(district.name, lang), len(district.view), number))
            number += district.pages
        columns = 3 if page.landscape else 4
        per_column = -(-len(entries) // columns)
        size = min(6.4 * s, (top - y) / max(per_column + 1, 1) / 1.45 * 72 / 25.4)
        fig.text(x / W, top / H, i18n.t("district_pages", lang), fontsize=size * 1.1, path_effects=style.BOLD,
                 va="top", color=style.INK)
        line_mm = size * 1.45 / 72 * 25.4
        col_w = w / columns
        for k, (name, count, page_number) in enumerate(entries):
            col, row = divmod(k, per_column)
            cx = x + col * col_w
            cy = top - (row + 1.3) * line_mm
            fig.text(cx / W, cy / H, labels.truncate(name, col_w / (size / 72 * 25.4) - 5), fontsize=size,
                     va="top", color=style.INK)
            fig.text((cx + col_w - 2 * s) / W, cy / H, f"{count} · p.{page_number}", fontsize=size, va="top",
                     ha="right", color="#555555")
    return draw


def render_pack(view: gpd.GeoDataFrame, spec: FilterSpec, *, paper: str = "A4", lang: str = "zh",
                progress: Callable[[int, int], None] | None = None,
                date: str | None = None, dpi: int = 150) -> bytes:
    """The pack as PDF bytes (the spec's division); `progress(done, total)` is called after each page."""
    division = spec.division
    page = layout.Page(paper, "landscape")
    date = date or maptext.today()
    plan = district_plan(view, division, selected_districts(spec))
    total = 1 + sum(d.pages for d in plan)
    title, subtitle = maptext.title_for(spec, lang, division, date=date)
    pack_title = i18n.t("pack_title", lang)
    filters_part = title.split(maptext.TITLE_SEPARATOR, 1)[1] if maptext.TITLE_SEPARATOR in title else ""

    def page_label(n: int) -> str:
        return f"{date}    {i18n.t('page', lang, page=n, pages=total)}"

    buffer = io.BytesIO()
    done = 0
    with matplotlib.rc_context(fonts.rc_params()):
        with PdfPages(buffer, metadata={"Title": pack_title, "Creator": "cymap", "CreationDate": None}) as pdf:
            overview_title = maptext.TITLE_SEPARATOR.join(
                [pack_title, i18n.t("overview", lang)] + ([filters_part] if filters_part else []))
            fig, _ = pages.map_page(projection.numbered(view), title=overview_title, subtitle=subtitle,
                                        division=division, lang=lang, page=page, dpi=dpi, focus=None, date=date,
                                        numbers=False, right_text=page_label(1),
                                        panel_extra=_index_panel(plan, lang))
            pdf.savefig(fig)
            done += 1
            _report(progress, done, total)
            for district in plan:
                label = i18n.district_label(district.name, lang)
                # The filter part is left off when it only repeats the district ("… · 万州区 · 万州区").
                repeated = not filters_part or filters_part == label
                district_title = maptext.TITLE_SEPARATOR.join([i18n.t("pack_title", lang), label]
                                                              + ([] if repeated else [filters_part]))
                fig, listed = pages.map_page(district.view, title=district_title, subtitle=subtitle,
                                                 division=division, lang=lang, page=page, dpi=dpi,
                                                 focus={district.name}, date=date, numbers=True,
                                                 right_text=page_label(done + 1), table_rows=ROWS_BESIDE_MAP)
                pdf.savefig(fig)
                done += 1
                _report(progress, done, total)
                rest = tables.project_rows(district.view, division, lang)[len(listed):]
                for start in range(0, len(rest), ROWS_PER_LIST_PAGE):
                    fig = pages.table_page(
                        rest[start:start + ROWS_PER_LIST_PAGE], title=district_title + i18n.t("continued", lang),
                        subtitle=subtitle, division=division, lang=lang, page=page, dpi=dpi,
                        right_text=page_label(done + 1),
                        heading=f"{i18n.t('projects', lang)}{i18n.t('continued', lang)}")
                    pdf.savefig(fig)
                    done += 1
                    _report(progress, done, total)
    return buffer.getvalue()


def _report(progress, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
