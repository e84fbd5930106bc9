"""Organisation membership flows (issue 10): ask to join, admins decide, invite by e-mail, change
roles, leave, transfer admin rights. Every change is audited (core.audit) with old and new values,
and the people concerned are notified (notifications.services.notify)."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from core.tasks import send_mass_mail_later
from notifications.messages import Message
from notifications.services import absolute_url, notify

from .models import Invitation, Membership, MembershipRequest, Organisation, User

INVITATION_DAYS = 14


def can_manage(user: User, organisation: Organisation) -> bool:
    """Its admins and platform operators manage an organisation's members."""
    return user.is_authenticated and (user.is_operator or organisation.pk in user.admin_organisation_ids())


def admins(organisation: Organisation) -> list[User]:
    return [
        m.user
        for m in organisation.memberships.filter(role=Membership.Role.ADMIN, user__is_active=True).select_related(
            "user"
        )
    ]


def _members_url(organisation) -> str:
    return reverse("accounts:members", args=[organisation.pk])


def _require_manager(by, organisation):
    if not can_manage(by, organisation):
        raise PermissionDenied(_("只有机构管理员或平台运营人员可以管理成员。"))


def _keeps_an_admin(organisation, membership) -> bool:
    return organisation.memberships.filter(role=Membership.Role.ADMIN).exclude(pk=membership.pk).exists()


@transaction.atomic
def request_join(*, user: User, organisation: Organisation, message: str = "") -> MembershipRequest:
    """Ask to join a verified organisation; its admins are notified."""
    if not organisation.is_verified:
        raise ValidationError(_("只能申请加入已认证的机构。"))
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(_("您已是该机构的成员。"))
    if MembershipRequest.objects.filter(user=user, organisation=organisation, status="pending").exists():
        raise ValidationError(_("您已提交过申请，请等待机构管理员处理。"))
    req = MembershipRequest.objects.create(user=user, organisation=organisation, message=message.strip()[:300])
    audit(actor=user, action="membership.request", target=organisation, note=str(user), data={"request": req.pk})
    notify(
        users=admins(organisation),
        kind="accounts.membership_requested",
        obj=organisation,
        url=_members_url(organisation),
        title=Message(gettext_noop("%(u)s 申请加入“%(o)s”"), u=user.name, o=organisation.name),
        body=req.message,
    )
    return req


@transaction.atomic
def decide_request(*, request: MembershipRequest, by: User, accept: bool, note: str = "") -> MembershipRequest:
    """An admin (or operator) accepts or refuses a pending request; the requester is notified."""
    req = MembershipRequest.objects.select_for_update().get(pk=request.pk)
    organisation = req.organisation
    _require_manager(by, organisation)
    if req.status != MembershipRequest.Status.PENDING:
        raise ValidationError(_("该申请已处理。"))
    req.status = MembershipRequest.Status.ACCEPTED if accept else MembershipRequest.Status.REFUSED
    req.decided_by, req.decided_at, req.decision_note = by, timezone.now(), note.strip()[:300]
    req.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if accept:
        Membership.objects.get_or_create(user=req.user, organisation=organisation, defaults={"role": "member"})
        req.user.forget_memberships()
    audit(
        actor=by,
        action="membership.accept" if accept else "membership.refuse",
        target=organisation,
        note=str(req.user),
        data={"request": req.pk, "old": None, "new": "member" if accept else None},
    )
    notify(
        users=[req.user],
        kind="accounts.membership_decided",
        obj=organisation,
        url=reverse("accounts:organisation_detail", args=[organisation.pk]),
        title=Message(
            gettext_noop("您已加入“%(o)s”") if accept else gettext_noop("“%(o)s”未同意您的加入申请"),
            o=organisation.name,
        ),
        body=req.decision_note,
    )
    return req


@transaction.atomic
def cancel_request(*, request: MembershipRequest, by: User) -> None:
    if request.user_id != by.pk or request.status != MembershipRequest.Status.PENDING:
        raise PermissionDenied(_("只能撤回自己待处理的申请。"))
    request.status = MembershipRequest.Status.CANCELLED
    request.save(update_fields=["status"])
    audit(actor=by, action="membership.request_cancel", target=request.organisation, note=str(by))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite(
    *, organisation: Organisation, email: str, by: User, role: str = Membership.Role.MEMBER
) -> tuple[Invitation, str]:
    """Invite an e-mail address (a user or not yet); returns the invitation and its link. The
    link is e-mailed after commit; a registered user with that address is also notified on site."""
    _require_manager(by, organisation)
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise ValidationError({"email": _("请填写有效的邮箱。")})
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("无效的机构角色。")})
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("该邮箱的用户已是本机构成员。")})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by=by,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    link = reverse("accounts:invitation", args=[token])
    audit(actor=by, action="membership.invite", target=organisation, note=email, data={"role": role})
    subject = "[秦创原科技大市场] " + _("%(o)s 邀请您加入") % {"o": organisation.name}
    text = _("%(by)s 邀请您以“%(role)s”身份加入“%(o)s”。请在 %(days)d 天内登录或注册后打开链接接受邀请：\n%(link)s") % {
        "by": by.name,
        "role": Membership.Role(role).label,
        "o": organisation.name,
        "days": INVITATION_DAYS,
        "link": absolute_url(link),
    }
    send_mass_mail_later([(subject, text, settings.DEFAULT_FROM_EMAIL, [email])])
    existing = User.objects.filter(email__iexact=email, is_active=True).first()
    if existing:
        notify(
            users=[existing],
            kind="accounts.membership_invited",
            obj=organisation,
            url=link,
            title=Message(gettext_noop("“%(o)s”邀请您加入"), o=organisation.name),
            email_users=[],  # the invitation e-mail above already carries the link
        )
    return invitation, link


