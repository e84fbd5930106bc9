"""Write side of accounts: registration, organisations, verification, memberships."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from notifications.messages import Join, Message
from notifications.services import notify

from .models import Membership, Organisation, User


def _organisation_changed(organisation: Organisation) -> None:
    """After commit, tell the matching engine to re-read the organisation (verified firms are matchable)."""
    from matching.sources import documents_changed

    pk = organisation.pk
    transaction.on_commit(lambda: documents_changed(kind="organisations", ids=[pk]))


@transaction.atomic
def user_register(
    *,
    name: str,
    password: str,
    email: str | None = None,
    mobile: str | None = None,
    roles: list[str] | None = None,
    active: bool = True,
    terms_version: str = "",
) -> User:
    """Create an account. ``active=False`` for a sign-up by e-mail, activated by the link mailed to
    the address (``registration_start``). Raises ValidationError on a taken e-mail or mobile."""
    email = (email or "").strip().lower() or None
    mobile = (mobile or "").strip() or None
    if not email and not mobile:
        raise ValidationError({"email": _("邮箱和手机号至少填写一项。")})
    if email and User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("该邮箱已注册。")})
    if mobile and User.objects.filter(mobile=mobile).exists():
        raise ValidationError({"mobile": _("该手机号已注册。")})
    user = User.objects.create_user(
        email=email,
        mobile=mobile,
        password=password,
        name=name,
        roles=roles or [],
        is_active=active,
        terms_version=terms_version,
        terms_accepted_at=timezone.now() if terms_version else None,
    )
    audit(
        actor=user,
        action="user.register",
        target=user,
        data={"terms_version": terms_version} if terms_version else None,
    )
    return user


def _mail(*, to: str, subject: str, template: str, context: dict) -> None:
    from django.conf import settings
    from django.template.loader import render_to_string

    from core.tasks import send_mass_mail_later

    # After commit through the task queue: a failure is logged and retried, never silently dropped.
    send_mass_mail_later([(subject, render_to_string(template, context), settings.DEFAULT_FROM_EMAIL, [to])])


@transaction.atomic
def registration_start(
    *, name: str, password: str, email: str, mobile: str | None, link, terms_version: str = ""
) -> User | None:
    """Sign-up by e-mail without telling the visitor whether the address is registered (issue 9):
    a new address gets an inactive account and an activation link (``link(user) -> absolute URL``);
    a registered address gets a notice instead, and nothing is created. Either way the page that
    follows is the same. Returns the new user, or None. A taken mobile number still raises
    ValidationError (there is no channel to that number to send a notice through)."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _mail(
            to=email,
            subject=_("[秦创原科技大市场] 有人用您的邮箱注册"),
            template="accounts/register_exists_email.txt",
            context={"reset_url": link(None)},
        )
        audit(actor=None, action="user.register_existing", target=existing, outcome="notice_sent")
        return None
    user = user_register(
        name=name, password=password, email=email, mobile=mobile, active=False, terms_version=terms_version
    )
    _mail(
        to=email,
        subject=_("[秦创原科技大市场] 请激活您的账号"),
        template="accounts/register_activate_email.txt",
        context={"user": user, "activate_url": link(user)},
    )
    return user


