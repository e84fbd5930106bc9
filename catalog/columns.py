"""Spreadsheet columns of each library, shared by import, export and the downloadable template.

Each column has a Chinese header (what operators see), the model field it fills, and a parser
that turns a cell into a value or raises ValueError with a Chinese message.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from core import tabular
from core.patent_numbers import parse_patent_numbers
from core.text import clean, header_key
from reference.models import CooperationMode, IndustryChain, NewCity, Region

from .models import Achievement, Demand, Expert, FinancialProduct, Instrument, Policy, Scenario


def _text(value) -> str:
    return "" if value is None else clean(value)


def parse_text(value):
    if isinstance(value, float):  # a number typed into a text column: 13800000000 stays whole
        value = int(value) if value.is_integer() else value
    return _text(value)


# Amounts in 万元: a cell may say "50万元" (the column's unit) or "500000元" (converted).
parse_amount = partial(tabular.parse_amount, unit="万元")
parse_percent = partial(tabular.parse_number, minimum=0, maximum=100)
parse_int = partial(tabular.parse_integer, minimum=0, maximum=32767)
parse_trl = partial(tabular.parse_integer, minimum=1, maximum=9)
parse_date = tabular.parse_date


def parse_bool(value):
    return tabular.parse_bool(value)


def parse_patent_list(value):
    """Related patent numbers as written (spaces, hyphens, full width, several per cell) → the
    canonical numbers joined by "、" (core.patent_numbers)."""
    text = _text(value)
    if not text:
        return ""
    numbers = parse_patent_numbers(text)
    if not numbers:
        raise ValueError(f"“{text}”中没有可识别的专利号（应如 CN114081026A 或 201710601862.3）")
    return "、".join(n.number for n in numbers)


def choice_parser(choices) -> Callable:
    by_label = {str(label): value for value, label in choices}
    by_key = {header_key(str(label)): value for value, label in choices} | {
        header_key(value): value for value, _label in choices
    }

    def parse(value):
        text = _text(value)
        if not text:
            return ""
        if header_key(text) in by_key:
            return by_key[header_key(text)]
        raise ValueError(f"“{text}”不是有效选项，可选：{'、'.join(by_label)}")

    return parse


def multi_choice_parser(choices) -> Callable:
    single = choice_parser(choices)

    def parse(value):
        text = _text(value)
        return [single(p) for p in tabular.split_list(text, "、,，;；")]

    return parse


def _split_names(value) -> list[str]:
    return tabular.split_list(value, "、,，;；")


def parse_chains(value):
    names = _split_names(value)
    if not names:
        return []
    found = {c.name: c for c in IndustryChain.objects.filter(name__in=names)}
    missing = [n for n in names if n not in found]
    if missing:
        raise ValueError(f"未知的产业链：{'、'.join(missing)}")
    return [found[n] for n in names]


def _region_parser(level):
    def parse(value):
        text = _text(value)
        if not text:
            return None
        region = (
            Region.objects.filter(level=level).filter(code=text).first()
            or Region.objects.filter(level=level, name=text).first()
        )
        if region is None:
            raise ValueError(f"未知的{'地市' if level == 'prefecture' else '区县'}：“{text}”")
        return region

    return parse


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Callable = parse_text
    required: bool = False
    m2m: bool = False

    def export(self, record):
        value = getattr(record, self.field)
        if self.m2m:
            return "、".join(obj.name for obj in value.all())
        if self.field in ("prefecture", "county"):
            return value.name if value else ""
        if isinstance(value, list):
            field = record._meta.get_field(self.field)
            return "、".join(field.get_choices_labels(value))
        display = getattr(record, f"get_{self.field}_display", None)
        if display and value:
            return display()
        if isinstance(value, bool):
            return "是" if value else "否"
        return "" if value is None else value


COMMON_HEAD = [Column("标题", "title", required=True), Column("摘要", "summary")]
COMMON_TAIL = [
    Column("详细介绍", "body"),
    Column("产业链", "industry_chains", parse_chains, m2m=True),
    Column("地市", "prefecture", _region_parser("prefecture")),
    Column("区县", "county", _region_parser("county")),
    Column("新城", "new_city", choice_parser(NewCity.choices)),
    Column("联系人", "contact_name"),
    Column("联系电话", "contact_phone"),
    Column("联系邮箱", "contact_email"),
]

COLUMNS: dict[type, list[Column]] = {
    Achievement: COMMON_HEAD
    + [
        Column("技术领域", "field"),
        Column("关键词", "keywords"),
        Column("技术成熟度TRL", "trl", parse_trl),
        Column("成熟阶段", "stage", choice_parser(Achievement.Stage.choices)),
        Column("合作方式", "cooperation_modes", multi_choice_parser(CooperationMode.choices)),
        Column("意向价格（万元）", "asking_price", parse_amount),
        Column("相关专利号", "patent_numbers", parse_patent_list),
        Column("成果团队", "team_name"),
        Column("职务科技成果", "is_service_invention", parse_bool),
    ]
    + COMMON_TAIL,
    Demand: COMMON_HEAD
    + [
        Column("技术问题", "problem", required=True),
        Column("现状", "current_state"),
        Column("期望指标", "targets"),
        Column("预算下限（万元）", "budget_min", parse_amount),
        Column("预算上限（万元）", "budget_max", parse_amount),
        Column("期望完成日期", "deadline", parse_date),
        Column("期望合作方式", "cooperation_modes", multi_choice_parser(CooperationMode.choices)),
        Column("卡脖子", "is_bottleneck", parse_bool),
        Column("保密细节", "confidential_details"),
    ]
    + COMMON_TAIL,
    Instrument: COMMON_HEAD
    + [
        Column("型号", "model_number"),
        Column("生产厂家", "manufacturer"),
        Column("仪器类别", "category"),
        Column("放置地点", "location"),
        Column("可提供服务", "services"),
        Column("收费标准", "fee"),
        Column("设备状态", "state", choice_parser(Instrument.State.choices)),
    ]
    + COMMON_TAIL,
    Policy: COMMON_HEAD
    + [
        Column("发文机关", "issuer", required=True),
        Column("文号", "document_number"),
        Column("层级", "level", choice_parser(Policy.Level.choices), required=True),
        Column("发布日期", "issued_on", parse_date),
        Column("生效日期", "effective_from", parse_date),
        Column("截止日期", "effective_to", parse_date),
    ]
    + COMMON_TAIL,
    Expert: COMMON_HEAD
    + [
        Column("工作单位", "organisation_name"),
        Column("职称职务", "professional_title"),
        Column("研究领域", "fields_of_work"),
        Column("个人简介", "biography"),
        Column("主要成果", "record"),
        Column("私人电话", "private_phone"),
        Column("私人邮箱", "private_email"),
    ]
    + COMMON_TAIL,
    FinancialProduct: COMMON_HEAD
    + [
        Column("金融机构", "institution_name"),
        Column("产品类型", "product_type", choice_parser(FinancialProduct.ProductType.choices), required=True),
        Column("额度下限（万元）", "amount_min", parse_amount),
        Column("额度上限（万元）", "amount_max", parse_amount),
        Column("年利率下限（%）", "rate_min", parse_percent),
        Column("年利率上限（%）", "rate_max", parse_percent),
        Column("期限下限（月）", "term_min_months", parse_int),
        Column("期限上限（月）", "term_max_months", parse_int),
        Column("申请条件", "conditions"),
    ]
    + COMMON_TAIL,
    Scenario: COMMON_HEAD
    + [
        Column("类型", "kind", choice_parser(Scenario.Kind.choices), required=True),
        Column("应用场所", "place"),
    ]
    + COMMON_TAIL,
}