def invitation_for(token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(token_hash=_token_hash(token)).first()


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
    if invitation is None or not invitation.is_open:
        raise ValidationError(_("邀请链接无效或已过期。"))
    if (user.email or "").lower() != invitation.email:
        raise PermissionDenied(_("该邀请发给 %(e)s，请用该邮箱的账户登录后接受。") % {"e": invitation.email})
    organisation = invitation.organisation
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_by, invitation.accepted_at = user, timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    user.forget_memberships()
    audit(
        actor=user,
        action="membership.invitation_accept",
        target=organisation,
        note=str(user),
        data={"new": membership.role},
    )
    notify(
        users=admins(organisation),
        exclude=user,
        kind="accounts.membership_changed",
        obj=organisation,
        url=_members_url(organisation),
        title=Message(gettext_noop("%(u)s 接受邀请，加入了“%(o)s”"), u=user.name, o=organisation.name),
    )
    return membership


@transaction.atomic
def cancel_invitation(*, invitation: Invitation, by: User) -> None:
    _require_manager(by, invitation.organisation)
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    audit(actor=by, action="membership.invitation_cancel", target=invitation.organisation, note=invitation.email)


@transaction.atomic
def set_role(*, organisation: Organisation, user: User, role: str, by: User) -> Membership:
    """Change a member's role; the organisation always keeps an admin."""
    _require_manager(by, organisation)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("无效的机构角色。")})
    membership = Membership.objects.select_for_update().get(organisation=organisation, user=user)
    old = membership.role
    if old == role:
        return membership
    if old == Membership.Role.ADMIN and not _keeps_an_admin(organisation, membership):
        raise ValidationError(_("机构至少需要保留一名管理员。"))
    membership.role = role
    membership.save(update_fields=["role"])
    audit(actor=by, action="membership.role", target=organisation, note=str(user), data={"old": old, "new": role})
    notify(
        users=[user],
        exclude=by,
        kind="accounts.membership_changed",
        obj=organisation,
        url=reverse("accounts:profile"),
        title=Message(gettext_noop("您在“%(o)s”的角色改为%(r)s"), o=organisation.name, r=Membership.Role(role).label),
    )
    return membership


@transaction.atomic
def remove_member(*, organisation: Organisation, user: User, by: User) -> None:
    _require_manager(by, organisation)
    membership = Membership.objects.select_for_update().filter(organisation=organisation, user=user).first()
    if membership is None:
        return
    if membership.role == Membership.Role.ADMIN and not _keeps_an_admin(organisation, membership):
        raise ValidationError(_("机构至少需要保留一名管理员。"))
    membership.delete()
    user.forget_memberships()
    audit(
        actor=by,
        action="membership.remove",
        target=organisation,
        note=str(user),
        data={"old": membership.role, "new": None},
    )
    notify(
        users=[user],
        exclude=by,
        kind="accounts.membership_changed",
        obj=organisation,
        url=reverse("accounts:profile"),
        title=Message(gettext_noop("您已被移出“%(o)s”"), o=organisation.name),
    )


@transaction.atomic
def leave(*, organisation: Organisation, user: User) -> None:
    """A member leaves; the last admin must first transfer admin rights."""
    membership = Membership.objects.select_for_update().filter(organisation=organisation, user=user).first()
    if membership is None:
        raise ValidationError(_("您不是该机构的成员。"))
    if membership.role == Membership.Role.ADMIN and not _keeps_an_admin(organisation, membership):
        raise ValidationError(_("您是唯一的管理员，请先把管理员权限转交给其他成员。"))
    membership.delete()
    user.forget_memberships()
    audit(
        actor=user,
        action="membership.leave",
        target=organisation,
        note=str(user),
        data={"old": membership.role, "new": None},
    )
    notify(
        users=admins(organisation),
        exclude=user,
        kind="accounts.membership_changed",
        obj=organisation,
        url=_members_url(organisation),
        title=Message(gettext_noop("%(u)s 退出了“%(o)s”"), u=user.name, o=organisation.name),
    )


@transaction.atomic
def transfer_admin(*, organisation: Organisation, to: User, by: User) -> None:
    """An admin hands admin rights to another member and becomes a member."""
    mine = Membership.objects.select_for_update().filter(organisation=organisation, user=by, role="admin").first()
    if mine is None:
        raise PermissionDenied(_("只有机构管理员可以转交管理员权限。"))
    theirs = Membership.objects.select_for_update().filter(organisation=organisation, user=to).first()
    if theirs is None or theirs.pk == mine.pk:
        raise ValidationError(_("请选择本机构的其他成员。"))
    old = theirs.role
    theirs.role, mine.role = Membership.Role.ADMIN, Membership.Role.MEMBER
    theirs.save(update_fields=["role"])
    mine.save(update_fields=["role"])
    audit(
        actor=by,
        action="membership.transfer_admin",
        target=organisation,
        note=f"{by} → {to}",
        data={"from": by.pk, "to": to.pk, "old": old, "new": "admin"},
    )
    notify(
        users=[to],
        kind="accounts.membership_changed",
        obj=organisation,
        url=_members_url(organisation),
        title=Message(gettext_noop("%(u)s 把“%(o)s”的管理员权限转交给您"), u=by.name, o=organisation.name),
    )
