"""Workbench panels of the libraries (core.workbench): my records by status, what to finish,
what expires soon; the review queue for reviewers."""

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access
from .libraries import LIBRARIES
from .models.base import Status

ITEMS = 6


def my_records(user):
    """Members of an organisation (and anyone who created records): counts by status, drafts and
    returned records to finish, published records expiring within 30 days (3 queries per library)."""
    counts = {s: 0 for s in (Status.DRAFT, Status.RETURNED, Status.SUBMITTED, Status.PUBLISHED)}
    todo, expiring = [], []
    soon = timezone.now() + dt.timedelta(days=30)
    first_mine = None
    for lib in LIBRARIES.values():
        mine = lib.model.objects.owned_by(user)
        by_status = dict(mine.order_by().values_list("status").annotate(n=Count("pk")))
        for status in counts:
            counts[status] += by_status.get(status, 0)
        if by_status and first_mine is None:
            first_mine = lib.slug
        if not by_status:
            continue
        for r in mine.filter(status__in=[Status.DRAFT, Status.RETURNED]).order_by("-updated_at")[:ITEMS]:
            todo.append((f"{lib.label}《{r.title}》", r.get_absolute_url(), r.get_status_display()))
        for r in mine.filter(status=Status.PUBLISHED, expires_at__lte=soon).order_by("expires_at")[:ITEMS]:
            note = _("%(d)s 到期") % {"d": f"{timezone.localtime(r.expires_at):%Y-%m-%d}"}
            expiring.append((f"{lib.label}《{r.title}》", r.get_absolute_url(), note))
    if first_mine is None and not user.organisation_ids():
        return None  # no organisation and nothing published: nothing to show
    url = reverse("catalog:mine", args=[first_mine or "achievements"])
    return {
        "title": _("我的发布"),
        "url": url,
        "figures": [
            (_("草稿"), counts[Status.DRAFT], url),
            (_("被退回"), counts[Status.RETURNED], url),
            (_("审核中"), counts[Status.SUBMITTED], url),
            (_("已发布"), counts[Status.PUBLISHED], url),
        ],
        "items": (todo + expiring)[:ITEMS],
        "empty": _("没有待完成或即将到期的发布。"),
    }


def review_queue(user):
    if not access.can_review(user):
        return None
    figures = []
    url = reverse("catalog:review_queue")
    for lib in LIBRARIES.values():
        n = lib.model.objects.filter(status=Status.SUBMITTED).count()
        if n:
            figures.append((str(lib.label), n, url))
    return {"title": _("审核队列"), "url": url, "figures": figures, "empty": _("没有待审核的发布。")}
