"""融资白名单 (seed 001 三(五)1②: banks may offer 无还本续贷 to listed firms and 主动授信 to listed
high-tech firms). Criteria are ``core.rules`` conditions over the "enterprise" fact set (one
``WhiteListCriteria`` row, operators edit it); ``propose`` runs them in one query over the
verified enterprises and proposes those not yet listed, with the reasons; operators also nominate
a firm by hand (with a note); every proposal is reviewed by an operator; listed firms are reviewed
again after ``review_months`` (``manage.py whitelist_review``: the criteria re-checked, failures
proposed for removal in the operators' queue, never removed silently).

The default criteria are a local choice (the seed names the list, not its criteria): a valid
科技型中小企业 qualification and at least one related patent (a firm with results to transfer).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from core import rules
from core.audit import audit
from enterprises.facts import ENTERPRISE

from . import fit
from .models import WhiteListCriteria, WhiteListEntry

DEFAULT_RULES = [
    {"fact": "has_tech_sme", "op": "is", "value": True},
    {"fact": "patents", "op": ">=", "value": 1},
]
ENTERPRISE_KINDS = (Organisation.Kind.ENTERPRISE, Organisation.Kind.STATE_OWNED)


def criteria() -> WhiteListCriteria:
    row = WhiteListCriteria.objects.order_by("pk").first()
    return row or WhiteListCriteria.objects.create(rules=DEFAULT_RULES)


def is_listed(organisation) -> bool:
    return WhiteListEntry.objects.filter(organisation=organisation, status=WhiteListEntry.Status.LISTED).exists()


def listed_ids(organisation_ids=None) -> set[int]:
    qs = WhiteListEntry.objects.filter(status=WhiteListEntry.Status.LISTED)
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=list(organisation_ids))
    return set(qs.values_list("organisation_id", flat=True))


def _operator(by) -> None:
    if not (by and by.is_authenticated and by.is_operator):
        raise PermissionDenied(_("只有平台运营人员可以管理融资白名单。"))


@transaction.atomic
def criteria_update(*, by, rules_data, review_months: int = 12) -> WhiteListCriteria:
    _operator(by)
    row = criteria()
    row.rules = rules.validate(ENTERPRISE, rules_data)
    if not 1 <= int(review_months) <= 60:
        raise ValidationError({"review_months": _("复核周期须在 1–60 个月之间。")})
    row.review_months = int(review_months)
    row.updated_by = by
    row.save()
    audit(actor=by, action="finance.whitelist.criteria", target=row, data={"rules": row.rules})
    return row


def _explain(profile) -> list[str]:
    result = rules.evaluate(ENTERPRISE, criteria().rules, profile, fit.rule_context())
    return [fit.condition_line(c) for c in result.conditions]


@transaction.atomic
def propose(*, by) -> list[WhiteListEntry]:
    """Run the criteria over every verified enterprise (one query) and propose the new ones."""
    from enterprises.models import EnterpriseProfile

    _operator(by)
    open_orgs = WhiteListEntry.objects.filter(
        status__in=[WhiteListEntry.Status.PROPOSED, WhiteListEntry.Status.LISTED]
    ).values("organisation_id")
    population = EnterpriseProfile.objects.filter(
        organisation__kind__in=ENTERPRISE_KINDS, organisation__verification_status="verified"
    ).exclude(organisation_id__in=open_orgs)
    meeting = rules.filter_queryset(ENTERPRISE, criteria().rules, population, fit.rule_context())
    made = []
    for profile in meeting.select_related("organisation").prefetch_related("reports", "qualifications"):
        made.append(
            WhiteListEntry.objects.create(
                organisation=profile.organisation,
                source=WhiteListEntry.Source.RULES,
                reasons=_explain(profile),
                proposed_by=by,
            )
        )
    audit(actor=by, action="finance.whitelist.propose", data={"proposed": len(made)})
    return made


@transaction.atomic
def nominate(*, organisation: Organisation, by, note: str) -> WhiteListEntry:
    from enterprises.services import profile_for

    _operator(by)
    if organisation.kind not in ENTERPRISE_KINDS:
        raise ValidationError({"organisation": _("只能提名企业。")})
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写提名理由。")})
    if WhiteListEntry.objects.filter(
        organisation=organisation, status__in=[WhiteListEntry.Status.PROPOSED, WhiteListEntry.Status.LISTED]
    ).exists():
        raise ValidationError({"organisation": _("该企业已在名单或待审核。")})
    from enterprises.models import EnterpriseProfile

    profile = EnterpriseProfile.objects.prefetch_related("reports", "qualifications").get(
        pk=profile_for(organisation).pk
    )
    entry = WhiteListEntry.objects.create(
        organisation=organisation,
        source=WhiteListEntry.Source.NOMINATION,
        reasons=_explain(profile),
        note=note.strip()[:300],
        proposed_by=by,
    )
    audit(actor=by, action="finance.whitelist.nominate", target=organisation, note=note[:200])
    return entry


@transaction.atomic
def review(*, entry: WhiteListEntry, by, approve: bool, note: str = "") -> WhiteListEntry:
    """Approve (list, next review in ``review_months``) or reject a proposal; on a listed entry,
    ``approve=False`` removes the firm (a reason is required)."""
    _operator(by)
    entry = WhiteListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status not in (WhiteListEntry.Status.PROPOSED, WhiteListEntry.Status.LISTED):
        raise ValidationError({"status": _("该记录已处理。")})
    if not approve and not (note or "").strip():
        raise ValidationError({"note": _("请填写原因。")})
    today = timezone.localdate()
    if approve:
        entry.status = WhiteListEntry.Status.LISTED
        entry.next_review_on = today + dt.timedelta(days=30 * criteria().review_months)
    else:
        listed = entry.status == WhiteListEntry.Status.LISTED
        entry.status = WhiteListEntry.Status.REMOVED if listed else WhiteListEntry.Status.REJECTED
    if note:
        entry.note = note.strip()[:300]
    entry.reviewed_by, entry.reviewed_at = by, timezone.now()
    entry.save()
    audit(actor=by, action="finance.whitelist.review", target=entry.organisation, note=entry.status)
    return entry


def due_for_review(today=None):
    today = today or timezone.localdate()
    return WhiteListEntry.objects.filter(status=WhiteListEntry.Status.LISTED, next_review_on__lte=today)


@transaction.atomic
def periodic_review(*, today=None) -> dict:
    """Re-check the criteria of listed firms due for review: those still meeting them get a new date;
    the others keep their place but get the failed reasons written down for the operators' decision."""
    from enterprises.models import EnterpriseProfile

    kept = flagged = 0
    today = today or timezone.localdate()
    for entry in due_for_review(today).select_related("organisation"):
        profile = (
            EnterpriseProfile.objects.prefetch_related("reports", "qualifications")
            .filter(organisation=entry.organisation)
            .first()
        )
        result = rules.evaluate(ENTERPRISE, criteria().rules, profile, fit.rule_context(today)) if profile else None
        if result and result.passed:
            entry.next_review_on = today + dt.timedelta(days=30 * criteria().review_months)
            kept += 1
        else:
            entry.reasons = [fit.condition_line(c) for c in result.conditions] if result else [_("无企业档案")]
            entry.note = _("复核未通过，待运营决定是否移出")
            flagged += 1
        entry.save()
    return {"kept": kept, "flagged": flagged}
