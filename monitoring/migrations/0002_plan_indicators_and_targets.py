"""The plan documents, the indicators and their targets, quoted from seed 002 (Table 1) and seed 001
(section 二 and the figures section 三 states for 2026). Figures are copied as the documents print them."""

from decimal import Decimal

from django.db import migrations

SEED_002 = "plan-2021-2025"
SEED_001 = "action-2024-2026"

PLANS = [
    {
        "code": SEED_002,
        "title": "西咸新区“十四五”科技创新发展规划（2021-2025年）",
        "issuer": "陕西省西咸新区开发建设管理委员会",
        "issued": "二〇二二年八月",
        "note": "",
    },
    {
        "code": SEED_001,
        "title": "秦创原总窗口建设行动计划（2024—2026年）",
        "issuer": "西咸新区",
        "issued": "",
        "note": "文件正文未载正式标题，按正文“特制定本行动计划”及其落实的《秦创原创新驱动平台建设三年行动计划（2024—2026年）》称之。",
    },
]

# code, name, unit, source, metric_code, aggregation, definition
INDICATORS = [
    ("high_tech_enterprises", "国家高新技术企业数", "家", "reported", "", "stock",
     "期末有效期内的国家高新技术企业数量，以科技主管部门认定名单为准。"),
    ("tech_smes", "科技型中小企业数", "家", "reported", "", "stock", "期末入库的科技型中小企业数量。"),
    ("tech_contract_turnover", "技术合同交易额", "亿元", "computed", "tech_contract_turnover", "flow",
     "经认定登记的技术合同成交额；平台按已登记合同计算。"),
    ("high_value_invention_patents_per_10k", "每万人高价值发明专利拥有量", "件", "reported", "", "stock",
     "期末每万名常住人口拥有的高价值发明专利数。"),
    ("rd_active_industrial_share", "规上工业企业中有研发活动企业占比", "%", "reported", "", "stock",
     "有研发活动的规模以上工业企业数占规模以上工业企业总数的比例。"),
    ("strategic_emerging_share", "规上工业企业战略性新兴产业总值占工业总产值比重", "%", "reported", "", "flow",
     "规模以上工业企业中战略性新兴产业产值占工业总产值的比重。"),
    ("new_rd_institutions", "市级以上新型研发机构数", "家", "reported", "", "stock", "期末经认定的市级及以上新型研发机构数量。"),
    ("reform_cases", "可复制推广的改革创新案例数", "项", "reported", "", "stock", "2024年以来累计形成的可复制推广改革创新案例。"),
    ("new_transformation_enterprises", "新增科技成果转化企业数", "家", "reported", "", "stock", "2024年以来累计新增的科技成果转化企业。"),
    ("innovation_bases", "重大创新基地和创新平台数", "个", "reported", "", "stock", "期末集群式布局的重大创新基地和创新平台数量。"),
    ("hitech_industry_scale", "人工智能等六大高新技术产业规模", "亿元", "reported", "", "flow", "年度产业规模。"),
    ("advanced_manufacturing_output", "特种车等七大先进制造业总产值", "亿元", "reported", "", "flow", "年度总产值。"),
    ("service_revenue", "规上服务业营业收入", "亿元", "reported", "", "flow", "现代服务业中规模以上服务业年度营业收入。"),
    ("high_level_talent", "引进高层次人才数", "名", "reported", "", "stock", "2024年以来累计引进的高层次人才。"),
    ("innovation_talent", "引进创新创业人才数", "万名", "reported", "", "stock", "2024年以来累计引进的创新创业人才。"),
    ("new_financial_institutions", "新增金融机构和投资机构数", "家", "reported", "", "stock", "2024年以来累计新增的各类金融机构和投资机构。"),
    ("vc_fund_scale", "创投基金总规模", "亿元", "reported", "", "stock", "期末创投基金矩阵总规模。"),
    ("fund_investment", "已设立基金在总窗口投资额", "亿元", "reported", "", "stock", "已设立基金在总窗口的累计投资额。"),
    ("gazelle_enterprises", "瞪羚企业数", "家", "reported", "", "stock", "期末瞪羚企业数量。"),
    ("unicorn_enterprises", "独角兽企业数", "家", "reported", "", "stock", "期末独角兽企业数量。"),
    # Computed by the platform from its own records; no plan target of their own.
    ("deals_landed", "落地交易数", "项", "computed", "deals_landed", "flow", "统计期内落地（签约并登记）的对接交易。"),
    ("active_brokers", "活跃技术经纪人数", "名", "computed", "active_brokers", "stock", "统计期内有服务记录的技术经纪人。"),
    ("pool_patents", "专利池专利数", "件", "computed", "pool_patents", "stock", "期末收录于产业链专利池的专利。"),
    ("high_value_patents", "高价值专利数", "件", "computed", "high_value_patents", "stock", "期末评分达到专利池阈值的高价值专利。"),
    ("achievements_published", "新发布科技成果数", "项", "computed", "achievements_published", "flow",
     "统计期内发布、目前仍处于发布状态的科技成果条数（成果库）。"),
    ("demands_published", "需求征集数", "项", "computed", "demands_published", "flow",
     "统计期内经审核发布、目前仍处于发布状态的企业技术需求条数（需求库）。"),
    ("policies_in_force", "有效政策数", "项", "computed", "policies_in_force", "stock",
     "期末处于发布状态、且在生效日期与截止日期之间的政策条数（政策库）。"),
    ("enterprises_served", "服务企业数（已认证）", "家", "computed", "enterprises_served", "stock",
     "期末已通过平台认证的企业（含国有企业）数量。"),
    ("verified_organisations", "认证机构数", "家", "computed", "verified_organisations", "stock",
     "期末已通过平台认证的各类机构数量。"),
]

