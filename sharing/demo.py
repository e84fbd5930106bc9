"""Demo sharing settings for the demo instruments (all labelled 演示): price lists, hours, one
voucher batch for the demo enterprise. No booking is made up: utilisation stays what users do."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.demo import register_demo

# (title, unit, member rate 元, outsider rate 元, operation, training required)
PRICES = {
    "场发射扫描电子显微镜（演示）": [("hour", "300", "500")],
    "X射线衍射仪（演示）": [("sample", "80", "150")],
    "燃料电池测试台（演示）": [("hour", "200", "400"), ("day", "1500", "3000")],
    "三坐标测量机（演示）": [("hour", "150", "260")],
}


@register_demo("sharing", order=85)
def load(context, stdout):
    from catalog.models import Instrument

    from .models import OpeningHours, PriceItem, SharingProfile, VoucherBatch
    from .services.vouchers import batch_issue

    operator, enterprise = context.get("operator"), context.get("demo_enterprise")
    made = 0
    for title, prices in PRICES.items():
        instrument = Instrument.objects.filter(title=title).first()
        if instrument is None or hasattr(instrument, "sharing"):
            continue
        profile = SharingProfile.objects.create(instrument=instrument, min_notice_hours=24, max_length_hours=8)
        for unit, member, outsider in prices:
            PriceItem.objects.create(
                profile=profile,
                unit=unit,
                member_rate=Decimal(member),
                outsider_rate=Decimal(outsider),
                note="演示价格",
            )
        OpeningHours.objects.create(profile=profile, day_kind="workday", opens=dt.time(8, 30), closes=dt.time(12))
        OpeningHours.objects.create(profile=profile, day_kind="workday", opens=dt.time(14), closes=dt.time(18))
        made += 1
    name = "（演示）科技创新券 示例批次"
    issuer = None
    if operator and enterprise:
        # Seed 002 7.1: 联合秦创原创新促进中心在区内探索科技创新券通用通兑.
        issuer = enterprise.__class__.objects.filter(name="陕西省秦创原创新促进中心").first()
    if operator and enterprise and issuer and not VoucherBatch.objects.filter(name=name).exists():
        today = timezone.localdate()
        batch = VoucherBatch.objects.create(
            name=name,
            issuer=issuer,
            face_value=Decimal("5000"),
            valid_from=today,
            valid_until=today + dt.timedelta(days=365),
            scopes=["booking", "service_order"],
            max_share=Decimal("50"),
            created_by=operator,
        )
        batch.eligible.add(enterprise)
        batch_issue(batch=batch, by=operator)
    stdout.write(f"    sharing: {made} demo instruments made bookable")
