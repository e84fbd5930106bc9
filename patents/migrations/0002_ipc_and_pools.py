"""Reference data the platform needs in production: IPC sections, classes and subclasses (with
the repairs in patents.ipc), and the six starting pools (patents.pool_defaults)."""

from django.db import migrations


def load(apps, schema_editor):
    from patents import ipc
    from patents.pool_defaults import POOLS

    IpcEntry = apps.get_model("patents", "IpcEntry")
    rows = ipc.sections_and_classes()
    ipc.load_entries([r for r in rows if r["level"] == "section"], model=IpcEntry)
    ipc.load_entries([r for r in rows if r["level"] == "class"], model=IpcEntry)
    ipc.load_entries(ipc.subclasses(), model=IpcEntry)

    PatentPool = apps.get_model("patents", "PatentPool")
    IndustryChain = apps.get_model("reference", "IndustryChain")
    fields = {f.name for f in PatentPool._meta.get_fields()}
    for spec in POOLS:
        spec = {k: v for k, v in spec.items() if k in fields or k == "chain"}  # later fields: later migrations
        chain = IndustryChain.objects.filter(slug=spec.pop("chain")).first()
        PatentPool.objects.get_or_create(slug=spec["slug"], defaults={**spec, "chain": chain})


def unload(apps, schema_editor):
    from patents.pool_defaults import POOLS

    apps.get_model("patents", "PatentPool").objects.filter(slug__in=[p["slug"] for p in POOLS]).delete()
    apps.get_model("patents", "IpcEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("patents", "0001_initial"),
        ("reference", "0002_load_regions_and_chains"),
    ]

    operations = [migrations.RunPython(load, unload)]
