"""The ten featured parks of seed 002 (第四章第二节, 专栏 11) with the 2025 output each is to reach.
The plan states no land area: operators enter it. Other apps may create the same parks, so parks
are matched by name."""

from decimal import Decimal

from django.db import migrations

PLAN = "plan-2021-2025"
SECTION = "第四章第二节 专栏 11 新区 10 大特色产业园区建设"

# name, new city, focus (as printed), 2025 output in 亿元, wording
PARKS = [
    ("西咸新区·沣东先进制造产业园", "fengdong", "先进制造、电子信息等", "120", "达到…左右"),
    ("西咸新区·沣东统筹科技资源改革示范园", "fengdong", "软件和信息技术服务、集成电路、大数据云计算等", "100", "达到"),
    ("西咸新区·沣西人工智能产业园", "fengxi", "氢能、智能网联汽车、智能制造、高端数控机床等", "100", "达到…左右"),
    ("西咸新区·沣西数字经济产业园", "fengxi", "数字经济、数字文化、智能终端等", "200", "达到…左右"),
    ("西咸新区·秦汉自动驾驶产业园", "qinhan", "新能源汽车、智能网联汽车（物联网）、人工智能（机器人研发应用）、高端装备制造等", "200", "达到…左右"),
    ("西咸新区·秦汉大健康产业园", "qinhan", "生命科学、健康工业、健康服务、新材料等", "100", "达到…左右"),
    ("西咸新区·空港自贸蓝湾产业园", "konggang", "临空生物医药、临空智能制造等", "70", "达到…左右"),
    ("西咸新区·空港临空经济产业园", "konggang", "电子信息、生物医药、航空制造等临空偏好型产业", "100", "达到…左右"),
    ("西咸新区·泾河双碳光伏产业园", "jinghe", "光伏全产业链、新能源新材料", "1000", "力争突破"),
    ("西咸新区·泾河两链融合示范园", "jinghe", "“空、天、地、核”四大高端装备产业", "500", "达到…左右"),
]


def load(apps, schema_editor):
    Park = apps.get_model("reference", "Park")
    PlanDocument = apps.get_model("monitoring", "PlanDocument")
    ParkPlanTarget = apps.get_model("monitoring", "ParkPlanTarget")
    plan = PlanDocument.objects.get(code=PLAN)
    for name, city, focus, output, wording in PARKS:
        park, created = Park.objects.get_or_create(
            name=name, defaults={"new_city": city, "focus": focus, "source": f"《{plan.title}》{SECTION}"}
        )
        if not created and not park.new_city:
            park.new_city = city
            park.save(update_fields=["new_city"])
        ParkPlanTarget.objects.update_or_create(
            park=park, year=2025,
            defaults={"output_yi": Decimal(output), "comparator": wording, "plan": plan, "section": SECTION},
        )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0003_ledger_tasks"), ("reference", "0002_load_regions_and_chains")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
