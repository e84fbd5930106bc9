"""Load Shaanxi's GB/T 2260 divisions and the hub's key industry chains.

Regions come from reference/data/shaanxi_61_county_level.csv (see its README for provenance).
The chains are the key industries of the action plan (seed 001) for the general window.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "shaanxi_61_county_level.csv"

CHAINS = [
    ("hydrogen", "氢能", "Hydrogen energy", "泾河新城秦创原氢能产业创新聚集区；氢燃料电池、制氢储氢"),
    ("photovoltaic", "光伏", "Photovoltaics", "隆基绿能等龙头企业；光伏组件、电池片"),
    ("connected-vehicles", "智能网联汽车", "Intelligent connected vehicles", "自动驾驶、新能源汽车、车路协同"),
    ("drones", "无人机", "Unmanned aerial vehicles", "无人机整机、飞控、应用场景"),
    ("ai", "人工智能", "Artificial intelligence", "机器学习、计算机视觉、智能制造应用"),
    ("biomedicine", "生物医药", "Life sciences and biomedicine", "生命科学、生物医药、医疗器械"),
    ("high-end-equipment", "高端装备", "High-end equipment", "高档数控机床、先进制造、智能装备"),
]


def load(apps, schema_editor):
    Region = apps.get_model("reference", "Region")
    IndustryChain = apps.get_model("reference", "IndustryChain")
    rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
    by_code = {}
    for level in ("province", "prefecture", "county"):
        for row in rows:
            if row["level"] != level:
                continue
            code = row["code6"]
            if level == "province":
                parent = None
            elif level == "prefecture":
                parent = by_code.get("610000")
            else:
                parent = by_code.get(row["city_code"] + "00")
            by_code[code] = Region.objects.create(code=code, name=row["name"], level=level, parent=parent)
    for order, (slug, name, name_en, description) in enumerate(CHAINS, start=1):
        IndustryChain.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name, "name_en": name_en, "description": description, "order": order,
                "source": "《秦创原总窗口建设行动方案（2024-2026年）》重点产业",
            },
        )


def unload(apps, schema_editor):
    apps.get_model("reference", "Region").objects.all().delete()
    apps.get_model("reference", "IndustryChain").objects.filter(slug__in=[c[0] for c in CHAINS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
