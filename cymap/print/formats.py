"""The one format dispatch of exports, used by the app's Export tab and by `python -m cymap
export|pack`: one export's options, the key that tells whether a generated file still belongs
to the view on screen, its file name and MIME type, and the call that renders it.

A file generated for one view must never be offered for another: `export_key` covers the filter
(division included), the rows themselves (an edit of the ledger changes them), the options that
change this format's bytes, and the date printed on the page.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

import pandas as pd

from cymap.ledger.schema import COLUMNS
from cymap.print import lists, offline_html, pack, static
from cymap.print.choices import FILE_FORMATS, FORMATS, LIST_FORMATS, MAP_FORMATS, ORIENTATIONS, PACK, PAPERS
from cymap.views import maptext
from cymap.views.filters import FilterSpec
from cymap.views.i18n import LANGUAGES

MIME_TYPES = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml", "html": "text/html",
              "csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
DPIS = (150, 300, 600)
# Which choices change each format's bytes; the others are not asked for and not part of the key.
OPTIONS_USED: dict[str, frozenset[str]] = {
    **{fmt: frozenset({"paper", "orientation", "dpi"}) for fmt in MAP_FORMATS},
    "html": frozenset({"basemap"}),
    **{fmt: frozenset() for fmt in LIST_FORMATS},
    PACK: frozenset({"paper"}),  # the pack is landscape, its dpi fixed by cymap.print.pack
}
EXTENSIONS = {**{fmt: fmt for fmt in FILE_FORMATS}, PACK: "pdf"}
# Characters Windows, macOS or a shell would refuse or misread in a file name.
_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
MAX_NAME_PART = 60


@dataclass(frozen=True)
class ExportOptions:
    """The Export tab's choices (language is the export's, which may differ from the app's)."""

    fmt: str = "png"
    paper: str = "A4"
    orientation: str = "landscape"
    dpi: int = 300
    lang: str = "zh"
    basemap: str = "osm"

    def __post_init__(self) -> None:
        for name, value, allowed in (("format", self.fmt, FORMATS), ("paper", self.paper, PAPERS),
                                     ("orientation", self.orientation, ORIENTATIONS),
                                     ("language", self.lang, LANGUAGES)):
            if value not in allowed:
                raise ValueError(f"export {name} must be one of {', '.join(allowed)}, not {value!r}")
        if not isinstance(self.dpi, int) or self.dpi <= 0:
            raise ValueError(f"export dpi must be a positive whole number, not {self.dpi!r}")

    def relevant(self) -> dict[str, object]:
        """The choices that change this format's bytes (a CSV does not depend on dpi)."""
        used = OPTIONS_USED[self.fmt] | {"fmt", "lang"}
        return {name: value for name, value in asdict(self).items() if name in used}


@dataclass(frozen=True)
class ExportResult:
    """One generated file, kept in the session until the view or the options change."""

    key: str
    data: bytes
    file_name: str
    mime: str
    rows: int


def view_fingerprint(view: pd.DataFrame) -> str:
    """A digest of the rows' ledger fields, in order: same rows with same content, same digest."""
    columns = [c for c in COLUMNS if c in view.columns]
    hashed = pd.util.hash_pandas_object(view[columns].astype(str), index=False)
    return hashlib.sha256(hashed.to_numpy().tobytes() + repr(columns).encode()).hexdigest()


def export_key(view: pd.DataFrame, spec: FilterSpec, options: ExportOptions, date: str) -> str:
    """The identity of an export: equal keys, identical file."""
    description = {"spec": asdict(spec), "options": options.relevant(), "date": date,
                   "rows": len(view), "view": view_fingerprint(view)}
    return hashlib.sha256(json.dumps(description, sort_keys=True, ensure_ascii=False, default=str).encode()
                          ).hexdigest()


def _name_part(text: str) -> str:
    text = _UNSAFE_IN_NAME.sub("_", text.strip())
    return re.sub(r"\s+", "_", text)[:MAX_NAME_PART]


def file_name(spec: FilterSpec, options: ExportOptions, date: str) -> str:
    """`cymap-万州区-在建-2026-11-26.png`: the filters of the title, the date, the extension
    (the pack: `cymap-pack-…pdf`), in the export's language."""
    title, _ = maptext.title_for(spec, options.lang, spec.division, date=date)
    filters = [_name_part(part) for part in title.split(maptext.TITLE_SEPARATOR)[1:]]
    parts = ["cymap"] + ([PACK] if options.fmt == PACK else []) + [p for p in filters if p] + [date]
    return "-".join(parts) + "." + EXTENSIONS[options.fmt]


def size_text(size: int) -> str:
    """Bytes as people read them: 850 B, 12.3 KB, 4.1 MB."""
    for unit, scale in (("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def mime_type(fmt: str) -> str:
    return MIME_TYPES["pdf" if fmt == PACK else fmt]


def render(view, spec: FilterSpec, options: ExportOptions, date: str | None = None,
           progress: Callable[[int, int], None] | None = None) -> bytes:
    """The file's bytes; `progress(done, total)` is called after each page of the pack."""
    if options.fmt in MAP_FORMATS:
        return static.render_map(view, spec, fmt=options.fmt, paper=options.paper, orientation=options.orientation,
                                 dpi=options.dpi, lang=options.lang, date=date)
    if options.fmt == "html":
        return offline_html.render_html(view, spec, lang=options.lang, basemap=options.basemap)
    if options.fmt == "csv":
        return lists.to_csv_bytes(view, options.lang, spec.division)
    if options.fmt == "xlsx":
        return lists.to_xlsx_bytes(view, options.lang, spec.division)
    return pack.render_pack(view, spec, paper=options.paper, lang=options.lang, progress=progress,
                            date=static.date_text(date))


def generate(view, spec: FilterSpec, options: ExportOptions, date: str,
             progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """Render and label one export of `view` (filtered by `spec`)."""
    return ExportResult(key=export_key(view, spec, options, date),
                        data=render(view, spec, options, date, progress),
                        file_name=file_name(spec, options, date), mime=mime_type(options.fmt), rows=len(view))
