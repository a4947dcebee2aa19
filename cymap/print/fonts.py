"""CJK font for matplotlib exports, from the package registry, identical on every machine.

The font is Noto Sans CJK (SIL Open Font License 1.1), shipped by the PyPI package
`noto-cjk-sans-otc` as one OpenType collection; its Simplified Chinese face is "Noto Sans CJK SC".
Registering it with `font_manager.addfont` (public API) makes Chinese render on a fresh machine
with no system fonts (no tofu, no "Glyph … missing" warnings). Where the system has its own copy
of the same family (Debian's fonts-noto-cjk), matplotlib may pick that copy: the same design, so
the page looks the same.
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


def register() -> str:
    """Make sure matplotlib's font manager knows the font (added once per manager: cheap to call
    before every export, and right again if the manager was rebuilt); return the family name."""
    path = font_path()
    if not path.exists():
        raise FileNotFoundError(f"CJK font missing: {path} (pip install noto-cjk-sans-otc)")
    manager = font_manager.fontManager
    wanted = str(path.resolve())
    if not any(entry.name == FAMILY and _same_file(entry.fname, wanted) for entry in manager.ttflist):
        manager.addfont(str(path))  # also clears matplotlib's font lookup cache
    if FAMILY not in manager.get_font_names():
        raise RuntimeError(f"{path} has no face named {FAMILY!r}")
    return FAMILY


@functools.cache
def _same_file(fname: str, resolved: str) -> bool:
    return str(Path(fname).resolve()) == resolved


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
