"""Read side of the notification centre: a user's own notices (nobody reads another user's)."""

from .kinds import KINDS, default_channel, label_for
from .models import Notification, Preference


def inbox(user, *, unread: bool = False, app: str = "", kind: str = ""):
    """The user's notices, newest first; ``app`` keeps kinds "APP.…", ``kind`` one kind."""
    qs = Notification.objects.filter(user=user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    elif app:
        qs = qs.filter(kind__startswith=f"{app}.")
    return qs


def apps_in_inbox(user) -> list[str]:
    """The apps the user has notices from (the inbox's filter choices)."""
    kinds = Notification.objects.filter(user=user).values_list("kind", flat=True).distinct()
    return sorted({k.split(".", 1)[0] for k in kinds if "." in k})


def preferences(user) -> list[dict]:
    """Every registered kind, plus any the user has received, with the user's channel."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
    received = set(Notification.objects.filter(user=user).values_list("kind", flat=True).distinct())
    kinds = list(KINDS) + sorted(received - set(KINDS))
    return [
        {"kind": k, "label": label_for(k), "channel": chosen.get(k, default_channel(k)), "custom": k in chosen}
        for k in kinds
    ]


def about(obj):
    """Every notice about ``obj`` (a deal, a record, an organisation), all recipients: for tests and operators."""
    from django.contrib.contenttypes.models import ContentType

    return Notification.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
