"""Copy the notices that deals kept (deals.Notification) into the notification centre, with their
kinds renamed to "APP.event" and the deal as the notice's object. deals 0003 then drops its table."""

from django.db import migrations

KIND_MAP = {
    "deal_opened": "deals.opened",
    "broker_assigned": "deals.broker_assigned",
    "message": "deals.message",
    "trial_decision": "deals.trial_decision",
    "trial_ending": "deals.trial_ending",
    "trial_overdue": "deals.trial_overdue",
    "qualification_expiry": "enterprises.qualification_expiry",
}


def new_kind(kind: str) -> str:
    if kind.startswith("stage_"):
        return "deals.moved"
    return KIND_MAP.get(kind, kind if "." in kind else f"deals.{kind}")


def copy(apps, schema_editor):
    Old = apps.get_model("deals", "Notification")
    New = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Old.objects.exists():
        return
    deal_ct, _ = ContentType.objects.get_or_create(app_label="deals", model="deal")
    for old in Old.objects.order_by("pk").iterator(chunk_size=2000):
        new = New.objects.create(
            user_id=old.user_id,
            kind=new_kind(old.kind),
            title=old.title,
            body=old.body,
            url=old.url,
            content_type=deal_ct if old.deal_id else None,
            object_id=str(old.deal_id or ""),
            read_at=old.read_at,
            channel="site",  # their e-mails went out when they were created
        )
        # created_at is auto_now_add: keep the original time.
        New.objects.filter(pk=new.pk).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("deals", "0002_field_history_of_contracts"),
    ]

    operations = [
        migrations.RunPython(copy, migrations.RunPython.noop),
    ]
