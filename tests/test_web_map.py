"""The folium map builder: layers per action, status colours, precision styles, escaping,
legend inside the map, GCJ-02 shift only for Gaode, local Leaflet, view fitted to the projects."""
import json
import re

import folium
import numpy as np
import pytest
import shapely
from streamlit_folium import _get_map_string

from cymap.geo import coords, geodata

from cymap.web import (basemaps, builder, cluster, elements, layers, legend, popup, project_data, summary_layer,
                       symbols)
from cymap.views.i18n import action_label, status_label, t
from cymap.geo.projects import load_projects
from cymap.ledger.schema import ACTIONS, STATUS_COLORS

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
    """Every elements.Drawn of a kind (L.marker, L.polyline, L.polygon) under an element."""
    for child in element._children.values():
        if isinstance(child, elements.Drawn) and child.factory == factory:
            yield child
        yield from drawn(child, factory)


def project_layers(m) -> project_data.ProjectLayers:
    (element,) = [c for c in m._children.values() if isinstance(c, project_data.ProjectLayers)]
    return element


def items(m, kinds=(project_data.POINT, project_data.DIAMOND)) -> list[dict]:
    """The drawn items of the map's project data, read the way assets/projects.js draws them
    (symbols by default; LINE and ZONE for lines and outlines)."""
    data = project_layers(m).data
    out = []
    for item in data["items"]:
        project = data["projects"][item[0]]
        label, colour, built = data["statuses"][project[3]]
        kind = item[1]
        if kind not in kinds:
            continue
        entry = {"id": project[0], "kind": kind, "layer": data["groups"][project[5]], "colour": colour or "#555",
                 "built": built, "weight": data["categories"][project[4]][2]}
        if kind == project_data.POINT:
            entry.update(location=item[2:4], shape=data["shapes"][item[4]], anchor=item[5:7],
                         className=f"cymap-icon {cluster.POINT_CLASS}")
        elif kind == project_data.DIAMOND:
            entry.update(location=data["districts"][item[2]][1:], shape="district", anchor=item[3:5],
                         className=f"cymap-icon cymap-dd cymap-ge{item[5]}")
        else:
            entry.update(location=item[2])
        out.append(entry)
    return out


def symbol_markers(m, layer: str) -> list[dict]:
    """The symbols drawn into one action layer."""
    return [i for i in items(m) if i["layer"] == layer]


def test_one_layer_per_action_all_ten_even_when_empty(geocoded):
    for lang in ("zh", "en"):
        m = builder.build_map(geocoded, builder.MapOptions(lang=lang, basemap="none"))
        groups = action_groups(m)
        assert list(groups) == [action_label(a, lang) for a in ACTIONS]
        assert project_layers(m).data["groups"] == list(groups)  # the data's layers are the control's
        assert symbol_markers(m, action_label(2, lang))  # the airport
        assert symbol_markers(m, action_label(3, lang)) == []  # no action-3 rows: layer present, empty
        assert len(children_of(m, folium.LayerControl)) == 1


def test_symbol_colour_is_the_status_colour(geocoded):
    m = builder.build_map(geocoded, builder.MapOptions(basemap="none"))
    airport = symbol_markers(m, action_label(2, "zh"))[0]
    assert airport["colour"] == STATUS_COLORS["completed"] and airport["shape"] == "site"
    ecology = symbol_markers(m, action_label(6, "zh"))
    assert ecology and all(e["colour"] == STATUS_COLORS["planned"] for e in ecology)


def test_routes_are_dashed_until_completed(geocoded):
    m = builder.build_map(geocoded, builder.MapOptions(basemap="none"))
    lines = [i for i in items(m, (project_data.LINE,)) if i["layer"] == action_label(2, "zh")]
    by_id = {line["id"]: line for line in lines}
    assert by_id["A02-T06-01"]["colour"] == STATUS_COLORS["under_construction"]
    assert not by_id["A02-T06-01"]["built"]  # not built: projects.js dashes it
    assert by_id["A02-T06-02"]["built"]  # built: solid
    assert all(len(line["location"]) >= 2 for line in lines)


def test_district_level_items_are_diamonds_at_district_label_points_not_pins(geocoded):
    m = builder.build_map(geocoded, builder.MapOptions(basemap="none"))
    layer = layers.district_layer(geodata.DEFAULT_DIVISION, gcj02=False)
    ecology = symbol_markers(m, action_label(6, "zh"))
    assert len(ecology) == 2  # 城口县 and 巫溪县: one diamond each
    assert all(marker["shape"] == "district" for marker in ecology)
    anchors = {(round(p.y, 6), round(p.x, 6)) for n, p in layer.anchors.items() if n in ("城口县", "巫溪县")}
    assert {tuple(round(v, 6) for v in marker["location"]) for marker in ecology} == anchors
    # The project travels once, however many diamonds it has.
    assert [p[0] for p in project_layers(m).data["projects"]].count("A06-T27-01") == 1


