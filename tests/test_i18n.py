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
