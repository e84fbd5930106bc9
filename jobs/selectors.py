"""Read side of jobs: who may follow which job."""

from django.http import Http404

from .models import Job


def jobs_of(user):
    """The jobs ``user`` started (a superuser sees every job), newest first."""
    if not user.is_authenticated:
        return Job.objects.none()
    qs = Job.objects.select_related("created_by")
    return qs if user.is_superuser else qs.filter(created_by=user)


def job_for(*, user, pk: int) -> Job:
    """One job its starter (or a superuser) follows; Http404 for anyone else, so ids reveal nothing."""
    job = jobs_of(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
