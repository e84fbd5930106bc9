"""Write side of background jobs: start one (enqueue, or run inline without Redis), run one."""

import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import logs

from . import batching
from .models import Job, JobStatus
from .registry import JobFailed, get_kind

logger = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.5  # at most two progress writes per second


def job_start(*, name: str, params: dict | None = None, by=None) -> Job:
    """Create the status row of a registered job kind and hand it to the queue.

    With ``REDIS_URL`` set a Celery worker runs it after this transaction commits and the caller
    returns at once; without Redis it runs here, inline, before this function returns.
    ``params``: JSON values only (ids, names, storage paths), never model instances.
    Raises LookupError for an unknown ``name``.
    """
    kind = get_kind(name)
    job = Job.objects.create(
        name=name,
        label=str(kind.label),
        params=params or {},
        created_by=by if getattr(by, "pk", None) else None,
        request_id=logs.current_request_id(),
    )
    from .tasks import run_job_task

    if settings.CELERY_TASK_ALWAYS_EAGER:
        run_job(job_id=job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: run_job_task.delay(job.pk))
    return job


class RunningJob:
    """What a job function sees: its row's id, params, and a throttled progress reporter."""

    def __init__(self, job: Job):
        self.id = job.pk
        self.params = job.params
        self.created_by_id = job.created_by_id
        self._last = 0.0

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY_S and (total is None or done < total):
            return
        self._last = now
        fields = {"done": max(0, int(done)), "total": total}
        if message:
            fields["message"] = str(message)[:300]
        Job.objects.filter(pk=self.id).update(**fields)


def run_job(*, job_id: int) -> str:
    """Run one job to its end; returns its final status. Never raises for the job's own errors."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return job.status if job else "missing"
    kind = get_kind(job.name)
    if job.status == JobStatus.RUNNING and not kind.idempotent:
        # Redelivered after a worker died mid-way: running a non-idempotent job twice could write twice.
        _finish(job, JobStatus.FAILED, error=str(_("任务在运行中被中断，请重新发起。")))
        return job.status
    job.status, job.started_at, job.error = JobStatus.RUNNING, timezone.now(), ""
    job.save(update_fields=["status", "started_at", "error"])
    logger.info("job started", extra={"job_id": job.pk, "job": job.name})
    try:
        with batching.collecting():
            result = kind.run(RunningJob(job), **job.params) or {}
    except JobFailed as exc:
        _finish(job, JobStatus.FAILED, error=str(exc), result=exc.result)
        return job.status
    except Exception as exc:  # the job's failure is its result; the worker carries on
        logger.exception("job failed", extra={"job_id": job.pk, "job": job.name})
        _finish(job, JobStatus.FAILED, error=_error_text(exc))
        return job.status
    job.refresh_from_db(fields=["done", "total", "message"])
    if job.total is not None:
        job.done = job.total
    _finish(job, JobStatus.DONE, result=result)
    logger.info("job done", extra={"job_id": job.pk, "job": job.name})
    return job.status


def _error_text(exc: Exception) -> str:
    messages = getattr(exc, "messages", None)  # django ValidationError
    text = "；".join(str(m) for m in messages) if messages else str(exc)
    return (text or type(exc).__name__)[:2000]


def _finish(job: Job, status: str, *, result: dict | None = None, error: str = "") -> None:
    job.status, job.finished_at, job.error = status, timezone.now(), error
    fields = ["status", "finished_at", "error", "done"]
    if result is not None:
        job.result = result
        fields.append("result")
        if result.get("message"):
            job.message = str(result["message"])[:300]
            fields.append("message")
    job.save(update_fields=fields)
