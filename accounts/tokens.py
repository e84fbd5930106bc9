"""API tokens (django-rest-knox): stored as hashes, expiring (``REST_KNOX["TOKEN_TTL"]``), listed
and revoked by their owner; every issue and revoke goes to the audit trail."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from knox.models import AuthToken

from core.audit import audit


def token_issue(*, user, request=None, name: str = "") -> tuple[AuthToken, str]:
    """A new token for ``user``: (row, the token text shown once). Raises ValidationError when the
    user already holds ``REST_KNOX["TOKEN_LIMIT_PER_USER"]`` live tokens."""
    from knox.settings import knox_settings

    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and tokens_of(user).count() >= limit:
        raise ValidationError(
            {"non_field_errors": _("有效令牌已达上限（%(n)d 个），请先撤销不用的令牌。") % {"n": limit}}
        )
    row, text = AuthToken.objects.create(user=user)
    audit(
        actor=user, action="token.issue", target=user, request=request, outcome="success", data={"key": row.token_key}
    )
    return row, text


def tokens_of(user):
    """The live (unexpired) tokens of ``user``, newest first; expired ones are removed on the way."""
    from django.utils import timezone

    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    return AuthToken.objects.filter(user=user).order_by("-created")


def token_revoke(*, user, key: str, request=None) -> bool:
    """Revoke ``user``'s token whose public key (first characters) is ``key``. False if none."""
    deleted, _rows = AuthToken.objects.filter(user=user, token_key=key).delete()
    if deleted:
        audit(actor=user, action="token.revoke", target=user, request=request, outcome="success", data={"key": key})
    return bool(deleted)


def token_revoke_all(*, user, request=None, action: str = "token.revoke_all") -> int:
    deleted, _rows = AuthToken.objects.filter(user=user).delete()
    audit(actor=user, action=action, target=user, request=request, outcome="success", data={"revoked": deleted})
    return deleted
