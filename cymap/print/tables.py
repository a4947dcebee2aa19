"""The side panel: legend handles, notes, the numbered project list, the counts matrix and, beside
the counts, projects and investment by district; the plain table the investment pages draw."""
from __future__ import annotations


import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from cymap.ledger.schema import STATUS_COLORS, STATUSES
from cymap.views import i18n, investment
from cymap.print.draw import district_item_style
from cymap.print.figbox import FigBox
from cymap.print.style import APPROXIMATE_DASHES, APPROXIMATE_EDGE, APPROXIMATE_WIDTH, BOLD, INK
from cymap.print.labels import text_width_em, text_width_pt, truncate, wrap
from cymap.print.layout import LIST_MIN_PT, MM_PER_INCH, PT_PER_INCH
from cymap.print.projection import row_districts


# --- legend and list ---------------------------------------------------------------------------
def legend_handles(drawn: dict, lang: str, scale: float) -> list:
    handles = []
    for status in STATUSES:
        if status in drawn["statuses"]:
            handles.append(Patch(facecolor=STATUS_COLORS[status], edgecolor="white",
                                 label=i18n.status_label(status, lang)))
    for marker, categories in sorted(drawn["markers"].items(), key=lambda kv: sorted(kv[1])):
        label = ("、" if lang == "zh" else ", ").join(i18n.category_label(c, lang) for c in sorted(categories))
        handles.append(Line2D([], [], marker=marker, linestyle="none", markersize=6.5 * scale,
                              markerfacecolor="#8a8a8a", markeredgecolor="white", label=label))
    if drawn["route_built"]:
        handles.append(Line2D([], [], color="#555555", linewidth=2 * scale, label=i18n.t("route_built", lang)))
    if drawn["route_not_built"]:
        handles.append(Line2D([], [], color="#555555", linewidth=2 * scale, linestyle=(0, (3.5, 1.8)),
                              label=i18n.t("route_not_built", lang)))
    if drawn["district"]:
        style = district_item_style(drawn.get("district_hatch", True))
        style.pop("linewidth")
        handles.append(Patch(**style, label=i18n.t("district_item", lang)))
    if drawn["zone"]:
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=10 * scale, alpha=0.3,
                              markerfacecolor="#8a8a8a", markeredgecolor="#8a8a8a",
                              label=i18n.t("zone_item", lang)))
    if drawn["town"]:
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=10 * scale,
                              markerfacecolor="none", markeredgecolor="#8a8a8a",
                              label=i18n.t("town_item", lang)))
    if drawn.get("approximate_boundary"):
        handles.append(Line2D([], [], color=APPROXIMATE_EDGE, linewidth=APPROXIMATE_WIDTH * scale,
                              linestyle=APPROXIMATE_DASHES, label=i18n.t("approximate_boundary", lang)))
    return handles


def notes_for(drawn: dict, lang: str) -> list[str]:
    notes = []
    if drawn["municipal"]:
        notes.append(i18n.t("municipal_note", lang, n=drawn["municipal"]))
    if drawn["unresolved"]:
        notes.append(i18n.t("unresolved_note", lang, n=drawn["unresolved"]))
    return notes



# How an item is shown on its page (cymap.print.marks) -> the key of the list's "on map" cell; an
# item drawn with its number needs no word.
MAP_MARK_KEYS = {"label": "", "chip": "", "symbol": "mark_symbol", "tint": "mark_tint",
                 "elsewhere": "mark_elsewhere", "municipal": "mark_municipal", "unresolved": "mark_unresolved"}


def how_shown(number: int, precision: str, shown: dict[int, str] | None) -> str:
    """How item `number` appears on the map: as `shown` says, else why it is not drawn."""
    if shown is not None and number in shown:
        return shown[number]
    if precision in ("municipal", "unresolved"):
        return precision
    return "elsewhere"


