"""Calendar periods the dashboard reads: ISO weeks, months, quarters and years."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import PeriodType


@dataclass(frozen=True)
class Period:
    type: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.type == PeriodType.WEEK:
            year, week, _day = self.start.isocalendar()
            return _("%(year)s年第%(week)s周") % {"year": year, "week": week}
        if self.type == PeriodType.MONTH:
            return _("%(year)s年%(month)s月") % {"year": self.start.year, "month": self.start.month}
        if self.type == PeriodType.QUARTER:
            return _("%(year)s年第%(q)s季度") % {"year": self.start.year, "q": (self.start.month - 1) // 3 + 1}
        if self.type == PeriodType.YEAR:
            return _("%(year)s年") % {"year": self.start.year}
        return f"{self.start:%Y-%m-%d}—{self.end:%Y-%m-%d}"


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def period_containing(kind: str, day: dt.date) -> Period:
    if kind == PeriodType.WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return Period(kind, start, start + dt.timedelta(days=6))
    if kind == PeriodType.MONTH:
        return Period(kind, day.replace(day=1), _month_end(day.year, day.month))
    if kind == PeriodType.QUARTER:
        first_month = (day.month - 1) // 3 * 3 + 1
        return Period(kind, dt.date(day.year, first_month, 1), _month_end(day.year, first_month + 2))
    if kind == PeriodType.YEAR:
        return Period(kind, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    raise ValueError(kind)


def recent_periods(kind: str, today: dt.date, count: int) -> list[Period]:
    """The ``count`` periods up to and including the one containing ``today``, oldest first."""
    periods = [period_containing(kind, today)]
    while len(periods) < count:
        periods.append(period_containing(kind, periods[-1].start - dt.timedelta(days=1)))
    return list(reversed(periods))


def year_period(year: int) -> Period:
    return Period(PeriodType.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))


# How many periods of each kind a refresh recomputes (annual ones from the 14th five-year plan's start).
REFRESH_SPAN = {PeriodType.WEEK: 13, PeriodType.MONTH: 12, PeriodType.QUARTER: 8}
FIRST_PLAN_YEAR = 2021