def test_municipality_wide_items_are_not_drawn(geocoded):
    m = builder.build_map(geocoded, builder.MapOptions(basemap="none"))
    assert symbol_markers(m, action_label(9, "zh")) == []
    assert "A09-T45-01" not in m.get_root().render()


def test_user_text_is_html_escaped_in_tooltips_and_popups(geocoded):
    """The texts travel raw inside the data's JSON (no "<" even there); projects.js escapes them as
    popup.popup_html does (tests/test_browser.py compares the two in Chromium)."""
    m = builder.build_map(geocoded, builder.MapOptions(basemap="none"))
    html = m.get_root().render()
    assert "<img src=x" not in html and "<script>alert(2)" not in html and "Evil <b>" not in html
    assert "<\\/script" not in project_layers(m).payload and "\\u003cscript>alert(2)" in project_layers(m).payload
    data = json.loads(project_layers(m).payload)
    assert data == project_layers(m).data  # the page carries exactly the data
    assert "<img src=x onerror=alert(1)>公共服务" in data["strings"] and "<script>alert(2)</script>" in data["strings"]
    row = next(r for r in geocoded.itertuples() if r.id == "A10-T48-01")
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup.popup_html(row, "zh")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in popup.popup_html(row, "zh")


def test_texts_are_json_literals_not_template_literals_and_need_no_jquery(write_ledger):
    name = "反引号`${alert(3)}`\\"
    path = write_ledger([f"A02-T05-01,{name},x,2,5,airport,江北国际机场,preparing,,,s,2023-03-10,"])
    m = builder.build_map(load_projects(path).geocoded, builder.MapOptions(basemap="none"))
    payload = project_layers(m).payload
    assert name in json.loads(payload)["strings"]  # one JSON literal, read back unchanged
    assert "`" not in payload and "$" not in payload  # nothing a template literal could end at or run
    row = next(load_projects(path).geocoded.itertuples())
    for text in (popup.tooltip_html(row, "zh"), popup.popup_html(row, "zh")):  # what projects.js writes too
        assert "反引号&#96;&#36;{alert(3)}&#96;&#92;" in text  # escaped for HTML and for JS strings
    html = m.get_root().render()
    assert "$(`" not in html and "`${alert(3)}`" not in html
    assert not [c for c in m.get_root()._children.values() if isinstance(c, (folium.Tooltip, folium.Popup))]


def test_legend_is_a_control_inside_the_map_script_streamlit_folium_sends(geocoded):
    for lang in ("zh", "en"):
        m = builder.build_map(geocoded, builder.MapOptions(lang=lang, basemap="none"))
        script = _get_map_string(m)
        assert "L.control(" in script and "cymap-legend" in script and ".addTo(map_div)" in script
        control = next(c for c in m._children.values() if isinstance(c, legend.Legend))
        body = legend.legend_html(lang, ["airport"])
        for status in STATUS_COLORS:
            assert status_label(status, lang) in body
        assert control.body_json.startswith('"')


def test_gcj02_shift_applies_only_to_the_gaode_basemap(geocoded):
    airport = geocoded.set_index("id").loc["A02-T05-01", "geometry"]
    gcj_lon, gcj_lat = coords.wgs84_to_gcj02(airport.x, airport.y)
    for basemap, expected in (("gaode", (float(gcj_lat), float(gcj_lon))), ("osm", (airport.y, airport.x)),
                              ("carto", (airport.y, airport.x)), ("none", (airport.y, airport.x))):
        m = builder.build_map(geocoded, builder.MapOptions(basemap=basemap))
        marker = symbol_markers(m, action_label(2, "zh"))[0]
        # rounded to COORD_DECIMALS (about a metre; the shift is hundreds of metres)
        assert marker["location"] == pytest.approx(list(expected), abs=0.6 * 10 ** -project_data.COORD_DECIMALS)
    assert abs(float(gcj_lon) - airport.x) > 0.003  # the shift is real (hundreds of metres)
    shifted = layers.district_layer(geodata.DEFAULT_DIVISION, gcj02=True).frame.geometry
    plain = layers.district_layer(geodata.DEFAULT_DIVISION, gcj02=False).frame.geometry
    shifted_xy, plain_xy = shapely.get_coordinates(shifted.values), shapely.get_coordinates(plain.values)
    # on the 1e-5° grid a shift can merge a couple of vertices, so the arrays may differ in length
    assert shifted_xy.shape != plain_xy.shape or not np.allclose(shifted_xy, plain_xy)


