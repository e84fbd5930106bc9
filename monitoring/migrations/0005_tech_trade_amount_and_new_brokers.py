"""Issue 16: the two turnover measures. The plan indicator ``tech_contract_turnover`` (its targets:
seed 001 二、发展目标 “技术合同交易额突破500亿元”; seed 002 表1 “技术合同交易额｜亿元｜2020年 80｜2025年 230”)
is computed as 合同成交额 (the registered contracts' total amount, as the statistics bulletins report it);
技术交易额 (the technology part) becomes its own computed indicator without a target. Also the count of
newly registered brokers with seed 001's target (三（一）2⑤ “三年内新增不少于 70名科技经纪人”)."""

from decimal import Decimal

from django.db import migrations

TURNOVER_DEFINITION = (
    "合同成交额：经认定登记的技术合同的合同总额（含非技术部分），按登记日期计入期间，按期末合同状态计"
    "（解除的自解除生效日起不计，变更的自变更生效日起按新金额）。规划所称“技术合同交易额”按统计公报惯例指此口径。"
)
TRADE_DEFINITION = (
    "技术交易额：登记合同成交额中的技术部分（扣除设备、原材料等非技术性费用，以登记机构核定金额为准），"
    "口径同技术合同成交额。无规划目标。"
)


def load(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    Target = apps.get_model("monitoring", "Target")
    PlanDocument = apps.get_model("monitoring", "PlanDocument")
    Indicator.objects.filter(code="tech_contract_turnover").update(definition=TURNOVER_DEFINITION)
    order = (Indicator.objects.filter(code="tech_contract_turnover").values_list("order", flat=True).first() or 30) + 1
    Indicator.objects.update_or_create(
        code="tech_trade_amount",
        defaults={"name": "技术交易额", "unit": "亿元", "source": "computed", "metric_code": "tech_trade_amount",
                  "aggregation": "flow", "definition": TRADE_DEFINITION, "order": order},
    )
    brokers, _ = Indicator.objects.update_or_create(
        code="new_brokers",
        defaults={"name": "新增科技经纪人数", "unit": "名", "source": "computed", "metric_code": "new_brokers",
                  "aggregation": "flow", "definition": "统计期内新入册的技术（科技）经纪人。", "order": 999},
    )
    plan = PlanDocument.objects.filter(code="action-2024-2026").first()
    if plan is not None:
        Target.objects.update_or_create(
            indicator=brokers, plan=plan, year=2026,
            defaults={"section": "三（一）2⑤", "value": Decimal("70"), "comparator": "不少于",
                      "quote": "三年内新增不少于 70名科技经纪人"},
        )


def unload(apps, schema_editor):
    apps.get_model("monitoring", "Indicator").objects.filter(code__in=["tech_trade_amount", "new_brokers"]).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_parks")]
    operations = [migrations.RunPython(load, unload)]
