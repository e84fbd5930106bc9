"""Pages of the membership flows (accounts.membership): join, decide, invite, roles, leave, transfer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import membership as services
from .models import Membership, MembershipRequest, Organisation, User


def _error(request, exc) -> None:
    if isinstance(exc, ValidationError):
        text = "；".join(str(m) for m in exc.messages)
    else:
        text = str(exc) or _("您无权执行此操作。")
    messages.error(request, text)


def _managed(request, pk) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not services.can_manage(request.user, organisation):
        raise PermissionDenied(_("只有机构管理员或平台运营人员可以管理成员。"))
    return organisation


@login_required
@require_POST
def join(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.verified(), pk=pk)
    try:
        services.request_join(user=request.user, organisation=organisation, message=request.POST.get("message", ""))
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已提交加入申请，机构管理员处理后会通知您。"))
    return redirect("accounts:organisation_detail", pk=pk)


@login_required
def members(request, pk: int):
    organisation = _managed(request, pk)
    return render(
        request,
        "accounts/members.html",
        {
            "organisation": organisation,
            "memberships": organisation.memberships.select_related("user").order_by("role", "created_at"),
            "requests": organisation.membership_requests.filter(status="pending").select_related("user"),
            "invitations": [
                i for i in organisation.invitations.filter(accepted_at=None, cancelled_at=None) if i.is_open
            ],
            "roles": Membership.Role.choices,
            "is_admin": organisation.pk in request.user.admin_organisation_ids(),
        },
    )


@login_required
@require_POST
def decide(request, pk: int, request_id: int):
    organisation = _managed(request, pk)
    req = get_object_or_404(MembershipRequest, pk=request_id, organisation=organisation)
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_request(request=req, by=request.user, accept=accept, note=request.POST.get("note", ""))
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已同意 %(u)s 加入。") % {"u": req.user.name} if accept else _("已拒绝该申请。"))
    return redirect("accounts:members", pk=pk)


@login_required
@require_POST
def invite(request, pk: int):
    organisation = _managed(request, pk)
    try:
        services.invite(
            organisation=organisation,
            email=request.POST.get("email", ""),
            role=request.POST.get("role", Membership.Role.MEMBER),
            by=request.user,
        )
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("邀请邮件已发送。"))
    return redirect("accounts:members", pk=pk)


@login_required
@require_POST
def invitation_cancel(request, pk: int, invitation_id: int):
    organisation = _managed(request, pk)
    invitation = get_object_or_404(organisation.invitations, pk=invitation_id)
    services.cancel_invitation(invitation=invitation, by=request.user)
    messages.success(request, _("邀请已撤销。"))
    return redirect("accounts:members", pk=pk)


@login_required
@require_POST
def member_change(request, pk: int, user_id: int):
    """One form for a member's row: ``action`` is role, remove or transfer."""
    organisation = _managed(request, pk)
    user = get_object_or_404(User, pk=user_id, memberships__organisation=organisation)
    action = request.POST.get("action")
    try:
        if action == "role":
            services.set_role(organisation=organisation, user=user, role=request.POST.get("role", ""), by=request.user)
        elif action == "remove":
            services.remove_member(organisation=organisation, user=user, by=request.user)
        elif action == "transfer":
            services.transfer_admin(organisation=organisation, to=user, by=request.user)
        else:
            raise ValidationError(_("未知的操作。"))
    except (ValidationError, PermissionDenied) as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已保存。"))
    if action == "transfer" and not services.can_manage(request.user, organisation):
        return redirect("accounts:profile")
    return redirect("accounts:members", pk=pk)


@login_required
@require_POST
def leave(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    try:
        services.leave(organisation=organisation, user=request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("您已退出“%(o)s”。") % {"o": organisation.name})
    return redirect("accounts:profile")


@login_required
@require_POST
def request_cancel(request, request_id: int):
    req = get_object_or_404(MembershipRequest, pk=request_id, user=request.user)
    try:
        services.cancel_request(request=req, by=request.user)
    except PermissionDenied as exc:
        _error(request, exc)
    return redirect("accounts:profile")


@login_required
def invitation(request, token: str):
    inv = services.invitation_for(token)
    if request.method == "POST":
        try:
            services.accept_invitation(token=token, user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            _error(request, exc)
        else:
            messages.success(request, _("您已加入“%(o)s”。") % {"o": inv.organisation.name})
            return redirect("accounts:organisation_detail", pk=inv.organisation_id)
    return render(request, "accounts/invitation.html", {"invitation": inv if inv and inv.is_open else None})
