"""English descriptions of patent pools; a starting pool (patents.pool_defaults) whose Chinese
description is still the one it started with takes the English text shipped with it."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from patents.pool_defaults import POOLS

    PatentPool = apps.get_model("patents", "PatentPool")
    for default in POOLS:
        PatentPool.objects.filter(slug=default["slug"], description=default["description"], description_en="").update(
            description_en=default["description_en"]
        )


class Migration(migrations.Migration):
    dependencies = [("patents", "0004_pool_name_en")]

    operations = [
        migrations.AddField(
            model_name="patentpool",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="英文说明"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
