import datetime as dt
import io
from decimal import Decimal

from django.core.management import call_command

from sharing.services.vouchers import voucher_redeem


def test_metrics_registered_and_computed(confirmed, voucher, engineer):
    from monitoring.metrics import metrics

    registry = metrics()
    assert {"instrument_utilisation", "vouchers_redeemed", "instrument_bookings_served"} <= set(registry)
    booking = confirmed()
    voucher_redeem(voucher=voucher, by=engineer, booking=booking)
    today = dt.date.today()
    assert registry["vouchers_redeemed"].compute(today, today) == Decimal("0.0553")  # 553.25 元 in 万元
    day = booking.start.date()
    assert registry["instrument_bookings_served"].compute(day, day) == 1
    week = registry["instrument_utilisation"].compute(day - dt.timedelta(days=6), day)  # 2 h of the week's open hours
    assert Decimal("0") < week < Decimal("100")


def test_expire_command(voucher, batch):
    batch.valid_until = dt.date.today() - dt.timedelta(days=1)
    batch.save()
    out = io.StringIO()
    call_command("expire_vouchers", stdout=out)
    assert "expired 1" in out.getvalue()


def test_demo_loader_marks_demo_and_is_idempotent(operator, company, make_org):
    from core.demo import loaders

    out = io.StringIO()
    load = {name: fn for _o, name, fn in loaders()}["sharing"]
    from catalog.models import Instrument
    from sharing.models import PriceItem, SharingProfile

    instrument = Instrument.objects.create(title="X射线衍射仪（演示）", status="published")
    make_org(name="陕西省秦创原创新促进中心", kind="service_agency")
    context = {"operator": operator, "demo_enterprise": company}
    load(context, out)
    load(context, out)
    profile = SharingProfile.objects.get(instrument=instrument)
    assert PriceItem.objects.filter(profile=profile).count() == 1
    assert profile.prices.get().note == "演示价格"
    from sharing.models import Voucher

    voucher = Voucher.objects.get(holder=company)
    assert "演示" in voucher.batch.name and voucher.balance == Decimal("5000.00")
