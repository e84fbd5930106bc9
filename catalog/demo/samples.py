"""A few demo records per library, each grounded in a passage of the planning documents and
marked as demo content (title suffix “（演示）”, and a note with the source at the end of the body). They name no real
person and state no statistic: the budgets are sample values that show the confidentiality rules.

Each entry is (owner, chain slugs, fields): the owner is "enterprise", "team" or "bank", the demo
organisations of accounts.demo.
"""

from decimal import Decimal

from catalog.models import Demand, Expert, FinancialProduct, Instrument, Scenario
from reference.models import CooperationMode as M
from reference.models import NewCity

S001 = "《秦创原总窗口建设行动方案（2024-2026年）》"
S002 = "《西咸新区“十四五”科技创新发展规划（2021-2025年）》"
NOTE = "（演示）"

DEMANDS = [
    (
        "enterprise",
        ("hydrogen",),
        {
            "title": "氢燃料电池电堆耐久性提升技术需求（演示）",
            "summary": f"{NOTE}依据{S001}三（三）5①：依托泾河新城建设秦创原氢能产业创新聚集区。",
            "problem": "商用车用氢燃料电池电堆在频繁启停与变载工况下性能衰减较快，需要提升膜电极与双极板的耐久性。",
            "current_state": "已具备电堆组装与台架测试条件，缺少衰减机理分析与材料改性能力。",
            "targets": "在约定的加速耐久测试规程下，电堆电压衰减明显低于现有方案（具体指标对接时商定）。",
            "budget_min": Decimal("80"),
            "budget_max": Decimal("150"),
            "cooperation_modes": [M.JOINT_DEVELOPMENT, M.TECH_SERVICE],
            "is_bottleneck": True,
            "confidential_details": "（演示保密内容）现用膜电极的供应商与型号、内部台架衰减曲线、目标成本。",
            "new_city": NewCity.JINGHE,
        },
    ),
    (
        "enterprise",
        ("connected-vehicles", "ai"),
        {
            "title": "智能网联商用车环境感知与自动驾驶系统攻关需求（演示）",
            "summary": f"{NOTE}依据{S002}专栏12：围绕电动和氢能两大技术路线，供给汽车自动驾驶系统应用场景。",
            "problem": "园区、港区等限定场景下的商用车需要多传感器融合的环境感知与决策控制方案。",
            "current_state": "整车平台已具备线控底盘，感知与决策软件依赖外购。",
            "targets": "在限定场景完成低速自动驾驶功能验证，形成可量产的软硬件方案。",
            "budget_min": Decimal("200"),
            "budget_max": Decimal("500"),
            "cooperation_modes": [M.JOINT_DEVELOPMENT, M.LICENCE],
            "is_bottleneck": False,
            "confidential_details": "（演示保密内容）整车平台参数、试验场地与时间安排、意向合作方名单。",
            "new_city": NewCity.QINHAN,
        },
    ),
    (
        "enterprise",
        ("drones",),
        {
            "title": "工业级无人机复合材料结构低成本成型工艺需求（演示）",
            "summary": f"{NOTE}依据{S002}专栏21 无人系统概念验证中心：复合材料成型工装快速化制造、国产复合材料低成本工艺技术。",
            "problem": "无人机机体复合材料结构件成型周期长、工装成本高，需要低成本、快速的成型工艺。",
            "current_state": "小批量手工铺层，工装为金属模具。",
            "targets": "形成适合中小批量的快速成型工艺与模块化工装方案，并完成样件验证。",
            "budget_min": Decimal("50"),
            "budget_max": Decimal("120"),
            "cooperation_modes": [M.TECH_SERVICE, M.TRANSFER],
            "is_bottleneck": False,
            "confidential_details": "（演示保密内容）结构件图纸与载荷要求、现有工艺成本构成。",
            "new_city": NewCity.FENGXI,
        },
    ),
    (
        "enterprise",
        ("photovoltaic", "ai"),
        {
            "title": "光伏组件产线外观缺陷智能检测需求（演示）",
            "summary": f"{NOTE}依据{S002}专栏11 泾河双碳光伏产业园：推动光伏产业数字化、智能化发展。",
            "problem": "组件层压前后的隐裂、虚焊、异物等缺陷依赖人工复检，需要基于机器视觉的在线检测。",
            "current_state": "产线已配置EL检测设备，判定环节以人工为主。",
            "targets": "实现主要缺陷类型的在线自动判定，并可与产线制造执行系统对接。",
            "budget_min": Decimal("60"),
            "budget_max": Decimal("100"),
            "cooperation_modes": [M.JOINT_DEVELOPMENT, M.PAY_AFTER_USE],
            "is_bottleneck": False,
            "confidential_details": "（演示保密内容）产线节拍、缺陷样本图像的获取方式、现有误判率。",
            "new_city": NewCity.JINGHE,
        },
    ),
    (
        "enterprise",
        ("high-end-equipment",),
        {
            "title": "高档数控机床主轴热误差补偿技术需求（演示）",
            "summary": f"{NOTE}依据{S002}专栏12、专栏20：围绕高端装备智能化、数字化攻关，建设高档数控机床中试平台。",
            "problem": "连续加工时主轴热变形导致精度漂移，需要热误差建模与实时补偿方案。",
            "current_state": "已有温度采集点与数控系统二次开发接口。",
            "targets": "形成可在数控系统中运行的补偿模块，并在中试条件下验证精度保持效果。",
            "budget_min": Decimal("40"),
            "budget_max": Decimal("90"),
            "cooperation_modes": [M.JOINT_DEVELOPMENT, M.INVEST_THEN_EQUITY],
            "is_bottleneck": True,
            "confidential_details": "（演示保密内容）机床型号与数控系统版本、客户精度验收条款。",
            "new_city": "",
        },
    ),
]

