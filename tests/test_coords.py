import numpy as np
import shapely

from cymap.geo import coords, geodata


def test_gcj02_offset_in_chongqing_is_hundreds_of_metres():
    # Known behaviour of GCJ-02 in Chongqing: the shift is ~0.3–0.6 km.
    lon, lat = 106.55, 29.56
    glon, glat = coords.wgs84_to_gcj02(lon, lat)
    shift = coords.geodesic_distance_m(lon, lat, glon, glat)
    assert 300 < shift < 700


def test_round_trip_under_half_a_metre_across_chongqing():
    minx, miny, maxx, maxy = geodata.municipality_outline().bounds
    lon, lat = np.meshgrid(np.linspace(minx, maxx, 60), np.linspace(miny, maxy, 60))
    lon, lat = lon.ravel(), lat.ravel()
    back_lon, back_lat = coords.gcj02_to_wgs84(*coords.wgs84_to_gcj02(lon, lat))
    error = coords.geodesic_distance_m(lon, lat, back_lon, back_lat)
    assert error.max() < 0.5


def test_outside_china_is_unchanged():
    lon, lat = coords.wgs84_to_gcj02([2.35], [48.85])  # Paris
    assert lon[0] == 2.35 and lat[0] == 48.85


def test_geometry_shift_keeps_shape_and_moves_vertices():
    line = shapely.LineString([(106.5, 29.5), (106.6, 29.6)])
    shifted = coords.geometries_wgs84_to_gcj02([line])[0]
    assert shifted.geom_type == "LineString"
    assert len(shifted.coords) == 2
    assert not shifted.equals(line)


def test_geodesic_length_of_a_degree_of_latitude():
    line = shapely.LineString([(107.0, 29.0), (107.0, 30.0)])
    assert abs(coords.geodesic_length_m(line) - 110_850) < 200


def test_district_areas_sum_to_official_total_within_one_percent():
    total = sum(coords.geodesic_area_km2(g) for g in geodata.districts("2023").geometry)
    assert abs(total - 82_402) / 82_402 < 0.01


def test_albers_area_agrees_with_geodesic():
    districts = geodata.districts("2023")
    projected = districts.to_crs(coords.CHONGQING_ALBERS).area.sum() / 1e6
    geodesic = sum(coords.geodesic_area_km2(g) for g in districts.geometry)
    assert abs(projected - geodesic) / geodesic < 0.001
