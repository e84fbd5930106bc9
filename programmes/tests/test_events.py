"""News (sanitised), events with capacity, waiting list, check-in and .ics; capacity under concurrency."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from core.testing import run_in_parallel
from programmes.models import Event, Registration
from programmes.services.events import (
    article_save,
    event_ics,
    event_register,
    event_save,
    registration_cancel,
    registration_check_in,
)


@pytest.fixture
def event(operator):
    start = timezone.now() + timedelta(days=7)
    return event_save(
        by=operator,
        title="氢能场景对接会",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        capacity=2,
        place="西咸新区秦创原总窗口",
        published=True,
    )


@pytest.mark.django_db
def test_news_body_is_sanitised_and_only_operators_publish(operator, member):
    article = article_save(
        by=operator,
        title="通知",
        body_html='<p onclick="x()">正文<script>alert(1)</script><a href="javascript:x">链接</a></p>',
        publish=True,
    )
    assert "<script" not in article.body_html and "onclick" not in article.body_html
    assert "javascript:" not in article.body_html and "正文" in article.body_html
    assert article.published and article.published_at
    with pytest.raises(PermissionDenied):
        article_save(by=member, title="x", body_html="y")


@pytest.mark.django_db
def test_capacity_then_waiting_list_and_promotion(event, make_user, operator):
    a, b, c = make_user(), make_user(), make_user()
    assert event_register(event=event, by=a).status == Registration.Status.CONFIRMED
    rb = event_register(event=event, by=b)
    rc = event_register(event=event, by=c)
    assert (rb.status, rc.status) == ("confirmed", "waiting")
    with pytest.raises(ValidationError):
        event_register(event=event, by=a)
    with pytest.raises(PermissionDenied):
        registration_cancel(registration=rb, by=c)
    registration_cancel(registration=rb, by=b)
    rc.refresh_from_db()
    assert rc.status == Registration.Status.CONFIRMED
    with pytest.raises(ValidationError):
        registration_check_in(registration=Registration.objects.get(pk=rb.pk), by=operator)
    assert registration_check_in(registration=rc, by=operator).checked_in_at


@pytest.mark.django_db
def test_registration_closes_and_unpublished_events_refuse(event, make_user, operator):
    Event.objects.filter(pk=event.pk).update(registration_closes_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError):
        event_register(event=event, by=make_user())
    hidden = event_save(by=operator, title="未发布", starts_at=event.starts_at, ends_at=event.ends_at, capacity=5)
    with pytest.raises(ValidationError):
        event_register(event=hidden, by=make_user())
    with pytest.raises(ValidationError):
        event_save(by=operator, title="倒置", starts_at=event.ends_at, ends_at=event.starts_at, capacity=5)


@pytest.mark.django_db
def test_ics_file(event):
    from icalendar import Calendar

    cal = Calendar.from_ical(event_ics(event))
    item = next(iter(cal.walk("VEVENT")))
    assert str(item["summary"]) == "氢能场景对接会"
    assert item.decoded("dtstart") == event.starts_at.replace(microsecond=0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL")
def test_parallel_registrations_never_exceed_capacity(make_user, operator):
    start = timezone.now() + timedelta(days=3)
    event = event_save(
        by=operator, title="并发报名", starts_at=start, ends_at=start + timedelta(hours=1), capacity=5, published=True
    )
    users = [make_user() for _ in range(24)]

    def register(i):
        for user in users[i::8]:
            event_register(event=event, by=user)

    _, errors = run_in_parallel(8, register)
    assert errors == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("confirmed") == 5 and statuses.count("waiting") == 19


@pytest.mark.django_db
def test_admin_edits_of_news_are_sanitised_too(client, make_user):
    admin = make_user(roles=["operator"], is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/programmes/article/add/",
        {"kind": "news", "title": "后台", "summary": "", "body_html": "<p>ok<script>x()</script></p>"},
    )
    assert response.status_code == 302
    from programmes.models import Article

    assert "<script" not in Article.objects.get(title="后台").body_html


@pytest.mark.django_db
def test_close_programmes_command(operator):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("close_programmes", stdout=out)
    assert "closed 0" in out.getvalue()
