import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Demand
from catalog.reminders import renewal_reminders
from notifications.models import Notification


@pytest.mark.django_db
def test_members_are_reminded_30_and_7_days_before_expiry_only(
    make_record, member, enterprise, make_org, make_user, django_capture_on_commit_callbacks
):
    today = timezone.localdate()

    def at(days):
        return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=days), dt.time(12)))

    Demand.objects.filter(pk=make_record(Demand, owner_org=enterprise, title="甲需求").pk).update(expires_at=at(30))
    Demand.objects.filter(pk=make_record(Demand, owner_org=enterprise, title="乙需求").pk).update(expires_at=at(7))
    Demand.objects.filter(pk=make_record(Demand, owner_org=enterprise, title="丙需求").pk).update(expires_at=at(10))
    other = make_org(name="别家企业")
    make_user("别家成员", org=other)  # no record of theirs expires: no mail
    with django_capture_on_commit_callbacks(execute=True):
        assert renewal_reminders(today=today) == 2
    notices = Notification.objects.filter(kind="catalog.expiring")
    assert {n.user for n in notices} == {member}  # the other organisation's member hears nothing
    titles = " ".join(n.title for n in notices)
    assert "甲需求" in titles and "30 天" in titles and "乙需求" in titles and "丙需求" not in titles
    assert len(mail.outbox) == 2 and all(m.to == [member.email] for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("renewal_reminders")
    assert len(mail.outbox) == 4
