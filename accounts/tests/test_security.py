"""Issue 9: login-failure handling, throttles, API tokens, sessions and their audit rows."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.audit import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "Secret-pass-1"
LOGIN = "/accounts/login/"


def _login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_web_login_locks_the_account_after_five_failures(client, make_user):
    user = make_user(email="victim@example.cn")
    for _n in range(4):
        response = _login(client, user.email, "wrong-password")
        assert response.status_code == 200 and "账号或密码不正确" in response.content.decode()
    assert _login(client, user.email, "wrong-password").status_code == 429  # the fifth failure locks
    # Locked: even the right password is refused, from another address too (per account).
    response = _login(client, user.email, PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429 and "暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    actions = list(AuditEntry.objects.values_list("action", "outcome"))
    assert actions.count(("auth.login_failed", "failure")) >= 5 and ("auth.lockout", "locked") in actions
    failed = AuditEntry.objects.filter(action="auth.login_failed").last()  # the oldest
    assert failed.ip == "127.0.0.1" and failed.note == user.email


def test_lock_ends_after_the_cool_off(client, make_user, settings):
    from axes.models import AccessAttempt

    user = make_user(email="later@example.cn")
    for _n in range(5):
        _login(client, user.email, "wrong-password")
    assert _login(client, user.email, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = _login(client, user.email, PASSWORD, REMOTE_ADDR="10.0.0.8")
    assert response.status_code == 302 and AuditEntry.objects.filter(action="auth.login", outcome="success").exists()


def test_same_message_for_unknown_and_wrong_accounts(client, make_user):
    make_user(email="known@example.cn")
    known = _login(client, "known@example.cn", "wrong-password").content.decode()
    unknown = _login(client, "nobody@example.cn", "wrong-password").content.decode()
    assert "账号或密码不正确" in known and "账号或密码不正确" in unknown


def test_one_address_trying_many_accounts_is_locked(client, make_user):
    user = make_user(email="real@example.cn")
    for n in range(5):
        _login(client, f"guess{n}@example.cn", "wrong-password")
    assert _login(client, user.email, PASSWORD).status_code == 429  # per client address
    assert _login(client, user.email, PASSWORD, REMOTE_ADDR="10.0.0.7").status_code == 302


def test_api_token_endpoint_locks_and_hides_which_part_was_wrong(client, make_user):
    user = make_user(email="api@example.cn")
    url = "/api/v1/auth/token/"
    bodies = set()
    for n in range(4):
        response = client.post(url, {"username": user.email if n % 2 else "ghost@example.cn", "password": "x"})
        assert response.status_code == 400
        bodies.add(response.json()["error"]["message"])
    assert len(bodies) == 1
    client.post(url, {"username": user.email, "password": "x"})  # the fifth failure locks the address
    response = client.post(url, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429 and response.json()["error"]["code"] == "locked"


def test_admin_login_is_protected(client, make_user):
    make_user(email="admin@example.cn", is_staff=True, is_superuser=True)
    for _n in range(5):
        client.post("/admin/login/", {"username": "admin@example.cn", "password": "wrong-password"})
    response = client.post("/admin/login/", {"username": "admin@example.cn", "password": PASSWORD})
    assert response.status_code == 429


def test_password_reset_and_registration_are_throttled(client, settings):
    for _n in range(10):
        assert client.post("/accounts/password/reset/", {"email": "x@example.cn"}).status_code == 302
    response = client.post("/accounts/password/reset/", {"email": "x@example.cn"})
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()
    assert AuditEntry.objects.filter(action="auth.password_reset_request").count() == 10
    assert AuditEntry.objects.filter(action="auth.throttled").exists()
    # Another address is not affected; registration has its own counter per address.
    assert (
        client.post("/accounts/password/reset/", {"email": "x@example.cn"}, REMOTE_ADDR="10.1.1.1").status_code == 302
    )
    data = {"name": "张工", "mobile": "", "password": "x", "password2": "y"}
    codes = [client.post("/accounts/register/", {**data, "email": f"r{n}@example.cn"}).status_code for n in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429


# ---- API tokens ---------------------------------------------------------------------------


def _token(client, user):
    response = client.post("/api/v1/auth/token/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()


def test_tokens_are_hashed_expiring_listed_and_revocable(client, make_user, settings):
    from knox.models import AuthToken

    user = make_user()
    first, second = _token(client, user), _token(client, user)
    row = AuthToken.objects.get(token_key=first["key"])
    assert first["token"] not in (row.digest, row.token_key) and row.expiry > timezone.now()  # stored hashed
    auth = {"HTTP_AUTHORIZATION": f"Token {first['token']}"}
    keys = {r["key"] for r in client.get("/api/v1/auth/tokens/", **auth).json()}
    assert keys == {first["key"], second["key"]}
    assert client.delete(f"/api/v1/auth/tokens/{second['key']}/", **auth).status_code == 204
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {second['token']}").status_code in (401, 403)
    assert client.get("/api/v1/me/", **auth).status_code == 200
    # An expired token no longer works.
    AuthToken.objects.filter(token_key=first["key"]).update(expiry=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/me/", **auth).status_code in (401, 403)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"token.issue", "token.revoke"} <= actions


def test_token_page_issues_lists_and_revokes(client, make_user):
    from knox.models import AuthToken

    user = make_user()
    client.force_login(user)
    page = client.post(reverse("accounts:tokens"), {"issue": "1"}).content.decode()
    row = AuthToken.objects.get(user=user)
    assert row.token_key in page and 'data-testid="new-token"' in page
    client.post(reverse("accounts:tokens"), {"revoke": row.token_key})
    assert not AuthToken.objects.filter(user=user).exists()
    assert "暂无有效令牌" in client.get(reverse("accounts:tokens")).content.decode()


def test_password_change_page_revokes_every_token(client, make_user):
    user = make_user()
    token = _token(client, user)["token"]
    client.force_login(user)
    url = "/accounts/password/change/"
    assert client.get(url).status_code == 200
    new = "Another-pass-2026"
    response = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    fresh = Client()  # no session cookie: the token alone
    assert fresh.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code in (401, 403)
    assert AuditEntry.objects.filter(action="auth.password_change", actor=user).exists()
    assert AuditEntry.objects.filter(action="token.revoke_all", actor=user).exists()


def test_password_reset_revokes_every_token(client, make_user, django_capture_on_commit_callbacks):
    import re

    from django.core import mail

    user = make_user(email="reset@example.cn")
    token = _token(client, user)["token"]
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    new = "Another-pass-2026"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code in (401, 403)
    assert AuditEntry.objects.filter(action="auth.password_reset", actor=user).exists()


# ---- sessions -----------------------------------------------------------------------------


def test_idle_session_expires(client, make_user, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(make_user())
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))  # 25 idle minutes
    session = client.session
    session["_touched_at"] = int(time.time()) - settings.SESSION_TOUCH_SECONDS - 1
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get("/accounts/me/").status_code == 200
    session = Session.objects.get()
    assert session.expire_date > timezone.now() + timedelta(minutes=29)  # slid forward by the request
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # 30 idle minutes later
    assert client.get("/accounts/me/").status_code == 302


def test_absolute_session_lifetime(client, make_user, settings):
    user = make_user()
    client.force_login(user)
    assert client.get("/accounts/me/").status_code == 200
    session = client.session
    session["_auth_login_at"] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/accounts/me/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert AuditEntry.objects.filter(action="auth.session_expired", actor=user).exists()


def test_login_and_logout_are_audited(client, make_user):
    user = make_user(email="audit@example.cn")
    assert _login(client, user.email, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    rows = {(a, o) for a, o in AuditEntry.objects.filter(actor=user).values_list("action", "outcome")}
    assert {("auth.login", "success"), ("auth.logout", "success")} <= rows
    assert AuditEntry.objects.get(action="auth.login").ip == "127.0.0.1"


def test_security_pages_in_english(client, make_user, operator):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.force_login(make_user())
    assert "Create a token" in client.get(reverse("accounts:tokens")).content.decode()
    assert "Turn on two-factor verification" in client.get(reverse("accounts:2fa_setup")).content.decode()
    client.force_login(operator)
    assert "Security audit trail" in client.get("/audit/").content.decode()
    assert "Page not found" in client.get("/no-such-page/").content.decode()
