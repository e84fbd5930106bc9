"""Opening days and hours: Chinese public holidays and adjusted working days (调休) come from
core.workdays (the maintained ``chinesecalendar`` package; Monday to Friday for a year it has no data for).
"""

import datetime as dt

from core.workdays import holiday_name, is_workday

from ..models import DayKind, SharingProfile

__all__ = ["closure_on", "day_kind", "holiday_name", "open_hours", "windows_on"]


def day_kind(day: dt.date) -> str:
    """``DayKind.WORKDAY`` or ``DayKind.RESTDAY`` for a date."""
    return DayKind.WORKDAY if is_workday(day) else DayKind.RESTDAY


def closure_on(profile: SharingProfile, day: dt.date):
    return next((c for c in profile.closures.all() if c.starts_on <= day <= c.ends_on), None)


def windows_on(profile: SharingProfile, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    """The opening windows on a date: none on a closure day; the hours of the day's kind otherwise."""
    if closure_on(profile, day):
        return []
    kind = day_kind(day)
    return [(h.opens, h.closes) for h in profile.hours.all() if h.day_kind == kind]


def open_hours(profile: SharingProfile, start: dt.date, end: dt.date) -> float:
    """Hours the instrument is open on the dates [start, end] (inclusive)."""
    total = 0.0
    day = start
    while day <= end:
        for opens, closes in windows_on(profile, day):
            total += (dt.datetime.combine(day, closes) - dt.datetime.combine(day, opens)).total_seconds() / 3600
        day += dt.timedelta(days=1)
    return round(total, 2)
