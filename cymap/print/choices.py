"""The export choices — formats and paper sizes — as plain data: the CLI builds its parser from
these without importing matplotlib, folium and the page code (about a second on every command)."""
from __future__ import annotations

MAP_FORMATS = ("png", "pdf", "svg")
LIST_FORMATS = ("csv", "xlsx")
FILE_FORMATS = (*MAP_FORMATS, "html", *LIST_FORMATS)  # `python -m cymap export --format`
PACK = "pack"  # the meeting pack: one PDF, overview plus a page per district
FORMATS = (*FILE_FORMATS, PACK)
PAPER_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0), "A1": (841.0, 594.0), "A0": (1189.0, 841.0)}
PAPERS = tuple(PAPER_MM)
ORIENTATIONS = ("landscape", "portrait")
