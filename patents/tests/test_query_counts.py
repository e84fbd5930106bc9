"""Patent pages at scale (issue 19): the pool list, a pool and a patent's page ask the same
number of queries whatever the number of patents (no query per patent, pool or applicant)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(make_patent, n: int, start: int) -> None:
    for i in range(start, start + n):
        make_patent(
            kind="B",
            title=f"一种质子交换膜燃料电池电堆{i}",
            ipc_codes="H01M8/04|H01M8/10",
            ipc_subclasses="H01M",
            applicants=f"西安交通大学|陕西测试公司{i}",
            inventors=f"张三|李四{i}",
            application_date="2019-05-06",
            legal_status="granted",
            claims_count=9,
            cited_by_count=i % 7,
        )


def test_patent_pages_ask_a_constant_number_of_queries(client, make_patent, member):
    from patents.models import Patent, PatentPool

    _grow(make_patent, 3, 0)
    patent = Patent.objects.order_by("pk").first()
    pool = PatentPool.objects.filter(memberships__patent=patent).first() or PatentPool.objects.get(slug="hydrogen")
    urls = [
        reverse("patents:pool_list"),
        reverse("patents:pool_detail", args=[pool.slug]),
        reverse("patents:detail", args=[patent.publication_number]),
        reverse("patents:list") + "?q=燃料电池",
    ]
    for who in (None, member):
        if who:
            client.force_login(who)
        [_count(client, url) for url in urls]  # warm the process's own first-request work
        small = [_count(client, url) for url in urls]
        _grow(make_patent, 25, 100 if who is None else 200)
        large = [_count(client, url) for url in urls]
        assert large == small, (who, urls)
        assert max(large) <= 14, large
