"""The provincial and city key chains the seeds name, mapped to the hub's chains.

The seeds give the counts (seed 001 三（一）5③ "全省 24条产业链"; seed 002 4.2 "全省 23 条、全市 19 条
重点产业链") but list by name only the chains the new area leads on: "重点发展光伏、氢能、智能网联汽车
主导产业链" (seed 002 4.2). Only those are loaded here; the rest of the provincial list is to be
entered from the provincial document (admin: 省市重点产业链), never guessed.
"""

from django.db import migrations

SOURCE = "《西咸新区“十四五”科技创新规划》4.2：围绕全省 23 条、全市 19 条重点产业链，重点发展光伏、氢能、智能网联汽车主导产业链"
CHAINS = [("光伏", "photovoltaic", 1), ("氢能", "hydrogen", 2), ("智能网联汽车", "connected-vehicles", 3)]


def load(apps, schema_editor):
    ProvincialChain = apps.get_model("reference", "ProvincialChain")
    IndustryChain = apps.get_model("reference", "IndustryChain")
    for name, hub, order in CHAINS:
        row, _ = ProvincialChain.objects.update_or_create(
            level="province", name=name, defaults={"source": SOURCE, "order": order}
        )
        row.hub_chains.set(IndustryChain.objects.filter(slug=hub))


def unload(apps, schema_editor):
    apps.get_model("reference", "ProvincialChain").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_provincial_chains")]
    operations = [migrations.RunPython(load, unload)]
