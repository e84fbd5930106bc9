"""Workbench panels of deals (core.workbench): my deals with unread messages; a broker's assigned
deals by stage and this year's assessment figures."""

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access
from .brokers.selectors import performance_for
from .models import BrokerAssignment, Stage
from .services.messages import unread_messages

ITEMS = 6


def my_deals(user):
    deals = access.deals_visible_to(user)
    if user.is_operator:
        return None  # operators see every deal; their list is one click away in the menu
    by_stage = dict(deals.order_by().values_list("stage").annotate(n=Count("pk")))
    if not by_stage:
        return None
    unread = dict(unread_messages(user=user).order_by().values_list("deal_id").annotate(n=Count("pk")))
    items = [
        (d.title, d.get_absolute_url(), _("%(n)d 条未读消息") % {"n": unread[d.pk]})
        for d in deals.filter(pk__in=list(unread)).order_by("-updated_at")[:ITEMS]
    ]
    url = reverse("deals:list")
    return {
        "title": _("我的对接"),
        "url": url,
        "figures": [(str(Stage(s).label), n, f"{url}?stage={s}") for s, n in by_stage.items() if s in Stage.values],
        "items": items,
        "empty": _("没有未读消息。"),
    }


def broker(user):
    profile = getattr(user, "broker_profile", None) if user.is_broker else None
    if profile is None:
        return None
    assigned = BrokerAssignment.objects.filter(broker=profile, deal__isnull=False)
    by_stage = dict(assigned.order_by().values_list("deal__stage").annotate(n=Count("pk")))
    today = timezone.localdate()
    perf = performance_for(profile, dt.date(today.year, 1, 1), today)
    figures = [
        (str(Stage(s).label), n, reverse("deals:list") + f"?stage={s}")
        for s, n in by_stage.items()
        if s in Stage.values
    ]
    figures += [
        (_("本年落地对接"), perf.deals_landed, ""),
        (_("本年成交额（万元）"), f"{perf.turnover:,.0f}", ""),
    ]
    waiting = assigned.filter(first_response_at__isnull=True).select_related("deal")[:ITEMS]
    return {
        "title": _("经纪人工作"),
        "url": reverse("deals:broker_detail", args=[profile.pk]),
        "figures": figures,
        "items": [(a.deal.title, a.deal.get_absolute_url(), _("待首次响应")) for a in waiting],
        "empty": _("没有待响应的分派。"),
    }
