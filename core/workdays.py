"""Chinese working days and working hours, shared by every app that counts time in office days.

Public holidays and adjusted working days (调休上班) come from the maintained ``chinesecalendar``
package (State Council notices, updated yearly). For a year the package has no data for yet (the
State Council publishes the next year's arrangement in the autumn), Monday to Friday count.

Working hours: ``OFFICE_HOURS`` (09:00–12:00 and 13:30–17:30 local time, 7 hours a day) on
working days; response times "in working hours" count only the time inside those windows.
"""

import datetime as dt

import chinese_calendar
from django.utils import timezone

OFFICE_HOURS: tuple[tuple[dt.time, dt.time], ...] = ((dt.time(9), dt.time(12)), (dt.time(13, 30), dt.time(17, 30)))


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def holiday_name(day: dt.date) -> str:
    """The public holiday's English name from the package ('Spring Festival' ...), or ''."""
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return ""
    return (name or "") if on_holiday else ""


def working_hours_between(start: dt.datetime, end: dt.datetime, windows=OFFICE_HOURS) -> float:
    """Hours of office time between two moments (aware datetimes are read in local time)."""
    if end <= start:
        return 0.0
    if timezone.is_aware(start):
        start = timezone.localtime(start).replace(tzinfo=None)
    if timezone.is_aware(end):
        end = timezone.localtime(end).replace(tzinfo=None)
    seconds = 0.0
    day = start.date()
    while day <= end.date():
        if is_workday(day):
            for opens, closes in windows:
                a = max(start, dt.datetime.combine(day, opens))
                b = min(end, dt.datetime.combine(day, closes))
                if b > a:
                    seconds += (b - a).total_seconds()
        day += dt.timedelta(days=1)
    return round(seconds / 3600, 2)
