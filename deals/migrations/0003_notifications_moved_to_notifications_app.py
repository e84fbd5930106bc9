"""Notifications moved to the notifications app (issue 10): its 0002 copied the rows first."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0002_field_history_of_contracts"),
        ("notifications", "0002_copy_deal_notifications"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Notification",
        ),
    ]
