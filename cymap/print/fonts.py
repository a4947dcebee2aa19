"""CJK font for matplotlib exports, from the package registry, identical on every machine.

The font is Noto Sans CJK (SIL Open Font License 1.1), shipped by the PyPI package
`noto-cjk-sans-otc` as one OpenType collection; its Simplified Chinese face is "Noto Sans CJK SC".
Registering it with `font_manager.addfont` makes Chinese render on a fresh machine with no
system fonts (no tofu, no "Glyph … missing" warnings). Entries of the same family from other
files (a system copy, another weight) are dropped, so a map looks the same wherever it is made.
"""
from __future__ import annotations

import functools
from pathlib import Path

from matplotlib import font_manager

FAMILY = "Noto Sans CJK SC"
# DejaVu Sans (bundled with matplotlib) backs up the rare symbol Noto CJK lacks.
FALLBACK = "DejaVu Sans"


def font_path() -> Path:
    """The OpenType collection file installed by the `noto-cjk-sans-otc` package."""
    from noto_cjk_sans_otc import FONT_PATH

    return Path(str(FONT_PATH))


@functools.cache
def register() -> str:
    """Add the font to matplotlib's font manager once per process; return the family name."""
    path = font_path()
    if not path.exists():
        raise FileNotFoundError(f"CJK font missing: {path} (pip install noto-cjk-sans-otc)")
    manager = font_manager.fontManager
    manager.addfont(str(path))
    resolved = str(path.resolve())
    manager.ttflist = [entry for entry in manager.ttflist
                       if entry.name != FAMILY or str(Path(entry.fname).resolve()) == resolved]
    if not any(entry.name == FAMILY for entry in manager.ttflist):
        raise RuntimeError(f"{path} has no face named {FAMILY!r}")
    manager._findfont_cached.cache_clear()  # the cache may hold a lookup made before we pruned
    return FAMILY


def rc_params() -> dict:
    """matplotlib rcParams for the exports (use with `matplotlib.rc_context`)."""
    return {
        "font.family": [register(), FALLBACK],
        "axes.unicode_minus": False,  # the CJK font's hyphen-minus, not U+2212
        "pdf.fonttype": 3,  # subset outlines; Type 42 embeds this CFF font mislabelled (readers warn)
        "svg.fonttype": "path",  # text as outlines: renders without the font installed
        "svg.hashsalt": "cymap",  # stable ids, so the same map gives the same file
        "text.parse_math": False,  # "$" in a project name is text, never mathtext
    }
