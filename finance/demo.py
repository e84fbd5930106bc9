"""Demo finance data: staff for the demo bank and a fictitious guarantor (marked 演示), terms and rules on the
catalog's demo products, two demo funds with investments, and a risk-compensation contribution. Idempotent; nothing here is a real figure or a real person."""

import datetime as dt
from decimal import Decimal

from core.demo import register_demo

PASSWORD = "demo-pass-2026"
# The catalog demo's bank (示例合作银行（演示）) owns the demo products; bank@demo.qcy joins it.
INSTITUTIONS = [
    ("示例合作银行（演示）", "bank@demo.qcy", "演示银行客户经理"),
    ("演示融资担保公司（演示）", "guarantor@demo.qcy", "演示担保业务员"),
]
# product type -> (rules, need types); the thresholds are made up for the demo.
TERMS = {
    "rd_loan": (
        [{"fact": "has_high_tech", "op": "is", "value": True}, {"fact": "revenue", "op": ">=", "value": 1000}],
        ["debt"],
    ),
    "achievement_loan": ([{"fact": "patents", "op": ">=", "value": 1}], ["debt"]),
    "talent_loan": ([{"fact": "rd_staff", "op": ">=", "value": 10}], ["debt"]),
    "ip_pledge": ([{"fact": "invention_patents", "op": ">=", "value": 1}], ["ip_pledge", "debt"]),
    "invest_loan": ([{"fact": "revenue_growth", "op": ">=", "value": 10}], ["debt", "equity"]),
    "invest_insurance": ([{"fact": "rd_ratio", "op": ">=", "value": 3}], ["equity", "guarantee"]),
}


@register_demo("finance", order=120)
def load(context, stdout):
    from accounts.models import Membership, Organisation, User
    from catalog.models import FinancialProduct

    from .models import Fund, Investment, ProductTerms, RiskFundEntry

    operator = context.get("operator")
    bank = context.get("demo_bank") or Organisation.objects.filter(name="示例合作银行（演示）").first()
    institutions = [bank] if bank is not None else []
    for name, email, person in INSTITUTIONS:
        org = bank if (bank is not None and email == "bank@demo.qcy") else None
        if org is None:
            org, _c = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "kind": Organisation.Kind.FINANCIAL,
                    "verification_status": "verified",
                    "description": "演示数据：虚构金融机构。",
                },
            )
            institutions.append(org)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD, name=person)
        Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": "admin"})
    products = list(FinancialProduct.objects.published().filter(title__contains="演示").order_by("pk"))
    for product in products:
        rules, needs = TERMS.get(product.product_type, ([], ["debt"]))
        ProductTerms.objects.get_or_create(
            product=product,
            defaults={"rules": rules, "need_types": needs, "accepts_ip_pledge": product.product_type == "ip_pledge"},
        )
    year = dt.date.today().year
    if operator is not None and not RiskFundEntry.objects.filter(year=year, note__contains="演示").exists():
        RiskFundEntry.objects.create(
            year=year, kind="contribution", amount=Decimal("1000"), note="演示：年度风险补偿资金", created_by=operator
        )
    firms = list(Organisation.objects.filter(name__startswith="演示企业").order_by("name")[:4])
    for n, (stage, size) in enumerate((("seed", "2.3900"), ("vc", "10.0000")), start=1):
        fund, created = Fund.objects.get_or_create(
            name=f"演示科创基金{n}号（演示）",
            defaults={
                "manager": "演示基金管理有限公司（演示）",
                "size": Decimal(size),
                "stage": stage,
                "government_guided": n == 1,
                "established_on": dt.date(year - 1, 3, 1),
                "is_demo": True,
            },
        )
        if created:
            for k, firm in enumerate(firms[n - 1 :: 2]):
                Investment.objects.create(
                    fund=fund,
                    organisation=firm,
                    amount=Decimal(300 + 200 * k),
                    round="angel",
                    invested_on=dt.date(year, 2 + k, 10),
                    is_demo=True,
                )
    stdout.write(f"    finance: {len(institutions)} demo institutions, terms on {len(products)} products, 2 funds")
