"""Subscriptions (issue 10 item 6): follow a chain or an organisation, save a search; new records
the subscriber may open are told once, and nothing about the others, not even their number."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import Achievement, Demand, Instrument
from notifications.models import Channel, Notification
from notifications.services import preference_set, send_digests
from subscriptions import services
from subscriptions.models import Delivery, Subscription

from .conftest import told

pytestmark = pytest.mark.django_db

KIND = "subscriptions.new_records"


def test_saved_query_keeps_only_what_selects_records():
    q = services.canonical_query("achievements", "sort=views&page=3&q=+电堆+&chain=hydrogen&stage=&evil=1&status=draft")
    assert q == "chain=hydrogen&q=%E7%94%B5%E5%A0%86"
    with pytest.raises(ValidationError, match="关键词或选择筛选条件"):
        services.canonical_query("achievements", "page=2&sort=views")
    with pytest.raises(ValidationError, match="没有这个资源库"):
        services.canonical_query("../etc", "q=x")
    with pytest.raises(ValidationError, match="关键词不能超过"):
        services.canonical_query("achievements", "q=" + "长" * 101)


def test_the_same_search_twice_is_one_subscription(subscriber):
    first, created = services.save_search(user=subscriber, library="achievements", query="q=电堆&page=2")
    again, created_again = services.save_search(user=subscriber, library="achievements", query="q=电堆")
    assert created and not created_again and first.pk == again.pk
    assert Subscription.objects.filter(user=subscriber).count() == 1


def test_a_user_keeps_at_most_the_limit(subscriber, monkeypatch):
    monkeypatch.setattr(services, "MAX_PER_USER", 2)
    services.save_search(user=subscriber, library="achievements", query="q=电堆")
    services.save_search(user=subscriber, library="demands", query="q=电堆")
    with pytest.raises(ValidationError, match="最多可保留 2 个订阅"):
        services.save_search(user=subscriber, library="experts", query="q=电堆")


def test_only_verified_organisations_can_be_followed(subscriber, make_org):
    with pytest.raises(ValidationError):
        services.follow_organisation(user=subscriber, organisation=make_org(verified=False))


def test_saved_search_tells_only_new_records_the_subscriber_may_open(
    subscriber, make_user, make_record, enterprise, member
):
    old = make_record(Achievement, owner_org=enterprise, title="电堆寿命旧成果")  # before subscribing
    Achievement.objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(days=2))
    sub, _ = services.save_search(user=subscriber, library="achievements", query="q=电堆")
    Subscription.objects.filter(pk=sub.pk).update(checked_at=timezone.now() - dt.timedelta(minutes=5))
    seen = make_record(Achievement, owner_org=enterprise, title="长寿命电堆技术")
    members_only = make_record(Achievement, owner_org=enterprise, title="电堆膜电极", visibility="members")
    # Records the subscriber may not open: in review, draft, returned, archived, expired.
    for status in ("submitted", "draft", "returned", "archived"):
        make_record(Achievement, owner_org=enterprise, status=status, title=f"电堆{status}")
    expired = make_record(Achievement, owner_org=enterprise, title="电堆已过期")
    Achievement.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    make_record(Achievement, owner_org=enterprise, title="光伏组件")  # does not match
    make_record(Demand, owner_org=enterprise, title="电堆需求")  # another library

    result = services.collect_new_records()

    assert result == {"subscriptions": 1, "records": 2}
    assert told(KIND) == {subscriber}  # nobody else: not the owners, not other users
    note = Notification.objects.get(kind=KIND)
    assert note.title == "订阅“科技成果 · 关键词：电堆”有 2 条新发布"
    assert seen.title in note.body and members_only.title in note.body
    for hidden in ("submitted", "draft", "returned", "archived", "已过期", "旧成果", "光伏", "需求"):
        assert hidden not in note.body
    assert set(Delivery.objects.values_list("record_id", flat=True)) == {seen.pk, members_only.pk}


def test_a_subscriber_who_may_see_nothing_new_hears_nothing_not_even_a_count(subscriber, make_record, enterprise):
    services.save_search(user=subscriber, library="demands", query="q=保密工艺")
    make_record(Demand, owner_org=enterprise, status="submitted", title="保密工艺改进")  # in review
    # The keyword only in a published demand's confidential details: not searchable, not told.
    make_record(Demand, owner_org=enterprise, title="产线改造", confidential_details="保密工艺参数")
    assert services.collect_new_records()["records"] == 0
    assert not Notification.objects.filter(user=subscriber).exists()


def test_nothing_is_told_twice_and_later_records_are_told(subscriber, make_record, enterprise, chain):
    sub, _ = services.follow_chain(user=subscriber, chain=chain)
    first = make_record(Achievement, owner_org=enterprise, title="制氢电解槽")
    first.industry_chains.add(chain)
    services.collect_new_records()
    # The next run looks an hour back (a late commit still has its turn): the record is not told again.
    Subscription.objects.filter(pk=sub.pk).update(checked_at=timezone.now() - dt.timedelta(minutes=30))
    assert services.collect_new_records()["records"] == 0
    instrument = make_record(Instrument, owner_org=enterprise, title="储氢罐检测平台")
    instrument.industry_chains.add(chain)
    other = make_record(Instrument, owner_org=enterprise, title="光伏检测")  # not in the chain
    assert services.collect_new_records()["records"] == 1
    last = Notification.objects.filter(kind=KIND).first()
    assert instrument.title in last.body and other.title not in last.body
    assert Notification.objects.filter(kind=KIND).count() == 2


def test_following_an_organisation(subscriber, make_record, enterprise, make_org):
    services.follow_organisation(user=subscriber, organisation=enterprise)
    mine = make_record(Demand, owner_org=enterprise, title="本机构需求")
    make_record(Demand, owner_org=make_org(), title="其他机构需求")
    services.collect_new_records()
    note = Notification.objects.get(kind=KIND, user=subscriber)
    assert "本机构需求" in note.body and "其他机构需求" not in note.body
    assert note.url == mine.get_absolute_url()  # one record: its own page, its title in the notice's
    assert note.title == f"订阅“机构：{enterprise.name}”有新发布：本机构需求"


def test_inactive_subscribers_are_skipped(subscriber, make_record, enterprise):
    services.save_search(user=subscriber, library="achievements", query="q=电堆")
    subscriber.is_active = False
    subscriber.save(update_fields=["is_active"])
    make_record(Achievement, owner_org=enterprise, title="电堆")
    assert services.collect_new_records() == {"subscriptions": 0, "records": 0}


@pytest.mark.parametrize(
    ("channel", "immediate", "in_digest"),
    [(Channel.SITE, 0, 0), (Channel.EMAIL, 1, 0), (Channel.DIGEST, 0, 1), (None, 0, 1)],
)
def test_delivery_follows_the_users_choice(
    subscriber, make_record, enterprise, django_capture_on_commit_callbacks, channel, immediate, in_digest
):
    if channel is not None:  # None: the kind's default, the daily digest
        preference_set(user=subscriber, kind=KIND, channel=channel)
    services.save_search(user=subscriber, library="achievements", query="q=电堆")
    make_record(Achievement, owner_org=enterprise, title="电堆寿命")
    with django_capture_on_commit_callbacks(execute=True):
        services.collect_new_records()
    assert len(mail.outbox) == immediate
    assert Notification.objects.filter(user=subscriber, kind=KIND).count() == 1  # always on site
    assert send_digests() == in_digest
    if in_digest:
        assert "电堆" in mail.outbox[-1].body


def test_records_published_before_subscribing_are_not_told_as_new(subscriber, make_record, enterprise, chain):
    """Found by using the demo: following 氢能 right after records were published told "13 条新发布"
    about records that existed before the subscription (the run looked an hour back)."""
    old = make_record(Achievement, owner_org=enterprise, title="制氢电解槽")
    old.industry_chains.add(chain)
    type(old).objects.filter(pk=old.pk).update(published_at=timezone.now() - dt.timedelta(minutes=30))
    services.follow_chain(user=subscriber, chain=chain)
    assert services.collect_new_records()["records"] == 0
    new = make_record(Achievement, owner_org=enterprise, title="储氢材料")
    new.industry_chains.add(chain)
    assert services.collect_new_records()["records"] == 1
