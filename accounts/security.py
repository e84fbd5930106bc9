"""Security events and session rules (issue 9; 等保 2.0 level 3).

- Every login, failed login, lockout (django-axes), logout, password change and reset, API token
  issue and revoke is written to the one audit trail (``core.audit``) with the client address
  and the outcome.
- ``SessionLifetimeMiddleware`` ends a session past its absolute lifetime
  (``SESSION_ABSOLUTE_SECONDS``, counted from login) and slides the idle timeout
  (``SESSION_COOKIE_AGE``): the session is saved again, with a new expiry, when it was last saved
  more than ``SESSION_TOUCH_SECONDS`` ago, so a page costs no session write on most requests.
- ``password_changed`` revokes the user's API tokens and writes the audit row.
"""

import time
from functools import wraps

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rest_framework.throttling import AnonRateThrottle

from core.audit import audit, current_actor, current_request

SESSION_LOGIN_AT = "_auth_login_at"


def _identifier(credentials: dict | None) -> str:
    """The account name an attempt used (never the password), cut to a sane length."""
    credentials = credentials or {}
    return str(credentials.get("username") or credentials.get("email") or credentials.get("mobile") or "")[:150]


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = int(time.time())
    audit(actor=user, action="auth.login", target=user, request=request, outcome="success")


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The same row for an unknown account and a wrong password: the trail is for operators, but
    # it records what was typed, not whether such an account exists.
    audit(
        actor=None,
        action="auth.login_failed",
        note=_identifier(credentials),
        request=getattr(request, "_request", request),
        outcome="failure",
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit(
        actor=None,
        action="auth.lockout",
        note=str(username or "")[:150],
        data={"ip_address": ip_address},
        request=getattr(request, "_request", request),
        outcome="locked",
    )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit(actor=user, action="auth.logout", target=user, request=request, outcome="success")


def password_changed(*, user, request=None, action: str = "auth.password_change") -> int:
    """After a password change or reset: revoke every API token of ``user`` and audit it.
    Returns how many tokens were revoked."""
    from .tokens import token_revoke_all

    audit(actor=user, action=action, target=user, request=request, outcome="success")
    return token_revoke_all(user=user, request=request)


SESSION_TOUCHED_AT = "_touched_at"


class SessionLifetimeMiddleware:
    """Log out a session older than ``SESSION_ABSOLUTE_SECONDS`` since login, however active, and
    slide the idle timeout at most once per ``SESSION_TOUCH_SECONDS`` (the idle limit is then
    exact to within that interval)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SESSION_LOGIN_AT)
            limit = getattr(settings, "SESSION_ABSOLUTE_SECONDS", 12 * 3600)
            now = int(time.time())
            if now - request.session.get(SESSION_TOUCHED_AT, 0) > getattr(settings, "SESSION_TOUCH_SECONDS", 60):
                request.session[SESSION_TOUCHED_AT] = now  # marks the session modified: saved, expiry slides
            if started is None:
                request.session[SESSION_LOGIN_AT] = now
            elif time.time() - started > limit:
                audit(actor=user, action="auth.session_expired", target=user, request=request, outcome="expired")
                logout(request)
                messages.info(request, _("登录已超过最长时限，请重新登录。"))
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class AccountThrottle(AnonRateThrottle):
    """DRF's throttle by client address for the unauthenticated account forms (registration,
    password reset); the rate is ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["account"]``."""

    scope = "account"

    def get_cache_key(self, request, view):
        # One counter per form (registration, password reset) and client address.
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": f"{self.scope}:{request.path}", "ident": self.get_ident(request)}


def throttled(view_func):
    """Refuse (429, Chinese page) a client address that posts to ``view_func`` too often."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not AccountThrottle().allow_request(request, None):
            audit(actor=None, action="auth.throttled", note=request.path, request=request, outcome="throttled")
            return render(request, "accounts/throttled.html", status=429)
        return view_func(request, *args, **kwargs)

    return wrapper


class RequireTwoFactorMiddleware:
    """With ``REQUIRE_2FA`` on, operators, reviewers, leaders and superusers signed in with a
    password only reach the 2FA pages (enrol or enter a code) and logout until verified; an API
    call on such a session gets a 403 with the structured error body."""

    EXEMPT = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import JsonResponse

        from . import twofactor

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.EXEMPT)
            and twofactor.required_for(user)
            and not user.is_verified()
        ):
            if request.path.startswith("/api/"):
                message = _("该账号须先完成两步验证。")
                return JsonResponse({"error": {"code": "otp_required", "message": message, "fields": {}}}, status=403)
            if request.headers.get("HX-Request"):
                # A page fragment (the notification bell) gets nothing rather than the 2FA page
                # swapped into the header, which would load its own bell and loop.
                from django.http import HttpResponse

                return HttpResponse(status=204)
            target = "accounts:2fa_verify" if twofactor.enrolled(user) else "accounts:2fa_setup"
            from django.urls import reverse
            from django.utils.http import urlencode

            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


# ---- role and membership changes, with old and new values (admin, services, shell alike) ----

ROLE_FIELDS = ("roles", "is_staff", "is_superuser", "is_active")


def _role_values(user) -> dict:
    return {name: sorted(getattr(user, name)) if name == "roles" else getattr(user, name) for name in ROLE_FIELDS}


@receiver(pre_save, sender="accounts.User", dispatch_uid="accounts.security.user_before")
def _user_before(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & set(ROLE_FIELDS):
        instance._roles_before = None  # e.g. last_login on each login: no query, nothing to compare
        return
    old = sender.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._roles_before = _role_values(old) if old is not None else None


@receiver(post_save, sender="accounts.User", dispatch_uid="accounts.security.user_after")
def _user_after(sender, instance, created, **kwargs):
    before = getattr(instance, "_roles_before", None)
    after = _role_values(instance)
    if created:
        if after["roles"] or after["is_staff"] or after["is_superuser"]:
            audit(
                actor=current_actor(),
                action="user.roles_change",
                target=instance,
                request=current_request(),
                outcome="success",
                data={"old": None, "new": after},
            )
        return
    if before is not None and before != after:
        changed = {k for k in ROLE_FIELDS if before[k] != after[k]}
        audit(
            actor=current_actor(),
            action="user.roles_change",
            target=instance,
            request=current_request(),
            outcome="success",
            data={"old": {k: before[k] for k in changed}, "new": {k: after[k] for k in changed}},
        )


@receiver(pre_save, sender="accounts.Membership", dispatch_uid="accounts.security.membership_before")
def _membership_before(sender, instance, **kwargs):
    old = sender.objects.filter(pk=instance.pk).values_list("role", flat=True).first() if instance.pk else None
    instance._role_before = old


@receiver(post_save, sender="accounts.Membership", dispatch_uid="accounts.security.membership_after")
def _membership_after(sender, instance, created, **kwargs):
    old = None if created else getattr(instance, "_role_before", None)
    if not created and old == instance.role:
        return
    audit(
        actor=current_actor(),
        action="membership.change",
        target=instance.organisation,
        note=str(instance.user)[:150],
        request=current_request(),
        outcome="success",
        data={"user": instance.user_id, "old": old, "new": instance.role},
    )


@receiver(post_delete, sender="accounts.Membership", dispatch_uid="accounts.security.membership_gone")
def _membership_gone(sender, instance, **kwargs):
    audit(
        actor=current_actor(),
        action="membership.change",
        target=instance.organisation,
        note=str(instance.user)[:150],
        request=current_request(),
        outcome="success",
        data={"user": instance.user_id, "old": instance.role, "new": None},
    )
