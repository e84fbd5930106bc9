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


def test_cached_citing_achievements_follow_changes_and_each_viewer_s_rights(
    client, make_patent, make_record, enterprise, member
):
    """The scan of achievements naming a patent is cached (ids only); who may see each one is
    decided on every request, so a draft reaches its own organisation and no one else, and a new
    or changed achievement shows at once."""
    from catalog.models import Achievement

    patent = make_patent(kind="B", publication_number="CN111504366B", title="一种光伏逆变器")
    url = reverse("patents:detail", args=[patent.publication_number])
    make_record(Achievement, owner_org=enterprise, title="公开的光伏成果", patent_numbers="CN111504366B")
    draft = make_record(
        Achievement, owner_org=enterprise, title="草稿光伏成果", status="draft", patent_numbers="CN 111504366 B"
    )
    client.force_login(member)  # a member of the owning enterprise fills the cache with the draft's id
    html = client.get(url).content.decode()
    assert "公开的光伏成果" in html and "草稿光伏成果" in html
    client.logout()
    html = client.get(url).content.decode()
    assert "公开的光伏成果" in html and "草稿光伏成果" not in html
    make_record(Achievement, owner_org=enterprise, title="新发布的光伏成果", patent_numbers="ＣＮ１１１５０４３６６Ｂ")
    assert "新发布的光伏成果" in client.get(url).content.decode()
    draft.patent_numbers = "CN999"
    draft.save()
    client.force_login(member)
    assert "草稿光伏成果" not in client.get(url).content.decode()
