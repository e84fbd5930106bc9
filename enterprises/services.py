"""Write side of enterprise profiles: entry by the enterprise's admins, verification by operators,
bank consent, the demonstration-enterprise library. Every write is atomic and audited (the audit
trail is the profile's history: who changed or verified what, when, with the values)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Organisation
from core.audit import audit
from notifications.messages import Message, choice_label

from . import access
from .models import (
    FIGURE_FIELDS,
    AnnualReport,
    BankConsent,
    Demonstration,
    EnterpriseProfile,
    FigureSource,
    Platform,
    Qualification,
    Verification,
)
from .models.profiles import DEFAULT_VALIDITY_YEARS

ENTERPRISE_KINDS = (Organisation.Kind.ENTERPRISE, Organisation.Kind.STATE_OWNED)
PROFILE_FIELDS = ("founded_on", "main_business", "technology_fields")
QUALIFICATION_FIELDS = ("kind", "number", "issuer", "level", "issued_on", "expires_on", "board", "stock_code")


def profile_for(organisation: Organisation) -> EnterpriseProfile:
    """The organisation's profile, created on first use; ValidationError for a non-enterprise."""
    if organisation.kind not in ENTERPRISE_KINDS:
        raise ValidationError(_("只有企业类机构才有企业档案。"))
    profile, _created = EnterpriseProfile.objects.get_or_create(organisation=organisation)
    return profile


def _check_editor(by, profile) -> None:
    if not access.can_edit(by, profile):
        raise PermissionDenied(_("只有企业管理员可以填报。"))


def _values(obj, fields) -> dict:
    return {f: str(getattr(obj, f)) if getattr(obj, f) is not None else None for f in fields}


@transaction.atomic
def profile_update(*, profile: EnterpriseProfile, by, data: dict) -> EnterpriseProfile:
    _check_editor(by, profile)
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    profile.full_clean(exclude=["organisation"])
    profile.save()
    audit(actor=by, action="enterprise.profile.update", target=profile, data=_values(profile, PROFILE_FIELDS))
    return profile


@transaction.atomic
def qualification_submit(*, profile: EnterpriseProfile, by, data: dict, qualification: Qualification | None = None):
    """Add or correct a qualification; it returns to 待核验. 高企 without an expiry gets issued + 3 years.

    Raises ValidationError (dates reversed, listed without board/code) or PermissionDenied."""
    _check_editor(by, profile)
    q = qualification or Qualification(profile=profile)
    if q.profile_id != profile.pk:
        raise PermissionDenied
    for field in QUALIFICATION_FIELDS + ("evidence",):
        if field in data and data[field] is not None:
            setattr(q, field, data[field])
    if q.issued_on and not q.expires_on and q.kind in DEFAULT_VALIDITY_YEARS:
        years = DEFAULT_VALIDITY_YEARS[q.kind]
        try:
            q.expires_on = q.issued_on.replace(year=q.issued_on.year + years) - dt.timedelta(days=1)
        except ValueError:  # 29 February
            q.expires_on = q.issued_on.replace(year=q.issued_on.year + years, day=28)
    errors = {}
    if q.issued_on and q.expires_on and q.expires_on < q.issued_on:
        errors["expires_on"] = _("有效期至不能早于认定日期。")
    if q.kind == "listed" and not (q.board and q.stock_code):
        errors["board"] = _("上市/挂牌企业须填写板块和证券代码。")
    if errors:
        raise ValidationError(errors)
    q.status, q.review_note, q.reviewed_by, q.reviewed_at = Verification.PENDING, "", None, None
    q.full_clean(exclude=["profile"])
    q.save()
    audit(actor=by, action="enterprise.qualification.submit", target=profile, data=_values(q, QUALIFICATION_FIELDS))
    return q


