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


MIXED = ["3D打印钛合金构件", "X射线探伤机器人", "5G基站储能电池", "氢燃料电池汽车"]


def test_parallel_segmentation_builds_the_same_index(tmp_path):
    docs = _docs(230) + [
        Document(kind="bench", id=300 + n, title=title, text="，".join(MIXED[n:] + MIXED[:n]) * 2)
        for n, title in enumerate(MIXED)
    ]
    for workers, root, checkpoint in ((1, tmp_path / "one", 10_000), (2, tmp_path / "two", 60)):
        built = rebuild(kind="bench", root=root, documents=iter(docs), batch=50, workers=workers, checkpoint=checkpoint)
        assert built == 234
    one, two = index.open_index("bench", tmp_path / "one"), index.open_index("bench", tmp_path / "two")
    assert one.num_docs() == two.num_docs() == 234
    terms = {
        t for d in docs for t in (index.analysis.index_text(d.title) + " " + index.analysis.index_text(d.text)).split()
    }
    assert one.doc_freqs(terms) == two.doc_freqs(terms)
    for query in (["电池"], ["光伏", "机器人"], ["域控制器"], ["3d"], ["射线"], ["燃料电池"]):
        # Same hits, scores and payloads (equal scores may come in either order: tantivy's own
        # indexing threads lay out segments differently from run to run).
        hits = one.search(query, limit=300)
        assert hits and sorted(hits, key=str) == sorted(two.search(query, limit=300), key=str)


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
def test_every_library_builds_its_documents_without_the_columns_a_batch_leaves_out(
    make_record, enterprise, django_assert_num_queries
):
    """A batched read defers ``UNREAD_FIELDS``: reading one of them would cost a query per record."""
    from catalog.libraries import LIBRARIES

    for lib in LIBRARIES.values():
        make_record(lib.model, owner_org=enterprise, title=f"{lib.label}：储能电池热管理")
        # Records, chains, owners (+ a Policy's clauses), then the empty read that ends it.
        with django_assert_num_queries(3 + (lib.model.__name__ == "Policy") + 1):
            docs = list(get_source(lib.slug).documents())
        assert [d.title for d in docs] == [f"{lib.label}：储能电池热管理"]
        assert docs[0] == get_source(lib.slug).document_for(docs[0].id)


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


def test_search_answers_during_a_rebuild_and_sees_the_new_index_after(tmp_path):
    """The new index is built beside the live one and swapped in at the end (issue 20: during a
    40-minute rebuild 36 of 40 queries found nothing)."""
    from matching.engine import Engine

    rebuild(kind="bench", root=tmp_path, documents=iter(_docs(100)), batch=50)
    answers = []

    def while_rebuilding():
        for n, doc in enumerate(_docs(230)):
            if n in (0, 60, 120, 229):
                # Mid-rebuild: the live index still answers, with everything it had.
                live = index.open_index("bench", tmp_path)
                answers.append(live.num_docs())
                assert live.search(["电池"], limit=5)
                query = Document(kind="demands", id=-1, title="氢燃料电池电堆", text="")
                assert Engine(root=tmp_path, mode="lexical").match(query, targets=["bench"])
            yield doc

    assert rebuild(kind="bench", root=tmp_path, documents=while_rebuilding(), batch=50) == 230
    assert answers == [100, 100, 100, 100]
    assert index.open_index("bench", tmp_path).num_docs() == 230
    # One live generation and the previous one are kept; nothing is left half-built.
    assert (tmp_path / "bench").is_symlink() and not (tmp_path / "bench.building").exists()
    assert len(list(tmp_path.glob("bench.gen-*"))) == 2


@pytest.mark.parametrize("workers", [1, 2])
def test_interrupted_rebuild_resumes_where_it_stopped(tmp_path, monkeypatch, workers):
    rebuild(kind="bench", root=tmp_path, documents=iter(_docs(40)), batch=50)

    def failing():
        for n, doc in enumerate(_docs(230)):
            if n == 160:
                raise KeyboardInterrupt  # the operator stops it, or the machine goes down
            yield doc

    with pytest.raises(KeyboardInterrupt):
        rebuild(kind="bench", root=tmp_path, documents=failing(), batch=50, checkpoint=50, workers=workers)
    # The live index is untouched and still answers.
    assert index.open_index("bench", tmp_path).num_docs() == 40
    prepared = []
    if workers == 1:  # segmented in this process: count what is segmented again
        real = index.segment_many
        monkeypatch.setattr(index, "segment_many", lambda texts: prepared.extend(texts) or real(texts))
    stats = {}
    resumed = rebuild(
        kind="bench", root=tmp_path, documents=iter(_docs(230)), batch=50, checkpoint=50, workers=workers, stats=stats
    )
    assert resumed == 230
    # The batches committed before the interruption (100 of 160 read) are not segmented again.
    assert stats["resumed"] == 100
    assert len(prepared) == (130 if workers == 1 else 0)
    live = index.open_index("bench", tmp_path)
    assert live.num_docs() == 230 and len(live.get(list(range(1, 231)))) == 230


@pytest.mark.django_db
def test_a_record_published_during_a_rebuild_is_in_the_new_index(make_record, enterprise, settings, tmp_path):
    from dataclasses import replace

    from matching import sources as sources_module
    from matching.indexing import index_documents

    settings.SEARCH_INDEX_DIR = str(tmp_path)
    first = make_record(Achievement, owner_org=enterprise, title="储能电池热管理系统")
    rebuild(kind="achievements")
    source = get_source("achievements")
    late = []

    def documents():
        yield from source.documents()
        # Published after the rebuild read the records, before its swap: indexed in the live one.
        record = make_record(Achievement, owner_org=enterprise, title="钙钛矿太阳能电池封装")
        index_documents(kind="achievements", ids=[record.pk])
        late.append(record.pk)

    sources_module._SOURCES["achievements"] = replace(source, documents=documents)
    try:
        rebuild(kind="achievements")
    finally:
        sources_module._SOURCES["achievements"] = source
    assert set(index.open_index("achievements").get([first.pk, *late])) == {first.pk, *late}
