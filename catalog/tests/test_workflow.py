import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog import workflow
from catalog.models import Demand, ReviewEvent, Status


@pytest.fixture
def draft(member, enterprise):
    from catalog.services import resource_create

    return resource_create(
        model=Demand, by=member, title="氢燃料电池电堆寿命提升", problem="电堆寿命不足", owner_org=enterprise
    )


def test_submit_approve_publishes_and_logs(draft, member, operator):
    workflow.transition(record=draft, action="submit", by=member)
    record = workflow.transition(record=draft, action="approve", by=operator)
    assert record.status == Status.PUBLISHED
    assert record.published_at and record.expires_at > record.published_at
    events = list(
        ReviewEvent.objects.filter(object_id=draft.pk).values_list("action", "from_status", "to_status", "actor")
    )
    assert events == [("submit", "draft", "submitted", member.pk), ("approve", "submitted", "published", operator.pk)]


def test_return_requires_reason_and_keeps_it(draft, member, operator):
    workflow.transition(record=draft, action="submit", by=member)
    with pytest.raises(ValidationError):
        workflow.transition(record=draft, action="return", by=operator, reason="  ")
    record = workflow.transition(record=draft, action="return", by=operator, reason="预算信息不完整")
    assert record.status == Status.RETURNED and record.return_reason == "预算信息不完整"
    record = workflow.transition(record=record, action="submit", by=member)
    assert record.status == Status.SUBMITTED


def test_owner_cannot_approve_own_record(draft, member):
    workflow.transition(record=draft, action="submit", by=member)
    with pytest.raises(PermissionDenied):
        workflow.transition(record=draft, action="approve", by=member)


def test_stranger_cannot_submit(draft, make_user):
    with pytest.raises(PermissionDenied):
        workflow.transition(record=draft, action="submit", by=make_user())


def test_invalid_transition_from_status(draft, operator):
    with pytest.raises(ValidationError):
        workflow.transition(record=draft, action="approve", by=operator)


def test_expiry_archives_and_hides(draft, member, operator):
    from datetime import timedelta

    from django.utils import timezone

    workflow.transition(record=draft, action="submit", by=member)
    workflow.transition(record=draft, action="approve", by=operator)
    assert Demand.objects.published().filter(pk=draft.pk).exists()
    assert workflow.expire_due(now=timezone.now() + timedelta(days=400)) == 1
    draft.refresh_from_db()
    assert draft.status == Status.ARCHIVED
    assert not Demand.objects.published().filter(pk=draft.pk).exists()
