"""Demo talent cloud (all fictitious, every name says 演示): a dozen verified talents in several
prefectures, two demands of the demo enterprise (one 科技副总), one doctoral board edition, one
科学家+工程师 team and one service request. Idempotent: keyed by the demo users' e-mails."""

import datetime as dt

from django.utils import timezone

from core.demo import register_demo

DEMO_PASSWORD = "demo-pass-2026"
# (email, name, category, level, degree, title grade, fields, prefecture, county, chains, modes)
PEOPLE = [
    (
        "talent1@demo.qcy",
        "张演示",
        "high_level",
        "B",
        "doctor",
        "senior",
        "氢燃料电池 电堆 催化剂",
        "610100",
        "610116",
        ["hydrogen"],
        ["tech_vp", "part_time"],
    ),
    (
        "talent2@demo.qcy",
        "李演示",
        "doctor",
        "E",
        "doctor",
        "intermediate",
        "光伏 钙钛矿 电池材料",
        "610100",
        "610113",
        ["photovoltaic"],
        ["full_time"],
    ),
    (
        "talent3@demo.qcy",
        "王演示",
        "young",
        "D",
        "doctor",
        "deputy",
        "智能网联汽车 感知 算法",
        "610400",
        "610402",
        [],
        ["full_time", "flexible"],
    ),
    (
        "talent4@demo.qcy",
        "赵演示",
        "skilled",
        "E",
        "bachelor",
        "intermediate",
        "数控加工 精密制造",
        "610300",
        "610302",
        [],
        ["full_time"],
    ),
    (
        "talent5@demo.qcy",
        "钱演示",
        "overseas",
        "C",
        "doctor",
        "senior",
        "生物医药 抗体 药物筛选",
        "610100",
        "610102",
        [],
        ["industry_professor", "flexible"],
    ),
    (
        "talent6@demo.qcy",
        "孙演示",
        "high_level",
        "A",
        "doctor",
        "senior",
        "航空发动机 材料 高温合金",
        "610100",
        "610116",
        [],
        ["flexible"],
    ),
    (
        "talent7@demo.qcy",
        "周演示",
        "management",
        "E",
        "master",
        "none",
        "科技金融 投资 市场拓展",
        "610400",
        "610404",
        [],
        ["full_time"],
    ),
    (
        "talent8@demo.qcy",
        "吴演示",
        "doctor",
        "E",
        "doctor",
        "none",
        "半导体 功率器件 碳化硅",
        "610500",
        "610502",
        [],
        ["full_time", "part_time"],
    ),
]


@register_demo("talent", order=95)
def load(context, stdout):
    from accounts.models import User
    from reference.models import IndustryChain, Region

    from . import services
    from .models import DoctoralBoard, ProfileStatus, ServiceRequest, TalentDemand, TalentProfile, Team

    operator, enterprise = context.get("operator"), context.get("demo_enterprise")
    if operator is None:
        return
    regions = {r.code: r for r in Region.objects.filter(code__startswith="61")}
    made = 0
    profiles = []
    for email, name, category, level, degree, grade, fields, pref, county, chains, modes in PEOPLE:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=DEMO_PASSWORD, name=name
        )
        profile = TalentProfile.objects.filter(user=user).first()
        if profile is None:
            profile = services.profile_save(
                user=user,
                data={
                    "name": name,
                    "category": category,
                    "level": level,
                    "degree": degree,
                    "title_grade": grade,
                    "fields_of_work": fields,
                    "prefecture": regions.get(pref),
                    "county": regions.get(county),
                    "biography": "演示人才档案，非真实人员。",
                    "available_modes": modes,
                    "phone": "029-0000000",
                    "email": email,
                    "organisation_name": "演示单位",
                },
                chains=list(IndustryChain.objects.filter(slug__in=chains)),
            )
            services.profile_submit(by=user, profile=profile)
            profile = services.profile_verify(by=operator, profile=profile, approve=True, note="演示核验")
            made += 1
        profiles.append(profile)
    context["logins"].append(("人才（演示）", PEOPLE[0][0], DEMO_PASSWORD))
    if enterprise is not None and not TalentDemand.objects.filter(owner_org=enterprise).exists():
        admin = context.get("enterprise_user") or operator
        vp = services.demand_save(
            by=operator,
            org=enterprise,
            data={
                "title": "氢燃料电池科技副总（演示）",
                "kind": "tech_vp",
                "description": "负责燃料电池电堆研发方向与成果转化（演示）。",
                "fields_of_work": "氢燃料电池 电堆",
                "category": "high_level",
                "min_level": "C",
                "degree": "doctor",
                "prefecture": regions.get("610100"),
                "created_by": admin,
            },
            chains=list(IndustryChain.objects.filter(slug="hydrogen")),
        )
        services.demand_publish(by=operator, demand=vp)
        doc = services.demand_save(
            by=operator,
            org=enterprise,
            data={
                "title": "光伏材料博士研究员（演示）",
                "kind": "full_time",
                "description": "钙钛矿光伏材料研究（演示）。",
                "fields_of_work": "光伏 钙钛矿",
                "category": "doctor",
                "degree": "doctor",
                "positions": 2,
                "prefecture": regions.get("610100"),
                "created_by": admin,
            },
            chains=list(IndustryChain.objects.filter(slug="photovoltaic")),
        )
        services.demand_publish(by=operator, demand=doc)
        today = timezone.localdate()
        services.board_publish(
            by=operator,
            title=f"{today.year}年秦创原博士招才引智榜（演示）",
            edition_date=today,
            demands=[doc, vp],
            intro="演示榜单。",
        )
    if enterprise is not None and not Team.objects.filter(name__endswith="（演示）").exists():
        verified = [p for p in profiles if p.status == ProfileStatus.VERIFIED]
        if len(verified) >= 4:
            services.team_save(
                by=operator,
                org=enterprise,
                name="燃料电池电堆科学家+工程师队伍（演示）",
                project="车用燃料电池电堆国产化（演示）",
                formed_on=dt.date(2025, 6, 1),
                members=[(verified[0], "scientist"), (verified[3], "engineer")],
                outputs="演示成果",
            )
    if profiles and not ServiceRequest.objects.filter(applicant=profiles[4].user).exists():
        services.service_request(by=profiles[4].user, kind="residence", detail="外籍配偶居留许可办理咨询（演示）。")
    stdout.write(f"    talent: {made} new demo talents, {DoctoralBoard.objects.count()} boards")
