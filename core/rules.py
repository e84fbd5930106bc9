"""Explainable eligibility rules as data (DESIGN.md §2 "one rule mechanism").

A rule is a list of conditions, all of which must hold (AND). A condition is plain JSON, so rules
live in the database next to whatever owns them (a cultivation-pool tier, a policy clause, a
financial product, a voucher programme)::

    {"fact": "revenue", "op": ">=", "value": 2000}
    {"fact": "has_high_tech", "op": "is", "value": true}

A *fact set* names the facts one kind of subject offers (an enterprise's verified revenue for a
year, whether it holds a valid 高新技术企业 certificate ...). Each fact has

- ``sql(ctx)``: a query expression annotated onto the subject's queryset, so a rule is evaluated for
  every subject in one query (``filter_queryset``);
- ``value(obj, ctx)``: the same fact read for one subject in Python (``evaluate``), which also says
  why: one explanation line per condition ("营业收入 2,300 万元 ≥ 2,000 万元：满足").

Both paths treat a missing figure (NULL / None) as not meeting the condition, so the bulk and the
per-subject answers agree; a test checks that on the enterprise facts.

Higher apps register their fact sets here (``register_fact_set``); this module imports none of them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

# Operator -> (Django lookup, Python test, symbol shown in explanations).
OPS: dict[str, tuple[str, Callable, str]] = {
    ">=": ("gte", lambda a, b: a >= b, "≥"),
    ">": ("gt", lambda a, b: a > b, ">"),
    "<=": ("lte", lambda a, b: a <= b, "≤"),
    "<": ("lt", lambda a, b: a < b, "<"),
    "==": ("exact", lambda a, b: a == b, "="),
    "is": ("exact", lambda a, b: bool(a) == bool(b), "="),
    "in": ("in", lambda a, b: a in b, "∈"),
}
NUMBER, BOOLEAN, TEXT = "number", "boolean", "text"


@dataclass(frozen=True)
class Fact:
    code: str
    label: str
    sql: Callable  # (ctx) -> query expression annotated as the fact's value
    value: Callable  # (obj, ctx) -> value or None
    kind: str = NUMBER
    unit: str = ""
    description: str = ""


@dataclass
class FactSet:
    code: str
    label: str
    facts: dict[str, Fact] = field(default_factory=dict)

    def add(self, fact: Fact) -> None:
        self.facts[fact.code] = fact


@dataclass(frozen=True)
class ConditionResult:
    condition: dict
    passed: bool
    actual: object
    explanation: str


@dataclass(frozen=True)
class RuleResult:
    passed: bool
    conditions: list[ConditionResult]

    @property
    def explanations(self) -> list[str]:
        return [c.explanation for c in self.conditions]

    @property
    def failed(self) -> list[ConditionResult]:
        return [c for c in self.conditions if not c.passed]


_FACT_SETS: dict[str, FactSet] = {}


def register_fact_set(fact_set: FactSet) -> FactSet:
    _FACT_SETS[fact_set.code] = fact_set
    return fact_set


def fact_set(code: str) -> FactSet:
    return _FACT_SETS[code]


def _number(value):
    if isinstance(value, bool) or value is None:
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value


def validate(facts: FactSet, conditions) -> list[dict]:
    """Check a rule's shape; returns it normalised or raises ValidationError naming the bad condition."""
    if not isinstance(conditions, list):
        raise ValidationError(_("规则必须是条件列表。"))
    clean = []
    for index, cond in enumerate(conditions, start=1):
        if not isinstance(cond, dict) or cond.get("fact") not in facts.facts:
            raise ValidationError(_("第 %(n)s 个条件的指标无效。") % {"n": index})
        if cond.get("op") not in OPS:
            raise ValidationError(_("第 %(n)s 个条件的比较符无效。") % {"n": index})
        fact = facts.facts[cond["fact"]]
        value = cond.get("value")
        if fact.kind == NUMBER and cond["op"] != "in" and not isinstance(_number(value), Decimal):
            raise ValidationError(_("第 %(n)s 个条件的取值必须是数字。") % {"n": index})
        clean.append({"fact": cond["fact"], "op": cond["op"], "value": value})
    return clean


def _fmt(value, fact: Fact) -> str:
    if value is None:
        return str(_("无数据"))
    if fact.kind == BOOLEAN:
        return str(_("是")) if value else str(_("否"))
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value)).quantize(Decimal("0.01")).normalize()
        text = f"{number:,f}" if number == number.to_integral() else f"{number:,}"
        return f"{text} {fact.unit}".strip()
    return str(value)


def describe(facts: FactSet, cond: dict) -> str:
    """The condition in words, e.g. "营业收入 ≥ 2,000 万元"."""
    fact = facts.facts[cond["fact"]]
    if fact.kind == BOOLEAN:
        return str(fact.label) if cond["value"] else _("非%(label)s") % {"label": fact.label}
    return f"{fact.label} {OPS[cond['op']][2]} {_fmt(_number(cond['value']), fact)}"


def evaluate(facts: FactSet, conditions: list[dict], obj, ctx: dict) -> RuleResult:
    """Evaluate a rule for one subject; every condition gets its explanation line."""
    results = []
    for cond in conditions:
        fact = facts.facts[cond["fact"]]
        actual = fact.value(obj, ctx)
        lookup, test, _symbol = OPS[cond["op"]]
        target = (
            cond["value"]
            if fact.kind != NUMBER
            else ([_number(v) for v in cond["value"]] if cond["op"] == "in" else _number(cond["value"]))
        )
        passed = actual is not None and bool(test(_number(actual) if fact.kind == NUMBER else actual, target))
        verdict = _("满足") if passed else _("不满足")
        explanation = _("%(rule)s（实际：%(actual)s）：%(verdict)s") % {
            "rule": describe(facts, cond),
            "actual": _fmt(actual, fact),
            "verdict": verdict,
        }
        results.append(ConditionResult(cond, passed, actual, explanation))
    return RuleResult(all(r.passed for r in results), results)


def annotate(facts: FactSet, queryset, codes, ctx: dict):
    """Annotate ``fact__<code>`` for each fact code onto the queryset."""
    return queryset.annotate(**{f"fact__{code}": facts.facts[code].sql(ctx) for code in dict.fromkeys(codes)})


def to_q(facts: FactSet, conditions: list[dict]) -> Q:
    q = Q()
    for cond in conditions:
        fact = facts.facts[cond["fact"]]
        lookup = OPS[cond["op"]][0]
        value = cond["value"]
        if fact.kind == NUMBER:
            value = [_number(v) for v in value] if cond["op"] == "in" else _number(value)
        elif fact.kind == BOOLEAN:
            value = bool(value)
        q &= Q(**{f"fact__{cond['fact']}__{lookup}": value}) & Q(**{f"fact__{cond['fact']}__isnull": False})
    return q


def filter_queryset(facts: FactSet, conditions: list[dict], queryset, ctx: dict, *, negate: bool = False):
    """Subjects meeting every condition (or, with ``negate``, failing at least one), in one query."""
    annotated = annotate(facts, queryset, [c["fact"] for c in conditions], ctx)
    q = to_q(facts, conditions)
    return annotated.exclude(q) if negate else annotated.filter(q)
