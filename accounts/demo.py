"""Demo accounts and organisations.

Users: one per platform role, so every page can be tried, plus an enterprise member and a
researcher of the placeholder university team. Passwords are for the local demo only;
production creates users through registration and the admin.

Organisations: the ones the planning documents (the seed texts 000-002 of the project brief) name, each with the
exact words it appears under (``mention``) and where. Their unified social credit codes are not
in the documents, so none is stored (the field is nullable): no code is ever invented. Regions are
set only where certain: the prefecture (and, for the two universities' main campuses, the
county) by GB/T 2260 code, and the new city only where the text places the organisation there.
Three organisations are made up for the demo and say so in their names: a placeholder university
team that owns the paper-based achievements, an enterprise and a bank.
"""

from django.utils import timezone

from core.demo import register_demo
from reference.models import IndustryChain, NewCity, Region

from .models import Membership, Organisation, Role, User

DEMO_PASSWORD = "demo-pass-2026"

DEMO_USERS = [
    ("operator@demo.qcy", "平台运营（演示）", [Role.OPERATOR, Role.REVIEWER], True),
    ("leader@demo.qcy", "领导（演示）", [Role.LEADER], False),
    ("broker@demo.qcy", "技术经纪人（演示）", [Role.BROKER], False),
]

K = Organisation.Kind
S000 = "《关于陕西省人大十四届三次会议第212号建议的复函》（陕西咸函〔2024〕2号）"
S001 = "《秦创原总窗口建设行动方案（2024-2026年）》"
S002 = "《西咸新区“十四五”科技创新发展规划（2021-2025年）》"

