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
