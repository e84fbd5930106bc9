import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Demand
from catalog.reminders import renewal_reminders


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
        assert renewal_reminders(today=today) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    body = mail.outbox[0].body
    assert "甲需求" in body and "乙需求" in body and "丙需求" not in body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("renewal_reminders")
    assert len(mail.outbox) == 2