# name, kind, prefecture code, county code, new city, chain slugs, mention (exact words in the seed), source note
ORGANISATIONS: list[tuple[str, str, str, str, str, tuple[str, ...], str, str]] = [
    (
        "西安交通大学",
        K.UNIVERSITY,
        "610100",
        "610103",
        "",
        (),
        "西安交通大学",
        f"{S001}三（一）4：支持西安交通大学引导医学攻关、储能技术、人工智能等方向建设产业聚集区；{S002}专栏15、20、21。",
    ),
    (
        "西北工业大学",
        K.UNIVERSITY,
        "610100",
        "610103",
        "",
        ("drones",),
        "西北工业大学",
        f"{S002}专栏21：以翱翔小镇为载体，依托西北工业大学建立无人系统概念验证中心。",
    ),
    (
        "西安电子科技大学",
        K.UNIVERSITY,
        "610100",
        "",
        "",
        (),
        "西安电子科技大学",
        f"{S002}专栏15 智能电力装备创新联合体成员；专栏19 在创新港建立创新资源开放共享中心。",
    ),
    (
        "长安大学",
        K.UNIVERSITY,
        "610100",
        "",
        "",
        (),
        "长安大学等组建创新联合体",
        f"{S002}专栏15：轨道交通装备、新能源装备创新联合体成员。",
    ),
    (
        "西安理工大学",
        K.UNIVERSITY,
        "610100",
        "",
        "",
        ("high-end-equipment",),
        "西安理工大学",
        f"{S001}三（二）1：加快西安理工大学科创城项目建设；{S002}专栏20 陕西省高档数控机床技术中试平台依托单位之一。",
    ),
    (
        "空军军医大学",
        K.UNIVERSITY,
        "610100",
        "",
        "",
        ("biomedicine",),
        "空军军医大学",
        f"{S002}专栏11 秦汉大健康产业园依托空军军医大学医教研综合体；专栏21 生物医药概念验证中心依托单位之一。",
    ),
    (
        "西北有色金属研究院",
        K.INSTITUTE,
        "610100",
        "",
        "",
        (),
        "西北有色院",
        f"{S002}专栏20：依托西北有色院搭建陕西省先进稀有金属材料技术中试平台。",
    ),
    (
        "中国科学院西安光学精密机械研究所",
        K.INSTITUTE,
        "610100",
        "",
        "",
        (),
        "中科院光机所",
        f"{S002}专栏21：依托中科院光机所在西部云谷建设光子技术验证中心（先进激光概念验证中心）。",
    ),
    (
        "陕西省人民医院",
        K.HOSPITAL,
        "610100",
        "",
        "",
        ("biomedicine",),
        "陕西省人民医院西咸院区",
        f"{S002}专栏4：依托陕西省人民医院西咸院区、空军军医大学科研发优势，打造生命科学创新中心（秦汉新城）。",
    ),
    (
        "隆基绿能科技股份有限公司",
        K.ENTERPRISE,
        "610100",
        "",
        "",
        ("photovoltaic",),
        "隆基绿能",
        f"{S002}专栏11：西咸新区·泾河双碳光伏产业园以隆基绿能为核心；{S001}三（二）2 隆基中央研究院、三（三）1 区内“链主”企业。",
    ),
    (
        "陕西汽车控股集团有限公司",
        K.STATE_OWNED,
        "610100",
        "",
        "",
        ("connected-vehicles", "hydrogen"),
        "陕汽控股",
        f"{S002}专栏12：依托陕煤集团、陕汽控股等国企创新中心，围绕电动和氢能两大技术路线开展攻关；{S001}三（三）1 区内“链主”企业。",
    ),
    (
        "陕西煤业化工集团有限责任公司",
        K.STATE_OWNED,
        "610100",
        "",
        "",
        ("photovoltaic", "hydrogen"),
        "陕煤集团",
        f"{S002}专栏11：陕煤技术研究院新能源材料产业基地（泾河双碳光伏产业园）；专栏15 新能源装备创新联合体（光伏、氢能、储能）。",
    ),
    (
        "秦川机床工具集团股份公司",
        K.STATE_OWNED,
        "610300",
        "",
        "",
        ("high-end-equipment",),
        "秦川机床",
        f"{S002}专栏12：依托秦川机床等国企创新中心，围绕高端装备智能化、数字化、服务化攻关；专栏15 数控机床创新联合体。",
    ),
    (
        "西部超导材料科技股份有限公司",
        K.ENTERPRISE,
        "610100",
        "",
        "",
        (),
        "西部超导",
        f"{S002}专栏11：西咸新区·泾河两链融合示范园依托西部超导泾河新城研发生产基地等项目建设。",
    ),
    (
        "陕西源杰半导体科技股份有限公司",
        K.ENTERPRISE,
        "",
        "",
        NewCity.FENGXI,
        (),
        "源杰半导体",
        f"{S002}专栏11：西咸新区·沣西数字经济产业园依托源杰半导体生产基地；专栏23 新能源新材料产业重点企业。",
    ),
    (
        "商汤科技西北区域总部",
        K.ENTERPRISE,
        "",
        "",
        NewCity.FENGXI,
        ("ai",),
        "商汤科技西北区域总部",
        f"{S002}专栏11：西咸新区·沣西数字经济产业园依托商汤科技西北区域总部；专栏23 人工智能以商汤科技等企业为核心。",
    ),
    (
        "陕西省秦创原创新促进中心",
        K.SERVICE_AGENCY,
        "",
        "",
        "",
        (),
        "秦创原创新促进中心",
        f"{S000}：成立省秦创原创新促进中心，负责全省科技资源统筹与秦创原创新发展融合促进的科技服务工作。",
    ),
    (
        "西安科技大市场",
        K.SERVICE_AGENCY,
        "610100",
        "",
        "",
        (),
        "西安科技大市场",
        f"{S002}专栏19、24：通过西安科技大市场西咸分中心引入大市场的服务模式与业务体系。",
    ),
    (
        "陕西省西咸新区开发建设管理委员会",
        K.GOVERNMENT,
        "",
        "",
        "",
        (),
        "陕西省西咸新区开发建设管理委员会",
        f"{S000}与{S002}的发文机关。",
    ),
]