@transaction.atomic
def registration_activate(*, uidb64: str, token: str) -> User | None:
    """Activate the account of an activation link; None when the link is wrong or used."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_str
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.select_for_update().filter(pk=pk, is_active=False).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit(actor=user, action="user.activate", target=user, outcome="success")
    return user


@transaction.atomic
def organisation_create(*, by: User, **fields) -> Organisation:
    """Create an organisation (pending verification) and make ``by`` its admin."""
    industry_chains = fields.pop("industry_chains", None)
    # Operators may enter an organisation whose code is not yet known; anyone else registering
    # an organisation must give the code, since verification checks it.
    if not (fields.get("credit_code") or "").strip() and not by.is_operator:
        raise ValidationError({"credit_code": _("请填写统一社会信用代码。")})
    for name in ("verification_status", "verification_note", "verified_by", "verified_at"):
        fields.pop(name, None)  # only organisation_verify decides these
    if not by.is_operator:
        fields.pop("credit_code_note", None)  # only operators may record an unverified pre-2016 code
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    if industry_chains:
        organisation.industry_chains.set(industry_chains)
    Membership.objects.create(user=by, organisation=organisation, role=Membership.Role.ADMIN)
    by.forget_memberships()
    audit(actor=by, action="organisation.create", target=organisation)
    _organisation_changed(organisation)
    return organisation


# A change of these re-opens verification when it is not an operator's: the credit code and the
# name are what the operator checked against the national enterprise credit system.
IDENTITY_FIELDS = ("name", "credit_code", "kind")


@transaction.atomic
def organisation_update(*, by: User, organisation: Organisation, **fields) -> Organisation:
    """Edit an organisation's profile: its admins and platform operators (PermissionDenied for anyone
    else). ``fields`` are OrganisationForm's (name, kind, credit_code, region, new city, chains,
    address, website, description). Raises ValidationError (nothing written) for a bad code.

    A verified organisation whose name, credit code or kind is changed by its own admin goes back to
    待认证 (the operator checked those), and operators are told; an operator's edit keeps the status.
    Every change is audited with the fields before and after. Contracts already applied for keep the
    parties' code and region they captured (deals.services.registration.capture_parties)."""
    from accounts.membership import can_manage
    from accounts.selectors import operators

    if not can_manage(by, organisation):
        raise PermissionDenied(_("只有本机构管理员和平台运营人员可以修改机构资料。"))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    industry_chains = fields.pop("industry_chains", None)
    for name in ("verification_status", "verification_note", "verified_by", "verified_at"):
        fields.pop(name, None)  # only organisation_verify decides these
    if not by.is_operator:
        fields.pop("credit_code_note", None)
    before = {name: str(getattr(organisation, name) or "") for name in fields}
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    changed = {name: [before[name], str(getattr(organisation, name) or "")] for name in fields}
    changed = {name: pair for name, pair in changed.items() if pair[0] != pair[1]}
    reopened = (
        not by.is_operator
        and organisation.verification_status == Organisation.Verification.VERIFIED
        and bool(set(changed) & set(IDENTITY_FIELDS))
    )
    if reopened:
        organisation.verification_status = Organisation.Verification.PENDING
        organisation.verification_note = _("机构名称、类型或统一社会信用代码已修改，待重新认证。")
    organisation.save()
    if industry_chains is not None:
        organisation.industry_chains.set(industry_chains)
    audit(actor=by, action="organisation.update", target=organisation, data={"changed": changed, "reopened": reopened})
    if reopened:
        notify(
            users=operators(),
            kind="accounts.organisation_reverify",
            title=Message(gettext_noop("机构资料已修改，待重新认证：%(n)s"), n=organisation.name),
            body=Message(
                gettext_noop("修改的项目：%(f)s"),
                f=Join([Organisation._meta.get_field(n).verbose_name for n in changed], sep="、"),
            ),
            url=reverse("accounts:verification_queue"),
            exclude=by,
            obj=organisation,
        )
    _organisation_changed(organisation)
    return organisation


@transaction.atomic
def organisation_verify(*, organisation: Organisation, by: User, approve: bool, note: str = "") -> Organisation:
    """An operator's decision on an organisation's verification."""
    if not by.is_operator:
        raise PermissionDenied(_("只有平台运营人员可以认证机构。"))
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
    _organisation_changed(organisation)
    notify(
        users=[m.user for m in organisation.memberships.select_related("user")],
        exclude=by,
        kind="accounts.organisation_verified" if approve else "accounts.organisation_refused",
        obj=organisation,
        url=reverse("accounts:profile"),
        title=Message(
            gettext_noop("机构“%(o)s”已通过认证") if approve else gettext_noop("机构“%(o)s”未通过认证"),
            o=organisation.name,
        ),
        body=""
        if approve
        else Message(gettext_noop("原因：%(note)s。请修改机构信息后重新提交认证。"), note=note.strip()),
    )
    return organisation


@transaction.atomic
def membership_add(
    *, organisation: Organisation, user: User, by: User, role: str = Membership.Role.MEMBER
) -> Membership:
    if not (by.is_operator or organisation.pk in by.admin_organisation_ids()):
        raise PermissionDenied(_("只有机构管理员或平台运营人员可以添加成员。"))
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("无效的机构角色。")})
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    user.forget_memberships()
    audit(actor=by, action="membership.add", target=organisation, note=str(user), data={"role": role})
    return membership


@transaction.atomic
def membership_remove(*, organisation: Organisation, user: User, by: User) -> None:
    """Remove a member. An organisation always keeps at least one admin."""
    if not (by.is_operator or organisation.pk in by.admin_organisation_ids()):
        raise PermissionDenied(_("只有机构管理员或平台运营人员可以移除成员。"))
    membership = Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
    if membership is None:
        return
    if (
        membership.role == Membership.Role.ADMIN
        and not organisation.memberships.filter(role=Membership.Role.ADMIN).exclude(pk=membership.pk).exists()
    ):
        raise ValidationError(_("机构至少需要保留一名管理员。"))
    membership.delete()
    user.forget_memberships()
    audit(actor=by, action="membership.remove", target=organisation, note=str(user))
