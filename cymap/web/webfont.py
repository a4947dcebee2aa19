"""The web font: Noto Sans CJK SC subset to the characters cymap shows, served from static/fonts.

A bare Linux kiosk has no CJK font, and the browser would draw every Chinese label as a box; so
the app and every map carry an @font-face of their own font (OFL-1.1, licence beside the file).
The subset holds the characters of the interface (views.i18n, the schema's vocabularies, place
and district names, the shipped ledger) plus the 3,755 common characters of GB 2312 level 1, so
project names typed later still render. Rebuild after adding text: `python -m cymap.web.webfont`
(needs fonttools and brotli, development-only; nothing at run time imports them).
"""
from __future__ import annotations

import base64
import functools
import json

from cymap.paths import DEFAULT_LEDGER, GEODATA_DIR, STATIC_DIR

FAMILY = "cymap CJK"
FONT_DIR = STATIC_DIR / "fonts"
FONT_FILE = "cymap-cjk-sc.woff2"
FONT_PATH = FONT_DIR / FONT_FILE
LICENCE_FILE = "OFL-NotoSansCJK.txt"
# The CSS font stack of every cymap text: our font first, then the usual system fonts.
FONT_STACK = f'"{FAMILY}","Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",sans-serif'
# Served by Streamlit's static serving: /app/static/fonts/… (the app page) and, relative to the
# map component's iframe (/component/<name>/index.html), ../../app/static/fonts/….
APP_URL = f"/app/static/fonts/{FONT_FILE}"
COMPONENT_URL = f"../../app/static/fonts/{FONT_FILE}"
NOTO_SC_INDEX = 2  # NotoSansCJK-Regular.ttc: JP, KR, SC, TC, HK, …


def font_face_css(url: str) -> str:
    """The @font-face rule for the font at `url` (font-display: swap, so text shows at once)."""
    return (f"@font-face{{font-family:{json.dumps(FAMILY)};src:url({json.dumps(url)}) format('woff2');"
            "font-weight:100 900;font-display:swap}")


@functools.cache
def inline_font_face_css() -> str:
    """The @font-face with the font inside as a data: URI (self-contained HTML exports)."""
    data = base64.b64encode(FONT_PATH.read_bytes()).decode("ascii")
    return font_face_css(f"data:font/woff2;base64,{data}")


def common_characters() -> str:
    """GB 2312 level 1 (rows 16-55): the 3,755 most common simplified characters."""
    chars = []
    for row in range(16, 56):
        for cell in range(1, 95):
            try:
                chars.append(bytes([0xA0 + row, 0xA0 + cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(chars)


def used_characters() -> str:
    """Every non-ASCII character the interface, the vocabularies, the geodata and the ledger show."""
    from cymap.ledger import schema
    from cymap.views import i18n

    texts = [json.dumps(i18n.TEXT, ensure_ascii=False)]
    for table in (schema.ACTIONS, schema.CATEGORIES, schema.STATUSES, schema.PRECISIONS, schema.REGIONS,
                  schema.REGION_GROUPS):
        texts.append(json.dumps(table, ensure_ascii=False, default=str))
    for path in [*sorted(GEODATA_DIR.glob("*.csv")), *sorted(GEODATA_DIR.glob("*.geojson")), DEFAULT_LEDGER]:
        if path.exists():
            texts.append(path.read_text(encoding="utf-8", errors="ignore"))
    fullwidth = "".join(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width ASCII forms (＝, ％, ０-９ …)
    text = "".join(texts) + common_characters() + fullwidth + "，。、；：？！（）《》“”‘’—…·～【】「」％℃←→↑↓×÷±≤≥°√"
    return "".join(sorted({c for c in text if ord(c) > 0x7F and c.isprintable()}))


def build() -> int:
    """Write static/fonts/cymap-cjk-sc.woff2 (and the licence) from noto-cjk-sans-otc."""
    import shutil
    from importlib.metadata import distribution

    import noto_cjk_sans_otc
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    FONT_DIR.mkdir(parents=True, exist_ok=True)
    font = TTCollection(str(noto_cjk_sans_otc.FONT_PATH)).fonts[NOTO_SC_INDEX]
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    characters = used_characters() + "".join(chr(c) for c in range(0x20, 0x7F))
    subsetter.populate(text=characters)
    subsetter.subset(font)
    subset.save_font(font, str(FONT_PATH), options)
    licence = next(f for f in distribution("noto-cjk-sans-otc").files if f.name.upper().startswith("LICENSE"))
    shutil.copyfile(licence.locate(), FONT_DIR / LICENCE_FILE)
    return len(characters)


if __name__ == "__main__":
    count = build()
    print(f"{FONT_PATH}: {count} characters, {FONT_PATH.stat().st_size / 1e6:.2f} MB")
