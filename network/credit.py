"""Research credit (科研诚信, seed 002 7.1) consulted by the programme engine's eligibility: an
organisation with a serious breach in force may not enter programme calls. Registered with
``programmes.eligibility.register_eligibility_check`` in NetworkConfig.ready."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit

from . import access
from .models import CreditRecord


def in_force(on: dt.date | None = None):
    on = on or timezone.localdate()
    return CreditRecord.objects.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def barring_records(organisation, on: dt.date | None = None):
    return in_force(on).filter(organisation=organisation, severity=CreditRecord.Severity.SERIOUS)


def eligibility_check(call, organisation) -> list[str]:
    """The programme engine's question: the reasons a serious breach in force gives (source and
    until when), so the applicant sees why without seeing anyone else's records."""
    return [
        _("本机构有严重科研失信记录（%(source)s，%(until)s），期间不得申报。")
        % {"source": r.source, "until": _("至 %(d)s") % {"d": r.ends_on} if r.ends_on else _("长期")}
        for r in barring_records(organisation)
    ]


def credit_record_add(*, by, **data) -> CreditRecord:
    """Operators of the general window record a breach (with its source and duration)."""
    if not access.is_general_operator(by):
        raise PermissionDenied(_("只有总窗口运营人员可以录入科研诚信记录。"))
    record = CreditRecord(created_by=by, **data)
    if record.ends_on and record.ends_on < record.starts_on:
        raise ValidationError({"ends_on": _("截止日期不能早于起始日期。")})
    record.full_clean()
    with transaction.atomic():
        record.save()
        audit(actor=by, action="network.credit_record_add", target=record, data={"severity": record.severity})
    return record


def visible_to(user):
    """Operators see every record; an organisation's members see their organisation's; nobody else any."""
    if not user.is_authenticated:
        return CreditRecord.objects.none()
    if access.is_general_operator(user):
        return CreditRecord.objects.select_related("organisation")
    return CreditRecord.objects.filter(organisation_id__in=user.organisation_ids()).select_related("organisation")
