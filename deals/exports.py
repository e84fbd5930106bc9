"""The contract register in the registry's column layout (XLSX, via core.xlsx) for the operator's
upload to the provincial system, and the monthly statistics workbook (both measures, by dimension).

Columns follow the fields of the technology-contract registration form (技术合同登记表) as the
registration system lists them: number, date, name, type and subtype, technical field, IP type,
seller and buyer (name, credit code, legal type, region), signing date and validity, 合同成交额,
技术交易额 (as 核定), each party's technology income, payment mode, amount received, subject summary,
state. Amounts in 万元, as in force on the export date (变更 applied; 解除 shown in the state column).
"""

import datetime as dt

from django.utils.translation import gettext as _

from core.xlsx import Sheet, workbook_bytes

from . import statistics
from .models import Contract

REGISTER_HEADERS = [
    "登记编号", "登记日期", "合同名称", "合同类型", "合同子类", "技术领域", "知识产权类型",
    "卖方名称", "卖方统一社会信用代码", "卖方法人类型", "卖方所在地区",
    "买方名称", "买方统一社会信用代码", "买方法人类型", "买方所在地区",
    "签订日期", "有效期起", "有效期止", "合同成交额（万元）", "技术交易额（万元）",
    "卖方技术性收入（万元）", "买方技术性收入（万元）", "支付方式", "已收款（万元）", "标的技术内容摘要", "登记状态",
]  # fmt: skip


def register_rows(start: dt.date, end: dt.date, as_of: dt.date):
    from django.db.models import Sum

    base = Contract.objects.filter(registration_number__isnull=False, registered_on__gte=start, registered_on__lte=end)
    amounts = {c.pk: (c.eff_total, c.eff_tech) for c in statistics.registered(start, end, as_of).only("id")}
    received = dict(
        base.filter(instalments__paid_on__isnull=False)
        .values("pk")
        .annotate(s=Sum("instalments__paid_amount"))
        .values_list("pk", "s")
    )
    contracts = base.select_related("deal__supply_org", "deal__demand_org", "supply_region", "demand_region").order_by(
        "registration_number"
    )
    for c in contracts:
        total, tech = amounts.get(c.pk, (c.total_amount, c.registered_tech_amount))
        yield [
            c.registration_number, c.registered_on, c.title, c.get_contract_type_display(), c.get_subtype_display(),
            c.get_tech_field_display(), c.get_ip_type_display(),
            c.deal.supply_org.name, c.supply_credit_code, c.get_supply_legal_type_display(), str(c.supply_region or ""),
            c.deal.demand_org.name, c.demand_credit_code, c.get_demand_legal_type_display(), str(c.demand_region or ""),
            c.signed_on, c.valid_from, c.valid_until, total, tech,
            c.supply_tech_income, c.demand_tech_income, c.get_payment_mode_display(), received.get(c.pk),
            c.subject_summary, c.get_reg_status_display(),
        ]  # fmt: skip


def workbook(start: dt.date, end: dt.date, as_of: dt.date) -> bytes:
    summary = statistics.summary("month", start, end, as_of)
    stat_rows = [[_("合计"), "", summary["totals"]["count"], summary["totals"]["total_amount"],
                  summary["totals"]["tech_amount"]]]  # fmt: skip
    for by, rows in summary["breakdowns"].items():
        for label, v in rows.items():
            stat_rows.append([by, label, v["count"], v["total_amount"], v["tech_amount"]])
    return workbook_bytes(
        [
            Sheet(_("合同登记表"), REGISTER_HEADERS, register_rows(start, end, as_of), widths=[18, 12, 30]),
            Sheet(
                _("月度统计"),
                [_("维度"), _("分组"), _("合同数（项）"), _("合同成交额（万元）"), _("技术交易额（万元）")],
                stat_rows,
                widths=[16, 24, 12, 16, 16],
            ),
        ]
    )
