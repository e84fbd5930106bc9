"""The backup drill: back up, lose everything, restore, and find the same data and search results."""

import json
import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from catalog import selectors
from catalog.libraries import LIBRARIES
from catalog.models import Demand
from core import backup
from matching.indexing import index_documents

SECRET = "保密配方 H2-77"


def _search(query: str) -> list[int]:
    result = selectors.resource_list(library=LIBRARIES["demands"], user=AnonymousUser(), params={"q": query})
    return sorted(record.pk for record in result.queryset)


def _drill(tmp_path, make_record, enterprise):
    demands = [
        make_record(
            Demand,
            owner_org=enterprise,
            title=f"固态储氢罐轻量化{i}",
            confidential_details=f"{SECRET}-{i}",
            budget_min=10,
            budget_max=90,
        )
        for i in range(3)
    ]
    index_documents(kind="demands", ids=[d.pk for d in demands])
    media_file = "attachments/drill/方案.pdf"  # an uploaded file (the drill checks its bytes come back)
    default_storage.save(media_file, ContentFile(b"%PDF-1.4 drill"))
    found = _search("储氢罐")
    assert len(found) == 3
    counts, secrets = backup.table_counts(), backup.confidential_checksums()

    target = backup.backup(tmp_path / "backups")
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["tables"] == counts and manifest["confidential"]["catalog.demand"] == secrets["catalog.demand"]
    assert manifest["engine"] == connection.vendor and set(manifest["files"]) >= {"media.tar"}

    # Disaster: the data, the uploads and the index are gone.
    call_command("flush", "--noinput")
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.SEARCH_INDEX_DIR, ignore_errors=True)
    assert Demand.objects.count() == 0

    call_command("restore", str(target))
    assert backup.table_counts() == counts  # every table, row for row
    assert backup.confidential_checksums() == secrets
    assert Demand.objects.get(pk=demands[1].pk).confidential_details == f"{SECRET}-1"
    assert (settings.MEDIA_ROOT / media_file).read_bytes() == b"%PDF-1.4 drill"
    assert _search("储氢罐") == found  # the index was rebuilt from the restored data
    return target


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite drill")
def test_backup_drill_on_sqlite(tmp_path, make_record, enterprise):
    _drill(tmp_path, make_record, enterprise)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump / pg_restore need PostgreSQL")
def test_backup_drill_on_postgresql(tmp_path, make_record, enterprise):
    _drill(tmp_path, make_record, enterprise)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_backup_that_does_not_match_its_manifest(tmp_path, make_record, enterprise):
    make_record(Demand, owner_org=enterprise, title="不会被覆盖的需求")
    target = backup.backup(tmp_path)
    with open(target / "media.tar", "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(CommandError, match="does not match the manifest"):
        call_command("restore", str(target))
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="cannot be restored"):
        call_command("restore", str(target))
    assert Demand.objects.filter(title="不会被覆盖的需求").exists()  # nothing touched


def test_old_backups_are_pruned(tmp_path):
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    for name, age in (("backup-old", 31), ("backup-new", 29)):
        (tmp_path / name).mkdir()
        created = (now - dt.timedelta(days=age)).isoformat()
        (tmp_path / name / "manifest.json").write_text(json.dumps({"created_at": created}))
    removed = backup.prune(tmp_path, keep_days=30, now=now)
    assert [p.name for p in removed] == ["backup-old"] and (tmp_path / "backup-new").exists()
