"""Organisation membership (issue 10): join requests, invitations, roles, leaving, transfer; who is
told, who may act, and the audit trail."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import membership as services
from accounts.models import Membership
from core.audit import AuditEntry
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(make_org):
    return make_org(name="沣东示范企业")


@pytest.fixture
def admin(make_user, org):
    return make_user(name="管理员甲", org=org, org_role="admin")


@pytest.fixture
def staff(make_user, org):
    return make_user(name="普通成员", org=org)


@pytest.fixture
def applicant(make_user):
    return make_user(name="申请人")


def told(kind):
    return {n.user for n in Notification.objects.filter(kind=kind)}


def test_join_request_goes_to_admins_and_the_decision_to_the_applicant(org, admin, staff, applicant, operator):
    req = services.request_join(user=applicant, organisation=org, message="我是新入职的研发人员")
    assert told("accounts.membership_requested") == {admin}  # not ordinary members, operators or others
    with pytest.raises(ValidationError):
        services.request_join(user=applicant, organisation=org)  # one open request
    with pytest.raises(PermissionDenied):
        services.decide_request(request=req, by=staff, accept=True)
    services.decide_request(request=req, by=admin, accept=True)
    assert Membership.objects.get(user=applicant, organisation=org).role == "member"
    assert told("accounts.membership_decided") == {applicant}
    actions = set(AuditEntry.objects.filter(action__startswith="membership.").values_list("action", flat=True))
    assert {"membership.request", "membership.accept"} <= actions


def test_refusal_and_unverified_organisations(org, admin, applicant, make_org):
    req = services.request_join(user=applicant, organisation=org)
    services.decide_request(request=req, by=admin, accept=False, note="非本单位人员")
    assert not Membership.objects.filter(user=applicant, organisation=org).exists()
    assert "非本单位人员" in Notification.objects.get(kind="accounts.membership_decided").body
    with pytest.raises(ValidationError):
        services.request_join(user=applicant, organisation=make_org(name="未认证", verified=False))


def test_invitation_by_email(org, admin, make_user, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://market.example.cn"
    invitee = make_user(name="受邀人", email="invitee@example.cn")
    other = make_user(name="冒用者")
    with django_capture_on_commit_callbacks(execute=True):
        _, link = services.invite(organisation=org, email="Invitee@example.cn", by=admin)
    assert mail.outbox[-1].to == ["invitee@example.cn"] and f"https://market.example.cn{link}" in mail.outbox[-1].body
    assert told("accounts.membership_invited") == {invitee}
    token = link.rstrip("/").rsplit("/", 1)[-1]
    with pytest.raises(PermissionDenied):
        services.accept_invitation(token=token, user=other)  # the link is for that address only
    services.accept_invitation(token=token, user=invitee)
    assert Membership.objects.filter(user=invitee, organisation=org).exists()
    assert told("accounts.membership_changed") == {admin}
    with pytest.raises(ValidationError):
        services.accept_invitation(token=token, user=invitee)  # used once


def test_roles_leave_and_transfer_keep_an_admin(org, admin, staff):
    with pytest.raises(ValidationError):
        services.set_role(organisation=org, user=admin, role="member", by=admin)  # last admin
    with pytest.raises(ValidationError):
        services.leave(organisation=org, user=admin)
    services.transfer_admin(organisation=org, to=staff, by=admin)
    assert Membership.objects.get(user=staff, organisation=org).role == "admin"
    assert Membership.objects.get(user=admin, organisation=org).role == "member"
    services.leave(organisation=org, user=admin)
    assert told("accounts.membership_changed") == {staff}
    entry = AuditEntry.objects.get(action="membership.transfer_admin")
    assert entry.data["old"] == "member" and entry.data["new"] == "admin"


def test_role_change_is_audited_with_old_and_new(org, admin, staff):
    services.set_role(organisation=org, user=staff, role="admin", by=admin)
    entry = AuditEntry.objects.get(action="membership.role")
    assert entry.data == {"old": "member", "new": "admin"}
    assert told("accounts.membership_changed") == {staff}


def test_members_page_is_for_admins_and_operators_only(client, org, admin, staff, applicant, operator):
    url = reverse("accounts:members", args=[org.pk])
    for user, status in [(staff, 403), (applicant, 403), (admin, 200), (operator, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user
    client.force_login(staff)
    assert client.post(reverse("accounts:invite", args=[org.pk]), {"email": "x@example.cn"}).status_code == 403


def test_join_through_the_pages(client, org, admin, applicant):
    client.force_login(applicant)
    page = client.get(reverse("accounts:organisation_detail", args=[org.pk])).content.decode()
    assert "申请加入本机构" in page
    client.post(reverse("accounts:join", args=[org.pk]), {"message": "请批准"})
    assert "加入申请待处理" in client.get(reverse("accounts:organisation_detail", args=[org.pk])).content.decode()
    client.force_login(admin)
    req = applicant.membership_requests.get()
    assert "请批准" in client.get(reverse("accounts:members", args=[org.pk])).content.decode()
    client.post(reverse("accounts:decide_request", args=[org.pk, req.pk]), {"decision": "accept"})
    assert Membership.objects.filter(user=applicant, organisation=org).exists()


def test_a_user_without_organisation_can_find_a_verified_one_to_join(client, org, make_org, applicant):
    """Found by using the site: the profile page had no way to find the organisation whose page
    holds the join button, so a new employee was stuck."""
    hidden = make_org(name="沣东示范企业分公司", verified=False)
    client.force_login(applicant)
    page = client.get(reverse("accounts:profile"), {"org": "沣东示范"}).content.decode()
    assert reverse("accounts:organisation_detail", args=[org.pk]) in page
    assert hidden.name not in page  # unverified organisations are not public
    assert reverse("accounts:organisation_detail", args=[hidden.pk]) not in page
    assert "没有找到" in client.get(reverse("accounts:profile"), {"org": "不存在的机构名"}).content.decode()


def test_workbench_of_a_user_without_organisation_shows_the_pending_request_and_how_to_join(
    client, org, admin, applicant
):
    client.force_login(applicant)
    page = client.get(reverse("core:workbench")).content.decode()
    assert "查找并加入机构" in page and reverse("accounts:organisation_create") in page
    services.request_join(user=applicant, organisation=org)
    page = client.get(reverse("core:workbench")).content.decode()
    assert "已申请加入沣东示范企业" in page
