"""Fixtures for the sharing tests: an owner university with a bookable instrument, an enterprise."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone


@pytest.fixture
def owner_org(make_org):
    return make_org(name="西安某大学共享中心", kind="university")


@pytest.fixture
def staff(make_user, owner_org):
    return make_user(name="仪器管理员", org=owner_org)


@pytest.fixture
def company(make_org):
    return make_org(name="沣东某检测需求企业", kind="enterprise")


@pytest.fixture
def engineer(make_user, company):
    return make_user(name="企业工程师", org=company)


@pytest.fixture
def stranger(make_user, make_org):
    return make_user(name="无关企业人员", org=make_org(name="无关公司"))


@pytest.fixture
def instrument(make_record, owner_org, staff):
    from catalog.models import Instrument
    from sharing.models import OpeningHours, PriceItem, SharingProfile

    record = make_record(Instrument, owner_org=owner_org, title="场发射扫描电镜")
    profile = SharingProfile.objects.create(instrument=record, min_notice_hours=24, max_length_hours=Decimal("8"))
    profile.approvers.add(staff)
    PriceItem.objects.create(profile=profile, unit="hour", member_rate=Decimal("300"), outsider_rate=Decimal("500"))
    PriceItem.objects.create(profile=profile, unit="sample", member_rate=Decimal("20"), outsider_rate=Decimal("35.5"))
    OpeningHours.objects.create(profile=profile, day_kind="workday", opens=dt.time(8, 30), closes=dt.time(12))
    OpeningHours.objects.create(profile=profile, day_kind="workday", opens=dt.time(14), closes=dt.time(18))
    return record


def next_workday(min_days=3) -> dt.date:
    from sharing.services.calendar import day_kind

    day = timezone.localdate() + dt.timedelta(days=min_days)
    while day_kind(day) != "workday":
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def slot():
    """slot(9, 11) -> (start, end) on the next working day at least three days ahead."""
    day = next_workday()

    def make(h1, h2, m1=0, m2=0, day=day):
        return at(day, h1, m1), at(day, h2, m2)

    return make


@pytest.fixture
def book(instrument, engineer, company, slot):
    from sharing.services.bookings import booking_request

    def make(h1=9, h2=11, by=None, org=None, **kw):
        start, end = slot(h1, h2)
        return booking_request(
            instrument=kw.pop("on", instrument),
            by=by or engineer,
            organisation=org or company,
            start=start,
            end=end,
            purpose="断口形貌观察",
            **kw,
        )

    return make


@pytest.fixture
def confirmed(book, staff, engineer):
    """A booking approved, used (2 h, 3 samples, outsider rates: 2×500 + 3×35.50 = 1106.50 元) and confirmed."""
    from sharing.models import Booking
    from sharing.services.bookings import booking_confirm, booking_decide, booking_record_use

    def make(h1=9, h2=11, hours="2", samples=3):
        booking = book(h1, h2)
        booking_decide(booking=booking, by=staff, approve=True)
        # The slot lies ahead; move it whole days into the past, as if the day had come (a plain
        # row update that keeps the time of day, so bookings of one day stay apart).
        shift = dt.timedelta(days=(timezone.localtime(booking.start).date() - timezone.localdate()).days + 1)
        Booking.objects.filter(pk=booking.pk).update(start=booking.start - shift, end=booking.end - shift)
        booking_record_use(booking=booking, by=staff, hours=hours, samples=samples)
        return booking_confirm(booking=booking, by=engineer)

    return make


@pytest.fixture
def issuer(make_org):
    return make_org(name="西咸新区科技创新局", kind="government")


@pytest.fixture
def batch(issuer, company, operator):
    """A batch of 1,000 元 vouchers, 50% of a fee at most, partial use allowed, for bookings and orders."""
    from sharing.models import VoucherBatch

    today = timezone.localdate()
    made = VoucherBatch.objects.create(
        name="2026年第一批科技创新券",
        issuer=issuer,
        face_value=Decimal("1000"),
        valid_from=today - dt.timedelta(days=1),
        valid_until=today + dt.timedelta(days=90),
        max_share=Decimal("50"),
        scopes=["booking", "service_order"],
        created_by=operator,
    )
    made.eligible.add(company)
    return made


@pytest.fixture
def voucher(batch, operator, company):
    from sharing.services.vouchers import batch_issue

    batch_issue(batch=batch, by=operator)
    return batch.vouchers.get(holder=company)
