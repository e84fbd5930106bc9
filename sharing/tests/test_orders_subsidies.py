import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sharing.models import SubsidyProgramme
from sharing.services.orders import order_answer, order_deliver, order_quote, order_rate, order_request
from sharing.services.subsidies import claim_pay, claim_preview, claim_review, claim_submit, programme_statistics
from sharing.services.vouchers import voucher_redeem


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test report", content_type="application/pdf")


@pytest.fixture
def order(engineer, company, owner_org, instrument):
    return order_request(
        by=engineer,
        organisation=company,
        provider=owner_org,
        instrument=instrument,
        title="镀层截面形貌检测",
        samples="镀锌钢板试样 3 件",
        sample_count=3,
        requirements="截面 SEM 观察并出具报告",
    )


def test_order_flow_quote_accept_report_rating_and_voucher(order, staff, engineer, voucher):
    with pytest.raises(PermissionDenied):
        order_quote(order=order, by=engineer, amount="900")  # only the provider quotes
    with pytest.raises(ValidationError, match="大于零"):
        order_quote(order=order, by=staff, amount="0")
    order_quote(order=order, by=staff, amount="900", due_on=dt.date(2026, 12, 20), note="含制样")
    with pytest.raises(ValidationError, match="接受后"):
        voucher_redeem(voucher=voucher, by=engineer, order=order)
    order = order_answer(order=order, by=engineer, accept=True)
    assert order.fee == Decimal("900.00")
    assert voucher_redeem(voucher=voucher, by=engineer, order=order).amount == Decimal("450.00")
    with pytest.raises(ValidationError, match="不符"):
        order_deliver(order=order, by=staff, report=SimpleUploadedFile("fake.pdf", b"not a pdf"))
    order = order_deliver(order=order, by=staff, report=pdf())
    assert order.status == "delivered" and order.attachments.get().name == "report.pdf"
    with pytest.raises(ValidationError, match="1 到 5"):
        order_rate(order=order, by=engineer, rating=9)
    assert order_rate(order=order, by=engineer, rating=5, comment="报告规范").status == "rated"


def test_order_refusals_need_reasons_and_own_organisation(order, engineer, stranger, company, owner_org, staff):
    with pytest.raises(PermissionDenied):
        order_request(by=stranger, organisation=company, provider=owner_org, title="t", samples="s", requirements="r")
    with pytest.raises(ValidationError):
        order_request(by=engineer, organisation=company, provider=owner_org, title="", samples="", requirements="")
    order_quote(order=order, by=staff, amount="100")
    with pytest.raises(ValidationError, match="拒绝原因"):
        order_answer(order=order, by=engineer, accept=False)
    assert order_answer(order=order, by=engineer, accept=False, reason="报价过高").status == "declined"


@pytest.fixture
def programme(instrument):
    return SubsidyProgramme.objects.create(
        name="大型仪器共享后补助",
        year=dt.date.today().year,
        share=Decimal("30"),
        cap_per_enterprise=Decimal("400"),
        eligible_kinds=["enterprise"],
    )


def test_claim_from_confirmed_use_net_of_vouchers_capped_reviewed_paid(
    confirmed, voucher, engineer, company, operator, programme
):
    booking = confirmed()  # 1106.50 元
    voucher_redeem(voucher=voucher, by=engineer, booking=booking, amount="106.50")  # the enterprise paid 1000.00
    preview = claim_preview(programme, company)
    assert preview["fees"] == Decimal("1000.00") and preview["amount"] == Decimal("300.00")
    claim = claim_submit(programme=programme, organisation=company, by=engineer)
    assert claim.amount == Decimal("300.00") and claim.lines.get().subsidy == Decimal("300.00")
    with pytest.raises(ValidationError, match="没有可申请"):
        claim_submit(programme=programme, organisation=company, by=engineer)  # the booking is claimed already
    confirmed(14, 16, hours="2", samples=0)  # another 1000.00 元: 300 more, but only 100 left under the cap
    assert claim_preview(programme, company)["amount"] == Decimal("100.00")
    with pytest.raises(PermissionDenied):
        claim_review(claim=claim, by=engineer, approve=True)
    with pytest.raises(ValidationError):
        claim_pay(claim=claim, by=operator)  # not approved yet
    claim_review(claim=claim, by=operator, approve=True)
    assert claim_pay(claim=claim, by=operator).status == "paid"
    stats = programme_statistics(programme)
    assert stats["paid"] == Decimal("300.00") and stats["enterprises"] == 1 and stats["bookings"] == 1


def test_rejected_claim_frees_its_bookings_and_rules_exclude(
    confirmed, engineer, company, operator, programme, instrument
):
    confirmed()
    claim = claim_submit(programme=programme, organisation=company, by=engineer)
    with pytest.raises(ValidationError, match="原因"):
        claim_review(claim=claim, by=operator, approve=False)
    claim_review(claim=claim, by=operator, approve=False, reason="发票不全")
    assert claim_preview(programme, company)["amount"] == Decimal("331.95")  # 30% of 1106.50, claimable again
    programme.eligible_kinds = ["university"]
    programme.save()
    assert claim_preview(programme, company)["bookings"] == []
    programme.eligible_kinds = []
    programme.save()
    from catalog.models import Instrument

    programme.instruments.add(Instrument.objects.create(title="另一台仪器", owner_org=instrument.owner_org))
    assert claim_preview(programme, company)["bookings"] == []  # only the listed instruments count


def test_statistics_count_use_income_and_subsidy(confirmed, engineer, company, programme, instrument):
    from sharing.selectors import totals, utilisation

    booking = confirmed()
    claim_submit(programme=programme, organisation=company, by=engineer)
    day = booking.start.date()
    rows = utilisation(day - dt.timedelta(days=1), day + dt.timedelta(days=1))
    row = next(r for r in rows if r["instrument"] == instrument)
    assert row["used_hours"] == 2.0 and row["bookings"] == 1 and row["outside"] == 1 and row["inside"] == 0
    assert row["income"] == Decimal("1106.50") and row["subsidy"] == Decimal("331.95")
    assert totals(rows)["income"] == Decimal("1106.50")
    assert utilisation(day, day, owner_ids={company.pk}) == []  # an owner's view holds its own instruments only
