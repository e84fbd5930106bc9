"""On PostgreSQL, no two holding bookings of one instrument may overlap: an exclusion constraint
over (instrument, [start, end)) using btree_gist. SQLite keeps the locked check in the service.

Kept out of the model state on purpose: it exists only on PostgreSQL."""

from django.db import migrations

HOLDING = "('requested', 'approved', 'used', 'confirmed')"


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        "ALTER TABLE sharing_booking ADD CONSTRAINT sharing_booking_no_overlap EXCLUDE USING gist "
        "(instrument_id WITH =, tstzrange(start, \"end\", '[)') WITH &&) "
        f"WHERE (status IN {HOLDING})"
    )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE sharing_booking DROP CONSTRAINT IF EXISTS sharing_booking_no_overlap")


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_instruments_bookings_vouchers_orders_subsidies")]

    operations = [migrations.RunPython(add, remove)]
