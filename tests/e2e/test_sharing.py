"""Instrument sharing in headless Chromium: an enterprise books an instrument on its calendar,
the owner approves and records the use, the enterprise confirms the fee and pays part of it with
an innovation voucher, claims the subsidy, and the statistics count the use, income and subsidy.
Screenshots at 1280 and 390 px go to test-artifacts/."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_book_approve_use_voucher_subsidy_statistics(page, phone_page, make_user, make_org, make_record, operator):
    from catalog.models import Instrument
    from sharing.models import Booking, OpeningHours, PriceItem, SharingProfile, SubsidyProgramme, VoucherBatch
    from sharing.services.calendar import day_kind
    from sharing.services.vouchers import batch_issue

    university = make_org(name="西安交通大学共享实验中心", kind="university")
    company = make_org(name="沣东新材料有限公司", kind="enterprise")
    staff = make_user(name="周老师", org=university, email="zhou@xjtu.example.cn")
    make_user(name="吴工", org=company, email="wu@fd.example.cn")
    instrument = make_record(Instrument, owner_org=university, title="场发射扫描电子显微镜")
    profile = SharingProfile.objects.create(instrument=instrument, min_notice_hours=24, max_length_hours=Decimal("4"))
    profile.approvers.add(staff)
    PriceItem.objects.create(profile=profile, unit="hour", member_rate=Decimal("300"), outsider_rate=Decimal("500"))
    PriceItem.objects.create(profile=profile, unit="sample", member_rate=Decimal("20"), outsider_rate=Decimal("40"))
    OpeningHours.objects.create(profile=profile, day_kind="workday", opens=dt.time(8, 30), closes=dt.time(12))
    OpeningHours.objects.create(profile=profile, day_kind="workday", opens=dt.time(14), closes=dt.time(18))
    issuer = make_org(name="陕西省秦创原创新促进中心", kind="service_agency")
    today = timezone.localdate()
    batch = VoucherBatch.objects.create(
        name="2026年科技创新券",
        issuer=issuer,
        face_value=Decimal("2000"),
        valid_from=today - dt.timedelta(days=1),
        valid_until=today + dt.timedelta(days=60),
        max_share=Decimal("50"),
        scopes=["booking"],
        created_by=operator,
    )
    batch.eligible.add(company)
    batch_issue(batch=batch, by=operator)
    SubsidyProgramme.objects.create(
        name="大型仪器共享后补助",
        year=today.year,
        share=Decimal("30"),
        cap_per_enterprise=Decimal("50000"),
        eligible_kinds=["enterprise"],
    )
    day = today + dt.timedelta(days=3)
    while day_kind(day) != "workday":
        day += dt.timedelta(days=1)
    base = page.base_url

    # 1. The enterprise opens the instrument, sees the price list, and books on the calendar.
    login(page, "wu@fd.example.cn")
    page.goto(base + instrument.get_absolute_url())
    assert "500.00" in page.inner_text("#sharing-panel")
    page.click("#sharing-panel >> text=查看日历并预约")
    page.wait_for_url("**/sharing/instruments/*/")
    page.click("text=下一周")  # htmx swaps the week grid in place
    page.wait_for_selector(
        f"[data-date='{(today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)).isoformat()}']"
    )
    page.fill("#booking-form input[name=day]", day.isoformat())
    page.fill("#booking-form input[name=start]", "09:00")
    page.fill("#booking-form input[name=end]", "11:00")
    page.fill("#booking-form input[name=purpose]", "镀层截面形貌观察")
    screenshot(page, "sharing-calendar-desktop")
    page.click("#booking-form button[type=submit]")
    page.wait_for_url("**/sharing/bookings/*/")
    assert "待审批" in page.inner_text("#booking-status")
    booking_url = page.url

    # 2. The owner's staff approve it.
    page.context.clear_cookies()
    login(page, "zhou@xjtu.example.cn")
    page.goto(base + "/sharing/bookings/")
    page.click("#to-decide >> text=处理")
    page.click("#approve")
    page.wait_for_load_state("networkidle")
    assert "已批准" in page.inner_text("#booking-status")

    # The day comes (the booking moves into the past; a plain row update), and the owner records the use.
    booking = Booking.objects.get()
    shift = dt.timedelta(days=(day - today).days + 1)
    Booking.objects.filter(pk=booking.pk).update(start=booking.start - shift, end=booking.end - shift)
    page.goto(booking_url)
    page.fill("#use-form input[name=hours]", "2")
    page.fill("#use-form input[name=samples]", "5")
    page.click("#use-form button")
    page.wait_for_load_state("networkidle")
    assert "1200.00" in page.inner_text("#booking-fee")  # 2 h × 500 + 5 × 40 (outsider rates)

    # 3. The enterprise confirms the fee and pays half of it with its voucher.
    page.context.clear_cookies()
    login(page, "wu@fd.example.cn")
    page.goto(booking_url)
    page.click("#confirm")
    page.wait_for_load_state("networkidle")
    assert "费用已确认" in page.inner_text("#booking-status")
    page.click("#redeem-form button")
    page.wait_for_load_state("networkidle")
    assert "600.00" in page.inner_text("#redemptions")
    screenshot(page, "sharing-booking-desktop")

    # 4. The subsidy claim is computed on what the enterprise paid itself: 30% of 600 = 180.
    page.goto(base + "/sharing/subsidies/")
    assert "可申请 180.00 元" in page.content()
    page.click("main form button:has-text('提交申请')")
    page.wait_for_load_state("networkidle")
    assert "180.00" in page.inner_text("#claims")
    screenshot(page, "sharing-subsidies-desktop")

    # 5. The owner's statistics count the use, the income and the subsidy.
    page.context.clear_cookies()
    login(page, "zhou@xjtu.example.cn")
    page.goto(
        base + f"/sharing/statistics/?start={(today - dt.timedelta(days=40)).isoformat()}&end={today.isoformat()}"
    )
    row = page.inner_text("#utilisation tbody tr")
    assert "场发射扫描电子显微镜" in row and "1200.00" in row and "180.00" in row and "0/1" in row
    screenshot(page, "sharing-statistics-desktop")

    # 6. The operator settles the voucher with the provider; the batch reconciles to the yuan.
    page.context.clear_cookies()
    login(page, operator.email)
    page.goto(base + f"/sharing/vouchers/batches/{batch.pk}/")
    page.click("#providers button:has-text('办理兑付')")
    page.wait_for_load_state("networkidle")
    reconciliation = page.inner_text("#reconciliation")
    assert "2000.00" in reconciliation and "1400.00" in reconciliation and "账目平衡" in reconciliation
    assert "600.00" in page.inner_text("#providers")
    screenshot(page, "sharing-batch-desktop")

    # Phone width: the calendar stacks the days, the booking page reads on one column.
    login(phone_page, "wu@fd.example.cn")
    phone_page.goto(base + f"/sharing/instruments/{instrument.pk}/")
    screenshot(phone_page, "sharing-calendar-phone")
    phone_page.goto(booking_url)
    screenshot(phone_page, "sharing-booking-phone")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.goto(base + "/sharing/subsidies/")
    screenshot(phone_page, "sharing-subsidies-phone")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
