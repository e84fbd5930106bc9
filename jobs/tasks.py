"""Celery entry point of every job; inline (eager) without Redis."""

from celery import shared_task


# acks_late: a job whose worker dies is redelivered; run_job then re-runs an idempotent kind and
# marks any other kind failed (never half-run twice).
@shared_task(name="jobs.run", acks_late=True, reject_on_worker_lost=True)
def run_job_task(job_id: int) -> str:
    from .services import run_job

    return run_job(job_id=job_id)
