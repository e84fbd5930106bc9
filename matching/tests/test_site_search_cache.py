"""The site search's cached sections (core.sitesearch.cached_top, issue 19): kept per visibility
scope and data version, loaded through the viewer's own queryset, dropped when a record is
published; and the index decodes only the payloads a page shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Demand
from core import sitesearch
from matching import index

pytestmark = pytest.mark.django_db
URL = reverse("core:search")


def _titles(response) -> list[str]:
    assert response.status_code == 200
    return [record.title for section in response.context["sections"] for record in section.hits]


def _demand(make_record, enterprise, publish, title, **fields):
    fields.setdefault("problem", title)
    record = make_record(Demand, owner_org=enterprise, status="submitted", title=title, **fields)
    publish(record)
    return record


def test_a_members_only_record_cached_for_members_never_reaches_a_visitor(
    client, make_record, enterprise, member, publish, monkeypatch
):
    _demand(make_record, enterprise, publish, "氢能加注站选址")
    _demand(make_record, enterprise, publish, "氢能储罐密封", visibility="members")
    client.force_login(member)
    assert {"氢能加注站选址", "氢能储罐密封"} <= set(_titles(client.get(URL, {"q": "氢能"})))
    client.logout()
    titles = _titles(client.get(URL, {"q": "氢能"}))
    assert "氢能加注站选址" in titles and "氢能储罐密封" not in titles
    # Even an entry kept under the wrong scope only names ids: the visitor's own queryset loads them.
    monkeypatch.setattr(sitesearch, "scope_of", lambda user: "member")
    response = client.get(URL, {"q": "氢能"})
    assert "氢能加注站选址" in _titles(response)
    assert "氢能储罐密封" not in response.content.decode()


def test_a_newly_published_record_shows_at_once(client, make_record, enterprise, publish):
    _demand(make_record, enterprise, publish, "氢能压缩机")
    assert _titles(client.get(URL, {"q": "氢能"})) == ["氢能压缩机"]
    _demand(make_record, enterprise, publish, "氢能管道检测")  # resource_changed: a new list version
    assert set(_titles(client.get(URL, {"q": "氢能"}))) == {"氢能压缩机", "氢能管道检测"}


def test_a_repeated_search_reads_the_cache_not_the_index(client, make_record, enterprise, publish, monkeypatch):
    _demand(make_record, enterprise, publish, "氢能压缩机", problem="加氢站用隔膜压缩机，氢能储运环节的瓶颈")
    with CaptureQueriesContext(connection) as first:
        assert _titles(client.get(URL, {"q": "氢能"})) == ["氢能压缩机"]

    def no_search(*args, **kwargs):
        raise AssertionError("the index was searched again")

    monkeypatch.setattr(index.KindIndex, "search_lazy", no_search)
    monkeypatch.setattr(index.KindIndex, "search", no_search)
    # The same query once normalised (full width, traditional characters, spaces): the same entry.
    with CaptureQueriesContext(connection) as second:
        response = client.get(URL, {"q": " 氫能 "})
    assert _titles(response) == ["氢能压缩机"]
    assert "<mark>" in response.content.decode()  # the cached snippet
    assert len(second.captured_queries) <= len(first.captured_queries)


def test_the_index_decodes_only_the_payloads_asked_for(make_record, enterprise, publish):
    records = [_demand(make_record, enterprise, publish, f"氢能储运{i}") for i in range(3)]
    hits, payloads = index.open_index("demands").search_lazy(["氢能"], limit=10, keep=10)
    assert {pk for pk, _score in hits} == {r.pk for r in records}
    assert payloads.decoded == 0
    assert payloads.get(records[0].pk)["title"] == "氢能储运0"
    assert payloads.decoded == 1 and payloads.get(-1) is None


def test_imported_patents_show_at_once(client, django_capture_on_commit_callbacks):
    from patents.services.importing import import_rows

    def imported(number, title):
        with django_capture_on_commit_callbacks(execute=True):
            import_rows([(2, {"publication_number": number, "title": title})], source="test")

    imported("CN119000020A", "一种固态氢能储运罐")
    assert _titles(client.get(URL, {"q": "储运罐"})) == ["一种固态氢能储运罐"]
    imported("CN119000021A", "氢能储运罐的密封结构")  # patents.services.notify: a new search version
    assert len(_titles(client.get(URL, {"q": "储运罐"}))) == 2
