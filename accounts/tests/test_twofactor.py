"""Issue 9: TOTP with recovery codes, enforced for operators, reviewers, leaders and superusers."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "Secret-pass-1"


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _unthrottle(user):
    from django_otp.plugins.otp_static.models import StaticDevice

    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def test_operator_must_enrol_then_verify(client, make_user, require_2fa):
    operator = make_user(roles=["operator"], email="op@example.cn")
    response = client.post("/accounts/login/", {"username": operator.email, "password": PASSWORD})
    assert response.status_code == 302
    # Any page sends the operator to enrolment; the API refuses the session.
    response = client.get("/accounts/organisations/verification/")
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/setup/")
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and api.json()["error"]["code"] == "otp_required"
    page = client.get(response.url).content.decode()
    assert "data:image/svg+xml" in page and 'data-testid="totp-secret"' in page
    device = TOTPDevice.objects.get(user=operator, confirmed=False)
    assert "recovery" not in client.post("/accounts/2fa/setup/", {"token": "000000"}).content.decode()
    _unthrottle(operator)
    device.refresh_from_db()
    page = client.post("/accounts/2fa/setup/", {"token": code_for(device), "next": "/"}).content.decode()
    codes = re.findall(r'<li class="col py-1">(\w+)</li>', page)
    assert len(codes) == 10
    assert client.get("/accounts/organisations/verification/").status_code == 200
    assert AuditEntry.objects.filter(action="2fa.enrol", outcome="success", actor=operator).exists()
    # Next login: a code is asked; a recovery code works once.
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": operator.email, "password": PASSWORD})
    response = client.get("/accounts/organisations/verification/")
    assert response.url.startswith("/accounts/2fa/verify/")
    assert client.post("/accounts/2fa/verify/", {"token": "123"}).status_code == 200
    _unthrottle(operator)  # django-otp slows retries after a wrong code
    assert client.post("/accounts/2fa/verify/", {"token": codes[0]}).status_code == 302
    assert client.get("/accounts/organisations/verification/").status_code == 200
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": operator.email, "password": PASSWORD})
    client.post("/accounts/2fa/verify/", {"token": codes[0]})  # already used
    assert client.get("/accounts/organisations/verification/").status_code == 302


@pytest.mark.parametrize("roles,superuser", [(["reviewer"], False), (["leader"], False), ([], True)])
def test_other_privileged_roles_are_held_too(client, make_user, require_2fa, roles, superuser):
    user = make_user(roles=roles, is_superuser=superuser, is_staff=superuser)
    client.force_login(user)
    assert client.get("/accounts/me/").url.startswith("/accounts/2fa/setup/")


def test_page_fragments_get_nothing_before_verification(client, make_user, require_2fa):
    """The header's notification bell (an htmx fragment) must not receive the 2FA page: swapped into
    the header, that page loads its own bell, which is redirected again, without end."""
    operator = make_user(roles=["operator"], email="bell@example.cn")
    client.post("/accounts/login/", {"username": operator.email, "password": PASSWORD})
    response = client.get("/notifications/badge/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response.content == b""
    assert client.get("/notifications/badge/").status_code == 302  # a plain visit still goes to enrolment


def test_members_and_disabled_setting_pass(client, make_user, member, settings):
    settings.REQUIRE_2FA = True
    client.force_login(member)
    assert client.get("/accounts/me/").status_code == 200
    settings.REQUIRE_2FA = False
    client.force_login(make_user(roles=["operator"]))
    assert client.get("/accounts/me/").status_code == 200


def test_token_endpoint_asks_the_code(client, make_user, require_2fa):
    operator = make_user(roles=["operator"], email="apiop@example.cn")
    device = TOTPDevice.objects.create(user=operator, name="a", confirmed=True)
    url = "/api/v1/auth/token/"
    response = client.post(url, {"username": operator.email, "password": PASSWORD})
    assert response.status_code == 400 and "otp" in response.json()["error"]["fields"]
    response = client.post(url, {"username": operator.email, "password": PASSWORD, "otp": code_for(device)})
    assert response.status_code == 200 and response.json()["token"]
