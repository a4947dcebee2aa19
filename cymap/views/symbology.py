"""How each category is drawn, in the app's map and on printed pages: one table.

Colour is always the status (schema.STATUS_COLORS); the category gives the letters inside a web
symbol (one character in Chinese, two letters in English), the matplotlib marker of a printed
point (categories sharing a marker share a legend row) and the weight of a route line.
"""
from __future__ import annotations

from dataclasses import dataclass

from cymap.ledger.schema import CATEGORIES


@dataclass(frozen=True)
class CategoryStyle:
    glyph_zh: str
    glyph_en: str
    marker: str = "o"  # matplotlib marker on printed maps
    line_weight: int = 3  # px of a route line on the web map

    def glyph(self, lang: str) -> str:
        return self.glyph_en if lang == "en" else self.glyph_zh


CATEGORY_STYLES: dict[str, CategoryStyle] = {
    "airport": CategoryStyle("机", "AP", "^"),
    "rail": CategoryStyle("铁", "RL", "s", 5),
    "urban_rail": CategoryStyle("轨", "UR", "s", 3),
    "road": CategoryStyle("路", "RD", "D", 4),
    "waterway": CategoryStyle("航", "WW", "v", 6),
    "port": CategoryStyle("港", "PT", "v"),
    "logistics": CategoryStyle("物", "LG", "P"),
    "energy": CategoryStyle("能", "EN", "X", 3),
    "water": CategoryStyle("水", "WA", "d", 3),
    "zone": CategoryStyle("区", "ZN", "h"),
    "industry": CategoryStyle("产", "IN", "p"),
    "digital": CategoryStyle("数", "DG", "8"),
    "science": CategoryStyle("科", "SC", "*"),
    "commerce": CategoryStyle("商", "CM", "o"),
    "culture_tourism": CategoryStyle("旅", "CT", ">"),
    "ecology": CategoryStyle("生", "EC", "<"),
    "public_service": CategoryStyle("公", "PS", "o"),
    "pilot": CategoryStyle("试", "PL", "H"),
    "cooperation": CategoryStyle("合", "CO", "H"),
    "opening": CategoryStyle("开", "OP", "P"),
}
UNKNOWN_STYLE = CategoryStyle("·", "·")
assert set(CATEGORY_STYLES) == set(CATEGORIES), "every category has exactly one drawing style"


def category_style(category: str) -> CategoryStyle:
    return CATEGORY_STYLES.get(category, UNKNOWN_STYLE)
