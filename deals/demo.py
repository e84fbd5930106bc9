"""Demo deals between the demo organisations, clearly labelled （演示）.

Nothing here is registered: the statistics stay computed from contracts an operator registers,
so no demo figure appears as a real turnover. The demo leaves one signed pay-after-use contract
waiting in the registration queue, for the demo operator to register by hand.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from core.demo import register_demo

DEMO_SCAN = b"%PDF-1.4\n% demo scan: not a real contract\n"


@register_demo("deals", order=80)
def load(context, stdout):
    from catalog.models import Achievement, Demand

    from .brokers.services import broker_register
    from .models import Broker, Deal
    from .services.contracts import contract_save
    from .services.deals import broker_assign, deal_open, deal_transition
    from .services.messages import message_post

    operator = context.get("operator")
    team, enterprise = context.get("demo_team"), context.get("demo_enterprise")
    researcher, company_user = context.get("researcher"), context.get("enterprise_user")
    if not all((operator, team, enterprise, researcher, company_user)):
        stdout.write("    deals: skipped, the accounts demo did not run")
        return
    broker_user = context.get("broker")
    broker = Broker.objects.filter(user=broker_user).first() if broker_user else None
    if broker_user and broker is None:
        broker = broker_register(
            user=broker_user,
            by=operator,
            level=Broker.Level.MIDDLE,
            fields_of_work="氢能、光伏（演示）",
            organisation=None,
            certificate_number="演示-0001",
        )
    demand = Demand.objects.published().filter(owner_org=enterprise).first()
    achievement = Achievement.objects.published().filter(owner_org=team).first()

    created = 0
    title = "（演示）示例高校团队 ↔ 示例科技公司 技术开发洽谈"
    if not Deal.objects.filter(title=title).exists():
        deal = deal_open(
            by=company_user,
            supply_org=team,
            demand_org=enterprise,
            title=title,
            demand=demand,
            note="演示数据：用于体验对接流程。",
        )
        if broker:
            broker_assign(broker=broker, by=operator, deal=deal)
        deal_transition(deal=deal, action="negotiate", by=researcher)  # the other side accepts
        message_post(deal=deal, by=company_user, body="（演示消息）请介绍一下样件的交付周期。")
        message_post(deal=deal, by=researcher, body="（演示消息）样件约两个月，可先签技术开发合同。")
        created += 1

    title = "（演示）先使用后付费 试用合同（待登记）"
    if not Deal.objects.filter(title=title).exists():
        deal = deal_open(
            by=researcher,
            supply_org=team,
            demand_org=enterprise,
            title=title,
            achievement=achievement,
            note="演示数据：先使用后付费，签约后等待平台运营人员认定登记。",
        )
        deal_transition(deal=deal, action="negotiate", by=company_user)  # the other side accepts
        today = timezone.localdate()
        contract_save(
            deal=deal,
            by=researcher,
            title="（演示）技术许可合同",
            contract_type="licence",
            total_amount=Decimal("30"),
            tech_amount=Decimal("30"),
            payment_mode="pay_after_use",
            trial_months=3,
            trial_start=today - dt.timedelta(days=80),
            payment_trigger="（演示）试用期满且企业确认效果",
            signed_on=today,
            signed_scan=ContentFile(DEMO_SCAN, name="demo-contract.pdf"),
        )
        deal_transition(deal=deal, action="sign", by=researcher)
        created += 1
    stdout.write(f"    deals: {created} new demo deals (none registered)")
