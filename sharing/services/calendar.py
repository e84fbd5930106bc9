"""Opening days and hours: Chinese public holidays and adjusted working days (调休) come from the
maintained ``chinesecalendar`` package (State Council notices, updated yearly).

For a year the package has no data for yet (the State Council publishes the next year's
arrangement in the autumn), Monday to Friday count as working days.
"""

import datetime as dt

import chinese_calendar

from ..models import DayKind, SharingProfile


def day_kind(day: dt.date) -> str:
    """``DayKind.WORKDAY`` or ``DayKind.RESTDAY`` for a date."""
    try:
        return DayKind.WORKDAY if chinese_calendar.is_workday(day) else DayKind.RESTDAY
    except NotImplementedError:
        return DayKind.WORKDAY if day.weekday() < 5 else DayKind.RESTDAY


def holiday_name(day: dt.date) -> str:
    """The public holiday's English name from the package ('National Day' ...), or ''."""
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return ""
    return (name or "") if on_holiday else ""


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
