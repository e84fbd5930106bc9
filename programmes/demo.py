"""Demo programmes, every one labelled （演示）: a 揭榜挂帅 challenge compiled from the demo
enterprise's published demand (赛马制, with milestones), a roadshow with audience registration, a
concept-verification funding call, a 首发应用场景 selection, an opportunity list and a scenario list,
a notice and an event, and three demo experts in the pool. No result is published: every count on
the monitoring dashboard stays what operators actually do.
"""

import datetime as dt
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from core.demo import register_demo

RUBRIC = [
    {"name": "技术方案先进性与可行性", "weight": 40, "max_score": 10},
    {"name": "团队能力与基础", "weight": 30, "max_score": 10},
    {"name": "产业化前景", "weight": 30, "max_score": 10},
]
EXPERTS = [
    ("expert1@demo.qcy", "评审专家甲（演示）"),
    ("expert2@demo.qcy", "评审专家乙（演示）"),
    ("expert3@demo.qcy", "评审专家丙（演示）"),
]


def _call(title, **fields):
    from .models import Call
    from .services.calls import call_create, call_transition

    call = Call.objects.filter(title=title).first()
    if call is not None:
        return call, False
    operator = fields.pop("operator")
    call = call_create(by=operator, title=title, **fields)
    call = call_transition(call=call, action="publish", by=operator)
    return call, True


@register_demo("programmes", order=85)
def load(context, stdout):
    from accounts.demo import DEMO_PASSWORD
    from accounts.models import User
    from catalog.models import Demand

    from .models import Article, Entry, Event, ListItem, Milestone, PoolExpert
    from .services.entries import entry_start
    from .services.events import article_save, event_save
    from .services.reviews import pool_expert_add

    operator = context.get("operator")
    team, enterprise = context.get("demo_team"), context.get("demo_enterprise")
    researcher = context.get("researcher")
    if not all((operator, team, enterprise, researcher)):
        stdout.write("    programmes: skipped, the accounts demo did not run")
        return
    organisations = list(context.get("organisations", {}).values())
    others = [o for o in organisations if o.pk not in (team.pk, enterprise.pk)]
    for n, (email, name) in enumerate(EXPERTS):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
        if not PoolExpert.objects.filter(user=user).exists():
            org = others[n % len(others)] if others else None
            pool_expert_add(by=operator, user=user, organisation=org)
    context["logins"].append(("评审专家（演示）", EXPERTS[0][0], DEMO_PASSWORD))

    now = timezone.now()
    created = 0
    demand = Demand.objects.published().filter(owner_org=enterprise).first()
    title = "（演示）揭榜挂帅：" + (demand.title if demand else "关键核心技术攻关")
    from .models import Call

    if demand is not None and not Call.objects.filter(title=title).exists():
        from .services.calls import call_transition, challenge_from_demand

        call = challenge_from_demand(
            demand=demand,
            by=operator,
            title=title,
            criteria=RUBRIC,
            closes_at=now + timedelta(days=45),
            award_wan=Decimal("100"),
            time_limit_months=12,
            race=True,
            places=2,
            reviewers_per_call=3,
            min_enterprise_reviewer_pct=34,
            ip_terms="（演示）攻关形成的知识产权归出题企业，揭榜团队享有署名权和约定的收益分成。",
            summary="演示数据：由示例企业发布的技术需求编制的榜单，体验揭榜、评审、赛马流程。",
        )
        Milestone.objects.create(call=call, order=1, title="（演示）原理样机", due_on=dt.date(now.year + 1, 3, 31))
        Milestone.objects.create(
            call=call, order=2, title="（演示）工程样机通过测试", due_on=dt.date(now.year + 1, 9, 30)
        )
        call = call_transition(call=call, action="publish", by=operator)
        if not Entry.objects.filter(call=call).exists():
            entry_start(
                call=call,
                by=researcher,
                title="（演示）揭榜方案",
                summary="演示数据：示例高校团队的技术路线。",
                submit=True,
            )
        created += 1

    roadshow, was = _call(
        "（演示）“三项改革”成果转化专场路演",
        operator=operator,
        kind="roadshow",
        criteria=RUBRIC,
        closes_at=now + timedelta(days=20),
        event_at=now + timedelta(days=25),
        place="秦创原总窗口路演厅（演示）",
        theme="氢能与新能源",
        places=3,
        award_wan=Decimal("20"),
        summary="演示数据：成果、产品、团队、场景、金融项目路演，评委现场打分，以演代评。",
    )
    created += was
    if was:
        event_save(
            by=operator,
            title="（演示）路演观众报名",
            starts_at=roadshow.event_at,
            ends_at=roadshow.event_at + timedelta(hours=3),
            capacity=80,
            place=roadshow.place,
            call=roadshow,
            published=True,
            description="演示数据：企业、投资机构、银行报名观摩并标记意向。",
        )
    _, was = _call(
        "（演示）概念验证项目征集",
        operator=operator,
        kind="funding",
        criteria=RUBRIC,
        closes_at=now + timedelta(days=30),
        award_wan=Decimal("30"),
        places=10,
        summary="演示数据：行动方案 三(二)3① 每年遴选不少于10个概念验证项目给予支持。",
    )
    created += was
    _, was = _call(
        "（演示）首发应用场景评选",
        operator=operator,
        kind="scenario_selection",
        criteria=RUBRIC,
        closes_at=now + timedelta(days=30),
        places=5,
        summary="演示数据：行动方案 三(一)3⑤ 每年评选不少于5个首发应用场景。",
    )
    created += was
    for kind, title, items in [
        (
            "opportunity_list",
            "（演示）大中小企业融通机会清单",
            [
                ("rd", "（演示）轻量化材料研发需求"),
                ("supply_chain", "（演示）关键零部件配套需求"),
                ("incubation", "（演示）入孵需求"),
            ],
        ),
        (
            "scenario_list",
            "（演示）场景需求与能力清单",
            [("scenario_need", "（演示）园区无人配送场景"), ("scenario_capability", "（演示）氢能重卡示范运营能力")],
        ),
    ]:
        call, was = _call(
            title,
            operator=operator,
            kind=kind,
            owner_org=enterprise,
            closes_at=now + timedelta(days=60),
            summary="演示数据：发布方确认对接后计入供需对接数。",
        )
        if was:
            for number, (category, item_title) in enumerate(items, start=1):
                ListItem.objects.create(call=call, number=number, category=category, title=item_title)
        created += was
    if not Article.objects.filter(title="（演示）关于开展揭榜挂帅榜单征集的通知").exists():
        article_save(
            by=operator,
            kind="notice",
            title="（演示）关于开展揭榜挂帅榜单征集的通知",
            publish=True,
            summary="演示数据",
            body_html="<p>演示数据：面向企业征集技术需求，编制“卡脖子”技术榜单。</p>",
        )
    if not Event.objects.filter(title="（演示）氢能场景沙龙").exists():
        event_save(
            by=operator,
            title="（演示）氢能场景沙龙",
            starts_at=now + timedelta(days=10),
            ends_at=now + timedelta(days=10, hours=2),
            capacity=30,
            place="秦创原总窗口（演示）",
            published=True,
        )
    stdout.write(f"    programmes: {created} new demo programmes (no result published)")
