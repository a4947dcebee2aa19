"""The pack's investment page (counts and 亿元 by district, action and status) and the line each
district page carries. The sums come from cymap.views.investment (each row counted once, under its
primary district), so the page's district rows add up to the ledger's totals."""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from cymap.ledger.schema import AMOUNT_COLUMNS
from cymap.print import pages
from cymap.print.labels import wrap
from cymap.print.layout import MM_PER_INCH, PT_PER_INCH, Page
from cymap.print.tables import draw_frame_table
from cymap.views import i18n, maptext, investment
from cymap.views.filters import FilterSpec, selected_districts

def has_page(view: pd.DataFrame) -> bool:
    """The pack has an investment page when any row of the view carries an amount."""
    return investment.has_amounts(view)


def district_line(view: pd.DataFrame, district: str, division: str, lang: str) -> str:
    """Projects and sums of the rows whose primary district is `district` (empty without amounts)."""
    rows = view[view[investment.primary_column(division)] == district] if len(view) else view
    if not investment.has_amounts(rows):
        return ""
    sums = investment.totals(rows)
    text = {c: investment.format_amount(sums[c], sums[investment.PRICED[c]]) for c in AMOUNT_COLUMNS}
    return i18n.t("inv_district_line", lang, projects=sums["projects"], total=text["total_investment"],
                  annual=text["annual_plan_investment"], completed=text["completed_investment"],
                  priced=sums[investment.PRICED["total_investment"]])


def investment_page(view: pd.DataFrame, spec: FilterSpec, *, page: Page, dpi: int, lang: str, title: str,
                    subtitle: str, right_text: str) -> Figure:
    """One page: by district on the left; by action and by status on the right; how it counts."""
    fig = page.figure(dpi)
    pages.header(fig, page, title, subtitle)
    pages.footer(fig, page, spec.division, lang, right_text)
    x, y, w, h = page.boxes(has_panel=False)["map"]
    s = page.scale
    districts = investment.display_table(investment.by_district(view, spec.division, selected_districts(spec)),
                                         "district", lang)
    actions = investment.display_table(investment.by_action(view), "action", lang)
    statuses = investment.display_table(investment.by_status(view), "status", lang)
    note_h = 9 * s
    left_w = w * 0.5
    draw_frame_table(page.axes(fig, (x, y + note_h, left_w - 4 * s, h - note_h)), districts, s,
                     heading=f"{i18n.t('inv_header', lang)} · {i18n.t('inv_by_district', lang)}")
    right_x, right_w = x + left_w + 2 * s, w - left_w - 2 * s
    action_h = (h - note_h) * (len(actions) + 2) / (len(actions) + len(statuses) + 4)
    draw_frame_table(page.axes(fig, (right_x, y + h - action_h, right_w, action_h)), actions, s,
                     heading=i18n.t("inv_by_action", lang))
    draw_frame_table(page.axes(fig, (right_x, y + note_h, right_w, h - action_h - note_h - 3 * s)), statuses, s,
                     heading=i18n.t("inv_by_status", lang))
    W, H = page.size_mm
    size = 6.0 * s
    note = "\n".join(wrap(investment.note(lang), w / MM_PER_INCH * PT_PER_INCH / size))  # the one width rule
    fig.text(x / W, (y + note_h - 1.5 * s) / H, note, fontsize=size, va="top", color="#555555", linespacing=1.25)
    return fig


# --- the pack's section (cymap.print.pack.SECTIONS): ctx is the pack's PackContext -----------------
def section_count(ctx) -> int:
    """One page when the view carries any amount, else none."""
    return int(has_page(ctx.view))


def section_pages(ctx, first: int):
    if has_page(ctx.view):
        title = maptext.TITLE_SEPARATOR.join([i18n.t("pack_title", ctx.lang), i18n.t("inv_page_title", ctx.lang)])
        yield investment_page(ctx.view, ctx.spec, page=ctx.page, dpi=ctx.dpi, lang=ctx.lang, title=title,
                              subtitle=ctx.subtitle, right_text=ctx.page_label(first))


def district_subtitle(ctx, district) -> str:
    """A district page's subtitle: the pack's, then the district's line of sums (when it has amounts)."""
    return "\n".join(filter(None, [ctx.subtitle, district_line(district.view, district.name, ctx.division, ctx.lang)]))