def clean_figures(data: dict) -> dict:
    """Parse and check a year's figures (万元, 人); ValidationError names each bad field."""
    clean, errors = {}, {}
    for field, unit in FIGURE_FIELDS:
        raw = data.get(field)
        if raw in (None, ""):
            clean[field] = None
            continue
        try:
            value = Decimal(str(raw))
        except Exception:
            errors[field] = _("请输入数字。")
            continue
        if not value.is_finite():
            errors[field] = _("请输入有限的数字。")
            continue
        if unit == "人":
            if value != value.to_integral() or value < 0:
                errors[field] = _("人数须为非负整数。")
                continue
            value = int(value)
        elif value < 0 and field != "net_profit":
            errors[field] = _("不能为负数。")
            continue
        clean[field] = value
    rd_staff, staff = clean.get("rd_staff"), clean.get("staff")
    if not errors and rd_staff is not None and staff is not None and rd_staff > staff:
        errors["rd_staff"] = _("研发人员不能多于从业人员。")
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def report_submit(*, profile: EnterpriseProfile, by, year: int, data: dict) -> AnnualReport:
    """The enterprise's annual figures for ``year`` (万元 / 人); a change returns them to 待核验.

    A verified report that an enterprise changes loses its verification (the old values stay in
    the audit trail). Raises ValidationError (year out of range, negative or non-numeric figures)."""
    _check_editor(by, profile)
    this_year = timezone.localdate().year
    if not (1990 <= int(year) <= this_year):
        raise ValidationError({"year": _("年度须在 1990 至 %(y)s 之间。") % {"y": this_year}})
    figures = clean_figures(data)
    report, _created = AnnualReport.objects.select_for_update().get_or_create(profile=profile, year=int(year))
    for field, value in figures.items():
        setattr(report, field, value)
    report.source = FigureSource.SELF
    report.status, report.review_note, report.reviewed_by, report.reviewed_at = Verification.PENDING, "", None, None
    report.save()
    audit(
        actor=by,
        action="enterprise.report.submit",
        target=profile,
        data={"year": report.year, **_values(report, [f for f, _u in FIGURE_FIELDS])},
    )
    return report


@transaction.atomic
def report_import(*, profile: EnterpriseProfile, by, year: int, data: dict) -> AnnualReport:
    """Operators' import from a statistics file: stored as verified, source 统计文件导入."""
    if not by.is_operator:
        raise PermissionDenied
    figures = clean_figures(data)
    report, _created = AnnualReport.objects.select_for_update().get_or_create(profile=profile, year=int(year))
    for field, value in figures.items():
        setattr(report, field, value)
    report.source = FigureSource.IMPORTED
    report.status, report.reviewed_by, report.reviewed_at = Verification.VERIFIED, by, timezone.now()
    report.save()
    audit(actor=by, action="enterprise.report.import", target=profile, data={"year": report.year})
    return report


def _review(obj, *, by, approve: bool, note: str, action: str):
    if not by.is_operator:
        raise PermissionDenied(_("只有运营人员可以核验。"))
    if not approve and not (note or "").strip():
        raise ValidationError({"note": _("退回须填写理由。")})
    if obj.status != Verification.PENDING:
        raise ValidationError(_("该记录不在待核验状态。"))
    obj.status = Verification.VERIFIED if approve else Verification.REJECTED
    obj.review_note, obj.reviewed_by, obj.reviewed_at = (note or "").strip(), by, timezone.now()
    fields = ["status", "review_note", "reviewed_by", "reviewed_at"]
    if approve and isinstance(obj, AnnualReport):
        obj.source = FigureSource.VERIFIED
        fields.append("source")
    obj.save(update_fields=fields)
    audit(actor=by, action=f"{action}.{obj.status}", target=obj.profile, note=obj.review_note, data={"id": obj.pk})
    return obj


@transaction.atomic
def qualification_review(*, qualification: Qualification, by, approve: bool, note: str = "") -> Qualification:
    """Operator verifies (已核验) or returns (已退回, reason required) a pending qualification."""
    qualification = Qualification.objects.select_for_update().get(pk=qualification.pk)
    return _review(qualification, by=by, approve=approve, note=note, action="enterprise.qualification")


