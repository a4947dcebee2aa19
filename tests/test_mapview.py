"""The folium map builder: layers per action, status colours, precision styles, escaping,
legend inside the map, GCJ-02 shift only for Gaode, local Leaflet, view fitted to the projects."""
import json
import re

import folium
import numpy as np
import pytest
import shapely
from streamlit_folium import _get_map_string

from cymap import coords, geodata, mapview
from cymap.i18n import action_label, status_label
from cymap.projects import load_projects
from cymap.schema import ACTIONS, STATUS_COLORS

ROWS = [
    "A02-T05-01,江北国际机场T3B航站楼,Airport T3B,2,5,airport,江北国际机场,completed,2025,,s,2025-04-30,",
    "A02-T06-01,璧山至铜梁市域铁路,Bishan–Tongliang rail,2,6,rail,璧山区>铜梁区,under_construction,2027,,s,2023-03-10,",
    "A02-T06-02,已建成线路,Built line,2,6,road,璧山区>铜梁区,completed,2027,,s,2023-03-10,",
    "A06-T27-01,大巴山生态保护,Daba ecology,6,27,ecology,城口县;巫溪县,planned,,,s,2023-03-10,",
    "A10-T48-01,<img src=x onerror=alert(1)>公共服务,Evil <b>name</b>,10,48,public_service,万州区,ongoing,,,"
    "<script>alert(2)</script>,2023-03-10,",
    "A09-T45-01,全市推进,Citywide,9,45,pilot,重庆市,ongoing,,,s,2023-03-10,",
]


@pytest.fixture
def geocoded(write_ledger):
    return load_projects(write_ledger(ROWS)).geocoded


def children_of(m, kind):
    return [c for c in m._children.values() if isinstance(c, kind)]


def action_groups(m):
    names = {action_label(a, "zh") for a in ACTIONS} | {action_label(a, "en") for a in ACTIONS}
    return {g.layer_name: g for g in children_of(m, folium.FeatureGroup) if g.layer_name in names}


def drawn(element, factory):
    """Every mapview.Drawn of a kind (L.marker, L.polyline, L.polygon) under an element."""
    for child in element._children.values():
        if isinstance(child, mapview.Drawn) and child.factory == factory:
            yield child
        yield from drawn(child, factory)


def symbol_markers(group):
    return [d for d in drawn(group, "L.marker") if "cymap-sym" in d.icon["html"]]


def icon_html(marker):
    return marker.icon["html"]


def test_one_layer_per_action_all_ten_even_when_empty(geocoded):
    for lang in ("zh", "en"):
        m = mapview.build_map(geocoded, mapview.MapOptions(lang=lang, basemap="none"))
        groups = action_groups(m)
        assert list(groups) == [action_label(a, lang) for a in ACTIONS]
        assert symbol_markers(groups[action_label(3, lang)]) == []  # no action-3 rows: layer present, empty
        assert len(children_of(m, folium.LayerControl)) == 1


def test_symbol_colour_is_the_status_colour(geocoded):
    groups = action_groups(mapview.build_map(geocoded, mapview.MapOptions(basemap="none")))
    airport = symbol_markers(groups[action_label(2, "zh")])[0]
    assert f"--c:{STATUS_COLORS['completed']}" in icon_html(airport) and "cymap-site" in icon_html(airport)
    ecology = symbol_markers(groups[action_label(6, "zh")])
    assert ecology and all(f"--c:{STATUS_COLORS['planned']}" in icon_html(m) for m in ecology)


def test_routes_are_dashed_until_completed(geocoded):
    group = action_groups(mapview.build_map(geocoded, mapview.MapOptions(basemap="none")))[action_label(2, "zh")]
    lines = list(drawn(group, "L.polyline"))
    by_colour = {line.options_dict["color"]: line.options_dict.get("dashArray") for line in lines}
    assert by_colour[STATUS_COLORS["under_construction"]]  # not built: dashed
    assert by_colour[STATUS_COLORS["completed"]] is None  # built: solid


