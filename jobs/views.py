"""Pages: a job's progress page (htmx polls the partial until the job ends), its result file."""

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render

from . import selectors


@login_required
def job_list(request):
    return render(request, "jobs/list.html", {"jobs": selectors.jobs_of(request.user)[:50]})


@login_required
def job_detail(request, pk: int):
    job = selectors.job_for(user=request.user, pk=pk)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
def job_file(request, pk: int):
    job = selectors.job_for(user=request.user, pk=pk)
    path = (job.result or {}).get("file")
    if not path or not default_storage.exists(path):
        raise Http404
    return FileResponse(default_storage.open(path, "rb"), as_attachment=True, filename=path.rsplit("/", 1)[-1])
