"""Write side of accounts: registration, organisations, verification, memberships."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit

from .models import Membership, Organisation, User


@transaction.atomic
def user_register(
    *, name: str, password: str, email: str | None = None, mobile: str | None = None, roles: list[str] | None = None
) -> User:
    email = (email or "").strip().lower() or None
    mobile = (mobile or "").strip() or None
    if not email and not mobile:
        raise ValidationError({"email": _("邮箱和手机号至少填写一项。")})
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("该邮箱已注册。")})
    if mobile and User.objects.filter(mobile=mobile).exists():
        raise ValidationError({"mobile": _("该手机号已注册。")})
    user = User.objects.create_user(email=email, mobile=mobile, password=password, name=name, roles=roles or [])
    audit(actor=user, action="user.register", target=user)
    return user


@transaction.atomic
def organisation_create(*, by: User, **fields) -> Organisation:
    """Create an organisation (pending verification) and make ``by`` its admin."""
    industry_chains = fields.pop("industry_chains", None)
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    if industry_chains:
        organisation.industry_chains.set(industry_chains)
    Membership.objects.create(user=by, organisation=organisation, role=Membership.Role.ADMIN)
    audit(actor=by, action="organisation.create", target=organisation)
    return organisation


@transaction.atomic
def organisation_verify(*, organisation: Organisation, by: User, approve: bool, note: str = "") -> Organisation:
    """An operator's decision on an organisation's verification."""
    if not by.is_operator:
        raise ValidationError(_("只有平台运营人员可以认证机构。"))
    if approve and not organisation.credit_code:
        raise ValidationError({"credit_code": _("认证前必须填写统一社会信用代码。")})
    if not approve and not note.strip():
        raise ValidationError({"note": _("不通过时必须说明原因。")})
    organisation.verification_status = (
        Organisation.Verification.VERIFIED if approve else Organisation.Verification.REJECTED
    )
    organisation.verification_note = note.strip()
    organisation.verified_by = by
    organisation.verified_at = timezone.now()
    organisation.save(update_fields=["verification_status", "verification_note", "verified_by", "verified_at"])
    audit(actor=by, action="organisation.verify" if approve else "organisation.reject", target=organisation, note=note)
    return organisation


@transaction.atomic
def membership_add(*, organisation: Organisation, user: User, by: User, role: str = Membership.Role.MEMBER) -> Membership:
    if not (by.is_operator or organisation.pk in by.admin_organisation_ids()):
        raise ValidationError(_("只有机构管理员或平台运营人员可以添加成员。"))
    membership, _created = Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": role})
    audit(actor=by, action="membership.add", target=organisation, note=str(user))
    return membership
