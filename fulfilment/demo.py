"""Demo: machine-checkable rules on the support clauses of the demo policies where the clause text
supports them, three demo enterprises that qualify / almost qualify / do not, a second demo
operator for the two-person rule, one approved and one pending 免申即享 list.

Rules and amounts are DEMO choices (演示): the policy texts name who is supported but give no
thresholds or sums. Each rule cites the clause text it rests on (``source_text``).
"""

import datetime as dt
from decimal import Decimal

from core.demo import register_demo

DEPT = "西咸新区科技创新和新经济局（演示）"
# (clause title, terms, rule, citation)
CLAUSES = [
    (
        "科技型企业认定与研发投入奖补",
        {"benefit_type": "subsidy", "share": Decimal(10), "base_fact": "rd_expenditure", "cap": Decimal(100),
         "mode": "auto", "funding": "new_area"},
        {"all": [{"fact": "has_high_tech", "op": "is", "value": True}, {"fact": "rd_ratio", "op": ">=", "value": 3}]},
        "“足额兑现科技型中小企业、高新技术企业认定奖补、企业研发投入奖补等惠企政策”（第七章第二节）。演示规则：高新技术企业且研发"
        "费用占营业收入 ≥ 3%，按研发费用 10% 奖补、封顶 100 万元（比例与封顶为演示取值，原文未载）。",
    ),
    (
        "吸纳应用科技成果奖补",
        {"benefit_type": "award", "amount": Decimal(20), "mode": "instant", "funding": "new_area"},
        {"all": [{"fact": "contract_tech_amount_bought", "op": ">=", "value": 100}]},
        "“对企业吸纳应用科技成果成效显著的予以奖补”（第七章第二节）。演示规则：当年作为买方登记技术合同成交额 ≥ 100 万元，"
        "奖励 20 万元（门槛与金额为演示取值）。",
    ),
    (
        "融资白名单与风险补偿",
        {"benefit_type": "qualification", "mode": "auto", "funding": "new_area"},
        {"any": [{"fact": "published_achievements", "op": ">=", "value": 1},
                 {"fact": "contract_tech_amount", "op": ">", "value": 0}]},
        "“建立科技成果转化企业‘融资白名单’”（三（五）1②）。演示规则：在平台发布过科技成果，或当年作为卖方登记过技术合同，"
        "即视为科技成果转化企业，纳入白名单（资格认定，无金额）。",
    ),
    (
        "“登高、升规、上市”梯次培育",
        {"benefit_type": "award", "amount": Decimal(10), "mode": "review", "funding": "new_area"},
        {"all": [{"fact": "has_tech_sme", "op": "is", "value": True}, {"not": {"fact": "has_high_tech", "op": "is", "value": True}},
                 {"fact": "rd_ratio", "op": ">=", "value": 3}]},
        "“实施科技型企业‘登高、升规、上市’梯次培育工程”（专栏25）。演示规则（登高）：科技型中小企业、尚非高新技术企业、"
        "研发费用占比 ≥ 3%，申报审核后奖励 10 万元（金额为演示取值）。",
    ),
]  # fmt: skip

# name, high tech, tech SME, revenue 2025, R&D 2025 (万元): qualifies / almost / does not (clause 1)
FIRMS = [
    ("政策演示企业甲（演示）", True, True, 5000, 300),
    ("政策演示企业乙（演示）", True, True, 5000, 120),
    ("政策演示企业丙（演示）", False, True, 2000, 20),
]


@register_demo("fulfilment", order=95)
def load(context, stdout):
    from accounts.demo import DEMO_PASSWORD
    from accounts.models import Organisation, User
    from catalog.models import PolicyClause
    from enterprises.models import AnnualReport, Qualification
    from enterprises.services import profile_for

    from . import services
    from .models import ClauseTerms

    operator = context.get("operator")
    if operator is None:
        stdout.write("    fulfilment: skipped, the accounts demo did not run")
        return
    reviewer = User.objects.filter(email="operator2@demo.qcy").first()
    if reviewer is None:
        reviewer = User.objects.create_user(
            email="operator2@demo.qcy", password=DEMO_PASSWORD, name="复核运营（演示）", roles=["operator"]
        )
    context.setdefault("logins", []).append(("复核运营（演示，双人复核）", "operator2@demo.qcy", DEMO_PASSWORD))
    made = 0
    terms_by_title = {}
    for title, terms, rule, citation in CLAUSES:
        clause = PolicyClause.objects.filter(title=title).first()
        if clause is None:
            continue
        existing = ClauseTerms.objects.filter(clause=clause).first()
        if existing is None:
            existing = services.terms_save(
                clause=clause, by=operator, data={**terms, "department": DEPT, "source_text": citation}
            )
            services.rule_add(terms=existing, by=operator, conditions=rule, note="演示规则")
            made += 1
        terms_by_title[title] = existing
    year = 2025
    for name, high_tech, tech_sme, revenue, rd in FIRMS:
        org, created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": Organisation.Kind.ENTERPRISE,
                "verification_status": "verified",
                "new_city": "fengxi",
                "description": "演示数据：虚构企业，用于政策计算器（符合 / 差一项 / 不符合）。",
            },
        )
        profile = profile_for(org)
        if created or not profile.reports.filter(year=year).exists():
            profile.is_demo = True
            profile.save()
            AnnualReport.objects.update_or_create(
                profile=profile,
                year=year,
                defaults={
                    "staff": 100, "rd_staff": 20, "revenue": Decimal(revenue), "rd_expenditure": Decimal(rd),
                    "net_profit": Decimal(revenue) / 10, "tax": Decimal(revenue) / 20, "source": "verified",
                    "status": "verified", "reviewed_by": operator,
                },
            )  # fmt: skip
            for kind, held in (("high_tech", high_tech), ("tech_sme", tech_sme)):
                if held:
                    Qualification.objects.create(
                        profile=profile, kind=kind, number=f"演示-{kind}-{org.pk}", issuer="演示数据（虚构）",
                        issued_on=dt.date(2024, 6, 1), expires_on=dt.date(2027, 5, 31), status="verified",
                        reviewed_by=operator,
                    )  # fmt: skip
    first = terms_by_title.get(CLAUSES[0][0])
    if first is not None and not first.runs.exists():
        run = services.auto_run_propose(terms=first, by=operator, year=year)
        services.auto_run_decide(run=run, by=reviewer, approve=True, note="演示：复核通过")
    whitelist = terms_by_title.get(CLAUSES[2][0])
    if whitelist is not None and not whitelist.runs.exists():
        services.auto_run_propose(terms=whitelist, by=operator, year=year)  # left for the second operator
    stdout.write(f"    fulfilment: {made} clauses with demo rules, 3 demo firms, 免申即享 lists")