def test_district_level_items_are_diamonds_at_district_label_points_not_pins(geocoded):
    m = mapview.build_map(geocoded, mapview.MapOptions(basemap="none"))
    layer = mapview.district_layer(geodata.DEFAULT_DIVISION, gcj02=False)
    ecology = symbol_markers(action_groups(m)[action_label(6, "zh")])
    assert len(ecology) == 2  # 城口县 and 巫溪县: one diamond each
    assert all("cymap-district" in icon_html(marker) for marker in ecology)
    anchors = {(round(p.y, 6), round(p.x, 6)) for n, p in layer.anchors.items() if n in ("城口县", "巫溪县")}
    assert {tuple(round(v, 6) for v in marker.location) for marker in ecology} == anchors


def test_municipality_wide_items_are_not_drawn(geocoded):
    m = mapview.build_map(geocoded, mapview.MapOptions(basemap="none"))
    assert symbol_markers(action_groups(m)[action_label(9, "zh")]) == []
    assert "A09-T45-01" not in m.get_root().render()


def test_user_text_is_html_escaped_in_tooltips_and_popups(geocoded):
    html = mapview.build_map(geocoded, mapview.MapOptions(basemap="none")).get_root().render()
    assert "<img src=x" not in html and "<script>alert(2)" not in html and "Evil <b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_texts_are_json_literals_not_template_literals_and_need_no_jquery(write_ledger):
    name = "反引号`${alert(3)}`\\"
    path = write_ledger([f"A02-T05-01,{name},x,2,5,airport,江北国际机场,preparing,,,s,2023-03-10,"])
    m = mapview.build_map(load_projects(path).geocoded, mapview.MapOptions(basemap="none"))
    marker = symbol_markers(action_groups(m)[action_label(2, "zh")])[0]
    for literal in (marker.tooltip, marker.popup):
        text = json.loads(literal.replace("<\\/", "</"))
        assert "反引号&#96;&#36;{alert(3)}&#96;&#92;" in text  # escaped for HTML and for JS strings
    html = m.get_root().render()
    assert "$(`" not in html and "`${alert(3)}`" not in html
    assert not [c for c in m.get_root()._children.values() if isinstance(c, (folium.Tooltip, folium.Popup))]


def test_legend_is_a_control_inside_the_map_script_streamlit_folium_sends(geocoded):
    for lang in ("zh", "en"):
        m = mapview.build_map(geocoded, mapview.MapOptions(lang=lang, basemap="none"))
        script = _get_map_string(m)
        assert "L.control(" in script and "cymap-legend" in script and ".addTo(map_div)" in script
        legend = next(c for c in m._children.values() if isinstance(c, mapview.Legend))
        body = mapview.legend_html(lang, ["airport"])
        for status in STATUS_COLORS:
            assert status_label(status, lang) in body
        assert legend.body_json.startswith('"')


def test_gcj02_shift_applies_only_to_the_gaode_basemap(geocoded):
    airport = geocoded.set_index("id").loc["A02-T05-01", "geometry"]
    gcj_lon, gcj_lat = coords.wgs84_to_gcj02(airport.x, airport.y)
    for basemap, expected in (("gaode", (float(gcj_lat), float(gcj_lon))), ("osm", (airport.y, airport.x)),
                              ("carto", (airport.y, airport.x)), ("none", (airport.y, airport.x))):
        m = mapview.build_map(geocoded, mapview.MapOptions(basemap=basemap))
        marker = symbol_markers(action_groups(m)[action_label(2, "zh")])[0]
        assert marker.location == pytest.approx(list(expected), abs=1e-9), basemap
    assert abs(float(gcj_lon) - airport.x) > 0.003  # the shift is real (hundreds of metres)
    shifted = mapview.district_layer(geodata.DEFAULT_DIVISION, gcj02=True).frame.geometry
    plain = mapview.district_layer(geodata.DEFAULT_DIVISION, gcj02=False).frame.geometry
    assert not np.allclose(shapely.get_coordinates(shifted.values), shapely.get_coordinates(plain.values))


def test_basemaps_use_xyzservices_and_tianditu_needs_a_key():
    assert "openstreetmap" in mapview.tile_layers("osm")[0].tiles
    assert mapview.tile_layers("carto")[0].tiles.endswith("cartocdn.com/light_all/{z}/{x}/{y}{r}.png")
    assert "key=CK" in mapview.tile_layers("carto", carto_key="CK")[0].tiles
    gaode = mapview.tile_layers("gaode")[0]
    assert gaode.tiles.startswith("//webrd0{s}.is.autonavi.com") and gaode.options["subdomains"] == "1234"
    assert mapview.tile_layers("none") == []
    assert mapview.effective_basemap("tianditu_vec", None) == mapview.FALLBACK_BASEMAP
    layers = mapview.tile_layers("tianditu_img", "KEY123")
    assert [("T=img_w" in layer.tiles, "T=cia_w" in layer.tiles) for layer in layers] == [(True, False), (False, True)]
    assert all("tk=KEY123" in layer.tiles for layer in layers)