def test_basemaps_use_xyzservices_and_tianditu_needs_a_key():
    assert "openstreetmap" in basemaps.tile_layers("osm")[0].tiles
    assert basemaps.tile_layers("carto")[0].tiles.endswith("cartocdn.com/light_all/{z}/{x}/{y}{r}.png")
    assert "key=CK" in basemaps.tile_layers("carto", carto_key="CK")[0].tiles
    gaode = basemaps.tile_layers("gaode")[0]
    assert gaode.tiles.startswith("//webrd0{s}.is.autonavi.com") and gaode.options["subdomains"] == "1234"
    assert basemaps.tile_layers("none") == []
    assert basemaps.effective_basemap("tianditu_vec", None) == basemaps.FALLBACK_BASEMAP
    layers = basemaps.tile_layers("tianditu_img", "KEY123")
    assert [("T=img_w" in layer.tiles, "T=cia_w" in layer.tiles) for layer in layers] == [(True, False), (False, True)]
    assert all("tk=KEY123" in layer.tiles for layer in layers)


def test_local_leaflet_replaces_every_cdn_asset(geocoded):
    m = builder.build_map(geocoded, builder.MapOptions(basemap="none", leaflet_base_url="../../app/static/leaflet"))
    # Leaflet, then the clustering plugin, both from the app's static/ (no CDN)
    assert m.default_js == [("leaflet", "../../app/static/leaflet/leaflet.js"),
                            ("leaflet_markercluster",
                             "../../app/static/leaflet.markercluster/leaflet.markercluster.js")]
    assert m.default_css == [("leaflet_css", "../../app/static/leaflet/leaflet.css"),
                             ("markercluster_css_0", "../../app/static/leaflet.markercluster/MarkerCluster.css"),
                             ("markercluster_css_1",
                              "../../app/static/leaflet.markercluster/MarkerCluster.Default.css")]
    static = geodata.GEODATA_DIR.parent / "static"
    for name in ("leaflet/leaflet.js", "leaflet.markercluster/leaflet.markercluster.js",
                 "leaflet.markercluster/MIT-LICENCE.txt", "fonts/cymap-cjk-sc.woff2", "fonts/OFL-NotoSansCJK.txt"):
        assert (static / name).exists(), name
    # the web font from the app's static/ too (relative to the component's iframe)
    assert "../../app/static/fonts/cymap-cjk-sc.woff2" in m.get_root().render()


def test_view_fits_the_filtered_projects(geocoded):
    only_airport = geocoded[geocoded["id"] == "A02-T05-01"]
    m = builder.build_map(only_airport, builder.MapOptions(basemap="none"))
    (south, west), (north, east) = next(c for c in m._children.values() if isinstance(c, folium.FitBounds)).bounds
    point = only_airport.geometry.iloc[0]
    assert south < point.y < north and west < point.x < east
    assert north - south < 0.2 and east - west < 0.2  # the airport, not the whole municipality
    whole = builder.build_map(geocoded.iloc[0:0], builder.MapOptions(basemap="none"))
    (s2, w2), (n2, e2) = next(c for c in whole._children.values() if isinstance(c, folium.FitBounds)).bounds
    assert n2 - s2 > 2 and e2 - w2 > 3  # nothing to show: the whole municipality


def test_choropleth_layer_only_when_asked(geocoded):
    names = lambda m: [g.layer_name for g in children_of(m, folium.FeatureGroup)]  # noqa: E731
    assert "区县项目数着色" not in names(builder.build_map(geocoded, builder.MapOptions(basemap="none")))
    shaded = builder.build_map(geocoded, builder.MapOptions(basemap="none", choropleth=True))
    assert "区县项目数着色" in names(shaded)
    assert "区县项目数" in shaded.get_root().render()  # legend gains the count classes


def test_symbols_sharing_a_place_are_spread_apart(write_ledger):
    rows = [f"A02-T05-0{i},机场项目{i},Airport {i},2,5,airport,江北国际机场,preparing,,,s,2023-03-10,"
            for i in (1, 2, 3)]
    m = builder.build_map(load_projects(write_ledger(rows)).geocoded, builder.MapOptions(basemap="none"))
    anchors = [mk["anchor"] for mk in symbol_markers(m, action_label(2, "zh"))]
    assert len({tuple(a) for a in anchors}) == 3
    half = symbols.SYMBOL_SIZE / 2
    assert anchors[0] == [half, half]  # the first at the place itself, the others on the spiral
    dx, dy = symbols.spiral_offsets([1, 2])
    assert anchors[1:] == [[round(half - dx[0]), round(half - dy[0])], [round(half - dx[1]), round(half - dy[1])]]


def test_clicked_tooltip_text_gives_the_project_id():
    assert popup.project_id_from_tooltip("江北国际机场T3B航站楼\n建成投用 · A02-T05-01") == "A02-T05-01"
    assert popup.project_id_from_tooltip("万州区") is None
    assert popup.project_id_from_tooltip(None) is None


