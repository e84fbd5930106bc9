"""English names of patent pools; the starting pools (patents.pool_defaults, named as their chain)
take their chain's English name."""

from django.db import migrations, models


def fill(apps, schema_editor):
    PatentPool = apps.get_model("patents", "PatentPool")
    for pool in PatentPool.objects.select_related("chain").filter(name_en="", chain__isnull=False):
        if pool.chain.name == pool.name and pool.chain.name_en:
            pool.name_en = pool.chain.name_en
            pool.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [("patents", "0003_high_value_needs_known_facts"), ("reference", "0005_region_name_en")]

    operations = [
        migrations.AddField(
            model_name="patentpool",
            name="name_en",
            field=models.CharField(blank=True, max_length=80, verbose_name="英文名称"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