INSTRUMENTS = [
    (
        "team",
        (),
        {
            "title": "场发射扫描电子显微镜（演示）",
            "summary": f"{NOTE}依据{S002}第六章第二节：以大型仪器设备共享实验中心为载体，提高仪器共享使用效率。",
            "category": "电子光学仪器",
            "services": "材料表面形貌观察、断口分析、能谱元素分析（如配置）。",
            "fee": "按机时收费，标准对接时确认（演示）",
        },
    ),
    (
        "team",
        (),
        {
            "title": "X射线衍射仪（演示）",
            "summary": f"{NOTE}依据{S002}专栏19：高校院所创新资源开放共享中心。",
            "category": "分析仪器",
            "services": "物相定性与定量分析、晶粒尺寸与残余应力测试。",
            "fee": "按样品收费，标准对接时确认（演示）",
        },
    ),
    (
        "team",
        ("hydrogen",),
        {
            "title": "燃料电池测试台（演示）",
            "summary": f"{NOTE}依据{S001}三（三）5①：秦创原氢能产业创新聚集区建设省级以上技术创新平台。",
            "category": "能源测试设备",
            "services": "单电池与短堆极化曲线、阻抗谱、耐久性测试。",
            "fee": "面议（演示）",
        },
    ),
    (
        "team",
        ("high-end-equipment",),
        {
            "title": "三坐标测量机（演示）",
            "summary": f"{NOTE}依据{S002}专栏20：陕西省高档数控机床技术中试平台。",
            "category": "计量仪器",
            "services": "零部件几何尺寸与形位公差检测、逆向测量。",
            "fee": "按机时收费，标准对接时确认（演示）",
        },
    ),
    (
        "team",
        (),
        {
            "title": "光纤激光加工验证平台（演示）",
            "summary": f"{NOTE}依据{S002}专栏21 先进激光概念验证中心：光子技术在切割、焊接、打标、熔覆等领域的技术验证。",
            "category": "激光加工设备",
            "services": "激光切割、焊接、熔覆工艺试验与参数摸索。",
            "fee": "面议（演示）",
        },
    ),
    (
        "team",
        ("biomedicine",),
        {
            "title": "高通量基因测序仪（演示）",
            "summary": f"{NOTE}依据{S002}专栏19 特种检验检测服务平台：基因检测等平台。",
            "category": "生命科学仪器",
            "services": "科研用途的基因组、转录组测序服务。",
            "fee": "按样本收费，标准对接时确认（演示）",
        },
    ),
]

# The documents name no experts in the library's sense; these are roles, not people.
EXPERTS = [
    ("team", ("hydrogen",), {"title": "示例专家（氢能方向）", "fields_of_work": "氢燃料电池、电解水制氢、储氢材料"}),
    ("team", ("photovoltaic",), {"title": "示例专家（光伏方向）", "fields_of_work": "晶硅电池工艺、组件可靠性"}),
    (
        "team",
        ("connected-vehicles",),
        {"title": "示例专家（智能网联汽车方向）", "fields_of_work": "环境感知、车路协同、决策控制"},
    ),
    ("team", ("drones",), {"title": "示例专家（无人系统方向）", "fields_of_work": "飞控、网络化测控、集群监控"}),
    ("team", ("ai",), {"title": "示例专家（人工智能方向）", "fields_of_work": "机器视觉、数据智能"}),
    (
        "team",
        ("biomedicine",),
        {"title": "示例专家（生物医药方向）", "fields_of_work": "生物检测试剂、基因药物、医疗器械"},
    ),
    (
        "team",
        ("high-end-equipment",),
        {"title": "示例专家（高端装备方向）", "fields_of_work": "数控装备、精密测量、智能制造"},
    ),
]
for _owner, _chains, _fields in EXPERTS:
    _fields.update(
        summary=f"{NOTE}示例专家为角色说明，不对应任何具体个人。",
        organisation_name="示例高校科研团队（演示）",
        professional_title="研究员（示例角色）",
        biography="演示用角色：说明专家库可记录的研究领域、成果与联系方式，并演示私人联系方式的保密规则。",
        private_email=f"expert-{_chains[0]}@demo.qcy",
    )

