"""How each category is drawn, in the app's map and on printed pages: one table.

Colour is always the status (schema.STATUS_COLORS); the category gives the letters inside a web
symbol (one character in Chinese, two letters in English), the matplotlib marker of a printed
point (categories sharing a marker share a legend row) and the weight of a route line.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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


# --- point symbols sized by total investment (issue 17) -------------------------------------------

# Area proportional to the amount (a square-root scale of the side): INVESTMENT_REFERENCE 亿元 is
# drawn at the normal size; sides stay within INVESTMENT_SIDE_RANGE times the normal side, so amounts
# up to 3.6 亿元 share the smallest side and amounts from INVESTMENT_CAP (40 亿元) the largest.
INVESTMENT_REFERENCE = 10.0  # 亿元
INVESTMENT_SIDE_RANGE = (0.6, 2.0)
INVESTMENT_CAP = INVESTMENT_REFERENCE * INVESTMENT_SIDE_RANGE[1] ** 2  # 亿元 from which the side is the largest


def investment_sides(amounts, normal_px: int) -> np.ndarray:
    """Symbol sides (whole px) for total investments in 亿元; a missing amount at the normal size."""
    values = np.asarray(amounts, dtype=float)
    low, high = INVESTMENT_SIDE_RANGE
    scale = np.clip(np.sqrt(np.clip(values, 0, None) / INVESTMENT_REFERENCE), low, high)
    return np.where(np.isnan(values), normal_px, np.round(normal_px * scale)).astype(int)