def test_tooltip_carries_name_status_and_id(geocoded):
    row = next(geocoded.itertuples())
    text = re.sub("<[^>]+>", " ", popup.tooltip_html(row, "en"))
    assert "Airport T3B" in text and "Completed" in text and "A02-T05-01" in text


def test_view_stays_on_chongqing_when_a_line_runs_far_outside(write_ledger):
    rows = ["A02-T05-01,机场,a,2,5,airport,江北国际机场,preparing,,,s,2023-03-10,",
            "A02-T07-01,远程输电,b,2,7,energy,成都市>万州区,preparing,,,s,2023-03-10,"]
    geocoded = load_projects(write_ledger(rows)).geocoded
    assert geocoded.set_index("id").loc["A02-T07-01", "precision"] == "route"
    m = builder.build_map(geocoded, builder.MapOptions(basemap="none"))
    (south, west), (north, east) = next(c for c in m._children.values() if isinstance(c, folium.FitBounds)).bounds
    cq_west = geodata.districts().total_bounds[0]
    assert west >= cq_west - 0.5  # Chengdu (104.1°E) is left out of the view


# --- district-level summary: one badge per district in the whole-city view -------------------

def summary_of(m):
    groups = [g for g in children_of(m, folium.FeatureGroup)
              if g.layer_name in (t("layer_district_summary", "zh"), t("layer_district_summary", "en"))]
    assert len(groups) <= 1
    if not groups:
        return None
    (summary,) = [c for c in groups[0]._children.values() if isinstance(c, summary_layer.DistrictSummary)]
    return summary


def district_rows(spec: list[tuple[str, int]]) -> list[str]:
    """Ledger rows: `count` district-level items located at `district` each."""
    rows, n = [], 0
    for district, count in spec:
        for _ in range(count):
            n += 1
            rows.append(f"A03-T09-{n:02d},区县项目{n},Item {n},3,9,industry,{district},ongoing,,,s,2023-03-10,")
    assert n < 100
    return rows


def test_district_diamonds_carry_their_district_zoom_and_the_city_view_gets_badges(geocoded):
    m = builder.build_map(geocoded, builder.MapOptions(basemap="none"))
    layer = layers.district_layer(geodata.DEFAULT_DIVISION, gcj02=False)
    areas = dict(zip(layer.frame["name_zh"], shapely.area(layer.frame.geometry.values)))
    ecology = symbol_markers(m, action_label(6, "zh"))  # 城口县, 巫溪县: one item each
    classes = {marker["className"] for marker in ecology}
    assert classes == {f"cymap-icon cymap-dd cymap-ge{symbols.diamonds_zoom(1, areas[n])}"
                       for n in ("城口县", "巫溪县")}
    site = symbol_markers(m, action_label(2, "zh"))[0]
    assert site["className"] == "cymap-icon cymap-pt"  # exact sites are never summarised; they cluster
    summary = summary_of(m)
    by_place = {tuple(summary.places_list[b["places"][0]]): b for b in summary.badges_list if not b["region"]}
    for name in ("城口县", "巫溪县", "万州区"):
        badge = by_place[tuple(layers.latlon(layer.anchors[name]))]
        assert badge["lt"] == symbols.diamonds_zoom(1, areas[name]) >= symbols.SUMMARY_BELOW_ZOOM
        assert badge["ge"] is None and badge["label"] == name
    # The CSS that swaps them on the zoom-band classes the map container carries.
    css = next(c for c in m._children.values() if isinstance(c, legend.Legend)).css
    for k in range(symbols.SUMMARY_BELOW_ZOOM, symbols.SUMMARY_MAX_ZOOM + 1):
        assert f".cymap-zoom-lt{k} .cymap-ge{k}," in css
        assert f".leaflet-container:not(.cymap-zoom-lt{k}) .cymap-lt{k}{{display:none}}" in css
        assert k in json.loads(next(c for c in m._children.values() if isinstance(c, legend.ZoomClasses)).bands)
    assert ".cymap-nosum .cymap-dd{display:block!important}" in css  # summary layer off: every diamond


def test_diamonds_zoom_grows_with_the_items_and_shrinks_with_the_district():
    big, small = 0.3, 0.002  # degrees²: a county and a central district
    assert symbols.diamonds_zoom(1, big) == symbols.SUMMARY_BELOW_ZOOM  # the city view is always badges
    assert symbols.diamonds_zoom(20, small) > symbols.diamonds_zoom(2, small) > symbols.diamonds_zoom(2, big)
    assert symbols.diamonds_zoom(10_000, small) == symbols.SUMMARY_MAX_ZOOM  # zooming in always ends in diamonds
    layer = layers.district_layer(geodata.DEFAULT_DIVISION, gcj02=False)
    zooms = summary_layer.district_zooms(layer, {"渝中区": 10, "万州区": 10})
    assert zooms["渝中区"] > zooms["万州区"]