def test_local_leaflet_replaces_every_cdn_asset(geocoded):
    m = mapview.build_map(geocoded, mapview.MapOptions(basemap="none", leaflet_base_url="../../app/static/leaflet"))
    assert m.default_js == [("leaflet", "../../app/static/leaflet/leaflet.js")]
    assert m.default_css == [("leaflet_css", "../../app/static/leaflet/leaflet.css")]
    assert (mapview.__file__ and (geodata.GEODATA_DIR.parent / "static/leaflet/leaflet.js").exists())


def test_view_fits_the_filtered_projects(geocoded):
    only_airport = geocoded[geocoded["id"] == "A02-T05-01"]
    m = mapview.build_map(only_airport, mapview.MapOptions(basemap="none"))
    (south, west), (north, east) = next(c for c in m._children.values() if isinstance(c, folium.FitBounds)).bounds
    point = only_airport.geometry.iloc[0]
    assert south < point.y < north and west < point.x < east
    assert north - south < 0.2 and east - west < 0.2  # the airport, not the whole municipality
    whole = mapview.build_map(geocoded.iloc[0:0], mapview.MapOptions(basemap="none"))
    (s2, w2), (n2, e2) = next(c for c in whole._children.values() if isinstance(c, folium.FitBounds)).bounds
    assert n2 - s2 > 2 and e2 - w2 > 3  # nothing to show: the whole municipality


def test_choropleth_layer_only_when_asked(geocoded):
    names = lambda m: [g.layer_name for g in children_of(m, folium.FeatureGroup)]  # noqa: E731
    assert "区县项目数着色" not in names(mapview.build_map(geocoded, mapview.MapOptions(basemap="none")))
    shaded = mapview.build_map(geocoded, mapview.MapOptions(basemap="none", choropleth=True))
    assert "区县项目数着色" in names(shaded)
    assert "区县项目数" in shaded.get_root().render()  # legend gains the count classes


def test_symbols_sharing_a_place_are_spread_apart(write_ledger):
    rows = [f"A02-T05-0{i},机场项目{i},Airport {i},2,5,airport,江北国际机场,preparing,,,s,2023-03-10," for i in (1, 2, 3)]
    m = mapview.build_map(load_projects(write_ledger(rows)).geocoded, mapview.MapOptions(basemap="none"))
    anchors = [mk.icon["iconAnchor"] for mk in symbol_markers(action_groups(m)[action_label(2, "zh")])]
    assert len({tuple(a) for a in anchors}) == 3


def test_clicked_tooltip_text_gives_the_project_id():
    assert mapview.project_id_from_tooltip("江北国际机场T3B航站楼\n建成投用 · A02-T05-01") == "A02-T05-01"
    assert mapview.project_id_from_tooltip("万州区") is None
    assert mapview.project_id_from_tooltip(None) is None


def test_tooltip_carries_name_status_and_id(geocoded):
    row = next(geocoded.itertuples())
    text = re.sub("<[^>]+>", " ", mapview.tooltip_html(row, "en"))
    assert "Airport T3B" in text and "Completed" in text and "A02-T05-01" in text


def test_view_stays_on_chongqing_when_a_line_runs_far_outside(write_ledger):
    rows = ["A02-T05-01,机场,a,2,5,airport,江北国际机场,preparing,,,s,2023-03-10,",
            "A02-T07-01,远程输电,b,2,7,energy,成都市>万州区,preparing,,,s,2023-03-10,"]
    geocoded = load_projects(write_ledger(rows)).geocoded
    assert geocoded.set_index("id").loc["A02-T07-01", "precision"] == "route"
    m = mapview.build_map(geocoded, mapview.MapOptions(basemap="none"))
    (south, west), (north, east) = next(c for c in m._children.values() if isinstance(c, folium.FitBounds)).bounds
    cq_west = geodata.districts().total_bounds[0]
    assert west >= cq_west - 0.5  # Chengdu (104.1°E) is left out of the view
