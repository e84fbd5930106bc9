"""rebuild_index: batched reads (a constant number of queries per batch) and parallel
segmentation that builds the same index as one process."""

import pytest

from catalog.models import Achievement
from matching import index
from matching.indexing import rebuild
from matching.sources import Document, get_source

TITLES = ["氢燃料电池电堆寿命", "光伏组件清洗机器人", "钙钛矿太阳能电池", "智能网联汽车域控制器", "储能电池热管理"]


def _docs(n):
    return [
        Document(
            kind="bench", id=i + 1, title=TITLES[i % 5] + str(i), text=TITLES[(i + 2) % 5] * 3, chains=["hydrogen"]
        )
        for i in range(n)
    ]


def test_parallel_segmentation_builds_the_same_index(tmp_path):
    for workers, root in ((1, tmp_path / "one"), (2, tmp_path / "two")):
        assert rebuild(kind="bench", root=root, documents=iter(_docs(230)), batch=50, workers=workers) == 230
    one, two = index.open_index("bench", tmp_path / "one"), index.open_index("bench", tmp_path / "two")
    assert one.num_docs() == two.num_docs() == 230
    for query in (["电池"], ["光伏", "机器人"], ["域控制器"]):
        # Same hits, scores and payloads (equal scores may come in either order: tantivy's own
        # indexing threads lay out segments differently from run to run).
        assert sorted(one.search(query, limit=300), key=str) == sorted(two.search(query, limit=300), key=str)


@pytest.mark.django_db
def test_catalog_documents_read_a_batch_in_three_queries(make_record, enterprise, chain, django_assert_num_queries):
    from matching import catalog_sources

    for n in range(12):
        record = make_record(Achievement, owner_org=enterprise, title=f"{TITLES[n % 5]}{n}", stage="pilot")
        record.industry_chains.add(chain)
    make_record(Achievement, owner_org=None, title="无机构的成果")
    old_batch, catalog_sources.BATCH = catalog_sources.BATCH, 5
    try:
        # 13 records in batches of 5: 3 full batches (records, chains, owners) + one empty read.
        with django_assert_num_queries(3 * 3 + 1):
            docs = list(get_source("achievements").documents())
    finally:
        catalog_sources.BATCH = old_batch
    assert len(docs) == 13
    one = next(d for d in docs if d.title.endswith("0"))
    assert one.chains == ["hydrogen"] and one.extra["verified"] and one.extra["org"] == enterprise.name
    # The same document as the one-record path (used when a single record changes).
    assert one == get_source("achievements").document_for(one.id)


@pytest.mark.django_db
def test_reindexing_many_records_reads_them_in_batches(make_record, enterprise, django_assert_max_num_queries):
    from matching.indexing import index_documents

    records = [make_record(Achievement, owner_org=enterprise, title=f"{TITLES[n % 5]}{n}") for n in range(15)]
    records[0].status = "archived"
    records[0].save(update_fields=["status"])
    with django_assert_max_num_queries(3):
        result = index_documents(kind="achievements", ids=[r.pk for r in records])
    assert result == {"indexed": 14, "removed": 1}
    assert set(index.open_index("achievements").get([r.pk for r in records])) == {r.pk for r in records[1:]}