def test_central_districts_share_one_badge_in_the_city_view(write_ledger):
    geocoded = load_projects(write_ledger(district_rows([("渝中区", 6), ("沙坪坝区", 1), ("万州区", 2)]))).geocoded
    summary = summary_of(builder.build_map(geocoded, builder.MapOptions(basemap="none")))
    layer = layers.district_layer(geodata.DEFAULT_DIVISION, gcj02=False)
    place = {n: summary.places_list.index(layers.latlon(layer.anchors[n])) for n in ("渝中区", "沙坪坝区", "万州区")}
    (region,) = [b for b in summary.badges_list if b["region"]]
    assert region["label"] == "中心城区" and region["lt"] == symbols.SUMMARY_BELOW_ZOOM
    assert sorted(region["places"]) == sorted([place["渝中区"], place["沙坪坝区"]])
    (south, west), (north, east) = region["bounds"]
    for name in ("渝中区", "沙坪坝区"):
        lat, lon = layers.latlon(layer.anchors[name])
        assert south < lat < north and west < lon < east
    own = {b["places"][0]: b for b in summary.badges_list if not b["region"]}
    # 渝中区 is tiny: from the city view on it keeps a badge of its own until its six diamonds fit.
    assert own[place["渝中区"]]["ge"] == symbols.SUMMARY_BELOW_ZOOM
    assert own[place["渝中区"]]["lt"] > symbols.SUMMARY_BELOW_ZOOM
    assert place["沙坪坝区"] not in own or own[place["沙坪坝区"]]["ge"] == symbols.SUMMARY_BELOW_ZOOM
    assert own[place["万州区"]]["ge"] is None


def test_summary_grows_with_the_districts_not_the_rows(write_ledger):
    few = load_projects(write_ledger(district_rows([("万州区", 1), ("涪陵区", 1)]), "few.csv")).geocoded
    many = load_projects(write_ledger(district_rows([("万州区", 2), ("涪陵区", 2)] * 15), "many.csv")).geocoded
    a = summary_of(builder.build_map(few, builder.MapOptions(basemap="none")))
    b = summary_of(builder.build_map(many, builder.MapOptions(basemap="none")))
    assert (a.places, a.badges, a.text) == (b.places, b.badges, b.text)  # counts and lists are built in the browser
    assert "区县项目" not in a.badges + a.places + a.text  # no project text travels twice


def test_no_summary_layer_without_district_level_items(geocoded):
    only_sites = geocoded[geocoded["precision"] != "district"]
    m = builder.build_map(only_sites, builder.MapOptions(basemap="none"))
    assert summary_of(m) is None
    assert len(action_groups(m)) == len(ACTIONS)


def test_summary_layer_legend_and_texts_in_both_languages(geocoded):
    for lang in ("zh", "en"):
        m = builder.build_map(geocoded, builder.MapOptions(lang=lang, basemap="none"))
        summary = summary_of(m)
        assert summary._parent.layer_name == t("layer_district_summary", lang)
        assert list(action_groups(m)) == [action_label(a, lang) for a in ACTIONS]  # the ten actions unchanged
        text = json.loads(summary.text)
        assert text["title"] == t("summary_title", lang) and text["hint"] == t("summary_hint", lang)
        assert text["colours"] == [STATUS_COLORS[s] for s in STATUS_COLORS]
        assert "cymap-badge" in legend.legend_html(lang, []) and t("legend_district_summary", lang) in \
            legend.legend_html(lang, [])
        labels = {b["label"] for b in summary.badges_list}
        assert ("万州区" if lang == "zh" else "Wanzhou District") in labels


def test_summary_badges_follow_the_gcj02_shift(geocoded):
    plain = summary_of(builder.build_map(geocoded, builder.MapOptions(basemap="osm")))
    gaode = summary_of(builder.build_map(geocoded, builder.MapOptions(basemap="gaode")))
    shifted = layers.district_layer(geodata.DEFAULT_DIVISION, gcj02=True)
    wanzhou = layers.latlon(shifted.anchors["万州区"])
    assert wanzhou in gaode.places_list and wanzhou not in plain.places_list
    anchor = layers.district_layer(geodata.DEFAULT_DIVISION, False).anchors["万州区"]
    lon, lat = coords.wgs84_to_gcj02(*anchor.coords[0])
    assert wanzhou == pytest.approx([float(lat), float(lon)], abs=1e-9)
    badge = next(b for b in gaode.badges_list if b["label"] == "万州区")
    assert badge["at"] == pytest.approx(wanzhou, abs=1e-6)
    west, south, east, north = shifted.frame.set_index("name_zh").loc["万州区", "geometry"].bounds
    assert sum(badge["bounds"], []) == pytest.approx([south, west, north, east], abs=1e-5)
    # The diamonds stand exactly on the places the browser matches them by.
    ecology = symbol_markers(builder.build_map(geocoded, builder.MapOptions(basemap="gaode")), action_label(6, "zh"))
    assert ecology and all(marker["location"] in gaode.places_list for marker in ecology)


