"""A patent whose stored score rests on fewer than four known items (of eight) is no longer
high-value (``patents.scoring``, ``min_known``): the stored flags are corrected from the stored
breakdowns, without re-running the pools. ``manage.py assign_pools --rescore`` recomputes every
score from the settings."""

from django.db import migrations

MIN_KNOWN = 4  # patents.scoring.DEFAULTS["min_known"] when this migration was written
BATCH = 1000


def forwards(apps, schema_editor):
    Patent = apps.get_model("patents", "Patent")
    changed = []
    for patent in list(Patent.objects.filter(high_value=True).only("pk", "high_value", "score_breakdown")):
        breakdown = dict(patent.score_breakdown or {})
        known = sum(1 for item in breakdown.get("items", []) if item.get("met") is not None)
        breakdown.update(known=known, min_known=MIN_KNOWN)
        if known < MIN_KNOWN:
            patent.high_value = False
            breakdown["high_value"] = False
            breakdown["reasons"] = [*breakdown.get("reasons", []), "too_few_known"]
        patent.score_breakdown = breakdown
        changed.append(patent)
        if len(changed) >= BATCH:
            Patent.objects.bulk_update(changed, ["high_value", "score_breakdown"])
            changed = []
    if changed:
        Patent.objects.bulk_update(changed, ["high_value", "score_breakdown"])


class Migration(migrations.Migration):
    dependencies = [("patents", "0002_ipc_and_pools")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