def project_rows(view: pd.DataFrame, division: str, lang: str, shown: dict[int, str] | None = None) -> list[dict]:
    """One dict per project for the numbered list: number, name, status, districts, precision and
    `on_map` (label, chip, symbol, tint, elsewhere, municipal, unresolved; see how_shown)."""
    rows = []
    narrow = view[["number", "name_zh", "name_en", "status", "precision"]]
    for row, names in zip(narrow.itertuples(), row_districts(view, division)):
        name = row.name_zh if lang == "zh" or not str(row.name_en or "").strip() else row.name_en
        if row.precision == "municipal":
            where = i18n.t("municipal", lang)
        elif not names:
            where = i18n.t("unresolved", lang) if row.precision == "unresolved" else "—"
        else:
            where = ("、" if lang == "zh" else ", ").join(
                i18n.district_label(n, lang).replace(" District", "").replace(" County", "") for n in names)
        rows.append({"number": int(row.number), "name": str(name), "status": row.status,
                     "where": where, "precision": i18n.precision_label(row.precision, lang),
                     "on_map": how_shown(int(row.number), row.precision, shown)})
    return rows


def mark_text(row: dict, lang: str) -> str:
    key = MAP_MARK_KEYS.get(row.get("on_map", "label"), "")
    return i18n.t(key, lang) if key else ""


def list_size(rows: int, height_pt: float, scale: float, font_max: float = 7.0, heading: bool = True,
              note: bool = False) -> float:
    """The font size of a list of `rows` in `height_pt`: as large as fits, at most `font_max` × scale."""
    lines = rows + 1 + (1 if heading else 0) + (1.6 if note else 0)
    return min(font_max * scale, height_pt / (lines * 1.42))


def rows_that_fit(height_pt: float, size: float, heading: bool = True, note: bool = True) -> int:
    """How many list rows fit in `height_pt` at font `size`."""
    return max(0, int(height_pt / (size * 1.42) - 1 - (1 if heading else 0) - (1.6 if note else 0)))


def draw_table(ax: FigBox, rows: list[dict], lang: str, scale: float, *, heading: str = "",
               font_max: float = 7.0, size: float | None = None, note: bool = True, compact: bool = False) -> float:
    """A numbered list in a figure box (no frame; `compact`: without the districts and precision
    columns, for the wall map's narrow columns), font shrunk to fit (or `size`); returns the font size
    used. The "on map" column says how an item is shown when its number is not on the map, and a
    note under the list says what those words mean."""
    ax.set_axis_off()
    fig = ax.figure
    bbox = ax.get_position()
    width_pt = bbox.width * fig.get_figwidth() * PT_PER_INCH
    height_pt = bbox.height * fig.get_figheight() * PT_PER_INCH
    marks = [mark_text(r, lang) for r in rows]
    note = note and any(marks)
    size = size or list_size(len(rows), height_pt, scale, font_max, bool(heading), note)
    row_h = size * 1.42 / height_pt
    em = width_pt / size

    def need(values, cap):
        return min(max([text_width_pt(v, 1.0) for v in values] + [0]) + 1.0, cap)
    widths = [2.4, 0.0,
              need([i18n.status_label(r["status"], lang) for r in rows] + [i18n.t("status", lang)], 11.0) + 1.1,
              need([r["where"] for r in rows] + [i18n.t("districts_touched", lang)], 0.2 * em),
              need([r["precision"] for r in rows] + [i18n.t("precision", lang)], 0.16 * em),
              need(marks + [i18n.t("on_map", lang)], 0.14 * em) if any(marks) else 0.0]
    if compact:
        widths[3] = widths[4] = 0.0
    widths[1] = em - sum(widths) - 0.5
    headers = [i18n.t("no", lang), i18n.t("name", lang), i18n.t("status", lang),
               i18n.t("districts_touched", lang), i18n.t("precision", lang),
               i18n.t("on_map", lang) if any(marks) else ""]
    if compact:
        headers[3] = headers[4] = ""
    y = 1.0
    if heading:
        ax.text(0, y, heading, transform=ax.transAxes, fontsize=size * 1.12, va="top", path_effects=BOLD,
                color=INK)
        y -= row_h * 1.05
    xs = np.cumsum([0] + widths[:-1]) / em
    for x, header in zip(xs, headers):
        ax.text(x, y, header, transform=ax.transAxes, fontsize=size, va="top", color="#555555",
                path_effects=BOLD)
    ax.plot([0, 1], [y - row_h * 0.92] * 2, transform=ax.transAxes, color="#999999", linewidth=0.5 * scale)
    y -= row_h
    dots = []
    for k, (row, mark) in enumerate(zip(rows, marks)):
        if k % 2 == 1:
            ax.add_patch(Rectangle((0, y - row_h * 0.95), 1, row_h, transform=ax.transAxes,
                                   facecolor="#f4f4f4", edgecolor="none", zorder=0))
        cells = [str(row["number"]), truncate(row["name"], widths[1] - 0.6),
                 truncate(i18n.status_label(row["status"], lang), widths[2] - 1.1),
                 truncate(row["where"], widths[3] - 0.4), truncate(row["precision"], widths[4] - 0.4),
                 truncate(mark, widths[5])]
        if compact:
            cells[3] = cells[4] = ""
        for col, (x, cell) in enumerate(zip(xs, cells)):
            dx = 0
            if col == 2:  # a status dot before the label, in the status colour (one scatter below)
                dots.append((x + 0.45 / em, y - row_h * 0.42, STATUS_COLORS.get(row["status"], INK)))
                dx = 1.1 / em
            ax.text(x + dx, y, cell, transform=ax.transAxes, fontsize=size, va="top",
                    color="#8a4b00" if col == 5 else INK, path_effects=BOLD if col == 0 else None)
        y -= row_h
    if dots:
        dx, dy, colours = zip(*dots)
        ax.dots(dx, dy, colours, size * 0.75)
    if note:
        text = "\n".join(wrap(i18n.t("on_map_note", lang), em / 0.85 - 0.5))
        ax.text(0, y - row_h * 0.3, text, transform=ax.transAxes, fontsize=size * 0.85, va="top", color="#555555")
    return size


