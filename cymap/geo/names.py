"""How place names are compared: the one normaliser, town suffixes and pinyin keys.

Every layer that compares a typed or stored name (district filters, the geocoder, the link
parser, the build tools) goes through `key`, so a full-width bracket or a trailing space never
makes two spellings of one name differ.
"""
from __future__ import annotations

import itertools
import re
import unicodedata

from cymap.ledger.keys import key  # noqa: F401  (the one matching key; geo code imports it from here)

TOWN_SUFFIXES = ("街道办事处", "街道", "街办", "镇", "乡")


def pinyin_key(text: str) -> str:
    """Comparable form of a GeoNames pinyin name: lower case, no apostrophes, spaces or tones."""
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def strip_town_suffix(name: str) -> str:
    for suffix in TOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def pinyin_candidates(chinese: str, limit: int = 16) -> list[str]:
    """All pinyin readings of a Chinese town name (polyphones expanded), as pinyin keys."""
    from pypinyin import Style, pinyin

    readings = pinyin(strip_town_suffix(chinese), style=Style.NORMAL, heteronym=True)
    keys = []
    for combo in itertools.islice(itertools.product(*readings), limit):
        keys.append(pinyin_key("".join(combo)))
    return list(dict.fromkeys(keys))
