"""The app's interactive map as one self-contained HTML file.

Leaflet comes from the repository's own static/leaflet, inlined into the page (the map uses
nothing else: no jQuery, Bootstrap or Font Awesome), so the file opens with no access to any
CDN; tiles still load from the tile server when the reader is online, and without it the
districts and projects still show. The title and filters are in <title> and a banner.
"""
from __future__ import annotations

import html as html_lib
import re

import geopandas as gpd
from branca.element import Element

from cymap.views import i18n, maptext
from cymap.views.filters import FilterSpec, selected_districts
from cymap.web import builder

_SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc\s*=\s*["\']([^"\']+)["\'][^>]*>\s*</script>', re.IGNORECASE)
_LINK_HREF = re.compile(r'<link\b[^>]*\bhref\s*=\s*["\']([^"\']+)["\'][^>]*/?>', re.IGNORECASE)


class OfflineAssetMissing(RuntimeError):
    """The page would still fetch a script or stylesheet from the internet."""


def external_references(page: str) -> list[str]:
    """URLs the page would fetch as scripts or stylesheets (tiles are not counted)."""
    return [m.group(1) for m in (*_SCRIPT_SRC.finditer(page), *_LINK_HREF.finditer(page))]


def render_html(view: gpd.GeoDataFrame, spec: FilterSpec, *, lang: str = "zh", basemap: str = "osm") -> bytes:
    """The filtered view as one HTML file (UTF-8) that needs no file or CDN beside it."""
    options = builder.MapOptions(lang=lang, basemap=basemap, division=spec.division, leaflet_inline=True,
                                 focus=tuple(selected_districts(spec) or ()) or None)
    m = builder.build_map(view, options)
    m.height = (100.0, "%")  # a standalone page: the map fills the window
    title, subtitle = maptext.title_for(spec, lang, spec.division)
    root = m.get_root()
    root.title = title
    banner = (f'<div style="position:fixed;z-index:1000;left:50px;top:8px;max-width:60%;'
              f'background:rgba(255,255,255,.92);'
              f'padding:6px 10px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px sans-serif">'
              f'<b style="font-size:15px">{html_lib.escape(title)}</b><br>{html_lib.escape(subtitle)}<br>'
              f'<span style="color:#666;font-size:11px">{html_lib.escape(i18n.t("disclaimer", lang))}</span></div>')
    root.html.add_child(Element(banner))
    page = root.render()
    remaining = external_references(page)
    if remaining:
        raise OfflineAssetMissing(f"external assets left in the HTML: {remaining}")
    return page.encode("utf-8")