def draw_table_columns(fig, page, box, rows: list[dict], lang: str, *, heading: str, columns: int,
                       font_max: float = 7.0) -> float:
    """The numbered list in `columns` side-by-side blocks of one font size (wall maps); returns the size."""
    x, y, w, h = box
    gap = 6 * page.scale
    col_w = (w - gap * (columns - 1)) / columns
    per = -(-len(rows) // columns)
    height_pt = h / 25.4 * PT_PER_INCH
    size = list_size(per, height_pt, page.scale, font_max, True, True)
    for k in range(columns):
        part = rows[k * per:(k + 1) * per]
        if not part:
            break
        ax = FigBox(fig, page, (x + k * (col_w + gap), y, col_w, h))
        draw_table(ax, part, lang, page.scale, heading=heading if k == 0 else " ", size=size,
                   note=k == columns - 1 or (k + 1) * per >= len(rows), compact=True)
    return size


def counts_table(ax, view: pd.DataFrame, lang: str, scale: float, *, by_action: bool = True,
                 font_max: float = 6.8) -> None:
    """A matrix of counts: actions (rows; 未归入行动 last) × statuses (columns), with totals."""
    ax.set_axis_off()
    statuses = list(STATUSES)
    if by_action:  # rows without an action (a district's list) are one row, 未归入行动, last
        keys = pd.to_numeric(view["action"], errors="coerce").fillna(investment.UNASSIGNED).astype(int)
        actions = sorted(set(keys) - {investment.UNASSIGNED}) + [investment.UNASSIGNED] * bool(
            (keys == investment.UNASSIGNED).any())
        row_keys = actions
        row_labels = [i18n.action_label(a if a != investment.UNASSIGNED else None, lang) for a in actions]
        grid = pd.crosstab(keys, view["status"]).reindex(index=actions, columns=statuses, fill_value=0)
    else:
        row_keys, row_labels = [0], [i18n.t("projects", lang)]
        grid = pd.DataFrame([view["status"].value_counts().reindex(statuses, fill_value=0)], index=[0])
    fig = ax.figure
    bbox = ax.get_position()
    width_pt = bbox.width * fig.get_figwidth() * PT_PER_INCH
    height_pt = bbox.height * fig.get_figheight() * PT_PER_INCH
    lines = len(row_keys) + 3
    size = min(font_max * scale, height_pt / (lines * 1.45))
    row_h = size * 1.45 / height_pt
    em = width_pt / size
    cell = 4.0 if lang == "zh" else 4.6
    label_em = em - 7 * cell
    xs = [0] + [(label_em + k * cell) / em for k in range(7)]
    y = 1.0
    ax.text(0, y, i18n.t("counts_by_action" if by_action else "counts_by_status", lang),
            transform=ax.transAxes, fontsize=size * 1.12, va="top", path_effects=BOLD, color=INK)
    y -= row_h * 1.1
    for k, status in enumerate(statuses):
        ax.add_patch(Rectangle((xs[k + 1], y - row_h * 0.95), (cell - 0.3) / em, row_h, transform=ax.transAxes,
                               facecolor=STATUS_COLORS[status], edgecolor="none"))
        ax.text(xs[k + 1] + (cell - 0.3) / 2 / em, y - row_h * 0.45,
                truncate(i18n.status_label(status, lang), (cell - 0.4) / (0.8 if lang == "zh" else 0.62)),
                transform=ax.transAxes, fontsize=size * (0.8 if lang == "zh" else 0.62), ha="center",
                va="center", color="white", path_effects=BOLD)
    ax.text(xs[7] + (cell - 0.3) / 2 / em, y, i18n.t("total", lang), transform=ax.transAxes, fontsize=size,
            ha="center", va="top", color="#555555", path_effects=BOLD)
    y -= row_h
    for key, label in zip(row_keys, row_labels):
        ax.text(0, y, truncate(label, label_em - 0.5), transform=ax.transAxes, fontsize=size, va="top", color=INK)
        values = [int(grid.loc[key, s]) for s in statuses]
        for k, value in enumerate(values + [sum(values)]):
            ax.text(xs[k + 1] + (cell - 0.3) / 2 / em, y, str(value) if value else "·", transform=ax.transAxes,
                    fontsize=size, ha="center", va="top", color=INK if value else "#aaaaaa",
                    path_effects=BOLD if k == 6 else None)
        y -= row_h
    if by_action:
        ax.plot([0, 1], [y + row_h * 0.05] * 2, transform=ax.transAxes, color="#999999", linewidth=0.5 * scale)
        ax.text(0, y, i18n.t("total", lang), transform=ax.transAxes, fontsize=size, va="top",
                color=INK, path_effects=BOLD)
        totals = [int(grid[s].sum()) for s in statuses]
        for k, value in enumerate(totals + [sum(totals)]):
            ax.text(xs[k + 1] + (cell - 0.3) / 2 / em, y, str(value), transform=ax.transAxes, fontsize=size,
                    ha="center", va="top", color=INK, path_effects=BOLD)


# --- investment by district (issue 17) -----------------------------------------------------------
LINE = 1.42  # line height, x font size
# The panel is narrow: projects, 总投资 and 累计完成投资 by primary district, and how many rows gave a total.
PANEL_SUM_COLUMNS = ["inv_col_district", "inv_col_projects", "inv_col_total_investment",
                     "inv_col_completed_investment", "inv_col_priced"]


def district_sums_frame(view: pd.DataFrame, division: str, lang: str, max_rows: int | None = None) -> pd.DataFrame:
    """Projects and investment by primary district, largest total first, then 全市/未定位 and a total
    row, as views.investment counts them (each row once: the rows add up to the view's totals), the
    columns PANEL_SUM_COLUMNS. With `max_rows` (table rows, total included) the smallest districts
    are summed into one row "N other districts", so the table fits and still adds up."""
    table = investment.by_district(view, division).drop(columns="touching")
    table = table[table["projects"] > 0]
    municipal = table[table.index == investment.MUNICIPAL]
    districts = table[table.index != investment.MUNICIPAL].sort_values("total_investment", ascending=False,
                                                                      kind="stable")
    if max_rows is not None and len(districts) + len(municipal) + 1 > max_rows:
        keep = max(max_rows - len(municipal) - 2, 0)
        rest = districts.iloc[keep:]
        summed = rest.sum(numeric_only=True).to_frame(i18n.t("tables_other_districts", lang, n=len(rest))).T
        districts = pd.concat([districts.iloc[:keep], summed.astype(districts.dtypes.to_dict())])
    shown = investment.display_table(pd.concat([districts, municipal]), "district", lang)
    return shown[[i18n.t(key, lang) for key in PANEL_SUM_COLUMNS]]


def district_sums_table(fig, page, box, *, view: pd.DataFrame, division: str, lang: str) -> float:
    """The single map's panel, below the counts: `district_sums_frame` in `box` (mm), as many
    district rows as fit at the smallest list type (LIST_MIN_PT)."""
    s = page.scale
    height_pt = box[3] / MM_PER_INCH * PT_PER_INCH
    max_rows = max(int(height_pt / (LIST_MIN_PT * s * LINE)) - 3, 3)  # heading, header and a line of room
    heading = f"{i18n.t('inv_header', lang)} · {i18n.t('inv_by_district', lang)}"
    return draw_frame_table(FigBox(fig, page, box), district_sums_frame(view, division, lang, max_rows), s,
                            heading=heading, font_max=6.4)


def draw_frame_table(ax, frame: pd.DataFrame, scale: float, *, heading: str = "", font_max: float = 7.0) -> float:
    """A plain table of text cells in an axes (first column left, the others right-aligned), the font
    shrunk so every row fits; the last row (the total) is set bold. Returns the font size used."""
    ax.set_axis_off()
    fig = ax.figure
    box = ax.get_position()
    width_pt, height_pt = box.width * fig.get_figwidth() * PT_PER_INCH, box.height * fig.get_figheight() * PT_PER_INCH
    cells = [list(map(str, frame.columns))] + [[str(v) for v in row] for row in frame.itertuples(index=False)]
    lines = len(cells) + (1 if heading else 0) + 1
    widths = [max(text_width_em(row[c]) for row in cells[1:] + [[""] * len(frame.columns)]) + 1.2
              for c in range(len(frame.columns))]
    header_widths = [text_width_em(h) * 0.75 + 1.0 for h in cells[0]]  # headers may wrap into two lines
    widths = [max(w, h) for w, h in zip(widths, header_widths)]
    size = min(font_max * scale, height_pt / (lines * LINE), width_pt / sum(widths))
    row_h = size * LINE / height_pt
    em = width_pt / size
    widths[0] += em - sum(widths)  # the label column takes the room left
    y = 1.0
    if heading:
        ax.text(0, y, heading, transform=ax.transAxes, fontsize=size * 1.12, va="top", path_effects=BOLD, color=INK)
        y -= row_h * 1.1
    lefts = [sum(widths[:c]) / em for c in range(len(widths))]
    for k, row in enumerate(cells):
        header, total = k == 0, k == len(cells) - 1
        if not header and k % 2 == 0:
            ax.add_patch(Rectangle((0, y - row_h * 0.95), 1, row_h, transform=ax.transAxes,
                                   facecolor="#f4f4f4", edgecolor="none", zorder=0))
        for c, cell in enumerate(row):
            x = lefts[c] if c == 0 else lefts[c] + widths[c] / em - 0.3 / em
            text = truncate(cell, widths[c] - 0.4) if c == 0 or not header else cell
            ax.text(x, y, text, transform=ax.transAxes, fontsize=size * (0.82 if header and c else 1.0), va="top",
                    ha="left" if c == 0 else "right", color="#555555" if header else INK,
                    path_effects=BOLD if header or total else None)
        if header:
            ax.plot([0, 1], [y - row_h * 0.92] * 2, transform=ax.transAxes, color="#999999", linewidth=0.5 * scale)
        y -= row_h
    return size
