"""The 80 % indicator of seed 001 三(七)3①: a computed indicator (metric ``fulfilment_instant_share``,
registered by ``fulfilment.ledger``), its 2026 target and the ledger task A88 linked to it."""

from decimal import Decimal

from django.db import migrations

CODE = "policy_instant_share"
QUOTE = "健全科技政策兑现机制，“一站通兑、一网通办”“免申即享”“即申即享”达到 80%。"


def forwards(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    Target = apps.get_model("monitoring", "Target")
    PlanDocument = apps.get_model("monitoring", "PlanDocument")
    LedgerTask = apps.get_model("monitoring", "LedgerTask")
    indicator, _ = Indicator.objects.get_or_create(
        code=CODE,
        defaults={
            "name": "政策兑现“免申即享”“即申即享”占比（平台计算）",
            "unit": "%",
            "source": "computed",
            "metric_code": "fulfilment_instant_share",
            "aggregation": "flow",
            "order": 88,
            "definition": "期内平台兑现台账中以免申即享、即申即享方式兑现的笔数 ÷ 全部兑现笔数 × 100（平台计算）。",
        },
    )
    plan = PlanDocument.objects.filter(code="action-2024-2026").first()
    if plan is not None:
        Target.objects.get_or_create(
            indicator=indicator,
            plan=plan,
            year=2026,
            defaults={"section": "三（七）3①", "value": Decimal(80), "comparator": "达到", "quote": QUOTE},
        )
    LedgerTask.objects.filter(code="A88", indicator__isnull=True).update(indicator=indicator)


def backwards(apps, schema_editor):
    apps.get_model("monitoring", "LedgerTask").objects.filter(code="A88", indicator__code=CODE).update(indicator=None)
    apps.get_model("monitoring", "Indicator").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("fulfilment", "0001_clause_terms_rules_runs_applications_grants"),
        ("monitoring", "0003_ledger_tasks"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
