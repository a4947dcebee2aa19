"""The one string catalogue: every key in both languages, formatting fields the same in both."""
from cymap.views import i18n


def test_every_key_has_chinese_and_english():
    for key, texts in i18n.TEXT.items():
        assert set(texts) == set(i18n.LANGUAGES), key
        assert all(isinstance(v, str) and v.strip() for v in texts.values()), key


def test_t_fills_fields():
    assert i18n.t("page", "en", page=2, pages=5) == "Page 2 of 5"
    assert i18n.t("page", "zh", page=2, pages=5) == "第 2 页 / 共 5 页"


def test_footnote_states_the_boundary_source_from_the_build_info():
    from cymap.geo import geodata
    from cymap.views import maptext

    info = geodata.build_info()
    for lang in i18n.LANGUAGES:
        note = maptext.footnote("current", lang)
        assert info["source"].split(" (")[0] in note
        assert f"{round(info['simplification']['districts_deg'] * maptext.DEGREE_M)} m" in note


# --- one catalogue, split by area (cymap/views/i18n/text_*.py) ---------------------------------------

def test_no_key_is_defined_twice_in_one_table():
    """A dict literal silently keeps the last of two equal keys: read the sources, not the dicts."""
    import ast
    from pathlib import Path

    package = Path(i18n.__file__).parent
    modules = sorted(package.glob("text_*.py"))
    assert {m.stem for m in modules} == {f"text_{area}" for area in i18n.TABLES}
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        table = next(n.value for n in tree.body if isinstance(n, ast.AnnAssign) and n.target.id == "TEXT")
        keys = [k.value for k in table.keys]
        assert len(keys) == len(set(keys)), (module.name, sorted({k for k in keys if keys.count(k) > 1}))


def test_no_key_is_defined_in_two_tables():
    assert len(i18n.TEXT) == sum(len(table) for table in i18n.TABLES.values())
    import pytest

    with pytest.raises(ValueError, match=r"'page' is defined twice: in text_print and text_added"):
        i18n.join_tables({"print": i18n.text_print.TEXT, "added": {"page": {"zh": "页", "en": "Page"}}})


def test_the_old_imports_still_work():
    from cymap.views.i18n import (TEXT, action_label, category_label, district_label, join_names, locale_language,
                                  match_label, precision_label, region_label, status_label, t)

    assert TEXT["page_title"]["zh"] == t("page_title") and callable(action_label)
    assert all(callable(f) for f in (category_label, district_label, join_names, locale_language, match_label,
                                     precision_label, region_label, status_label))


# --- one language at a time: the words a page in each language may show -----------------------------
# Words a Chinese page may show: the language switch, file formats and units, map-data credits, and
# what to type into the server's configuration, spelt as it must be typed. The browser walk over every
# tab (tests/test_browser_legible.py) allows the same and nothing else.
ZH_ALLOWED = {"English", "CSV", "XLSX", "PNG", "PDF", "SVG", "HTML", "km", "MB", "KB", "GCJ", "WGS", "OpenStreetMap",
              "OSM", "CARTO", "Esri", "GeoNames", "CC", "BY", "GB", "UTC", "A0", "A1", "A3", "A4", "dpi", "IATI", "ID",
              "Excel",
              "CYMAP", "EDITOR", "PASSWORD", "secrets", "streamlit", "toml", "TIANDITU", "KEY"}
# Texts that also name a server setting's value as it must be typed, or a credit spelt as published.
ZH_ALSO = {"ledger_missing": {"projects", "csv", "LEDGER"}, "tianditu_no_key": {"console", "tianditu", "gov", "cn"},
           "sources": {"Albers", "airportsdata"},
           # a file that cannot be read: the encodings and the Excel option to choose, spelt as Excel and Windows do
           "problem_file_unknown_encoding": {"UTF", "GBK", "Big", "cp", "Shift", "JIS"},
           "problem_file_encrypted": {"UTF"}, "problem_file_old_excel": {"XLS", "OLE", "UTF"}}


def _place_names() -> set[str]:
    from cymap.geo import geodata

    return {name for division in geodata.DIVISIONS for name in geodata.districts(division)["name_zh"]}


def test_chinese_text_has_no_english_word_and_english_text_no_chinese():
    import re
    import string

    places = _place_names()
    for key, texts in i18n.TEXT.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(texts["zh"]) if name}
        words = set(re.findall(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", texts["zh"])))
        if not key.startswith("cli_"):  # the command line's: tests/test_cli.py, with the words typed there
            allowed = ZH_ALLOWED | ZH_ALSO.get(key, set())
            assert words <= allowed, (key, words - allowed)
        if key != "action_short":  # 行动一 names the action by its numeral label, Action 1 by its number
            assert fields == {name for _, name, _, _ in string.Formatter().parse(texts["en"]) if name}, key
        chinese = set(re.findall(r"[\u3400-\u9fff]+", texts["en"]))
        if not key.startswith("cli_"):  # the command line's help quotes values as typed: tests/test_cli.py
            assert chinese <= places, (key, chinese - places)
