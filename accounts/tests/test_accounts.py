import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import Membership, Organisation, User
from accounts.validators import credit_code_check_char

PASSWORD = "Qcy-market-2026"


def code(first17="91610131MA6TX1234"):
    return first17 + credit_code_check_char(first17)


def register(client, **fields):
    data = {
        "name": "张工",
        "email": "",
        "mobile": "",
        "password": PASSWORD,
        "password2": PASSWORD,
        "agree": "on",
        **fields,
    }
    return client.post(reverse("accounts:register"), data)


# ---- registration -------------------------------------------------------------------------


def _link(body: str) -> str:
    return re.search(r"https?://\S+", body).group(0)


@pytest.mark.django_db
def test_register_with_email_activates_by_mail_then_goes_to_organisation_form(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, email="Zhang@Example.cn")
    assert response.status_code == 302 and response.url == reverse("accounts:register_sent")
    user = User.objects.get(email="zhang@example.cn")
    assert user.check_password(PASSWORD) and user.roles == [] and not user.is_active
    assert client.get(reverse("accounts:profile")).status_code == 302  # not signed in yet
    (message,) = mail.outbox
    link = _link(message.body)
    response = client.get(link)
    assert response.status_code == 302 and response.url == reverse("accounts:organisation_create")
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert User.objects.get(pk=user.pk).is_active
    client.logout()
    assert client.get(link).url == reverse("accounts:login")  # used once