def approximate_lines(m):
    """The dashed approximate-boundary polylines in the district-outline layer."""
    outlines = next(g for g in children_of(m, folium.FeatureGroup)
                    if g.layer_name in (t("layer_districts", "zh"), t("layer_districts", "en")))
    return [d for d in drawn(outlines, "L.polyline") if d.options_dict == layers.APPROXIMATE_BOUNDARY_STYLE]


def test_approximate_boundary_is_a_dashed_line_only_in_the_current_division(geocoded):
    expected = [[[y, x] for x, y in part.coords]
                for part in shapely.get_parts(geodata.approximate_boundary("current"))]
    assert expected
    for lang in ("zh", "en"):
        m = builder.build_map(geocoded, builder.MapOptions(lang=lang, basemap="none", division="current"))
        (line,) = approximate_lines(m)
        assert len(line.location) == len(expected)
        assert all(np.allclose(got, want, atol=1e-9) for got, want in zip(line.location, expected))
        assert "dashArray" in line.options_dict
        assert line.options_dict["weight"] > 1.2  # heavier than the district outlines
        assert t("approximate_boundary", lang) in json.loads(line.tooltip)
        control = next(c for c in m._children.values() if isinstance(c, legend.Legend))
        assert t("approximate_boundary", lang) in json.loads(control.body_json)
        old = builder.build_map(geocoded, builder.MapOptions(lang=lang, basemap="none", division="2023"))
        assert approximate_lines(old) == []
        old_legend = next(c for c in old._children.values() if isinstance(c, legend.Legend))
        assert t("approximate_boundary", lang) not in json.loads(old_legend.body_json)
        assert t("approximate_boundary", lang) not in old.get_root().render()


def test_approximate_boundary_follows_the_gcj02_shift(geocoded):
    plain = approximate_lines(builder.build_map(geocoded, builder.MapOptions(basemap="osm")))[0].location
    gaode = approximate_lines(builder.build_map(geocoded, builder.MapOptions(basemap="gaode")))[0].location
    lat, lon = plain[0][0]
    gcj_lon, gcj_lat = coords.wgs84_to_gcj02(lon, lat)
    assert gaode[0][0] == pytest.approx([float(gcj_lat), float(gcj_lon)], abs=1e-9)
    assert abs(gaode[0][0][1] - lon) > 0.003


# --- a legible map (issue 15): focus, clustering, collapsible controls, the web font ------------------

def fit_bounds(m):
    return next(c for c in m._children.values() if isinstance(c, folium.FitBounds)).bounds


def test_a_district_filter_frames_outlines_and_counts_only_that_district(geocoded):
    from cymap.web import cluster  # noqa: F401  (the map's clustering is part of the same build)

    m = builder.build_map(geocoded, builder.MapOptions(basemap="none", focus=("万州区",)))
    west, south, east, north = geodata.districts().set_index("name_zh").loc[["万州区"]].total_bounds
    (s, w), (n, e) = fit_bounds(m)
    assert w < west and s < south and e > east and n > north  # the district, with a small margin
    assert (east - west) / (e - w) > 0.85 and (north - south) / (n - s) > 0.85
    polygons = list(drawn(m, "L.polygon"))
    assert any(p.options_dict == builder.FOCUS_OUTLINE for p in polygons)
    veil = next(p for p in polygons if p.options_dict == builder.DIM_STYLE)
    assert len(veil.location) >= 2  # the world with the district as a hole
    # 城口县 and 巫溪县 items are drawn elsewhere, but no badge or diamond is counted there
    summary = next(c for c in drawn_macro(m, summary_layer.DistrictSummary))
    assert [b["label"] for b in summary.badges_list] == ["万州区"]
    assert "cymap-label-focus" in m.get_root().render()


def drawn_macro(element, kind):
    for child in element._children.values():
        if isinstance(child, kind):
            yield child
        yield from drawn_macro(child, kind)


