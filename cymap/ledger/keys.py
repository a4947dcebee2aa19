"""The one matching key of names and places (`key`): used by the importer to keep a row's id
(name + location) and, re-exported by cymap.geo.names, by every place lookup. It lives in the
ledger layer, the lowest, so both layers share one rule."""
from __future__ import annotations

import re
import unicodedata


def key(text) -> str:
    """Matching key: NFKC (full-width letters, digits and brackets folded), no spaces or quote
    marks — so 「两江新区（行政区）」 typed with full-width brackets or quotes matches the stored name."""
    text = unicodedata.normalize("NFKC", str(text)).strip()
    return re.sub(r"[\s\"'“”‘’「」]", "", text)
