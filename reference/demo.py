"""Demo reference data: the ten featured parks of Xixian New Area.

Names, new city and focus industries are copied from seed 002, 《西咸新区“十四五”科技创新发展
规划（2021-2025年）》 第四章第二节 专栏 11 “新区 10 大特色产业园区建设” (the OCR of the
source reads 沔 for 沣 in places; the names below use 沣). The document states output targets,
not land areas, so ``land_area_mu`` stays empty. Industry chains are linked only where the
focus industries named in the document clearly are one of the hub's chains.

The five new cities and the energy and finance zone are ``reference.models.NewCity`` choices and
the industry chains are loaded by migration 0002, so only the parks need loading here.
"""

from core.demo import register_demo

from .models import IndustryChain, NewCity, Park

SOURCE = "《西咸新区“十四五”科技创新发展规划（2021-2025年）》第四章第二节 专栏11 新区10大特色产业园区建设"

# (name, new city, focus as written in the document, chain slugs that clearly match the focus)
PARKS: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        "西咸新区·沣东先进制造产业园",
        NewCity.FENGDONG,
        "先进制造、电子信息等；打造集总部、研发、制造、服务于一体的综合性先进智造产业园区和科技创新与智能制造集中区",
        ("high-end-equipment",),
    ),
    (
        "西咸新区·沣东统筹科技资源改革示范园",
        NewCity.FENGDONG,
        "软件和信息技术服务、集成电路、大数据云计算等；打造西北地区领先的新一代信息技术产业聚集区",
        (),
    ),
    (
        "西咸新区·沣西人工智能产业园",
        NewCity.FENGXI,
        "氢能、智能网联汽车、智能制造、高端数控机床等；推动人工智能在智能交通、智能制造、智慧建管等领域形成应用场景，"
        "打造秦创原人工智能研发与应用创新示范区",
        ("hydrogen", "connected-vehicles", "high-end-equipment", "ai"),
    ),
    (
        "西咸新区·沣西数字经济产业园",
        NewCity.FENGXI,
        "数字经济、数字文化、智能终端等；打造新区数字经济（元宇宙）产业创新生态体系",
        (),
    ),
    (
        "西咸新区·秦汉自动驾驶产业园",
        NewCity.QINHAN,
        "新能源汽车、智能网联汽车（物联网）、人工智能（机器人研发应用）、高端装备制造等；打造全省新能源汽车产业链集聚区、"
        "自动驾驶场景应用示范区",
        ("connected-vehicles", "ai", "high-end-equipment"),
    ),
    (
        "西咸新区·秦汉大健康产业园",
        NewCity.QINHAN,
        "生命科学、健康工业、健康服务、新材料等；打造大健康产业聚集高地和健康中国（大健康）产业先行示范区",
        ("biomedicine",),
    ),
    (
        "西咸新区·空港自贸蓝湾产业园",
        NewCity.KONGGANG,
        "临空生物医药、临空智能制造等；加快构建秦创原临空科创先导区",
        ("biomedicine",),
    ),
    (
        "西咸新区·空港临空经济产业园",
        NewCity.KONGGANG,
        "承接电子信息、生物医药、航空制造等临空偏好型产业转移；打造百亿级临空制造产业承载区",
        ("biomedicine",),
    ),
    (
        "西咸新区·泾河双碳光伏产业园",
        NewCity.JINGHE,
        "以隆基绿能为核心的光伏产业链，光伏产业数字化、智能化发展；构建以光伏全产业链生态体系为主体的新能源新材料产业",
        ("photovoltaic",),
    ),
    (
        "西咸新区·泾河两链融合示范园",
        NewCity.JINGHE,
        "“先进技术+高端装备制造+创新服务”产业集群，引导“空、天、地、核”四大高端装备产业发展聚集",
        ("high-end-equipment",),
    ),
]


@register_demo("reference", order=5)
def load(context, stdout):
    chains = {chain.slug: chain for chain in IndustryChain.objects.all()}
    created = 0
    parks = {}
    for name, new_city, focus, slugs in PARKS:
        park, was_created = Park.objects.get_or_create(
            name=name, defaults={"new_city": new_city, "focus": focus, "source": SOURCE}
        )
        if not was_created:
            # Another app may have created the park first: fill only what it left empty.
            changed = []
            for field, value in (("new_city", new_city), ("focus", focus), ("source", SOURCE)):
                if not getattr(park, field):
                    setattr(park, field, value)
                    changed.append(field)
            if changed:
                park.save(update_fields=changed)
        if was_created or not park.industry_chains.exists():
            park.industry_chains.add(*[chains[slug] for slug in slugs if slug in chains])
        created += was_created
        parks[name] = park
    context["parks"] = parks
    stdout.write(f"    parks: {created} new, {len(PARKS)} in the demo")