@pytest.mark.django_db
def test_register_does_not_reveal_a_registered_email(client, make_user, django_capture_on_commit_callbacks):
    """Issue 9: the same answer for a new and a registered address; the owner gets a notice."""
    make_user(email="taken@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        taken = register(client, email="TAKEN@example.cn")
        fresh = register(client, email="fresh@example.cn")
    assert taken.status_code == fresh.status_code == 302 and taken.url == fresh.url
    assert [m.to for m in mail.outbox] == [["taken@example.cn"], ["fresh@example.cn"]]
    assert "已经注册" in mail.outbox[0].body and "/accounts/password/reset/" in mail.outbox[0].body
    assert User.objects.filter(email__iexact="taken@example.cn").count() == 1


@pytest.mark.django_db
def test_password_validators_see_the_user(client):
    response = register(client, email="zhangsan2026@example.cn", password="zhangsan2026", password2="zhangsan2026")
    assert response.status_code == 200 and not User.objects.exists()
    response = register(client, mobile="13912345670", password="Ab-3x9k", password2="Ab-3x9k")
    assert response.status_code == 200 and not User.objects.exists()  # shorter than 10


@pytest.mark.django_db
def test_register_with_mobile_only(client):
    assert register(client, mobile="13912345678").status_code == 302
    assert User.objects.get(mobile="13912345678").email is None


@pytest.mark.django_db
def test_register_needs_email_or_mobile(client):
    response = register(client)
    assert response.status_code == 200
    assert "邮箱和手机号至少填写一项" in response.content.decode()
    assert not User.objects.exists()
    with pytest.raises(ValidationError):
        services.user_register(name="x", password=PASSWORD)


@pytest.mark.django_db
def test_register_rejects_duplicates_case_insensitively(client, make_user):
    make_user(email="dup@example.cn", mobile="13800000001")
    response = register(client, mobile="13800000001")
    assert "该手机号已注册" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_register_rejects_weak_or_mismatched_password(client):
    response = register(client, email="a@example.cn", password="12345678", password2="12345678")
    assert response.status_code == 200 and not User.objects.exists()
    response = register(client, email="a@example.cn", password2="Other-pass-2026")
    assert "两次输入的密码不一致" in response.content.decode()


@pytest.mark.django_db
def test_register_rejects_bad_mobile(client):
    response = register(client, mobile="12345")
    assert "手机号码" in response.content.decode() and not User.objects.exists()


# ---- login / logout / password reset ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("identifier", ["login@example.cn", "LOGIN@example.cn", "13700000002"])
def test_login_by_email_or_mobile(client, make_user, identifier):
    user = make_user(email="login@example.cn", mobile="13700000002")
    response = client.post(reverse("accounts:login"), {"username": identifier, "password": "Secret-pass-1"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_login_wrong_password_and_inactive_user(client, make_user):
    make_user(email="x@example.cn")
    make_user(email="off@example.cn", is_active=False)
    for email in ("x@example.cn", "nobody@example.cn"):
        response = client.post(reverse("accounts:login"), {"username": email, "password": "wrong-pass"})
        assert "账号或密码不正确" in response.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "off@example.cn", "password": "Secret-pass-1"})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_is_post(client, member):
    client.force_login(member)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_email_and_link(client, make_user):
    user = make_user(email="reset@example.cn")
    response = client.post(reverse("accounts:password_reset"), {"email": "reset@example.cn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reset@example.cn"] and "重置密码" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)
    response = client.get(link)  # redirects to the set-password form with the token in the session
    assert response.status_code == 302
    form_url = response.url
    assert "设置新密码" in client.get(form_url).content.decode()
    response = client.post(form_url, {"new_password1": "Brand-new-2026", "new_password2": "Brand-new-2026"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Brand-new-2026")
    # The link is single-use.
    assert "链接无效" in client.get(link, follow=True).content.decode()


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "ghost@example.cn"})
    assert response.status_code == 302 and mail.outbox == []


# ---- organisations and verification ------------------------------------------------------


@pytest.mark.django_db
def test_create_organisation_page_makes_user_admin_pending(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("accounts:organisation_create"),
        {
            "kind": "enterprise",
            "name": "陕西氢能示例有限公司",
            "credit_code": code().lower(),
            "prefecture": "610100",
            "county": "610113",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    organisation = Organisation.objects.get(name="陕西氢能示例有限公司")
    assert organisation.credit_code == code() and organisation.verification_status == "pending"
    assert Membership.objects.get(user=user, organisation=organisation).role == "admin"


@pytest.mark.django_db
def test_organisation_form_rejects_bad_code_duplicate_and_foreign_county(client, make_user, make_org):
    make_org(credit_code=code())
    client.force_login(make_user())
    url = reverse("accounts:organisation_create")
    base = {"kind": "enterprise", "name": "某公司"}
    page = client.post(url, {**base, "credit_code": "91110000802100433A"}).content.decode()
    assert "校验位不正确" in page
    page = client.post(url, {**base, "credit_code": code()}).content.decode()
    assert "已存在" in page
    page = client.post(url, {**base, "credit_code": "", "prefecture": "610100"}).content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    # 咸阳 county 610402 does not belong to 西安 610100.
    page = client.post(
        url, {**base, "credit_code": code("91610131MA6TX9999"), "prefecture": "610100", "county": "610402"}
    ).content.decode()
    assert "区县" in page
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_county_only_fills_prefecture(make_user):
    from accounts.forms import OrganisationForm

    form = OrganisationForm({"kind": "enterprise", "name": "某公司", "credit_code": code(), "county": "610402"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["prefecture"].code == "610400"


@pytest.mark.django_db
def test_service_requires_code_except_for_operators(make_user, operator):
    with pytest.raises(ValidationError) as info:
        services.organisation_create(by=make_user(), kind="enterprise", name="无代码公司")
    assert "credit_code" in info.value.message_dict
    organisation = services.organisation_create(by=operator, kind="university", name="西安交通大学", credit_code="")
    assert organisation.credit_code is None
    # A second code-less organisation does not collide on the unique code.
    services.organisation_create(by=operator, kind="university", name="西北工业大学")


@pytest.mark.django_db
def test_service_ignores_self_verification(make_user):
    organisation = services.organisation_create(
        by=make_user(), kind="enterprise", name="自称已认证", credit_code=code(), verification_status="verified"
    )
    assert organisation.verification_status == "pending"


@pytest.mark.django_db
def test_verification_queue_only_for_operators(client, member, make_user, operator, make_org):
    make_org(name="待认证机构", verified=False)
    url = reverse("accounts:verification_queue")
    assert client.get(url).status_code == 302  # visitor → login
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(make_user(roles=["broker", "leader"]))
    assert client.get(url).status_code == 403
    client.force_login(operator)
    assert "待认证机构" in client.get(url).content.decode()


@pytest.mark.django_db
def test_non_operator_cannot_verify(client, member, make_org):
    organisation = make_org(verified=False)
    client.force_login(member)
    assert client.post(reverse("accounts:verify", args=[organisation.pk]), {"decision": "approve"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.organisation_verify(organisation=organisation, by=member, approve=True)
    organisation.refresh_from_db()
    assert organisation.verification_status == "pending"


@pytest.mark.django_db
def test_reject_needs_note_and_approve_verifies(client, operator, make_org):
    organisation = make_org(name="待认证机构", verified=False)
    client.force_login(operator)
    url = reverse("accounts:verify", args=[organisation.pk])
    response = client.post(url, {"decision": "reject", "note": " "}, follow=True)
    assert "不通过时必须说明原因" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.verification_status == "pending"
    client.post(url, {"decision": "reject", "note": "营业执照与名称不符"})
    organisation.refresh_from_db()
    assert organisation.verification_status == "rejected" and organisation.verification_note == "营业执照与名称不符"
    client.post(url, {"decision": "approve"})
    organisation.refresh_from_db()
    assert organisation.is_verified and organisation.verified_by == operator and organisation.verified_at


@pytest.mark.django_db
def test_cannot_verify_without_code(operator):
    organisation = services.organisation_create(by=operator, kind="university", name="西安交通大学")
    with pytest.raises(ValidationError):
        services.organisation_verify(organisation=organisation, by=operator, approve=True)


# ---- memberships ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_membership_rules(make_user, make_org, operator):
    organisation = make_org()
    admin = make_user(org=organisation, org_role="admin")
    member = make_user(org=organisation)
    newcomer, stranger = make_user(), make_user()
    with pytest.raises(PermissionDenied):
        services.membership_add(organisation=organisation, user=stranger, by=member)
    with pytest.raises(PermissionDenied):
        services.membership_add(organisation=organisation, user=stranger, by=stranger)
    assert newcomer.organisation_ids() == set()
    services.membership_add(organisation=organisation, user=newcomer, by=admin)
    assert organisation.pk in newcomer.organisation_ids()  # the cached ids were refreshed
    services.membership_add(organisation=organisation, user=stranger, by=operator, role="admin")
    assert organisation.pk in stranger.admin_organisation_ids()
    with pytest.raises(ValidationError):
        services.membership_add(organisation=organisation, user=make_user(), by=admin, role="owner")
    # Members cannot remove anyone; the last admin cannot leave.
    with pytest.raises(PermissionDenied):
        services.membership_remove(organisation=organisation, user=newcomer, by=member)
    services.membership_remove(organisation=organisation, user=stranger, by=admin)
    with pytest.raises(ValidationError):
        services.membership_remove(organisation=organisation, user=admin, by=admin)
    assert set(organisation.memberships.values_list("user_id", flat=True)) == {admin.pk, member.pk, newcomer.pk}


@pytest.mark.django_db
def test_primary_organisation_prefers_administered_one(make_user, make_org):
    first, second = make_org(), make_org()
    user = make_user(org=first)
    Membership.objects.create(user=user, organisation=second, role="admin")
    assert user.primary_organisation == second


@pytest.mark.django_db
def test_roles(make_user):
    operator = make_user(roles=["operator"])
    reviewer = make_user(roles=["reviewer"])
    leader = make_user(roles=["leader"])
    plain = make_user()
    assert operator.is_operator and operator.can_review and operator.is_leader
    assert reviewer.can_review and not reviewer.is_operator
    assert leader.is_leader and not leader.can_review
    assert not (plain.is_operator or plain.can_review or plain.is_leader or plain.is_broker)
    plain.is_active = False
    plain.roles = ["operator"]
    assert not plain.is_operator  # an inactive account holds no role


@pytest.mark.django_db
def test_user_needs_email_or_mobile():
    with pytest.raises(ValidationError):
        User.objects.create_user(password="x", name="无名")


@pytest.mark.django_db
def test_profile_lists_memberships(client, member, enterprise):
    client.force_login(member)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert enterprise.name in page and "已认证" in page
