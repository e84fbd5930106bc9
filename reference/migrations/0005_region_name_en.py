"""English names of Shaanxi's regions (reference/data/shaanxi_61_names_en.csv, see its README)."""

import csv
from pathlib import Path

from django.db import migrations, models

DATA = Path(__file__).resolve().parent.parent / "data" / "shaanxi_61_names_en.csv"


def load(apps, schema_editor):
    Region = apps.get_model("reference", "Region")
    with open(DATA, encoding="utf-8") as handle:
        names = {row["code6"]: row["name_en"] for row in csv.DictReader(handle)}
    regions = list(Region.objects.filter(code__in=names))
    for region in regions:
        region.name_en = names[region.code]
    Region.objects.bulk_update(regions, ["name_en"])


class Migration(migrations.Migration):
    dependencies = [("reference", "0004_load_provincial_chains")]

    operations = [
        migrations.AddField(
            model_name="region",
            name="name_en",
            field=models.CharField(blank=True, max_length=80, verbose_name="英文名称"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