def test_focus_counts_shared_items_only_in_the_selected_district(geocoded):
    layer = layers.district_layer("current", False)
    rows = builder.drawable(geocoded)
    assert set(summary_layer.district_level_counts(rows, layer, "current")) == {"城口县", "巫溪县", "万州区"}
    assert summary_layer.district_level_counts(rows, layer, "current", ("城口县",)) == {"城口县": 1}
    shaded = builder.build_map(geocoded, builder.MapOptions(basemap="none", choropleth=True, focus=("城口县",)))
    assert "区县项目数" in shaded.get_root().render()


def test_point_symbols_cluster_in_one_group_coloured_by_status(geocoded):
    m = builder.build_map(geocoded, builder.MapOptions(basemap="none"))
    (clusters,) = list(drawn_macro(m, cluster.PointClusters))
    assert set(json.loads(clusters.text)["colours"]) == set(STATUS_COLORS.values())
    script = _get_map_string(m)
    assert "cymapCluster(" in script and "L.markerClusterGroup" in script and "conic-gradient" in script
    sites = [s for s in items(m) if s["shape"] == "site"]
    assert sites and all(cluster.POINT_CLASS in s["className"] for s in sites)
    diamonds = [s for s in items(m) if "cymap-dd" in s["className"]]
    assert diamonds and not any(cluster.POINT_CLASS in d["className"] for d in diamonds)  # badges stand for them


def test_self_contained_page_carries_the_plugin_and_the_font(geocoded):
    from cymap.print import offline_html
    from cymap.web import webfont

    page = builder.build_map(geocoded, builder.MapOptions(basemap="none", leaflet_inline=True)).get_root().render()
    assert offline_html.external_references(page) == []
    assert "MarkerClusterGroup" in page and "data:font/woff2" not in page  # a shared file stays small
    with_font = builder.build_map(geocoded, builder.MapOptions(basemap="none", leaflet_inline=True,
                                                              inline_font=True)).get_root().render()
    assert f'font-family:"{webfont.FAMILY}"' in with_font and "data:font/woff2;base64," in with_font
    assert offline_html.external_references(with_font) == []


def test_layer_control_and_legend_fold_on_laptop_screens(geocoded):
    from cymap.web import controls

    m = builder.build_map(geocoded, builder.MapOptions(basemap="none"))
    script = _get_map_string(m)
    assert controls.WIDE_SCREEN_PX == 1400 and "window.top.innerWidth" in script
    assert "L.control.layers(" in script and ".expand()" in script  # open at first on wide screens only
    assert "removeAttribute('open')" in script  # the legend folded on narrow ones
    assert "cymapLayout(" in script  # names step aside from symbols; the legend sized to the room left


def test_the_web_font_holds_every_character_of_the_interface():
    from fontTools.ttLib import TTFont

    from cymap.ledger.schema import ACTIONS, CATEGORIES, STATUSES
    from cymap.views.i18n import TEXT
    from cymap.web import webfont

    cmap = TTFont(str(webfont.FONT_PATH)).getBestCmap()
    texts = [v["zh"] for v in TEXT.values()] + [v["zh"] for v in (*ACTIONS.values(), *CATEGORIES.values(),
                                                                   *STATUSES.values())]
    texts += geodata.districts()["name_zh"].tolist() + geodata.districts("2023")["name_zh"].tolist()
    missing = {c for text in texts for c in text if ord(c) > 0x7F and ord(c) not in cmap and c.isprintable()}
    assert not missing, "rebuild static/fonts: python -m cymap.web.webfont (" + "".join(sorted(missing)) + ")"
    licence = (webfont.FONT_DIR / webfont.LICENCE_FILE).read_text(encoding="utf-8")
    assert licence.lstrip().startswith("This Font Software")
    assert webfont.FONT_PATH.stat().st_size < 2_500_000


def test_popup_joins_english_district_names_with_commas(geocoded):
    row = next(r for r in geocoded.itertuples() if r.id == "A06-T27-01")
    assert "Chengkou County, Wuxi County" in popup.popup_html(row, "en") and "、" not in popup.popup_html(row, "en")
    assert "城口县、巫溪县" in popup.popup_html(row, "zh")


def test_rows_without_a_plan_action_are_a_layer_of_their_own():
    """A district's own list has no plan action (未归入行动): the map draws its rows in their own
    layer instead of failing on the missing action number."""
    from cymap.geo.projects import load_projects

    ledger = ("id,name_zh,action,task,category,location,status\n"
              "序号1,万州区临港物流园,,,logistics,万州区,under_construction\n"
              "A02-T05-01,江北国际机场T3B航站楼,2,5,airport,江北国际机场,completed\n").encode()
    rows = load_projects(ledger, "list.csv").geocoded
    assert rows["action"].isna().sum() == 1
    m = builder.build_map(rows, builder.MapOptions(basemap="none"))
    names = [getattr(child, "layer_name", "") for child in m._children.values()]
    assert t("layer_unassigned", "zh") in names
    html = m.get_root().render()
    assert "万州区临港物流园" in html


