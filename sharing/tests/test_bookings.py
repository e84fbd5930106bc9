import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from core.testing import run_in_parallel
from sharing.models import Booking, Closure, OpeningHours, TrainingRecord
from sharing.services import calendar
from sharing.services.bookings import (
    booking_cancel,
    booking_confirm,
    booking_decide,
    booking_record_use,
    booking_request,
    check_slot,
)

from .conftest import at

PAST = timezone.make_aware(dt.datetime(2026, 1, 1))


def test_chinese_calendar_holidays_and_adjusted_working_days(instrument):
    profile = instrument.sharing
    assert calendar.day_kind(dt.date(2026, 10, 1)) == "restday"  # 国庆节, a Thursday
    assert calendar.day_kind(dt.date(2026, 10, 10)) == "workday"  # a Saturday worked in lieu (调休)
    assert calendar.holiday_name(dt.date(2026, 10, 1)) == "National Day"
    with pytest.raises(ValidationError, match="节假日或休息日"):
        check_slot(profile, at(dt.date(2026, 10, 1), 9), at(dt.date(2026, 10, 1), 10), now=PAST)
    check_slot(
        profile, at(dt.date(2026, 10, 10), 9), at(dt.date(2026, 10, 10), 10), now=PAST
    )  # open on the 调休 Saturday
    # Rest-day hours open the instrument on weekends and holidays.
    OpeningHours.objects.create(profile=profile, day_kind="restday", opens=dt.time(9), closes=dt.time(12))
    check_slot(profile, at(dt.date(2026, 10, 1), 9), at(dt.date(2026, 10, 1), 10), now=PAST)


def test_calendar_without_data_falls_back_to_weekdays():
    assert calendar.day_kind(dt.date(2031, 3, 3)) == "workday"  # a Monday, beyond the package's data
    assert calendar.day_kind(dt.date(2031, 3, 1)) == "restday"


def test_rules_notice_length_hours_closures(instrument):
    profile = instrument.sharing
    day = dt.date(2026, 3, 3)  # a Tuesday
    with pytest.raises(ValidationError, match="提前 24 小时"):
        check_slot(profile, at(day, 9), at(day, 10), now=at(day, 8))
    with pytest.raises(ValidationError, match="开放时段"):
        check_slot(profile, at(day, 11), at(day, 13), now=PAST)  # crosses the lunch break
    profile.max_length_hours = Decimal("1.5")
    with pytest.raises(ValidationError, match="1.5 小时"):
        check_slot(profile, at(day, 9), at(day, 11), now=PAST)
    Closure.objects.create(profile=profile, starts_on=day, ends_on=day, reason="年度计量校准")
    with pytest.raises(ValidationError, match="年度计量校准"):
        check_slot(profile, at(day, 9), at(day, 10), now=PAST)
    with pytest.raises(ValidationError, match="晚于"):
        check_slot(profile, at(day, 10), at(day, 9), now=PAST)


def test_overlap_refused_adjacent_allowed_and_refusal_frees_the_slot(book, staff):
    first = book(9, 11)
    with pytest.raises(ValidationError, match="已被预约"):
        book(10, 12)
    book(11, 12)  # touching ranges do not overlap ([start, end))
    booking_decide(booking=first, by=staff, approve=False, reason="设备当天维护")
    first.refresh_from_db()
    assert first.status == "refused" and first.refuse_reason == "设备当天维护"
    book(9, 10)  # the refused slot is free again


def test_training_and_membership_required(book, instrument, engineer, stranger, company):
    with pytest.raises(PermissionDenied):
        book(by=stranger, org=company)
    instrument.sharing.training_required = True
    instrument.sharing.save()
    with pytest.raises(ValidationError, match="培训"):
        book()
    TrainingRecord.objects.create(profile=instrument.sharing, user=engineer, trained_on=dt.date(2026, 1, 5))
    assert book().status == "requested"


def test_full_flow_fee_from_price_list_and_both_confirm(confirmed):
    booking = confirmed()
    assert booking.status == "confirmed"
    assert booking.fee == Decimal("1106.50")  # outsider: 2 h × 500 + 3 samples × 35.50
    assert [line["unit"] for line in booking.fee_lines] == ["hour", "sample"]
    assert booking.owner_confirmed_at and booking.user_confirmed_at
    assert [e.action for e in booking.events.all()] == ["request", "approve", "record_use", "confirm"]


def test_member_rate_for_the_owners_own_users(book, staff, owner_org):
    booking = book(by=staff, org=owner_org)
    assert booking.is_member


def test_who_may_do_what(book, staff, engineer, stranger):
    booking = book()
    with pytest.raises(PermissionDenied):
        booking_decide(booking=booking, by=engineer, approve=True)  # the user cannot approve their own
    with pytest.raises(PermissionDenied):
        booking_decide(booking=booking, by=stranger, approve=True)
    with pytest.raises(ValidationError, match="拒绝原因"):
        booking_decide(booking=booking, by=staff, approve=False)
    booking_decide(booking=booking, by=staff, approve=True)
    with pytest.raises(ValidationError, match="尚未开始"):
        booking_record_use(booking=booking, by=staff, hours=1)
    with pytest.raises(ValidationError):
        booking_confirm(booking=booking, by=engineer)  # nothing recorded yet
    with pytest.raises(PermissionDenied):
        booking_cancel(booking=booking, by=stranger)
    assert booking_cancel(booking=booking, by=engineer).status == "cancelled"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint and row locks need PostgreSQL")
def test_parallel_overlapping_requests_get_exactly_one(instrument, make_user, company, slot):
    users = [make_user(org=company) for _ in range(8)]
    # Eight requests whose spans all contain 10:00-10:30, so every pair overlaps.
    spans = [slot(9, 11), slot(10, 12), slot(9, 10, m1=30, m2=30), slot(10, 11)] * 2
    made, errors = run_in_parallel(
        8,
        lambda i: booking_request(
            instrument=instrument,
            by=users[i],
            organisation=company,
            start=spans[i][0],
            end=spans[i][1],
            purpose="并发预约",
        ),
    )
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert len(made) == 1 and len(errors) == 7
    assert Booking.objects.filter(instrument=instrument).count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint exists on PostgreSQL only")
def test_exclusion_constraint_stops_a_write_that_skips_the_service(book):
    from django.db import IntegrityError, transaction

    first = book(9, 11)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            instrument=first.instrument,
            user=first.user,
            organisation=first.organisation,
            start=first.start + dt.timedelta(minutes=30),
            end=first.end,
            purpose="绕过服务",
        )


def test_named_approvers_decide_other_owner_members_only_see(book, make_user, owner_org, client):
    colleague = make_user(name="同单位其他老师", org=owner_org)
    booking = book()
    with pytest.raises(PermissionDenied):
        booking_decide(booking=booking, by=colleague, approve=True)
    client.force_login(colleague)
    assert client.get(booking.get_absolute_url()).status_code == 200
