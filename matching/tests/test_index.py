import pytest
from django.urls import reverse

from catalog import workflow
from catalog.models import Achievement, Demand
from matching import index


def _indexed(kind, pk) -> bool:
    # Ask for the id itself: on PostgreSQL sequences are not reset between tests, so ids grow.
    return pk in index.open_index(kind).get([pk])


@pytest.mark.django_db
def test_publish_indexes_and_withdraw_removes(
    make_record, enterprise, operator, publish, django_capture_on_commit_callbacks
):
    record = make_record(
        Achievement, owner_org=enterprise, status="submitted", title="质子交换膜燃料电池电堆", body="低铂催化剂"
    )
    publish(record)
    assert _indexed("achievements", record.pk)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(record=record, action="archive", by=operator)
    assert not _indexed("achievements", record.pk)


@pytest.mark.django_db
def test_documents_changed_from_another_source(make_record, enterprise, publish):
    from matching.sources import documents_changed

    record = make_record(Achievement, owner_org=enterprise, status="submitted", title="光伏组件清洗机器人")
    publish(record)
    Achievement.objects.filter(pk=record.pk).update(status="archived")
    documents_changed(kind="achievements", ids=[record.pk])
    assert not _indexed("achievements", record.pk)


@pytest.mark.django_db
def test_catalog_list_uses_index_with_highlights_and_filters(client, make_record, enterprise, publish, chain):
    hit = make_record(
        Demand, owner_org=enterprise, status="submitted", title="电堆寿命提升", problem="需要提升氢燃料电池电堆寿命"
    )
    hit.industry_chains.add(chain)
    other = make_record(
        Demand, owner_org=enterprise, status="submitted", title="燃料电池冷启动", problem="低温下氢燃料电池冷启动困难"
    )
    miss = make_record(Demand, owner_org=enterprise, status="submitted", title="光伏清洗", problem="光伏组件表面积灰")
    for record in (hit, other, miss):
        publish(record)
    response = client.get(reverse("catalog:list", args=["demands"]), {"q": "氢燃料电池"})
    assert response.status_code == 200
    result = response.context["result"]
    assert result.engine == "tantivy"
    found = list(result.queryset)
    assert set(found) == {hit, other}
    assert "<mark>氢燃料电池</mark>" in response.content.decode()
    # The page's filters still apply: only the record on the hydrogen chain.
    response = client.get(reverse("catalog:list", args=["demands"]), {"q": "氢燃料电池", "chain": "hydrogen"})
    assert list(response.context["result"].queryset) == [hit]


@pytest.mark.django_db
def test_falls_back_to_database_without_index(client, make_record, enterprise):
    make_record(Demand, owner_org=enterprise, title="无索引的氢能需求")
    response = client.get(reverse("catalog:list", args=["demands"]), {"q": "氢能"})
    assert response.context["result"].engine == "database"
    assert len(response.context["result"].queryset) == 1


@pytest.mark.django_db
def test_rebuild_index_command(make_record, enterprise, capsys):
    from django.core.management import call_command

    make_record(Achievement, owner_org=enterprise, title="钙钛矿电池")
    make_record(Achievement, owner_org=enterprise, status="draft", title="草稿不入索引")
    call_command("rebuild_index", "--library", "achievements")
    assert index.open_index("achievements").num_docs() == 1
    assert "1 条" in capsys.readouterr().out