T1 = "第二章第三节 发展目标 · 表1 西咸新区“十四五”科技创新主要指标"
# indicator, plan, section, year, value, comparator, baseline_value, baseline_year, quote
TARGETS = [
    ("high_tech_enterprises", SEED_002, T1, 2025, "2000", "", "241", 2020, "国家高新技术企业数｜家｜2020年 241｜2025年 2000"),
    ("tech_smes", SEED_002, T1, 2025, "3000", "", "611", 2020, "科技型中小企业数｜家｜2020年 611｜2025年 3000"),
    ("tech_contract_turnover", SEED_002, T1, 2025, "230", "", "80", 2020, "技术合同交易额｜亿元｜2020年 80｜2025年 230"),
    ("high_value_invention_patents_per_10k", SEED_002, T1, 2025, "12", "", None, None,
     "每万人高价值发明专利拥有量｜件｜2020年 —｜2025年 12"),
    ("rd_active_industrial_share", SEED_002, T1, 2025, "50", "", "34", 2020, "规上工业企业中有研发活动企业占比｜%｜2020年 34｜2025年 50"),
    ("strategic_emerging_share", SEED_002, T1, 2025, "25.5", "", "19.1", 2020,
     "规上工业企业战略性新兴产业总值占工业总产值比重｜%｜2020年 19.1｜2025年 25.5"),
    ("new_rd_institutions", SEED_002, T1, 2025, "25", "", "2", 2020, "市级以上新型研发机构数｜家｜2020年 2｜2025年 25"),
    ("reform_cases", SEED_001, "二、发展目标（“三项改革”实施成效显著）", 2026, "30", "形成", None, None, "形成 30项可复制推广的改革创新案例"),
    ("new_transformation_enterprises", SEED_001, "二、发展目标（“三项改革”实施成效显著）", 2026, "1500", "新增", None, None,
     "新增科技成果转化企业 1500家"),
    ("tech_contract_turnover", SEED_001, "二、发展目标（“三项改革”实施成效显著）", 2026, "500", "突破", None, None,
     "技术合同交易额突破500亿元"),
    ("innovation_bases", SEED_001, "二、发展目标（创新主体集聚效能放大）", 2026, "50", "集群式布局", None, None,
     "集群式布局 50个重大创新基地和创新平台"),
    ("high_tech_enterprises", SEED_001, "二、发展目标（创新主体集聚效能放大）；三（三）2②", 2026, "4000", "达到", None, None,
     "高新技术企业数量达到 4000家"),
    ("hitech_industry_scale", SEED_001, "二、发展目标（新兴产业规模实现突破）", 2026, "130", "突破", None, None,
     "人工智能等六大高新技术产业规模突破 130亿元"),
    ("advanced_manufacturing_output", SEED_001, "二、发展目标（新兴产业规模实现突破）", 2026, "1500", "突破", None, None,
     "特种车等七大先进制造业总产值突破 1500亿元"),
    ("service_revenue", SEED_001, "二、发展目标（新兴产业规模实现突破）", 2026, "650", "突破", None, None,
     "现代服务业中规上服务业营业收入突破 650亿元"),
    ("high_level_talent", SEED_001, "二、发展目标（创新人才活力竞相迸发）", 2026, "500", "引进", None, None, "引进高层次人才 500名"),
    ("innovation_talent", SEED_001, "二、发展目标（创新人才活力竞相迸发）", 2026, "10", "引进", None, None, "创新创业人才 10万名"),
    ("new_financial_institutions", SEED_001, "二、发展目标（科技金融体系不断完善）", 2026, "60", "新增", None, None,
     "新增各类金融机构和投资机构 60家"),
    ("vc_fund_scale", SEED_001, "二、发展目标（科技金融体系不断完善）", 2026, "200", "总规模", None, None,
     "形成总规模 200亿元的创投基金矩阵"),
    ("fund_investment", SEED_001, "二、发展目标（科技金融体系不断完善）", 2026, "30", "超", None, None,
     "已设立基金在总窗口投资超 30亿元"),
    ("tech_smes", SEED_001, "三（三）2②", 2026, "8500", "达到", None, None, "科技型中小企业、高新技术企业分别达到 8500家、4000家"),
    ("rd_active_industrial_share", SEED_001, "三（三）2③", 2026, "40", "以上", None, None,
     "到 2026年，有研发活动的规上工业企业占比达到 40%以上"),
    ("gazelle_enterprises", SEED_001, "三（三）2⑤", 2026, "110", "突破", None, None, "到 2026年，瞪羚企业突破 110家"),
    ("unicorn_enterprises", SEED_001, "三（三）2⑤", 2026, "2", "突破", None, None, "独角兽企业突破 2家"),
]


def load(apps, schema_editor):
    PlanDocument = apps.get_model("monitoring", "PlanDocument")
    Indicator = apps.get_model("monitoring", "Indicator")
    Target = apps.get_model("monitoring", "Target")
    plans = {}
    for row in PLANS:
        plans[row["code"]], _ = PlanDocument.objects.update_or_create(code=row["code"], defaults=row)
    indicators = {}
    for order, (code, name, unit, source, metric_code, aggregation, definition) in enumerate(INDICATORS, start=1):
        indicators[code], _ = Indicator.objects.update_or_create(
            code=code,
            defaults={"name": name, "unit": unit, "source": source, "metric_code": metric_code,
                      "aggregation": aggregation, "definition": definition, "order": order * 10},
        )
    for code, plan, section, year, value, comparator, baseline, baseline_year, quote in TARGETS:
        Target.objects.update_or_create(
            indicator=indicators[code], plan=plans[plan], year=year,
            defaults={"section": section, "value": Decimal(value), "comparator": comparator,
                      "baseline_value": Decimal(baseline) if baseline else None, "baseline_year": baseline_year,
                      "quote": quote},
        )


def unload(apps, schema_editor):
    apps.get_model("monitoring", "Target").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
