"""Entries: create, edit until the deadline, submit (all-or-nothing checks), withdraw, attach files."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit

from .. import access
from ..eligibility import eligibility_problems
from ..models import Call, Entry, EntryStatus

EDITABLE_FIELDS = ("title", "summary", "team_name", "item_type", "list_item", "answers", "amount_requested_wan")


def clean_answers(call: Call, answers) -> dict:
    """Check ``answers`` against the call's entry form; returns the cleaned dict.

    Raises ValidationError with one key per faulty field (``answers.<name>``); unknown keys are refused.
    """
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("申报表内容格式不正确。")})
    form = {f["name"]: f for f in call.entry_form}
    errors = {}
    cleaned = {}
    for key in answers:
        if key not in form:
            errors[f"answers.{key}"] = _("申报表没有这一项。")
    for name, spec in form.items():
        value = answers.get(name, "")
        value = "" if value is None else str(value).strip()
        if spec.get("required") and not value:
            errors[f"answers.{name}"] = _("请填写“%(l)s”。") % {"l": spec["label"]}
        elif len(value) > int(spec.get("max_length") or 2000):
            errors[f"answers.{name}"] = _("“%(l)s”不能超过 %(n)s 字。") % {
                "l": spec["label"],
                "n": spec.get("max_length") or 2000,
            }
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_open(call: Call) -> None:
    if not call.accepting_entries:
        raise ValidationError({"call": _("该征集当前不接受申报或修改（未开始、已截止或已结束）。")})


def _check_entrant(by, entry: Entry) -> None:
    if not access.is_entrant(by, entry):
        raise PermissionDenied(_("只有申报机构的成员可以操作该申报。"))


def _check_list_item(call: Call, list_item) -> None:
    if list_item is not None and list_item.call_id != call.pk:
        raise ValidationError({"list_item": _("所选条目不属于该清单。")})


def _check_amount(call: Call, amount) -> None:
    """An amount requested (万元) is not negative and, where the call states its award or funding,
    not above it."""
    if amount is None or amount == "":
        return
    if amount < 0:
        raise ValidationError({"amount_requested_wan": _("申请金额不能为负数。")})
    if call.award_wan is not None and amount > call.award_wan:
        raise ValidationError(
            {"amount_requested_wan": _("申请金额不能超过本征集的奖励/资助金额（%(n)s 万元）。") % {"n": call.award_wan}}
        )


@transaction.atomic
def entry_create(*, call: Call, by, organisation=None, title: str, summary: str, answers=None, **fields) -> Entry:
    """Start an entry (a draft) for ``organisation`` (default: the user's primary organisation).

    Raises PermissionDenied (not a member), ValidationError (closed call, not eligible, bad form).
    """
    call = Call.objects.get(pk=call.pk)  # the current stage and deadline decide
    organisation = organisation or by.primary_organisation
    if organisation is not None and organisation.pk not in by.organisation_ids():
        raise PermissionDenied(_("只能以本人所属机构的名义申报。"))
    _check_open(call)
    problems = eligibility_problems(call, organisation)
    if problems:
        raise ValidationError({"eligibility": problems})
    _check_list_item(call, fields.get("list_item"))
    _check_amount(call, fields.get("amount_requested_wan"))
    entry = Entry(
        call=call,
        entrant_org=organisation,
        submitted_by=by,
        title=title,
        summary=summary,
        answers=clean_answers(call, answers or {}),
        **fields,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def entry_update(*, entry: Entry, by, **fields) -> Entry:
    """Edit a draft or a submitted entry while the call accepts entries. Everything or nothing."""
    entry = Entry.objects.select_for_update().select_related("call").get(pk=entry.pk)
    _check_entrant(by, entry)
    _check_open(entry.call)
    if entry.status not in (EntryStatus.DRAFT, EntryStatus.SUBMITTED):
        raise ValidationError({"status": _("该申报已不能修改。")})
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("该字段不能修改。") for name in unknown})
    if "answers" in fields:
        fields["answers"] = clean_answers(entry.call, fields["answers"])
    _check_list_item(entry.call, fields.get("list_item"))
    if "amount_requested_wan" in fields:
        _check_amount(entry.call, fields["amount_requested_wan"])
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def entry_submit(*, entry: Entry, by) -> Entry:
    """Submit a draft: the form is complete, the attachment present when required, still eligible."""
    entry = Entry.objects.select_for_update().select_related("call", "entrant_org").get(pk=entry.pk)
    _check_entrant(by, entry)
    call = entry.call
    _check_open(call)
    if entry.status != EntryStatus.DRAFT:
        raise ValidationError({"status": _("只有草稿可以提交。")})
    clean_answers(call, entry.answers)
    if call.attachment_required and not entry.attachments.exists():
        raise ValidationError({"attachments": _("请上传申报材料附件。")})
    problems = eligibility_problems(call, entry.entrant_org, exclude_entry=entry)
    if problems:
        raise ValidationError({"eligibility": problems})
    entry.status = EntryStatus.SUBMITTED
    entry.submitted_at = timezone.now()
    entry.submitted_by = by
    entry.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit(actor=by, action="programme.entry_submit", target=entry, data={"call": call.pk})
    return entry


@transaction.atomic
def entry_withdraw(*, entry: Entry, by) -> Entry:
    entry = Entry.objects.select_for_update().select_related("call").get(pk=entry.pk)
    _check_entrant(by, entry)
    _check_open(entry.call)
    if entry.status not in (EntryStatus.DRAFT, EntryStatus.SUBMITTED):
        raise ValidationError({"status": _("该申报已不能撤回。")})
    entry.status = EntryStatus.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    audit(actor=by, action="programme.entry_withdraw", target=entry, data={"call": entry.call_id})
    return entry


@transaction.atomic
def entry_attach(*, entry: Entry, file, by):
    """Attach a file to an entry while it may be edited; the catalog's attachment checks apply
    (allowed types, size, content signature). Raises PermissionDenied or ValidationError."""
    from catalog.services import attachment_store

    _check_entrant(by, entry)
    _check_open(entry.call)
    if entry.status not in (EntryStatus.DRAFT, EntryStatus.SUBMITTED):
        raise ValidationError({"status": _("该申报已不能修改。")})
    return attachment_store(record=entry, file=file, by=by)


@transaction.atomic
def entry_start(*, call: Call, by, attachment=None, submit: bool = False, **fields) -> Entry:
    """Create an entry, attach a file and optionally submit it in one transaction: a failure at
    any step leaves no entry behind. Raises what entry_create / entry_attach / entry_submit raise."""
    entry = entry_create(call=call, by=by, **fields)
    if attachment is not None:
        entry_attach(entry=entry, file=attachment, by=by)
    if submit:
        entry = entry_submit(entry=entry, by=by)
    return entry
