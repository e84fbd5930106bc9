"""The shipped Shaanxi boundaries are the files described in talent/data/README.md."""

import hashlib
import json
from pathlib import Path

import pytest

GEO = Path(__file__).resolve().parents[1] / "static" / "talent" / "geo"
SHA256 = {
    "shaanxi_prefectures.json": "5a16c97b2442db48538f4e7681c2b3f848cc65f8cda59bab4ea934a5d016dbf9",
    "shaanxi_counties.json": "cf0cfa3ef7f7976c75b0a5be7dad2465ad1f5d19e7d5c07021df42ec1d3e2e71",
}


@pytest.mark.parametrize("name", sorted(SHA256))
def test_checksum(name):
    assert hashlib.sha256((GEO / name).read_bytes()).hexdigest() == SHA256[name]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, level", [("shaanxi_prefectures.json", "prefecture"), ("shaanxi_counties.json", "county")]
)
def test_one_feature_per_region(name, level):
    from reference.models import Region

    features = json.loads((GEO / name).read_text(encoding="utf-8"))["features"]
    codes = [f["properties"]["adcode"] for f in features]
    expected = dict(Region.objects.filter(code__startswith="61", level=level).values_list("code", "name"))
    assert sorted(codes) == sorted(expected) and len(codes) == len(set(codes))
    assert all(f["properties"]["name"] == expected[f["properties"]["adcode"]] for f in features)
    assert all(f["geometry"]["coordinates"] for f in features)
