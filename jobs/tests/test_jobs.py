import pytest
from django.test.utils import override_settings
from django.urls import reverse

from jobs import batching
from jobs.models import Job, JobStatus
from jobs.registry import JobFailed, register_job
from jobs.services import job_start, run_job


@register_job("tests.count", label="计数", idempotent=True)
def count_job(job, *, n: int) -> dict:
    for i in range(n):
        job.progress(i + 1, n)
    return {"message": f"数到 {n}", "n": n}


@register_job("tests.boom", label="出错")
def boom_job(job) -> dict:
    raise ValueError("磁盘已满")


@register_job("tests.rows", label="行错误")
def rows_job(job) -> dict:
    raise JobFailed("发现 1 处错误", result={"errors": [{"line": 2, "column": "标题", "message": "必填"}]})


@pytest.mark.django_db
def test_inline_job_runs_to_done_with_progress_and_result(operator):
    job = job_start(name="tests.count", params={"n": 5}, by=operator)
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.percent) == (5, 5, 100)
    assert job.result == {"message": "数到 5", "n": 5} and job.message == "数到 5"
    assert job.created_by == operator and job.started_at and job.finished_at


@pytest.mark.django_db
def test_failing_job_ends_failed_with_its_error(operator):
    job = job_start(name="tests.boom", by=operator)
    assert job.status == JobStatus.FAILED and job.error == "磁盘已满"
    job = job_start(name="tests.rows", by=operator)
    assert job.status == JobStatus.FAILED and job.result["errors"][0]["message"] == "必填"


@pytest.mark.django_db
def test_unknown_kind_is_refused(operator):
    with pytest.raises(LookupError):
        job_start(name="tests.nope", by=operator)
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_with_a_queue_the_request_only_enqueues(operator, django_capture_on_commit_callbacks):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False), django_capture_on_commit_callbacks() as callbacks:
        job = job_start(name="tests.count", params={"n": 3}, by=operator)
    assert job.status == JobStatus.QUEUED and job.done == 0
    assert len(callbacks) == 1  # the task is sent once the row is committed


@pytest.mark.django_db
def test_redelivered_job_runs_again_only_when_idempotent(operator):
    safe = Job.objects.create(name="tests.count", label="计数", params={"n": 2}, status=JobStatus.RUNNING)
    unsafe = Job.objects.create(name="tests.rows", label="行错误", status=JobStatus.RUNNING)
    assert run_job(job_id=safe.pk) == JobStatus.DONE
    assert run_job(job_id=unsafe.pk) == JobStatus.FAILED
    unsafe.refresh_from_db()
    assert "中断" in unsafe.error and unsafe.result == {}  # marked, never run twice


@pytest.mark.django_db
def test_only_the_starter_follows_a_job(client, operator, make_user):
    queued = Job.objects.create(name="tests.count", label="计数", params={"n": 2}, created_by=operator)
    other = make_user("旁人", roles=("operator",))
    client.force_login(other)
    assert client.get(reverse("jobs:detail", args=[queued.pk])).status_code == 404
    assert client.get(f"/api/v1/jobs/{queued.pk}/").status_code == 404
    assert client.get("/api/v1/jobs/").json()["count"] == 0
    client.logout()
    assert client.get(reverse("jobs:detail", args=[queued.pk])).status_code == 302  # to the login page
    assert client.get(f"/api/v1/jobs/{queued.pk}/").status_code in (401, 403)
    client.force_login(operator)
    page = client.get(reverse("jobs:detail", args=[queued.pk])).content.decode()
    assert "排队中" in page and 'hx-trigger="every 1s"' in page  # polls while not finished
    data = client.get(f"/api/v1/jobs/{queued.pk}/").json()
    assert data["status"] == "queued" and data["total"] is None and data["url"] == f"/jobs/{queued.pk}/"


@pytest.mark.django_db
def test_finished_job_page_stops_polling(client, operator):
    job = job_start(name="tests.count", params={"n": 4}, by=operator)
    client.force_login(operator)
    partial = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "已完成" in partial and "4 / 4" in partial and "jobs-w-100" in partial
    assert "hx-trigger" not in partial and "<html" not in partial
    assert "计数" in client.get(reverse("jobs:list")).content.decode()


def test_batching_flushes_once_per_key_at_the_end():
    seen = []
    batching.defer("k", [1], seen.append)
    assert seen == [[1]]  # outside a job: at once
    with batching.collecting():
        batching.defer("k", [2, 3], seen.append)
        batching.defer("k", [4], seen.append)
        batching.defer("j", [9], seen.append)
        assert seen == [[1]]
    assert seen == [[1], [2, 3, 4], [9]]


@pytest.mark.django_db
def test_job_page_in_english(client, operator):
    job = Job.objects.create(name="matching.rebuild", label="重建检索索引", created_by=operator)
    client.force_login(operator)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Queued" in page and "this page updates every second" in page and "My background jobs" in page
