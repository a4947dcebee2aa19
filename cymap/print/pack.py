"""The meeting pack: one PDF with an overview page and one page per district with projects.

The QGIS-atlas idea for the plan's half-yearly reviews: page 1 shows the municipality (or the
districts a place filter selects) with counts by action and status and an index of the district
pages; each district page has its map with numbered projects and the numbered list. A district
with more projects than fit beside its map continues its list on the next page(s). Every page
has the date and "page n of N". The same filters as the app and the CLI apply (the caller
passes the view).

The pack is a sequence of sections (`SECTIONS`): each knows how many pages it has and yields
them. A new kind of page (a targets page, say) is one more section.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import geopandas as gpd
import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from cymap.print import fonts, labels, layout, pages, projection, style
from cymap.print import investment_table, targets_page  # issue 17: sums and targets pages
from cymap.views import i18n, maptext
from cymap.views.filters import FilterSpec, selected_districts

ROWS_BESIDE_MAP = 34  # list rows on a district's map page; more continue on a list page
ROWS_PER_LIST_PAGE = 60


@dataclass
class DistrictPages:
    name: str
    view: gpd.GeoDataFrame  # numbered rows of this district
    pages: int


@dataclass
class PackContext:
    """What every section of the pack reads: the view, the filter, the page and the words."""

    view: gpd.GeoDataFrame
    spec: FilterSpec
    page: layout.Page
    lang: str
    date: str
    dpi: int
    plan: list[DistrictPages]
    subtitle: str
    filters_part: str
    total: int = 0
    sheets: list = field(default_factory=list)  # (kind, MapPage or None) of every page, for checks

    @property
    def division(self) -> str:
        return self.spec.division

    def page_label(self, n: int) -> str:
        return f"{self.date}    {i18n.t('page', self.lang, page=n, pages=self.total)}"


@dataclass
class Section:
    """A run of pack pages: `count(ctx)` pages, yielded by `pages(ctx, first_page_number)`."""

    name: str
    count: Callable[[PackContext], int]
    pages: Callable[[PackContext, int], Iterator[Figure]]


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


def page_count(view: gpd.GeoDataFrame, spec: FilterSpec | None = None) -> int:
    """Pages the pack of `view` will have: every section's (overview, the selected districts', …)."""
    return pack_context(view, spec or FilterSpec()).total


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
        per_column = max(-(-len(entries) // columns), 1)
        size = min(6.4 * s, (top - y) / (per_column + 1) / 1.45 * 72 / 25.4)
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


def overview_title(ctx: PackContext) -> str:
    """会商材料 · 全市总览 for the municipality; 会商材料 · 区域总览 · <places> when a place filter
    chose the districts (the page then frames them, so it is not the whole city)."""
    key = "area_overview" if selected_districts(ctx.spec) else "overview"
    parts = [i18n.t("pack_title", ctx.lang), i18n.t(key, ctx.lang)]
    return maptext.TITLE_SEPARATOR.join(parts + ([ctx.filters_part] if ctx.filters_part else []))


def _overview_pages(ctx: PackContext, first: int) -> Iterator[Figure]:
    focus = set(selected_districts(ctx.spec) or ()) or None
    sheet = pages.map_page(projection.numbered(ctx.view), title=overview_title(ctx), subtitle=ctx.subtitle,
                           division=ctx.division, lang=ctx.lang, page=ctx.page, dpi=ctx.dpi, focus=focus,
                           date=ctx.date, numbers=False, right_text=ctx.page_label(first),
                           list_note=i18n.t("too_many_pack", ctx.lang, n=len(ctx.view)),
                           panel_extra=_index_panel(ctx.plan, ctx.lang))
    ctx.sheets.append(("overview", sheet))
    yield sheet.fig


def _district_pages(ctx: PackContext, first: int) -> Iterator[Figure]:
    number = first
    for district in ctx.plan:
        label = i18n.district_label(district.name, ctx.lang)
        # The filter part is left off when it only repeats the district ("… · 万州区 · 万州区").
        repeated = not ctx.filters_part or ctx.filters_part == label
        title = maptext.TITLE_SEPARATOR.join([i18n.t("pack_title", ctx.lang), label]
                                             + ([] if repeated else [ctx.filters_part]))
        subtitle = investment_table.district_subtitle(ctx, district)  # + the district's investment line
        sheet = pages.map_page(district.view, title=title, subtitle=subtitle, division=ctx.division,
                               lang=ctx.lang, page=ctx.page, dpi=ctx.dpi, focus={district.name}, date=ctx.date,
                               numbers=True, right_text=ctx.page_label(number), table_rows=ROWS_BESIDE_MAP)
        ctx.sheets.append(("district", sheet))
        yield sheet.fig
        number += 1
        rest = sheet.rows[sheet.listed:]
        for start in range(0, len(rest), ROWS_PER_LIST_PAGE):
            fig = pages.table_page(rest[start:start + ROWS_PER_LIST_PAGE],
                                   title=title + i18n.t("continued", ctx.lang), subtitle=ctx.subtitle,
                                   division=ctx.division, lang=ctx.lang, page=ctx.page, dpi=ctx.dpi,
                                   right_text=ctx.page_label(number),
                                   heading=f"{i18n.t('projects', ctx.lang)}{i18n.t('continued', ctx.lang)}")
            ctx.sheets.append(("list", None))
            yield fig
            number += 1


SECTIONS: list[Section] = [
    Section("overview", lambda ctx: 1, _overview_pages),
    Section("districts", lambda ctx: sum(d.pages for d in ctx.plan), _district_pages),
    Section("investment", investment_table.section_count, investment_table.section_pages),  # when amounts
    Section("targets", targets_page.section_count, targets_page.section_pages),
]


def pack_context(view: gpd.GeoDataFrame, spec: FilterSpec, *, paper: str = "A4", lang: str = "zh",
                 date: str | None = None, dpi: int = 150) -> PackContext:
    date = date or maptext.today()
    title, subtitle = maptext.title_for(spec, lang, spec.division, date=date)
    filters_part = title.split(maptext.TITLE_SEPARATOR, 1)[1] if maptext.TITLE_SEPARATOR in title else ""
    ctx = PackContext(view, spec, layout.Page(paper, "landscape"), lang, date, dpi,
                      district_plan(view, spec.division, selected_districts(spec)), subtitle, filters_part)
    ctx.total = sum(section.count(ctx) for section in SECTIONS)
    return ctx


def closing_pages(view: gpd.GeoDataFrame, spec: FilterSpec | None = None, lang: str = "zh") -> int:
    """Pages of the sections after the district pages (summary pages such as targets)."""
    ctx = pack_context(view, spec or FilterSpec(), lang=lang)
    names = [section.name for section in SECTIONS]
    after = SECTIONS[names.index("districts") + 1:]
    return sum(section.count(ctx) for section in after)


def pack_pages(ctx: PackContext) -> Iterator[Figure]:
    """Every page of the pack in order (call inside the export's rc_context). `ctx.sheets` gets one
    entry per page: (kind, MapPage) for map pages, (section name, None) for the others."""
    number, done = 1, 0
    for section in SECTIONS:
        count = section.count(ctx)
        for fig in section.pages(ctx, number):
            done += 1
            if len(ctx.sheets) < done:
                ctx.sheets.append((section.name, None))
            yield fig
        number += count


def render_pack(view: gpd.GeoDataFrame, spec: FilterSpec, *, paper: str = "A4", lang: str = "zh",
                progress: Callable[[int, int], None] | None = None,
                date: str | None = None, dpi: int = 150) -> bytes:
    """The pack as PDF bytes (the spec's division); `progress(done, total)` is called after each page."""
    ctx = pack_context(view, spec, paper=paper, lang=lang, date=date, dpi=dpi)
    buffer = io.BytesIO()
    # PDF text is vector: glyph hinting (for screen pixels) only costs time here.
    with matplotlib.rc_context({**fonts.rc_params(), "text.hinting": "none"}):
        metadata = {"Title": i18n.t("pack_title", lang), "Creator": "cymap", "CreationDate": None}
        with PdfPages(buffer, metadata=metadata) as pdf:
            for done, fig in enumerate(pack_pages(ctx), start=1):
                pdf.savefig(fig)
                if progress is not None:
                    progress(done, ctx.total)
    return buffer.getvalue()
