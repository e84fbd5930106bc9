"""Every event of issue 10: the right people are notified, and nobody else."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import organisation_verify
from catalog.models import Demand
from catalog.reminders import renewal_reminders
from catalog.workflow import expire_due, transition
from notifications.models import Notification

from .conftest import recipients

pytestmark = pytest.mark.django_db


def test_submit_tells_the_other_owners_and_the_reviewers_only(
    make_record, enterprise, member, colleague, outsider, operator, reviewer
):
    record = make_record(Demand, owner_org=enterprise, status="draft", created_by=member)
    transition(record=record, action="submit", by=member)
    assert recipients("catalog.submitted") == {colleague}  # not the submitter, not outsiders
    assert recipients("catalog.review_requested") == {operator, reviewer}


def test_approve_tells_the_owners_not_the_reviewer_or_outsiders(
    make_record, enterprise, member, colleague, outsider, operator, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://market.example.cn"
    record = make_record(Demand, owner_org=enterprise, status="submitted", created_by=member)
    with django_capture_on_commit_callbacks(execute=True):
        transition(record=record, action="approve", by=operator)
    assert recipients("catalog.approved") == {member, colleague}
    note = Notification.objects.get(kind="catalog.approved", user=member)
    assert note.obj == record and note.url == record.get_absolute_url() and note.read_at is None
    # site + e-mail by default, with an absolute link
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, colleague.email])
    assert f"https://market.example.cn{record.get_absolute_url()}" in mail.outbox[0].body


def test_return_carries_the_reason(make_record, enterprise, member, outsider, operator):
    record = make_record(Demand, owner_org=enterprise, status="submitted")
    transition(record=record, action="return", by=operator, reason="预算口径不清")
    assert recipients("catalog.returned") == {member}
    assert "预算口径不清" in Notification.objects.get(kind="catalog.returned").body


def test_record_without_organisation_is_followed_by_its_creator(make_record, make_user, operator, outsider):
    solo = make_user(name="个人发布者")
    record = make_record(Demand, status="submitted", created_by=solo)
    transition(record=record, action="approve", by=operator)
    assert recipients("catalog.approved") == {solo}


def test_expired_records_tell_their_owners(make_record, enterprise, member, outsider, operator):
    record = make_record(Demand, owner_org=enterprise)
    Demand.objects.filter(pk=record.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    make_record(Demand, owner_org=outsider.memberships.get().organisation)  # not due
    assert expire_due() == 1
    assert recipients("catalog.expired") == {member}


def test_expiring_in_30_and_7_days(make_record, enterprise, member, outsider):
    today = timezone.localdate()
    for days in (30, 7, 8):
        r = make_record(Demand, owner_org=enterprise, title=f"{days}天")
        at = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=days), dt.time(9)))
        Demand.objects.filter(pk=r.pk).update(expires_at=at)
    assert renewal_reminders(today=today) == 2
    assert recipients("catalog.expiring") == {member}
    assert Notification.objects.filter(kind="catalog.expiring").count() == 2


@pytest.mark.parametrize("approve", [True, False])
def test_organisation_verification_tells_its_members(make_org, make_user, operator, outsider, approve):
    org = make_org(name="待认证企业", verified=False)
    admin = make_user(name="机构管理员", org=org, org_role="admin")
    staff = make_user(name="机构成员", org=org)
    organisation_verify(organisation=org, by=operator, approve=approve, note="" if approve else "证照不清晰")
    kind = "accounts.organisation_verified" if approve else "accounts.organisation_refused"
    assert recipients(kind) == {admin, staff}
    assert Notification.objects.filter(user__in=[operator, outsider]).count() == 0
    if not approve:
        assert "证照不清晰" in Notification.objects.get(user=admin).body
