"""One sub-market per prefecture-level city of Shaanxi (一总多区, seed 000; 001 三(六)). Xi'an and
Xianyang form the shared Xi'an–Xianyang libraries (001 三(六)2①). Operators are assigned by the
general window afterwards; a sub-market without operators is reviewed by the general window."""

from django.db import migrations

CITIES = [
    ("xian", "610100", "西安分市场", "xi_xian"),
    ("xianyang", "610400", "咸阳分市场", "xi_xian"),
    ("baoji", "610300", "宝鸡分市场", ""),
    ("weinan", "610500", "渭南分市场", ""),
    ("tongchuan", "610200", "铜川分市场", ""),
    ("yanan", "610600", "延安分市场", ""),
    ("yulin", "610800", "榆林分市场", ""),
    ("hanzhong", "610700", "汉中分市场", ""),
    ("ankang", "610900", "安康分市场", ""),
    ("shangluo", "611000", "商洛分市场", ""),
]


def create(apps, schema_editor):
    SubMarket = apps.get_model("network", "SubMarket")
    Region = apps.get_model("reference", "Region")
    for order, (code, region, name, joint) in enumerate(CITIES, start=1):
        if Region.objects.filter(code=region).exists():
            SubMarket.objects.get_or_create(
                code=code, defaults={"name": name, "region_id": region, "joint": joint, "order": order * 10}
            )


def remove(apps, schema_editor):
    apps.get_model("network", "SubMarket").objects.filter(code__in=[c[0] for c in CITIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial"), ("reference", "0002_load_regions_and_chains")]
    operations = [migrations.RunPython(create, remove)]
