"""Workbench panels of accounts (core.workbench): my organisations and their join requests; the
operators' verification queue."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Membership, MembershipRequest, Organisation


def my_organisations(user):
    memberships = list(user.memberships.select_related("organisation"))
    if not memberships:
        # A user without an organisation sees the join requests waiting for an answer, how to find
        # an organisation to join, and how to create one.
        waiting = user.membership_requests.filter(status="pending").select_related("organisation")[:3]
        items = [
            (
                _("已申请加入%(o)s") % {"o": r.organisation.name},
                reverse("accounts:organisation_detail", args=[r.organisation_id]),
                _("等待机构管理员同意"),
            )
            for r in waiting
        ]
        items += [
            (_("查找并加入机构"), reverse("accounts:profile") + "#join", _("按名称查找已认证机构，申请加入")),
            (_("创建机构"), reverse("accounts:organisation_create"), _("发布信息前需要属于一个机构")),
        ]
        return {"title": _("加入或创建机构"), "url": reverse("accounts:profile"), "items": items}
    admin_of = [m.organisation_id for m in memberships if m.role == Membership.Role.ADMIN]
    pending = MembershipRequest.objects.filter(organisation_id__in=admin_of, status="pending").select_related(
        "user", "organisation"
    )[:6]
    items = [
        (
            _("%(u)s 申请加入%(o)s") % {"u": r.user.name, "o": r.organisation.name},
            reverse("accounts:members", args=[r.organisation_id]),
            "",
        )
        for r in pending
    ]
    items += [
        (m.organisation.name, reverse("accounts:organisation_detail", args=[m.organisation_id]), m.get_role_display())
        for m in memberships
    ]
    return {"title": _("我的机构"), "url": reverse("accounts:profile"), "items": items}


def verification_queue(user):
    if not user.is_operator:
        return None
    n = Organisation.objects.filter(verification_status=Organisation.Verification.PENDING).count()
    url = reverse("accounts:verification_queue")
    return {"title": _("机构认证"), "url": url, "figures": [(_("待认证机构"), n, url)]}
