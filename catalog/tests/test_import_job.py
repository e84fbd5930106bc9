"""The import page only enqueues; the job imports through the pipeline's public function and the
published batch is indexed by one task after commit."""

import csv
import io

import pytest
from django.urls import reverse

from catalog.models import Demand
from jobs.models import Job, JobStatus
from matching import index, indexing
from matching.models import IndexDebt

HEADER = [
    "标题",
    "技术问题",
    "预算下限（万元）",
    "预算上限（万元）",
    "期望完成日期",
    "期望合作方式",
    "卡脖子",
    "产业链",
    "地市",
    "区县",
    "保密细节",
]


def demands_csv(n: int) -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for i in range(n):
        writer.writerow(
            [
                f"氢燃料电池双极板需求{i}",
                "寿命不足",
                "10",
                "50",
                "2027-06-30",
                "转让",
                "否",
                "氢能",
                "西安市",
                "610113",
                "保密",
            ]
        )
    upload = io.BytesIO(buffer.getvalue().encode("utf-8-sig"))
    upload.name = "demands.csv"
    return upload


@pytest.fixture
def lexical_only(settings):
    settings.MATCHING_EMBEDDER = "none"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_job_indexes_the_batch_in_one_task(client, operator, monkeypatch, lexical_only):
    calls = []
    real = indexing.index_documents

    def counted(*, kind, ids, root=None):
        calls.append((kind, len(ids)))
        return real(kind=kind, ids=ids, root=root)

    monkeypatch.setattr(indexing, "index_documents", counted)
    client.force_login(operator)
    response = client.post(reverse("catalog:import"), {"library": "demands", "file": demands_csv(120), "publish": "1"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.result["created"] == 120 and job.created_by == operator
    assert Demand.objects.published().count() == 120
    assert [c for c in calls if c[0] == "demands"] == [("demands", 120)]  # one task for the batch
    assert index.open_index("demands").num_docs() == 120
    assert not IndexDebt.objects.exists()
    found = client.get(reverse("catalog:list", args=["demands"]), {"q": "双极板需求119"}).content.decode()
    assert "氢燃料电池双极板需求119" in found
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "导入成功：120 条" in page


@pytest.mark.django_db
def test_import_job_with_row_errors_fails_and_writes_nothing(client, operator):
    upload = demands_csv(2)
    upload = io.BytesIO(upload.getvalue().replace(b"10,50", b"90,50", 1))
    upload.name = "bad.csv"
    client.force_login(operator)
    page = client.post(reverse("catalog:import"), {"library": "demands", "file": upload}, follow=True).content.decode()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED and job.result["errors"][0]["line"] == 2
    assert "预算上限不能低于下限" in page and not Demand.objects.exists()


@pytest.mark.django_db
def test_members_cannot_start_an_import(client, member):
    client.force_login(member)
    assert client.post(reverse("catalog:import"), {"library": "demands", "file": demands_csv(1)}).status_code == 403
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_large_export_runs_as_a_job_with_the_starters_masking(client, make_record, make_user, enterprise, monkeypatch):
    from openpyxl import load_workbook

    from catalog import jobs as catalog_jobs

    monkeypatch.setattr(catalog_jobs, "EXPORT_INLINE_MAX", 1)
    for i in range(2):
        make_record(Demand, owner_org=enterprise, title=f"公开需求{i}", confidential_details="只给本企业看的配方")
    outsider = make_user("外人")
    client.force_login(outsider)
    response = client.get(reverse("catalog:export", args=["demands"]))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.result["rows"] == 2
    download = client.get(reverse("jobs:file", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)))["数据"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert "公开需求0" in cells and "只给本企业看的配方" not in cells
    client.force_login(make_user("另一人"))
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404
