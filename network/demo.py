"""Demo records of the hub's network (every name says 演示; no real people): a Xianyang
sub-market operator, an incubator and a 飞地 incubator with a yearly report and a 回迁 firm, a
technology-transfer agency with its service catalogue and a rated service, two typical cases."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.demo import register_demo

PASSWORD = "demo-pass-2026"


def _org(name, kind, prefecture, operator):
    from accounts.models import Organisation

    org, _created = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "kind": kind,
            "prefecture_id": prefecture,
            "verification_status": "verified",
            "verification_note": "演示数据",
            "verified_by": operator,
            "verified_at": timezone.now(),
        },
    )
    return org


def _user(email, name, org=None):
    from accounts.models import Membership, User

    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password=PASSWORD, name=name
    )
    if org is not None:
        Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": "admin"})
    return user


@register_demo("network", order=95)
def load(context, stdout):
    from .models import AgencyService, Carrier, CarrierReport, Case, Engagement, Relocation, ServiceAgency, SubMarket

    operator = context.get("operator")
    xianyang = SubMarket.objects.filter(code="xianyang").first()
    if xianyang is None:
        return
    sub_op = _user("xianyang@demo.qcy", "咸阳分市场运营（演示）")
    xianyang.operators.add(sub_op)
    context.setdefault("logins", []).append(("咸阳分市场运营", "xianyang@demo.qcy", PASSWORD))

    inc_org = _org("咸阳示例孵化器运营有限公司（演示）", "incubator", "610400", operator)
    _user("incubator@demo.qcy", "孵化器管理员（演示）", inc_org)
    context["logins"].append(("孵化器管理员", "incubator@demo.qcy", PASSWORD))
    today = timezone.localdate()
    incubator, _c = Carrier.objects.get_or_create(
        kind="incubator",
        name="秦创原（咸阳）示例孵化器（演示）",
        defaults={
            "level": "provincial",
            "organisation": inc_org,
            "prefecture_id": "610400",
            "recognised_on": dt.date(today.year - 1, 6, 1),
            "recognised_by": "陕西省科学技术厅（演示）",
            "space_m2": Decimal("12000"),
            "services": "办公场地、创业辅导、投融资对接（演示）",
            "source": "演示数据",
        },
    )
    CarrierReport.objects.get_or_create(
        carrier=incubator,
        year=today.year - 1,
        defaults={
            "projects_incubated": 42,
            "firms_registered": 18,
            "firms_graduated": 5,
            "achievements_converted": 7,
            "notes": "演示年度报告",
            "status": "accepted",
            "submitted_at": timezone.now(),
            "reviewed_by": operator,
            "reviewed_at": timezone.now(),
        },
    )
    enclave, _c = Carrier.objects.get_or_create(
        kind="enclave",
        name="西咸—榆林飞地孵化器（演示）",
        defaults={
            "level": "municipal",
            "organisation": inc_org,
            "prefecture_id": "610100",
            "partner_city_id": "610800",
            "recognised_on": dt.date(today.year, 1, 15),
            "services": "研发在总窗口、转化在榆林（演示）",
            "source": "演示数据",
        },
    )
    if not enclave.relocations.exists():
        Relocation.objects.create(
            carrier=enclave,
            firm_name="榆林示例能源科技有限公司（演示）",
            moved_on=today - dt.timedelta(days=30),
            destination_id="610800",
            note="演示回迁记录",
        )
    for kind, name, level, prefecture in [
        ("accelerator", "沣西示例加速器（演示）", "municipal", "610100"),
        ("pilot_base", "秦汉示例中试基地（演示）", "provincial", "610400"),
        ("new_rnd", "示例新型研发机构（演示）", "provincial", "610100"),
    ]:
        Carrier.objects.get_or_create(
            kind=kind,
            name=name,
            defaults={
                "level": level,
                "prefecture_id": prefecture,
                "recognised_on": dt.date(today.year - 1, 9, 1),
                "source": "演示数据",
            },
        )

    agency_org = _org("秦创原示例技术转移服务中心（演示）", "service_agency", "610100", operator)
    _user("agency@demo.qcy", "技术转移经理（演示）", agency_org)
    context["logins"].append(("服务机构", "agency@demo.qcy", PASSWORD))
    agency, _c = ServiceAgency.objects.get_or_create(
        organisation=agency_org,
        defaults={
            "kind": "transfer",
            "level": "provincial",
            "prefecture_id": "610100",
            "description": "成果评估、技术合同登记辅导、知识产权运营（演示）",
        },
    )
    if not agency.services.exists():
        for title, price in [
            ("科技成果评估", "按项目报价"),
            ("技术合同认定登记辅导", "免费"),
            ("专利导航分析", "按项目报价"),
        ]:
            AgencyService.objects.create(agency=agency, title=f"{title}（演示）", price_note=price)
    law_org = _org("示例律师事务所（演示）", "service_agency", "610400", operator)
    ServiceAgency.objects.get_or_create(
        organisation=law_org,
        defaults={
            "kind": "law_firm",
            "public_legal_service": True,
            "prefecture_id": "610400",
            "description": "为科技型企业提供公益法律服务（演示）",
        },
    )
    client = context.get("demo_enterprise")
    if client is not None and not agency.engagements.exists():
        Engagement.objects.create(
            agency=agency,
            client=client,
            service=agency.services.first(),
            note="演示服务",
            status="completed",
            completed_at=timezone.now(),
            score=5,
            comment="评估专业、及时（演示）",
            rated_at=timezone.now(),
        )
    for title, mechanism, parties, figures in [
        (
            "先使用后付费：示例高校专利许可中小企业（演示）",
            "pay_after_use",
            "示例高校、示例企业（演示）",
            "许可费 50 万元（演示）",
        ),
        (
            "飞地孵化：榆林企业研发在总窗口、转化回榆林（演示）",
            "enclave",
            "西咸—榆林飞地孵化器（演示）",
            "回迁企业 1 家（演示）",
        ),
    ]:
        Case.objects.get_or_create(
            title=title,
            defaults={
                "mechanism": mechanism,
                "parties": parties,
                "summary": "演示案例：" + title,
                "figures": figures,
                "year": today.year,
                "prefecture_id": "610100",
                "status": "accepted",
                "published_at": timezone.now(),
                "reviewed_by": operator,
                "created_by": operator,
            },
        )
    from .models import Product, Project

    if client is not None:
        Project.objects.get_or_create(
            code="QCY-DEMO-2026-001",
            defaults={
                "title": "示例成果转化项目（演示）",
                "applicant": client,
                "programme": "秦创原科技成果转化专项（演示）",
                "budget_wan": Decimal("50"),
                "starts_on": dt.date(today.year, 1, 1),
                "ends_on": dt.date(today.year + 1, 12, 31),
                "milestones": "中试验证、小批量试产（演示）",
                "prefecture_id": "610100",
                "created_by": operator,
            },
        )
        Product.objects.get_or_create(
            enterprise=client,
            name="示例首台（套）装备（演示）",
            defaults={
                "kind": "first_set",
                "recognition": "演示认定批次",
                "recognised_on": dt.date(today.year, 3, 1),
                "subsidy_claimed_wan": Decimal("100"),
                "description": "演示产品",
                "created_by": operator,
            },
        )
    stdout.write("    network: Xianyang sub-market operator, carriers, agencies and cases (演示)")
