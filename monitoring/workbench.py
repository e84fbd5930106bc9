"""The leaders' workbench panel (core.workbench): targets behind the year's pace, overdue ledger tasks."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import cached_indicator_rows, ledger_summary, ledger_tasks

ITEMS = 6


def targets_at_risk() -> list:
    """This year's targets whose progress is behind the share of the year gone (linear pace)."""
    today = timezone.localdate()
    pace = today.timetuple().tm_yday / 365 * 100
    risky = []
    for row in cached_indicator_rows():
        for progress in row.targets:
            if progress.target.year == today.year and progress.percent is not None and progress.percent < pace:
                risky.append((row.indicator, progress))
    return sorted(risky, key=lambda rp: rp[1].percent)


def leader(user):
    if not user.is_leader:
        return None
    summary = ledger_summary()
    risky = targets_at_risk()
    items = [
        (str(ind), reverse("monitoring:indicator", args=[ind.code]), _("完成 %(p)s%%") % {"p": f"{p.percent:.0f}"})
        for ind, p in risky[:ITEMS]
    ]
    overdue = ledger_tasks(params={"status": "overdue"}).order_by("deadline")[
        : ITEMS - len(items) if len(items) < ITEMS else 0
    ]
    items += [
        (t.title, reverse("monitoring:ledger") + "?status=overdue", _("%(d)s 到期") % {"d": t.deadline})
        for t in overdue
    ]
    ledger = reverse("monitoring:ledger")
    return {
        "title": _("目标与台账"),
        "url": reverse("monitoring:dashboard"),
        "figures": [
            (_("进度落后的目标"), len(risky), reverse("monitoring:dashboard")),
            (_("逾期台账任务"), summary["overdue"], ledger + "?status=overdue"),
            (_("30 天内到期"), summary["due_soon"], ledger + "?status=due_soon"),
        ],
        "items": items,
    }