DEMO_TEAM = "示例高校科研团队（演示）"
DEMO_ENTERPRISE = "秦创原示例科技有限公司（演示）"
DEMO_BANK = "示例合作银行（演示）"

# Made-up organisations, marked as such in their names and descriptions.
DEMO_ORGANISATIONS: list[tuple[str, str, str, tuple[str, ...], str]] = [
    (
        DEMO_TEAM,
        K.UNIVERSITY,
        "",
        (),
        "演示用占位机构。成果库中的演示成果取自公开的中文论文摘要数据集（CSL），统一归在本团队名下，"
        "不代表任何真实作者、团队或单位。",
    ),
    (
        DEMO_ENTERPRISE,
        K.ENTERPRISE,
        NewCity.JINGHE,
        ("hydrogen", "photovoltaic"),
        "演示用虚构企业，用于展示技术需求的发布、保密字段与对接流程，不对应任何真实企业。",
    ),
    (
        DEMO_BANK,
        K.FINANCIAL,
        "",
        (),
        "演示用虚构金融机构，用于展示《秦创原总窗口建设行动方案（2024-2026年）》提到的科技金融产品类型，不对应任何真实机构。",
    ),
]

# email, name, organisation, membership role, context key, login label
DEMO_MEMBERS = [
    (
        "enterprise@demo.qcy",
        "企业用户（演示）",
        DEMO_ENTERPRISE,
        Membership.Role.ADMIN,
        "enterprise_user",
        "演示企业管理员",
    ),
    ("researcher@demo.qcy", "科研人员（演示）", DEMO_TEAM, Membership.Role.ADMIN, "researcher", "示例高校科研团队成员"),
]


def _organisation(name, kind, *, operator, prefecture="", county="", new_city="", description="", chains=()):
    regions = {code: region for code, region in Region.objects.in_bulk([c for c in (prefecture, county) if c]).items()}
    org, created = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "kind": kind,
            "prefecture": regions.get(prefecture),
            "county": regions.get(county),
            "new_city": new_city,
            "description": description,
            "verification_status": Organisation.Verification.VERIFIED,
            "verification_note": "演示数据：据公开规划文件录入，统一社会信用代码待机构认领时补充",
            "verified_by": operator,
            "verified_at": timezone.now(),
        },
    )
    if created and chains:
        org.industry_chains.add(*IndustryChain.objects.filter(slug__in=chains))
    return org, created


@register_demo("accounts", order=10)
def load(context, stdout):
    for email, name, roles, staff in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name, roles=roles, is_staff=staff)
        context[roles[0]] = user
        context["logins"].append((str(Role(roles[0]).label), email, DEMO_PASSWORD))

    operator = context[Role.OPERATOR]
    organisations, created = {}, 0
    for name, kind, prefecture, county, new_city, chains, _mention, source in ORGANISATIONS:
        org, was_created = _organisation(
            name,
            kind,
            operator=operator,
            prefecture=prefecture,
            county=county,
            new_city=new_city,
            description=f"出处：{source}",
            chains=chains,
        )
        organisations[name] = org
        created += was_created
    for name, kind, new_city, chains, description in DEMO_ORGANISATIONS:
        org, was_created = _organisation(
            name, kind, operator=operator, new_city=new_city, description=description, chains=chains
        )
        organisations[name] = org
        created += was_created
    context["organisations"] = organisations
    context["demo_team"] = organisations[DEMO_TEAM]
    context["demo_enterprise"] = organisations[DEMO_ENTERPRISE]
    context["demo_bank"] = organisations[DEMO_BANK]

    for email, name, org_name, role, key, label in DEMO_MEMBERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
        Membership.objects.get_or_create(user=user, organisation=organisations[org_name], defaults={"role": role})
        context[key] = user
        context["logins"].append((label, email, DEMO_PASSWORD))
    stdout.write(f"    organisations: {created} new, {len(organisations)} in the demo")
