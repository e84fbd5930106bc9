"""/matching/status/ (try-out): 已发布 is a real count for every kind (patents and talent showed
"—"), and a kind whose index lacks matchable records says so with the reason; the demo indexes
every verified enterprise it creates (42 published, 39 indexed: the fulfilment demo's firms)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from matching import indexing
from matching.selectors import engine_status


def _row(kind):
    return next(k for k in engine_status()["kinds"] if k["kind"] == kind)


@pytest.fixture
def talent_profiles(make_user):
    from talent.models import ProfileStatus, TalentProfile

    def make(status):
        return TalentProfile.objects.create(
            user=make_user(), name="测试人才", category="high_level", fields_of_work="氢燃料电池", status=status
        )

    return {"verified": make(ProfileStatus.VERIFIED), "draft": make(ProfileStatus.DRAFT)}


@pytest.mark.django_db
def test_published_counts_what_each_kind_offers_for_matching(client, operator, member, talent_profiles):
    from patents.models import Patent
    from patents.services.importing import import_rows

    import_rows([(1, {"publication_number": "CN114000001B", "title": "一种电堆密封结构"})], source="test")
    import_rows([(1, {"publication_number": "CN214000002U", "title": "一种储氢瓶阀门"})], source="test")
    assert _row("patents")["published"] == Patent.objects.count() == 2  # every patent is public data
    assert _row("talents")["published"] == 1  # verified profiles only, not the draft
    assert _row("talent_demands")["published"] == 0
    assert all(k["published"] is not None for k in engine_status()["kinds"]), engine_status()["kinds"]

    client.force_login(member)  # not an operator: no status page
    assert client.get(reverse("matching:status")).status_code == 403
    client.force_login(operator)
    page = client.get(reverse("matching:status")).content.decode()
    assert "已发布：可供匹配的记录数" in page and "专利为库中全部专利" in page and "人才为已核验的人才档案" in page
    english = client.get(reverse("matching:status"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Published: the records available for matching" in english


@pytest.mark.django_db
def test_enterprises_missing_from_the_index_are_shown_with_the_reason_until_retried(client, operator, make_org):
    indexing.rebuild(kind="organisations", with_vectors=False)
    assert _row("organisations")["missing"] == 0
    make_org(name="直接写入的已认证企业")  # verified behind the services' back: never indexed
    make_org(name="未认证企业", verified=False)  # not matchable: neither published nor missing
    row = _row("organisations")
    assert (row["published"], row["indexed"], row["missing"]) == (1, 0, 1)
    client.force_login(operator)
    page = client.get(reverse("matching:status")).content.decode()
    assert "（少 1 条）" in page and "绕过平台服务直接写入数据库" in page
    call_command("retry_index_debt", stdout=StringIO())
    row = _row("organisations")
    assert (row["published"], row["indexed"], row["missing"]) == (1, 1, 0)
    assert "绕过平台服务直接写入数据库" not in client.get(reverse("matching:status")).content.decode()


@pytest.mark.django_db
def test_the_demo_indexes_every_verified_enterprise_it_creates():
    """The fulfilment demo (order 95) creates three verified firms; the matching demo indexed the
    enterprises at order 90, before them."""
    only = ["reference", "accounts", "listings", "enterprises", "fulfilment", "matching"]
    call_command("load_demo", only=only, force=True, stdout=StringIO())
    row = _row("organisations")
    assert row["published"] >= 34 and row["indexed"] == row["published"] and row["missing"] == 0, row


@pytest.mark.django_db
def test_recent_feedback_names_the_kinds_in_the_readers_language_with_links(client, market, make_user):
    """Try-out: 最近反馈 read "用户：demands#3 → experts#4 有用" (internal kind names, no link, a
    Chinese colon in English); it names the kinds in the reader's language and links the records."""
    from matching.models import MatchFeedback

    demand, good = market["demand"], market["good"]
    MatchFeedback.objects.create(
        source_kind="demands",
        source_id=demand.pk,
        target_kind="achievements",
        target_id=good.pk,
        user=make_user(name="经纪人老张", roles=["broker"]),
        verdict="useful",
    )
    client.force_login(make_user(roles=["operator"]))
    html = client.get(reverse("matching:status")).content.decode()
    assert "demands#" not in html and "achievements#" not in html
    assert f'<a href="{demand.get_absolute_url()}">技术需求 #{demand.pk}</a>' in html
    assert f'<a href="{good.get_absolute_url()}">科技成果 #{good.pk}</a>' in html
    english = client.get(reverse("matching:status"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "经纪人老张: <a href" in english and f"Technical demands #{demand.pk}</a>" in english


def test_every_library_is_named_in_the_plural_in_english():
    """Try-out: on /matching/status/ and in the panel's groups every library read in the plural
    (Patents, Experts ...) but 企业 read "Enterprise"."""
    from django.utils import translation

    from matching.sources import sources

    with translation.override("en"):
        assert str(sources()["organisations"].label) == "Enterprises"
    with translation.override("zh-hans"):
        assert str(sources()["organisations"].label) == "企业"