_FINANCE_CONDITIONS = "{basis}额度、利率与期限以合作金融机构审批为准（演示数据未填写）。"
FINANCIAL_PRODUCTS = [
    (
        "bank",
        (),
        {
            "title": "科技型企业研发贷（演示）",
            "product_type": FinancialProduct.ProductType.RD_LOAN,
            "conditions": _FINANCE_CONDITIONS.format(basis=f"依据{S001}三（五）1①：联合金融机构开发研发贷等金融产品。"),
        },
    ),
    (
        "bank",
        (),
        {
            "title": "科技成果转化成果贷（演示）",
            "product_type": FinancialProduct.ProductType.ACHIEVEMENT_LOAN,
            "conditions": _FINANCE_CONDITIONS.format(
                basis=f"依据{S001}三（五）1②：纳入科技成果转化企业“融资白名单”的企业可获主动授信、无还本续贷。"
            ),
        },
    ),
    (
        "bank",
        (),
        {
            "title": "高层次人才创业人才贷（演示）",
            "product_type": FinancialProduct.ProductType.TALENT_LOAN,
            "conditions": _FINANCE_CONDITIONS.format(basis=f"依据{S001}三（五）1①：人才贷。"),
        },
    ),
    (
        "bank",
        (),
        {
            "title": "知识产权质押融资（演示）",
            "product_type": FinancialProduct.ProductType.IP_PLEDGE,
            "conditions": _FINANCE_CONDITIONS.format(
                basis=f"依据{S001}三（五）1③：开展股权质押、知识产权质押和技术合同质押；{S002}第五章：开展知识产权质押融资业务。"
            ),
        },
    ),
    (
        "bank",
        (),
        {
            "title": "投贷联动融资方案（演示）",
            "product_type": FinancialProduct.ProductType.INVEST_LOAN,
            "conditions": _FINANCE_CONDITIONS.format(basis=f"依据{S001}三（五）1①：投贷联动。"),
        },
    ),
    (
        "bank",
        (),
        {
            "title": "投保联动融资方案（演示）",
            "product_type": FinancialProduct.ProductType.INVEST_INSURANCE,
            "conditions": _FINANCE_CONDITIONS.format(basis=f"依据{S001}三（五）1①：投保联动。"),
        },
    ),
]
for _owner, _chains, _fields in FINANCIAL_PRODUCTS:
    _fields.update(summary=f"{NOTE}产品类型取自{S001}科技金融提升行动。", institution_name="示例合作银行（演示）")

SCENARIOS = [
    (
        "enterprise",
        ("connected-vehicles",),
        {
            "title": "自动驾驶场景应用示范（演示）",
            "kind": Scenario.Kind.NEED,
            "place": "西咸新区·秦汉自动驾驶产业园",
            "new_city": NewCity.QINHAN,
            "summary": f"{NOTE}依据{S002}专栏11：秦汉自动驾驶产业园打造自动驾驶场景应用示范区。",
            "body": "征集园区接驳、物流配送等限定场景的自动驾驶解决方案，开展场景应用实测。",
        },
    ),
    (
        "enterprise",
        ("ai",),
        {
            "title": "人工智能智慧建管应用场景（演示）",
            "kind": Scenario.Kind.NEED,
            "place": "西咸新区·沣西人工智能产业园",
            "new_city": NewCity.FENGXI,
            "summary": f"{NOTE}依据{S002}专栏11：推动人工智能在智能交通、智能制造、智慧建管等领域形成应用场景。",
            "body": "征集工地安全识别、建设进度智能监测等人工智能应用方案。",
        },
    ),
    (
        "enterprise",
        ("photovoltaic",),
        {
            "title": "光伏产线数字化智能化改造场景（演示）",
            "kind": Scenario.Kind.NEED,
            "place": "西咸新区·泾河双碳光伏产业园",
            "new_city": NewCity.JINGHE,
            "summary": f"{NOTE}依据{S002}专栏11：推动光伏产业数字化、智能化发展。",
            "body": "征集产线数据采集、质量追溯与能耗优化方案。",
        },
    ),
    (
        "enterprise",
        ("hydrogen",),
        {
            "title": "氢燃料电池汽车示范应用场景（演示）",
            "kind": Scenario.Kind.NEED,
            "place": "泾河新城秦创原氢能产业创新聚集区",
            "new_city": NewCity.JINGHE,
            "summary": f"{NOTE}依据{S001}三（三）5①：依托泾河新城建设秦创原氢能产业创新聚集区；{S002}专栏23：氢燃料电池汽车。",
            "body": "征集区内物流、通勤等线路的氢燃料电池车辆示范运营与加氢保障方案。",
        },
    ),
    (
        "team",
        ("drones",),
        {
            "title": "无人机网络化测控与集群监控场景能力（演示）",
            "kind": Scenario.Kind.CAPABILITY,
            "place": "可在无人系统类场景中开展验证",
            "new_city": "",
            "summary": f"{NOTE}依据{S002}专栏21 无人系统概念验证中心：网络化测控和抗干扰抗截获技术、集群监控技术。",
            "body": "可提供无人机网络化测控与集群监控的技术可行性验证服务。",
        },
    ),
]

LIBRARY_SAMPLES = [
    (Demand, DEMANDS),
    (Instrument, INSTRUMENTS),
    (Expert, EXPERTS),
    (FinancialProduct, FINANCIAL_PRODUCTS),
    (Scenario, SCENARIOS),
]