@transaction.atomic
def report_review(*, report: AnnualReport, by, approve: bool, note: str = "") -> AnnualReport:
    """Operator verifies (source becomes 运营核验) or returns (reason required) a pending annual report."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    return _review(report, by=by, approve=approve, note=note, action="enterprise.report")


@transaction.atomic
def consent_grant(*, profile: EnterpriseProfile, by, bank: Organisation, purpose: str = "") -> BankConsent:
    """The enterprise's admin lets ``bank`` read its figures (recorded, revocable)."""
    _check_editor(by, profile)
    if bank.kind != Organisation.Kind.FINANCIAL:
        raise ValidationError({"bank": _("只能授权金融机构。")})
    consent = BankConsent.objects.create(profile=profile, bank=bank, purpose=purpose, granted_by=by)
    audit(actor=by, action="enterprise.consent.grant", target=profile, note=bank.name)
    return consent


@transaction.atomic
def consent_revoke(*, consent: BankConsent, by) -> BankConsent:
    _check_editor(by, consent.profile)
    consent.revoked_at = timezone.now()
    consent.save(update_fields=["revoked_at"])
    audit(actor=by, action="enterprise.consent.revoke", target=consent.profile, note=consent.bank.name)
    return consent


@transaction.atomic
def demonstration_designate(*, profile: EnterpriseProfile, by, reason: str, on: dt.date | None = None):
    """Operator designates a 科技成果转移转化示范企业 (seed 004) with a reason; one open designation."""
    if not by.is_operator:
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写认定理由。")})
    if profile.demonstrations.filter(revoked_on__isnull=True).exists():
        raise ValidationError(_("该企业已在示范企业库中。"))
    designation = Demonstration.objects.create(
        profile=profile, designated_on=on or timezone.localdate(), reason=reason.strip(), designated_by=by
    )
    audit(actor=by, action="enterprise.demonstration.designate", target=profile, note=reason)
    return designation


@transaction.atomic
def platform_add(*, profile: EnterpriseProfile, by, kind: str, name: str, partners: str = "", built_on=None):
    """A platform the enterprise built (联合实验室, 创新联合体 ...); its admins or operators."""
    if not (by.is_operator or access.can_edit(by, profile)):
        raise PermissionDenied
    platform = Platform(profile=profile, kind=kind, name=name, partners=partners, built_on=built_on)
    platform.full_clean(exclude=["profile"])
    platform.save()
    audit(actor=by, action="enterprise.platform.add", target=profile, note=name)
    return platform


def expiry_reminders(*, day: dt.date, within_days: int = 90) -> int:
    """Remind each enterprise's admins of verified qualifications expiring within ``within_days``
    (高企 certificates run 3 years; re-application takes months). Each qualification is reminded
    once per expiry date (audited); returns the number of reminders sent. A daily job."""
    from core.audit import AuditEntry
    from notifications.services import notify

    from .selectors import expiring_qualifications

    sent = 0
    for q in expiring_qualifications(day, within_days):
        key = f"{q.pk}:{q.expires_on}"
        if AuditEntry.objects.filter(action="enterprise.qualification.reminded", note=key).exists():
            continue
        admins = [m.user for m in q.profile.organisation.memberships.filter(role="admin").select_related("user")]
        notify(
            users=admins,
            kind="enterprises.qualification_expiry",
            title=Message(
                gettext_noop("%(kind)s 资质将于 %(day)s 到期"), kind=choice_label(q, "kind"), day=q.expires_on
            ),
            body=Message(gettext_noop("请及时办理复审或重新认定，并在平台更新资质信息。")),
            url=f"/enterprises/{q.profile.organisation_id}/edit/",
        )
        audit(actor=None, action="enterprise.qualification.reminded", target=q.profile, note=key)
        sent += 1
    return sent
