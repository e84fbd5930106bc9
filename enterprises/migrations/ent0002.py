"""Default cultivation-pool tiers and the platform-computed companions of four reported indicators.

The reported indicators (高新技术企业数 …, monitoring 0002) stay the official figures; these
companions are counted from confirmed pool memberships (enterprises.metrics)."""

from django.db import migrations

COMPANIONS = [
    ("high_tech_enterprises_platform", "国家高新技术企业数（平台核验）", "pool_high_tech", 31),
    ("tech_smes_platform", "科技型中小企业数（平台核验）", "pool_tech_sme", 33),
    ("gazelle_enterprises_platform", "瞪羚企业数（平台核验）", "pool_gazelle", 54),
    ("unicorn_enterprises_platform", "独角兽企业数（平台核验）", "pool_unicorn", 55),
]


def forwards(apps, schema_editor):
    from enterprises.pools import DEFAULT_TIERS

    PoolTier = apps.get_model("enterprises", "PoolTier")
    for code, name, track, order, entry, keep, source in DEFAULT_TIERS:
        PoolTier.objects.get_or_create(
            code=code,
            defaults={"name": name, "track": track, "order": order, "entry_rules": entry, "keep_rules": keep, "source": source},
        )
    Indicator = apps.get_model("monitoring", "Indicator")
    for code, name, metric, order in COMPANIONS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "unit": "家", "source": "computed", "metric_code": metric, "aggregation": "stock",
                "order": order,
                "definition": "期末经运营确认入库、资质已核验的企业数（平台计算）；统计部门口径以填报指标为准。",
            },
        )


def backwards(apps, schema_editor):
    apps.get_model("monitoring", "Indicator").objects.filter(code__in=[c[0] for c in COMPANIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0001_enterprise_profiles_points_pools"),
        ("monitoring", "0002_plan_indicators_and_targets"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
