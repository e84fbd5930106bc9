"""Demo enterprises for the portrait, points and pools pages.

Thirty fictitious firms named "演示企业NN（演示）", no credit code, marked ``is_demo``; their figures
are drawn from a fixed-seed generator in obviously round, made-up sizes. Nothing here is a real
statistic: the pools they enter feed only the platform-computed companion indicators, which say
"平台核验" in their name, never the reported (official) ones.
"""

import datetime as dt
import random
from decimal import Decimal

from core.demo import register_demo

N_DEMO = 30
YEARS = (2023, 2024, 2025)


@register_demo("enterprises", order=90)
def load(context, stdout):
    from accounts.models import Membership, Organisation
    from reference.models import IndustryChain, NewCity

    from . import points, pools, services
    from .models import AnnualReport, EnterpriseProfile, FigureSource, Qualification, Verification

    operator = context.get("operator")
    if operator is None:
        stdout.write("    enterprises: skipped, the accounts demo did not run")
        return
    rng = random.Random(2026)
    chains = list(IndustryChain.objects.all()[:6])
    cities = [c for c, _l in NewCity.choices]
    enterprise_user = context.get("enterprise_user")
    demo_enterprise = context.get("demo_enterprise")
    orgs = [demo_enterprise] if demo_enterprise is not None else []
    for n in range(1, N_DEMO + 1):
        org, created = Organisation.objects.get_or_create(
            name=f"演示企业{n:02d}（演示）",
            defaults={
                "kind": Organisation.Kind.ENTERPRISE,
                "verification_status": "verified",
                "new_city": cities[n % len(cities)],
                "description": "演示数据：虚构企业，数据均为虚构。",
            },
        )
        if created and chains:
            org.industry_chains.add(chains[n % len(chains)])
        orgs.append(org)
    if enterprise_user is not None and demo_enterprise is not None:
        Membership.objects.filter(user=enterprise_user, organisation=demo_enterprise).update(role="admin")
    made = 0
    for i, org in enumerate(orgs):
        profile = services.profile_for(org)
        if profile.reports.exists():
            continue
        profile.is_demo = True
        profile.founded_on = dt.date(2008 + i % 16, 1 + i % 12, 1)
        profile.main_business = "演示数据：虚构主营业务"
        profile.save()
        size = rng.choice([300, 800, 2000, 6000, 25000, 60000])
        for year in YEARS:
            growth = Decimal(1 + rng.choice([0, 10, 20, 30, 50]) / 100)
            revenue = Decimal(size) * growth ** (year - YEARS[0])
            staff = max(10, int(revenue / 50))
            AnnualReport.objects.create(
                profile=profile,
                year=year,
                staff=staff,
                rd_staff=staff // rng.choice([3, 5, 10]),
                revenue=revenue.quantize(Decimal("1")),
                net_profit=(revenue * Decimal("0.08")).quantize(Decimal("1")),
                rd_expenditure=(revenue * Decimal(rng.choice([2, 4, 6, 12])) / 100).quantize(Decimal("1")),
                tax=(revenue * Decimal("0.05")).quantize(Decimal("1")),
                exports=Decimal(0),
                financing=Decimal(rng.choice([0, 0, 500, 6000, 30000])),
                source=FigureSource.VERIFIED,
                status=Verification.VERIFIED,
                reviewed_by=operator,
            )
        kinds = ["tech_sme"] + (["high_tech"] if i % 2 == 0 else []) + (["srdi_sme"] if i % 5 == 0 else [])
        kinds += ["gazelle"] if i % 7 == 3 else []
        for kind in kinds:
            Qualification.objects.create(
                profile=profile,
                kind=kind,
                number=f"演示-{kind}-{i:03d}",
                issuer="演示数据（虚构）",
                issued_on=dt.date(2024, 6, 1),
                expires_on=dt.date(2027, 5, 31) if kind == "high_tech" else dt.date(2026, 12, 31),
                status=Verification.VERIFIED,
                reviewed_by=operator,
            )
        made += 1
    year = YEARS[-1]
    model = points.ensure_default_model()
    if not model.runs.filter(year=year).exists():
        points.publish_run(run=points.score_year(year=year, by=operator), by=operator)
    if not pools.PoolProposal.objects.filter(year=year).exists():
        pools.propose_year(year=year, by=operator)
        for proposal in pools.PoolProposal.objects.filter(year=year, status="proposed").order_by("pk")[::2]:
            pools.proposal_decide(proposal=proposal, by=operator, confirm=True, on=dt.date(year, 12, 31))
    profile = EnterpriseProfile.objects.filter(is_demo=True).order_by("pk").first()
    if profile and not profile.demonstrations.exists():
        services.demonstration_designate(
            profile=profile,
            by=operator,
            reason="演示数据：建立联合实验室，承担技术攻关（虚构）",
            on=dt.date(year, 11, 1),
        )
        services.platform_add(profile=profile, by=operator, kind="joint_lab", name="演示联合实验室（虚构）")
    bank = context.get("demo_bank")
    if enterprise_user is not None and demo_enterprise is not None and bank is not None:
        own = services.profile_for(demo_enterprise)
        if not own.consents.exists():
            services.consent_grant(profile=own, by=enterprise_user, bank=bank, purpose="演示：研发贷申请")
    stdout.write(f"    enterprises: {made} demo profiles with figures, points {year}, pool proposals")
