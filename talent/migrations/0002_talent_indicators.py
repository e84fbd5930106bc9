"""Platform-computed companions of the talent indicators and the 科学家+工程师 team target.

The reported indicators 引进高层次人才数 / 引进创新创业人才数 (monitoring 0002) stay the official
figures; these companions are counted from placements recorded on the platform (talent.metrics).
The team count is new: seed 001 三(四)1④ "三年建设不少于 90支“科学家+工程师”队伍"."""

from django.db import migrations

SEED_001 = "action-2024-2026"
COMPANIONS = [
    ("high_level_talent_platform", "引进高层次人才数（平台记录）", "名", "high_level_talents_introduced", "flow", 48,
     "期内在平台登记到岗、类别为高层次人才或层次为 A–C 类的引进人数（平台计算）；官方口径以填报指标为准。"),
    ("innovation_talent_platform", "引进人才数（平台记录）", "名", "talents_introduced", "flow", 49,
     "期内在平台登记到岗的人才引进人数（全职、兼职、柔性引才、科技副总、产业教授；平台计算）。"),
    ("sci_eng_teams", "“科学家+工程师”队伍数", "支", "sci_eng_teams", "stock", 50,
     "期末已组建、至少含一名科学家和一名工程师的队伍数（平台计算）。"),
]


def forwards(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    Target = apps.get_model("monitoring", "Target")
    PlanDocument = apps.get_model("monitoring", "PlanDocument")
    for code, name, unit, metric, aggregation, order, definition in COMPANIONS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={"name": name, "unit": unit, "source": "computed", "metric_code": metric,
                      "aggregation": aggregation, "order": order, "definition": definition},
        )
    plan = PlanDocument.objects.filter(code=SEED_001).first()
    if plan is not None:
        Target.objects.get_or_create(
            indicator=Indicator.objects.get(code="sci_eng_teams"), plan=plan, year=2026,
            defaults={"section": "三（四）1④", "value": 90, "comparator": "不少于",
                      "quote": "以项目为导向，三年建设不少于 90支“科学家+工程师”队伍"},
        )


def backwards(apps, schema_editor):
    apps.get_model("monitoring", "Indicator").objects.filter(code__in=[c[0] for c in COMPANIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("talent", "0001_talent_cloud"),
        ("monitoring", "0004_parks"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
