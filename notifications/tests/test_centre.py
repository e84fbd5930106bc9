"""The notification centre itself: channels, e-mail after commit with retries, digests, pages, API, privacy."""

import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from notifications.messages import Message
from notifications.models import Channel, Notification
from notifications.services import mark_read, notify, preference_set, send_digests, unread_count

pytestmark = pytest.mark.django_db


def test_email_kinds_go_on_site_and_by_email_after_commit(member, colleague, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = notify(
            users=[member, colleague, member], kind="sharing.booking_approved", title=Message("预约成功"), url="/x/"
        )
        assert len(rows) == 2 and not mail.outbox  # each user once; nothing mailed before commit
    for cb in callbacks:
        cb()
    assert len(mail.outbox) == 2
    assert all(n.emailed_at for n in Notification.objects.all())


def test_legacy_deal_keyword_is_the_object(member, enterprise):
    (row,) = notify(users=[member], kind="deals.opened", title=Message("t"), deal=enterprise)
    assert row.obj == enterprise


def test_site_only_preference_sends_no_mail(member, colleague, django_capture_on_commit_callbacks):
    preference_set(user=member, kind="catalog.approved", channel=Channel.SITE)
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[member, colleague], kind="catalog.approved", title=Message("通过"))
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    assert unread_count(member) == 1


def test_email_users_bounds_who_is_mailed(member, colleague, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[member, colleague], kind="deals.opened", title=Message("t"), email_users=[colleague])
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    assert Notification.objects.count() == 2


def test_digest_collects_a_day_in_one_mail(member, colleague, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://market.example.cn"
    preference_set(user=member, kind="catalog.approved", channel=Channel.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[member], kind="catalog.approved", title=Message("甲通过"), url="/demands/1/")
        notify(users=[member], kind="catalog.approved", title=Message("乙通过"), url="/demands/2/")
    assert not mail.outbox
    call_command("send_notification_digests")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    assert "甲通过" in mail.outbox[0].body and "https://market.example.cn/demands/2/" in mail.outbox[0].body
    assert send_digests() == 0  # sent once


def test_mail_failure_is_logged_retried_and_kept(member, django_capture_on_commit_callbacks, monkeypatch, caplog):
    calls = []

    def refuse(self, messages):
        calls.append(len(messages))
        raise OSError("smtp down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        notify(users=[member], kind="catalog.approved", title=Message("通过"))
    assert calls == [1]  # inline the retry is only scheduled; a worker tries again after 60, 120 … s
    assert "notification e-mail failed; retrying" in caplog.text
    note = Notification.objects.get()
    assert note.emailed_at is None  # not marked sent: nothing silently dropped
    assert unread_count(member) == 1  # the notice itself stands
    monkeypatch.undo()
    Notification.objects.filter(pk=note.pk).update(created_at=note.created_at - timezone.timedelta(hours=1))
    call_command("send_notification_digests")  # the daily backstop sends what every retry missed
    assert [m.to for m in mail.outbox] == [[member.email]]
    call_command("send_notification_digests")
    assert len(mail.outbox) == 1


def test_mark_read_touches_only_own_notices(member, colleague):
    (mine,) = notify(users=[member], kind="catalog.approved", title=Message("mine"))
    (theirs,) = notify(users=[colleague], kind="catalog.approved", title=Message("theirs"))
    assert mark_read(user=member, ids=[mine.pk, theirs.pk]) == 1
    assert unread_count(colleague) == 1


def test_inbox_filters_and_privacy(client, member, colleague):
    notify(users=[member], kind="catalog.approved", title=Message("成果通过"))
    notify(users=[member], kind="deals.opened", title=Message("新的对接意向"))
    notify(users=[colleague], kind="catalog.approved", title=Message("别人的通知"))
    client.force_login(member)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "成果通过" in page and "新的对接意向" in page and "别人的通知" not in page
    page = client.get(reverse("notifications:inbox") + "?app=deals").content.decode()
    assert "新的对接意向" in page and "成果通过" not in page
    badge = client.get(reverse("notifications:badge")).content.decode()
    assert 'data-unread="2"' in badge
    client.post(reverse("notifications:read"), {"all": "1"})
    assert "data-unread" not in client.get(reverse("notifications:badge")).content.decode()
    assert unread_count(colleague) == 1


def test_inbox_needs_login(client):
    assert client.get(reverse("notifications:inbox")).status_code == 302
    assert "data-unread" not in client.get(reverse("notifications:badge")).content.decode()


def test_preferences_page_and_api(client, member):
    client.force_login(member)
    assert "发布信息审核通过" in client.get(reverse("notifications:preferences")).content.decode()
    client.post(reverse("notifications:preferences"), {"channel-catalog.approved": "digest"})
    rows = {r["kind"]: r for r in client.get("/api/v1/notifications/preferences/").json()}
    assert rows["catalog.approved"]["channel"] == "digest" and rows["catalog.returned"]["channel"] == "email"
    bad = client.post("/api/v1/notifications/preferences/", {"kind": "catalog.returned", "channel": "sms"})
    assert bad.status_code == 400


def test_api_lists_and_marks_own(client, member, colleague):
    notify(users=[member], kind="catalog.approved", title=Message("a"))
    (other,) = notify(users=[colleague], kind="catalog.approved", title=Message("b"))
    client.force_login(member)
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
    data = client.get("/api/v1/notifications/?app=catalog").json()
    assert data["count"] == 1 and data["results"][0]["kind_label"] == "发布信息审核通过"
    r = client.post("/api/v1/notifications/read/", {"ids": [other.pk]}, content_type="application/json")
    assert r.json() == {"marked": 0, "unread": 1}
    client.logout()
    assert client.get("/api/v1/notifications/").status_code in (401, 403)


def test_workbench_shows_notice_times_in_local_time_like_the_inbox(client, member):
    """Found by using the site: the workbench said 05:44 (UTC) for a notice the inbox dated 13:44."""
    import datetime as dt

    (notice,) = notify(users=[member], kind="catalog.approved", title=Message("成果通过"))
    Notification.objects.filter(pk=notice.pk).update(created_at=dt.datetime(2026, 3, 1, 20, 30, tzinfo=dt.UTC))
    client.force_login(member)
    page = client.get(reverse("core:workbench")).content.decode()
    assert "03-02 04:30" in page and "03-01 20:30" not in page  # Asia/Shanghai is UTC+8
    assert "2026-03-02 04:30" in client.get(reverse("notifications:inbox")).content.decode()
