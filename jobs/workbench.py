"""The operators' workbench panel of background work (core.workbench): jobs running, index debt."""

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Job, JobStatus


def operations(user):
    if not user.is_operator:
        return None
    running = Job.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
    figures = [(_("运行中的导入与任务"), running.count(), reverse("jobs:list"))]
    failed = Job.objects.filter(status=JobStatus.FAILED).order_by("-pk")[:3]
    if apps.is_installed("matching"):
        # records waiting to be (re)indexed; retry_index_debt works them off every 10 minutes
        figures.append((_("待索引记录"), apps.get_model("matching", "IndexDebt").objects.count(), ""))
    return {
        "title": _("后台任务与索引"),
        "url": reverse("jobs:list"),
        "figures": figures,
        "items": [(str(j), reverse("jobs:detail", args=[j.pk]), _("失败")) for j in failed],
    }
