"""Two factors (TOTP, django-otp) with recovery codes for operators, reviewers, leaders and
superusers (issue 9; 等保 2.0 level 3 asks two factors for administrators).

When ``settings.REQUIRE_2FA`` is on (default: on unless DEBUG or tests), such a user who signed in
with a password only reaches the 2FA pages until the session is verified: enrolment when the user
has no confirmed device yet, else the code prompt. The API token endpoint asks the same code
(field ``otp``) from them.
"""

import base64

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import audit

RECOVERY_CODES = 10
ROLES_SETTING = "TWO_FACTOR_ROLES"


def required_for(user) -> bool:
    """Whether ``user`` must use two factors (its roles, and ``REQUIRE_2FA`` on)."""
    if not getattr(settings, "REQUIRE_2FA", False) or not user.is_authenticated:
        return False
    roles = getattr(settings, ROLES_SETTING, ("operator", "reviewer", "leader"))
    return user.is_superuser or bool(set(user.roles or []) & set(roles))


def enrolled(user) -> bool:
    return any(isinstance(d, TOTPDevice) for d in devices_for_user(user, confirmed=True))


def pending_device(user) -> TOTPDevice:
    """The user's unconfirmed authenticator (created on first call), to be confirmed by a code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def qr_svg_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an SVG QR code in a data: URI (no outside service)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def enrol_confirm(*, user, token: str, request=None) -> list[str] | None:
    """Confirm the pending authenticator with one code; returns fresh recovery codes (shown once),
    or None when the code is wrong. Older devices of the user are replaced."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token((token or "").strip()):
        audit(actor=user, action="2fa.enrol", target=user, request=request, outcome="failure")
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_reset(user=user)
    if request is not None:
        otp_login(request, device)
    audit(actor=user, action="2fa.enrol", target=user, request=request, outcome="success")
    return codes


def recovery_codes_reset(*, user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def verify(*, user, token: str, request=None) -> bool:
    """Check a TOTP code or a recovery code (used once); on success mark the session verified."""
    device = match_token(user, (token or "").strip().replace(" ", ""))
    ok = device is not None
    audit(
        actor=user,
        action="2fa.verify",
        target=user,
        request=request,
        outcome="success" if ok else "failure",
        data={"recovery_code": isinstance(device, StaticDevice)} if ok else {},
    )
    if ok and request is not None:
        otp_login(request, device)
    return ok
