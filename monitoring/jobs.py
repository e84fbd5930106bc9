"""Background job of monitoring: the indicator refresh an operator starts by hand (see jobs.registry)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.registry import register_job

from . import services


@register_job("monitoring.refresh", label=gettext_lazy("刷新平台计算指标"), idempotent=True)
def refresh_job(job) -> dict:
    """Recompute the computed indicators (``services.indicators_refresh``), attributed to the starter.
    Result: ``{"message", "run": RefreshRun id, "created", "changed", "unchanged", "problems": n}``."""
    by = get_user_model().objects.filter(pk=job.created_by_id).first()
    job.progress(0, None, _("正在刷新"))
    run = services.indicators_refresh(by=by, trigger="manual")
    text = _("已刷新平台计算指标：新增 %(c)s，变更 %(u)s，未变 %(n)s。") % {
        "c": run.created,
        "u": run.changed,
        "n": run.unchanged,
    }
    if run.problems:
        text += " " + _("%(n)s 项未能计算（见刷新记录）。") % {"n": len(run.problems)}
    return {
        "message": text,
        "run": run.pk,
        "created": run.created,
        "changed": run.changed,
        "unchanged": run.unchanged,
        "problems": len(run.problems),
    }


@register_job("monitoring.weekly", label=gettext_lazy("周监测"), idempotent=True)
def weekly_job(job) -> dict:
    """周监测 started by hand: refresh, measure countable tasks, remind, keep the flags.
    Result: ``{"message", "meeting": Meeting id}``."""
    from .services.rhythm import weekly_monitor

    by = get_user_model().objects.filter(pk=job.created_by_id).first()
    job.progress(0, None, _("正在刷新并生成本周监测"))
    meeting = weekly_monitor(by=by)
    return {
        "message": _("本周监测已生成：逾期任务 %(o)s 项，风险目标 %(r)s 项。")
        % {"o": len(meeting.agenda["overdue"]), "r": len(meeting.agenda["at_risk"])},
        "meeting": meeting.pk,
    }
