"""The pages after the contract in headless Chromium (issue 16): the buyer marks an instalment paid
with its voucher and rates the broker; the operator sets the co-brokers' shares and opens the 变更
and 解除 forms of the registered contract. Each page is shot at 1280 and 390 px (test-artifacts/)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_payments_shares_rating_amendment_pages(page, phone_page, make_user, make_org, operator, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from deals.brokers.services import broker_register
    from deals.models import Instalment
    from deals.services.contracts import contract_register, contract_save
    from deals.services.deals import broker_assign, deal_open, deal_transition
    from deals.services.payments import instalment_add
    from reference.models import Region

    university = make_org(name="西安某理工大学", kind="university", prefecture=Region.objects.get(code="610100"))
    company = make_org(name="沣西氢能装备有限公司", kind="enterprise", prefecture=Region.objects.get(code="610400"))
    researcher = make_user(name="钱教授", org=university, email="qian@univ.example.cn")
    buyer = make_user(name="孙经理", org=company, email="sun@h2.example.cn")
    operator.email = "ops@qcy.example.cn"
    operator.save()
    brokers = [broker_register(user=make_user(name=n), by=operator, level="middle") for n in ("经纪人甲", "经纪人乙")]
    deal = deal_open(by=researcher, supply_org=university, demand_org=company, title="双极板成形技术转让")
    deal_transition(deal=deal, action="negotiate", by=buyer)
    today = dt.date.today()
    contract_save(
        deal=deal, by=researcher, title="双极板成形专利转让合同", contract_type="transfer",
        total_amount=Decimal("150"), tech_amount=Decimal("120"), payment_mode="instalments",
        instalment_plan="签约 40%，验收 60%", signed_on=today,
        signed_scan=SimpleUploadedFile("c.pdf", b"%PDF-1.4 scan"), tech_field="05", subtype="patent_transfer",
        ip_type="invention", valid_from=today, valid_until=today + dt.timedelta(days=700),
        subject_summary="金属双极板冲压成形专利（演示）",
    )  # fmt: skip
    deal = deal_transition(deal=deal, action="sign", by=researcher)
    contract_register(contract=deal.contract, registry="西咸", by=operator)
    for b in brokers:
        broker_assign(broker=b, by=operator, deal=deal)
    instalment_add(contract=deal.contract, by=researcher, due_on=today, amount=60, milestone="签约后 10 日内")
    instalment_add(contract=deal.contract, by=researcher, due_on=today + dt.timedelta(days=90), amount=90)
    voucher = tmp_path / "voucher.pdf"
    voucher.write_bytes(b"%PDF-1.4\n% bank transfer voucher\n")
    base, url = page.base_url, deal.get_absolute_url()
    first = Instalment.objects.get(seq=1)

    # The buyer: payment plan, mark the first instalment paid with its voucher, rate a broker.
    login(page, buyer.email)
    login(phone_page, buyer.email)
    page.goto(base + url)
    page.click("#aftercare-links >> text=付款计划")
    page.wait_for_url("**/payments/")
    shots = [("payments", f"{url}payments/")]
    page.goto(base + f"{url}payments/{first.pk}/paid/")
    shots.append(("instalment-paid", f"{url}payments/{first.pk}/paid/"))
    page.set_input_files("input[name=evidence]", str(voucher))
    page.click("#aftercare-form button[type=submit]")
    page.wait_for_url("**/payments/")
    assert "60.00" in page.inner_text("#received") and "下载" in page.inner_text("#instalment-1")
    shots += [("instalment-edit", f"{url}payments/{Instalment.objects.get(seq=2).pk}/edit/"), ("rate", f"{url}rate/")]
    page.goto(base + f"{url}rate/")
    page.check("input[name=rating][value='5']")
    page.click("#aftercare-form button[type=submit]")
    page.wait_for_url("**" + url)
    for name, path in shots:
        for p, width in ((page, "desktop"), (phone_page, "phone")):
            p.goto(base + path)
            screenshot(p, f"deals-{name}-{width}")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1

    # The operator: shares and fees of the co-brokers, the 变更 and 解除 forms.
    page.context.clear_cookies()
    phone_page.context.clear_cookies()
    login(page, operator.email)
    login(phone_page, operator.email)
    page.goto(base + f"{url}brokers/")
    inputs = page.locator("input[name^=share_]")
    inputs.nth(0).fill("60")
    inputs.nth(1).fill("40")
    page.click("#aftercare-form button[type=submit]")
    page.wait_for_url("**" + url)
    assert "经纪人分成和佣金已保存" in page.content()
    for name, path in (
        ("broker-terms", "brokers/"),
        ("amend", "contract/amend/"),
        ("terminate", "contract/terminate/"),
    ):
        for p, width in ((page, "desktop"), (phone_page, "phone")):
            p.goto(base + url + path)
            screenshot(p, f"deals-{name}-{width}")
    page.goto(base + url)
    screenshot(page, "deals-detail-registered-desktop")
