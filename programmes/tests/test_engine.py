"""The call engine: stages as data, eligibility, entry form, deadlines, attachments."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.audit import AuditEntry
from programmes.models import Call, Entry, EntryStatus, Stage
from programmes.services.calls import call_create, call_transition, close_due
from programmes.services.entries import entry_attach, entry_create, entry_submit, entry_update, entry_withdraw

from .conftest import pdf

pytestmark = pytest.mark.django_db


def test_publish_needs_weights_adding_to_100_and_an_operator(operator, teams, make_call):
    call = make_call(publish=False, criteria=[{"name": "方案", "weight": 50, "max_score": 10}])
    with pytest.raises(ValidationError) as exc:
        call_transition(call=call, action="publish", by=operator)
    assert "criteria" in exc.value.message_dict
    assert Call.objects.get(pk=call.pk).stage == Stage.DRAFT
    good = make_call(publish=False)
    with pytest.raises(PermissionDenied):
        call_transition(call=good, action="publish", by=teams.alice)
    good = call_transition(call=good, action="publish", by=operator)
    assert good.stage == Stage.OPEN and good.published_at
    assert AuditEntry.objects.filter(action="programme.publish", object_id=str(good.pk)).exists()


def test_stage_table_refuses_wrong_stage_unknown_action_and_missing_reason(operator, make_call):
    call = make_call()
    with pytest.raises(ValidationError) as exc:
        call_transition(call=call, action="publicise", by=operator)
    assert "status" in exc.value.message_dict
    with pytest.raises(ValidationError):
        call_transition(call=call, action="fly", by=operator)
    with pytest.raises(ValidationError) as exc:
        call_transition(call=call, action="cancel", by=operator)
    assert "reason" in exc.value.message_dict
    call = call_transition(call=call, action="cancel", by=operator, reason="需求方撤回")
    assert call.stage == Stage.CANCELLED and call.cancel_reason == "需求方撤回"


def test_kinds_use_their_own_stages(operator, make_call):
    listing = make_call(kind="opportunity_list", criteria=[])
    with pytest.raises(ValidationError):
        call_transition(call=listing, action="close_entries", by=operator)  # lists have no review
    assert call_transition(call=listing, action="finish", by=operator).stage == Stage.CLOSED
    roadshow = make_call(kind="roadshow")
    call_transition(call=roadshow, action="close_entries", by=operator)
    with pytest.raises(ValidationError):
        call_transition(call=roadshow, action="publicise", by=operator)  # 以演代评: no 公示 stage


def test_deadline_closes_reviewed_calls_only_after_it_passes(operator, make_call):
    call = make_call()
    with pytest.raises(ValidationError):
        call_transition(call=call, action="close_entries", by=None)
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert close_due() == 1
    assert Call.objects.get(pk=call.pk).stage == Stage.REVIEW


def test_eligibility_verified_kind_and_per_org_limit(make_call, make_org, make_user, teams):
    call = make_call(eligible_org_kinds=["enterprise"])
    pending = make_org(name="未认证企业", verified=False)
    with pytest.raises(ValidationError) as exc:
        entry_create(call=call, by=make_user(org=pending), title="x", summary="y")
    assert "认证" in str(exc.value.message_dict["eligibility"])
    with pytest.raises(ValidationError) as exc:
        entry_create(call=call, by=teams.bob, title="x", summary="y")  # a university
    assert "企业" in str(exc.value.message_dict["eligibility"])
    entry_create(call=call, by=teams.alice, title="甲方案", summary="y")
    with pytest.raises(ValidationError) as exc:
        entry_create(call=call, by=teams.alice, title="甲方案二", summary="y")
    assert "最多" in str(exc.value.message_dict["eligibility"])
    assert Entry.objects.filter(call=call).count() == 1


def test_entry_form_is_checked_all_or_nothing(make_call, teams):
    call = make_call(entry_form=[{"name": "leader", "label": "负责人", "required": True, "max_length": 10}])
    with pytest.raises(ValidationError) as exc:
        entry_create(call=call, by=teams.alice, title="甲", summary="s", answers={"other": "x"})
    assert set(exc.value.message_dict) == {"answers.other", "answers.leader"}
    assert not Entry.objects.exists()
    entry = entry_create(call=call, by=teams.alice, title="甲", summary="s", answers={"leader": "张工"})
    with pytest.raises(ValidationError):
        entry_update(entry=entry, by=teams.alice, title="改名", answers={"leader": "很长" * 10})
    entry.refresh_from_db()
    assert entry.title == "甲" and entry.answers == {"leader": "张工"}


def test_only_members_edit_and_nothing_after_the_deadline(make_call, teams):
    call = make_call(attachment_required=True)
    entry = entry_create(call=call, by=teams.alice, title="甲", summary="s")
    with pytest.raises(PermissionDenied):
        entry_update(entry=entry, by=teams.bob, title="乙改的")
    with pytest.raises(ValidationError) as exc:
        entry_submit(entry=entry, by=teams.alice)
    assert "attachments" in exc.value.message_dict
    entry_attach(entry=entry, file=pdf(), by=teams.alice)
    entry = entry_submit(entry=entry, by=teams.alice)
    assert entry.status == EntryStatus.SUBMITTED
    entry_update(entry=entry, by=teams.alice, summary="截止前可以修改")
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    entry.refresh_from_db()
    with pytest.raises(ValidationError):
        entry_update(entry=entry, by=teams.alice, summary="截止后不行")
    with pytest.raises(ValidationError):
        entry_withdraw(entry=entry, by=teams.alice)


def test_withdrawn_entry_frees_the_place(make_call, teams):
    call = make_call()
    entry = entry_create(call=call, by=teams.alice, title="甲", summary="s")
    entry_withdraw(entry=entry, by=teams.alice)
    assert entry_create(call=call, by=teams.alice, title="甲二", summary="s").pk


def test_attachments_reuse_the_catalog_checks(make_call, teams):
    call = make_call()
    entry = entry_create(call=call, by=teams.alice, title="甲", summary="s")
    with pytest.raises(ValidationError):
        entry_attach(entry=entry, file=SimpleUploadedFile("x.exe", b"MZ"), by=teams.alice)
    with pytest.raises(ValidationError):
        entry_attach(entry=entry, file=SimpleUploadedFile("fake.pdf", b"not a pdf"), by=teams.alice)
    with pytest.raises(PermissionDenied):
        entry_attach(entry=entry, file=pdf(), by=teams.bob)
    assert entry.attachments.count() == 0


def test_call_create_refuses_non_operators_and_bad_dates(teams):
    with pytest.raises(PermissionDenied):
        call_create(by=teams.alice, kind="challenge", title="x")


def test_call_create_bad_dates(operator):
    now = timezone.now()
    with pytest.raises(ValidationError):
        call_create(by=operator, kind="challenge", title="x", opens_at=now, closes_at=now - timedelta(days=1))
    assert not Call.objects.exists()