def test_a_name_containing_another_id_selects_its_own_project():
    """Issue 12 case 14: the clicked symbol's id is the tooltip's last field, so a name quoting
    another project's id (or a free id such as a list's 序号) selects the right row."""
    import types

    row = types.SimpleNamespace(name_zh="配套A02-T05-01的道路", name_en="", status="ongoing", id="A02-T06-03")
    text = "配套A02-T05-01的道路\n持续推进 · A02-T06-03"  # innerText of tooltip_html(row)
    assert popup.tooltip_html(row, "zh").endswith("<span class='cymap-id'>A02-T06-03</span>")
    assert popup.project_id_from_tooltip(text) == "A02-T06-03"
    assert popup.project_id_from_tooltip("万州区临港物流园\n在建 · 序号12") == "序号12"
    assert popup.project_id_from_tooltip("万州区 · 5 项（点击放大）") is None  # a badge, not a project


# --- point symbols sized by total investment (issue 17) ----------------------------------------

def test_investment_sides_are_a_capped_square_root_scale():
    from cymap.views import symbology

    normal = symbols.SYMBOL_SIZE
    sides = symbology.investment_sides([np.nan, symbology.INVESTMENT_REFERENCE, 22.5, symbology.INVESTMENT_CAP,
                                        10 * symbology.INVESTMENT_CAP, 0.0, 1.0], normal)
    assert sides.tolist() == [normal, normal, round(normal * 1.5), 2 * normal, 2 * normal, round(0.6 * normal),
                              round(0.6 * normal)]  # no amount: normal; area ∝ amount; capped both ways


def test_point_symbols_sized_by_investment_only_when_asked(tmp_path):
    from cymap.views import symbology

    ledger = tmp_path / "money.csv"
    ledger.write_text("id,name_zh,action,task,category,location,status,total_investment\n"
                      "A02-T05-01,机场甲,2,5,airport,江北国际机场,ongoing,40\n"
                      "A02-T05-02,机场乙,2,5,airport,重庆新机场,ongoing,\n"
                      "A03-T09-01,区县项目,3,9,industry,万州区,ongoing,90\n", encoding="utf-8")
    geocoded = load_projects(ledger).geocoded
    plain = builder.build_map(geocoded, builder.MapOptions(basemap="none"))
    assert all(len(item) == 7 for item in project_layers(plain).data["items"] if item[1] == project_data.POINT)
    for lang in ("zh", "en"):
        m = builder.build_map(geocoded, builder.MapOptions(lang=lang, basemap="none", size_by_investment=True))
        data = project_layers(m).data
        side = {data["projects"][i[0]][0]: i[7] for i in data["items"] if i[1] == project_data.POINT}
        assert side == {"A02-T05-01": 2 * symbols.SYMBOL_SIZE, "A02-T05-02": symbols.SYMBOL_SIZE}
        anchors = {data["projects"][i[0]][0]: i[5:7] for i in data["items"] if i[1] == project_data.POINT}
        assert anchors["A02-T05-01"] == [symbols.SYMBOL_SIZE, symbols.SYMBOL_SIZE]  # centred on its place
        assert all(len(i) == 6 for i in data["items"] if i[1] == project_data.DIAMOND)  # diamonds: normal size
        note = t("legend_size_investment", lang, reference=f"{symbology.INVESTMENT_REFERENCE:g}",
                 cap=f"{symbology.INVESTMENT_CAP:g}")
        body = json.loads(next(c for c in m._children.values() if isinstance(c, legend.Legend)).body_json)
        assert note in body
        plain_body = json.loads(next(c for c in builder.build_map(geocoded, builder.MapOptions(
            lang=lang, basemap="none"))._children.values() if isinstance(c, legend.Legend)).body_json)
        assert note not in plain_body


def test_a_zone_with_an_outline_is_drawn_as_its_rings_and_a_zone_symbol(geocoded):
    rows = geocoded[geocoded["id"] == "A02-T05-01"].copy()
    outline = shapely.Polygon([(106.6, 29.7), (106.7, 29.7), (106.7, 29.8), (106.6, 29.8)],
                              [[(106.64, 29.74), (106.66, 29.74), (106.66, 29.76), (106.64, 29.76)]])
    rows["geometry"], rows["precision"] = [outline], "zone"
    m = builder.build_map(rows, builder.MapOptions(basemap="none"))
    (zone,) = items(m, (project_data.ZONE,))
    assert [len(ring) for ring in zone["location"]] == [5, 5]  # exterior and hole, closed, [lat, lon]
    assert zone["location"][0][0] == [29.7, 106.6]
    (symbol,) = items(m)
    assert symbol["shape"] == "zone" and shapely.Point(symbol["location"][::-1]).within(outline)
