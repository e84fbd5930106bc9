"""Pages render for the parties, and bookings, orders and vouchers stay hidden from everyone else."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sharing.services.vouchers import voucher_redeem


def login(client, user):
    client.force_login(user)
    return client


def test_instrument_page_shows_price_list_and_calendar(client, instrument):
    detail = client.get(instrument.get_absolute_url())
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "sharing-panel" in html and "35.50" in html and "500.00" in html
    page = client.get(reverse("sharing:calendar", args=[instrument.pk]))
    assert page.status_code == 200 and "登录后预约" in page.content.decode()
    grid = client.get(reverse("sharing:calendar", args=[instrument.pk]) + "?week=2026-10-01", HTTP_HX_REQUEST="true")
    body = grid.content.decode()
    assert "<html" not in body and "National Day" in body and 'data-date="2026-09-28"' in body


def test_booking_through_the_page_and_errors_in_chinese(client, instrument, engineer, company, slot):
    login(client, engineer)
    start, end = slot(9, 11)
    data = {
        "day": start.date().isoformat(),
        "start": "09:00",
        "end": "11:00",
        "purpose": "形貌观察",
        "organisation": company.pk,
    }
    response = client.post(reverse("sharing:book", args=[instrument.pk]), data)
    assert response.status_code == 302
    again = client.post(reverse("sharing:book", args=[instrument.pk]), data)
    assert again.status_code == 400 and "该时段已被预约" in again.content.decode()
    bad = client.post(reverse("sharing:book", args=[instrument.pk]), {**data, "start": "12:30", "end": "13:30"})
    assert bad.status_code == 400 and "开放时段" in bad.content.decode()


def test_calendar_hides_who_booked_from_others(client, book, instrument, stranger):
    booking = book()
    login(client, stranger)
    html = client.get(
        reverse("sharing:calendar", args=[instrument.pk]) + f"?week={booking.start.date()}"
    ).content.decode()
    assert "已占用" in html
    assert (
        booking.get_absolute_url() not in html and "断口形貌观察" not in html and booking.organisation.name not in html
    )


def test_booking_visible_to_parties_only(client, book, engineer, staff, operator, stranger):
    booking = book()
    url = booking.get_absolute_url()
    for user in (engineer, staff, operator):
        assert login(client, user).get(url).status_code == 200
    assert login(client, stranger).get(url).status_code == 404
    assert booking.purpose not in login(client, stranger).get(reverse("sharing:bookings")).content.decode()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_owner_approves_records_use_user_confirms_and_redeems_on_pages(client, book, staff, engineer, voucher):
    from sharing.models import Booking

    booking = book()
    login(client, staff)
    assert "to-decide" in client.get(reverse("sharing:bookings")).content.decode()
    client.post(reverse("sharing:booking_action", args=[booking.pk, "approve"]))
    Booking.objects.filter(pk=booking.pk).update(
        start=booking.start.replace(year=2026, month=1, day=5), end=booking.end.replace(year=2026, month=1, day=5)
    )
    client.post(reverse("sharing:booking_action", args=[booking.pk, "use"]), {"hours": "2", "samples": "3"})
    login(client, engineer)
    client.post(reverse("sharing:booking_action", args=[booking.pk, "confirm"]))
    client.post(reverse("sharing:booking_action", args=[booking.pk, "redeem"]), {"voucher": voucher.pk})
    booking.refresh_from_db()
    assert booking.status == "confirmed" and booking.redemptions.get().amount == Decimal("553.25")
    assert "553.25" in client.get(booking.get_absolute_url()).content.decode()


def test_vouchers_and_redemptions_hidden_from_others(client, confirmed, voucher, engineer, stranger, staff):
    voucher_redeem(voucher=voucher, by=engineer, booking=confirmed())
    assert voucher.code in login(client, engineer).get(reverse("sharing:vouchers")).content.decode()
    provider_view = login(client, staff).get(reverse("sharing:vouchers")).content.decode()
    assert "553.25" in provider_view  # the provider sees what was redeemed with it
    assert "446.75" not in provider_view  # but not the holder's remaining balance
    other = login(client, stranger).get(reverse("sharing:vouchers")).content.decode()
    assert voucher.code not in other and "553.25" not in other
    # Another organisation cannot redeem it through the page either.
    assert (
        login(client, stranger)
        .post(
            reverse("sharing:booking_action", args=[voucher.redemptions.get().booking_id, "redeem"]),
            {"voucher": voucher.pk},
        )
        .status_code
        == 404
    )


def test_batch_pages_for_operators_only(client, batch, voucher, operator, engineer):
    url = reverse("sharing:batch", args=[batch.pk])
    assert login(client, engineer).get(url).status_code == 403
    html = login(client, operator).get(url).content.decode()
    assert "账目平衡" in html and voucher.code in html


def test_statistics_owner_sees_own_instruments_only(client, confirmed, staff, stranger, operator, instrument):
    confirmed()
    assert instrument.title in login(client, staff).get(reverse("sharing:statistics")).content.decode()
    assert instrument.title in login(client, operator).get(reverse("sharing:statistics")).content.decode()
    other = login(client, stranger).get(reverse("sharing:statistics")).content.decode()
    assert instrument.title not in other and "1106.50" not in other
    xlsx = login(client, staff).get(reverse("sharing:statistics_xlsx") + "?start=2020-01-01&end=2030-12-31")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_order_pages_and_report_download_for_parties_only(client, engineer, company, owner_org, staff, stranger):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, engineer)
    response = client.post(
        reverse("sharing:order_new"),
        {
            "organisation": company.pk,
            "provider": owner_org.pk,
            "title": "XRD 物相分析",
            "samples": "粉末 2 份",
            "sample_count": 2,
            "requirements": "定性分析",
        },
    )
    assert response.status_code == 302
    order_url = response["Location"]
    pk = int(order_url.rstrip("/").split("/")[-1])
    login(client, staff)
    client.post(reverse("sharing:order_action", args=[pk, "quote"]), {"amount": "300"})
    login(client, engineer).post(reverse("sharing:order_action", args=[pk, "accept"]))
    report = SimpleUploadedFile("report.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    login(client, staff).post(reverse("sharing:order_action", args=[pk, "deliver"]), {"report": report})
    from sharing.models import ServiceOrder

    order = ServiceOrder.objects.get(pk=pk)
    assert order.status == "delivered"
    download = reverse("sharing:order_report", args=[pk, order.attachments.get().pk])
    assert login(client, engineer).get(download).status_code == 200
    assert login(client, stranger).get(download).status_code == 404
    assert login(client, stranger).get(order_url).status_code == 404


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("sharing:bookings", "My organisation's bookings"),
        ("sharing:orders", "Order a test or an outsourced experiment"),
        ("sharing:vouchers", "Vouchers held by my organisation"),
        ("sharing:subsidies", "My organisation's claims"),
        ("sharing:statistics", "Instrument sharing statistics"),
        ("sharing:order_new", "Submit the order"),
    ],
)
def test_pages_render_in_english(client, engineer, name, english):
    from django.utils import translation

    login(client, engineer)
    try:
        response = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en")
    finally:
        translation.activate("zh-hans")  # the request activated English in this thread; later tests expect Chinese
    html = response.content.decode()
    assert response.status_code == 200 and english in html
    assert "本单位" not in html
