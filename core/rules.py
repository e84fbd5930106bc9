"""Explainable eligibility rules as data (DESIGN.md §2 "one rule mechanism").

A rule is a list of conditions, all of which must hold (AND). A condition is plain JSON, so rules
live in the database next to whatever owns them (a cultivation-pool tier, a policy clause, a
financial product, a voucher programme)::

    {"fact": "revenue", "op": ">=", "value": 2000}
    {"fact": "has_high_tech", "op": "is", "value": true}

Conditions may be combined into groups, nested as deep as needed (the list form above is the same
as ``{"all": [...]}``)::

    {"all": [cond, {"any": [cond, cond]}, {"not": cond}]}

Every condition is *met*, *not met* or *unknown* (the subject has no value for the fact: no
verified figure, say). Groups combine these in three-valued (Kleene) logic, the logic of SQL's
NULL: ``all`` is not met as soon as one part is not met, unknown if none is not met but one is
unknown; ``any`` is met as soon as one part is met; ``not`` turns met and not met round and keeps
unknown. A rule passes only when it is *met*; an unknown never counts as met, in either path.

A *fact set* names the facts one kind of subject offers (an enterprise's verified revenue for a
year, whether it holds a valid 高新技术企业 certificate ...). Each fact has

- ``sql(ctx)``: a query expression annotated onto the subject's queryset, so a rule is evaluated for
  every subject in one query (``filter_queryset``);
- ``value(obj, ctx)``: the same fact read for one subject in Python (``evaluate``), which also says
  why: one explanation line per condition ("营业收入 2,300 万元 ≥ 2,000 万元：满足").

Both paths treat a missing figure (NULL / None) as unknown, never met, so the bulk and the
per-subject answers agree; tests check that on the enterprise facts (``enterprises/tests/test_rules.py``)
and on nested groups (``fulfilment/tests/test_rules.py``). ``evaluate`` can also read the facts
from a plain dict (``values=``): a visitor's calculator answers from the few figures they typed.

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
# The lookup that is true exactly when the operator's test is false (for a known value), so that
# "not met" is a query of its own rather than a negation that SQL's NULL would blur.
INVERSE = {">=": "lt", ">": "lte", "<=": "gt", "<": "gte"}
MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
GROUPS = ("all", "any", "not")
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
    choices: dict = field(default_factory=dict)  # TEXT facts: stored value -> label shown


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
    status: str = ""  # MET / NOT_MET / UNKNOWN
    label: str = ""  # the condition in words, e.g. "研发费用占营业收入比例 ≥ 3 %"
    shown: str = ""  # the value compared, formatted, e.g. "2.1 %" or "无数据"
    negated: bool = False  # inside an odd number of "not" groups: the group wants it NOT met


@dataclass(frozen=True)
class RuleResult:
    passed: bool
    conditions: list[ConditionResult]  # every leaf condition, in the rule's order
    status: str = ""  # the whole rule: MET / NOT_MET / UNKNOWN
    # Leaves that, met on their own, would make the rule pass (the rule "almost" holds when this is
    # one leaf and the rule is not met); computed by ``evaluate``.
    near: tuple[int, ...] = ()

    @property
    def explanations(self) -> list[str]:
        return [c.explanation for c in self.conditions]

    @property
    def failed(self) -> list[ConditionResult]:
        return [c for c in self.conditions if not c.passed]

    @property
    def almost(self) -> bool:
        """Not met, but one condition away: exactly one leaf that, met, would make it pass."""
        return not self.passed and len(self.near) == 1


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


def _group(node) -> tuple[str, list] | None:
    """("all" | "any" | "not", parts) for a group node, None for a leaf condition."""
    if isinstance(node, list):
        return "all", node
    if isinstance(node, dict) and len(node) == 1 and next(iter(node)) in GROUPS:
        key = next(iter(node))
        return key, [node[key]] if key == "not" else node[key]
    return None


def leaves(rule) -> list[dict]:
    """Every leaf condition of a rule, in order."""
    group = _group(rule)
    if group is None:
        return [rule]
    return [leaf for part in group[1] for leaf in leaves(part)]


def validate(facts: FactSet, conditions) -> list[dict] | dict:
    """Check a rule's shape; returns it normalised or raises ValidationError naming the bad condition
    (numbered in reading order, groups not counted)."""
    if not isinstance(conditions, (list, dict)):
        raise ValidationError(_("规则必须是条件列表。"))
    counter = iter(range(1, 10_000))

    def clean(node, depth):
        if depth > 8:
            raise ValidationError(_("条件组嵌套过深（最多 8 层）。"))
        group = _group(node)
        if group is not None:
            key, parts = group
            if not isinstance(parts, list) or (key != "not" and not parts and depth > 0):
                raise ValidationError(_("条件组“%(g)s”必须包含条件。") % {"g": key})
            cleaned = [clean(part, depth + 1) for part in parts]
            if isinstance(node, list):
                return cleaned
            return {key: cleaned[0]} if key == "not" else {key: cleaned}
        index = next(counter)
        if not isinstance(node, dict) or node.get("fact") not in facts.facts:
            raise ValidationError(_("第 %(n)s 个条件的指标无效。") % {"n": index})
        if node.get("op") not in OPS:
            raise ValidationError(_("第 %(n)s 个条件的比较符无效。") % {"n": index})
        fact = facts.facts[node["fact"]]
        value = node.get("value")
        if node["op"] == "in":
            if not isinstance(value, list) or not value:
                raise ValidationError(_("第 %(n)s 个条件的取值必须是非空列表。") % {"n": index})
            if fact.kind == NUMBER and not all(isinstance(_number(v), Decimal) for v in value):
                raise ValidationError(_("第 %(n)s 个条件的取值必须是数字。") % {"n": index})
        elif fact.kind == NUMBER and not isinstance(_number(value), Decimal):
            raise ValidationError(_("第 %(n)s 个条件的取值必须是数字。") % {"n": index})
        elif fact.kind == BOOLEAN and node["op"] != "is":
            raise ValidationError(_("第 %(n)s 个条件（是/否指标）只能用“是”比较。") % {"n": index})
        elif fact.kind == BOOLEAN and not isinstance(value, bool):
            raise ValidationError(_("第 %(n)s 个条件的取值必须是“是”或“否”。") % {"n": index})
        elif fact.kind == TEXT and node["op"] not in ("==", "in"):
            raise ValidationError(_("第 %(n)s 个条件（文字指标）只能用“=”或“∈”比较。") % {"n": index})
        return {"fact": node["fact"], "op": node["op"], "value": value}

    return clean(conditions, 0)


def _fmt(value, fact: Fact) -> str:
    if value is None:
        return str(_("无数据"))
    if fact.kind == BOOLEAN:
        return str(_("是")) if value else str(_("否"))
    if isinstance(value, (list, tuple)):
        return "、".join(_fmt(_number(v) if fact.kind == NUMBER else v, fact) for v in value)
    if fact.choices and str(value) in fact.choices:
        return str(fact.choices[str(value)])
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
    value = cond["value"]
    if fact.kind == NUMBER:
        value = [_number(v) for v in value] if isinstance(value, list) else _number(value)
    return f"{fact.label} {OPS[cond['op']][2]} {_fmt(value, fact)}"


def _combine(key: str, statuses: list[str]) -> str:
    if key == "not":
        return {MET: NOT_MET, NOT_MET: MET}.get(statuses[0], UNKNOWN)
    win, lose = (NOT_MET, MET) if key == "all" else (MET, NOT_MET)
    if win in statuses:
        return win
    return UNKNOWN if UNKNOWN in statuses else lose


def _status(rule, leaf_status: list[str]) -> str:
    """The rule's status from its leaves' statuses (consumed in order)."""
    position = iter(range(len(leaf_status)))

    def walk(node):
        group = _group(node)
        if group is None:
            return leaf_status[next(position)]
        key, parts = group
        return _combine(key, [walk(part) for part in parts])

    return walk(rule)


def _leaf(facts: FactSet, cond: dict, obj, ctx: dict, values: dict | None, negated: bool) -> ConditionResult:
    fact = facts.facts[cond["fact"]]
    actual = values.get(cond["fact"]) if values is not None else fact.value(obj, ctx)
    _lookup, test, _symbol = OPS[cond["op"]]
    target = (
        cond["value"]
        if fact.kind != NUMBER
        else ([_number(v) for v in cond["value"]] if cond["op"] == "in" else _number(cond["value"]))
    )
    if actual is None:
        status = UNKNOWN
    else:
        status = MET if test(_number(actual) if fact.kind == NUMBER else actual, target) else NOT_MET
    verdict = {MET: _("满足"), NOT_MET: _("不满足"), UNKNOWN: _("未知（缺少数据）")}[status]
    label, shown = describe(facts, cond), _fmt(actual, fact)
    explanation = _("%(rule)s（实际：%(actual)s）：%(verdict)s") % {"rule": label, "actual": shown, "verdict": verdict}
    return ConditionResult(cond, status == MET, actual, explanation, status, label, shown, negated)


def evaluate(facts: FactSet, conditions, obj, ctx: dict, *, values: dict | None = None) -> RuleResult:
    """Evaluate a rule for one subject; every leaf condition gets its status and explanation line.

    ``values`` (fact code -> value) replaces the fact readers: a visitor's typed-in figures; a fact
    missing from it is unknown."""
    results: list[ConditionResult] = []

    def walk(node, negated):
        group = _group(node)
        if group is None:
            results.append(_leaf(facts, node, obj, ctx, values, negated))
            return
        key, parts = group
        for part in parts:
            walk(part, negated ^ (key == "not"))

    walk(conditions, False)
    statuses = [r.status for r in results]
    status = _status(conditions, statuses) if results else MET
    near = ()
    if status != MET:
        # A leaf is "near" when switching it alone to the state its group wants passes the rule.
        near = tuple(
            i
            for i, r in enumerate(results)
            if r.status != (NOT_MET if r.negated else MET)
            and _status(conditions, statuses[:i] + [NOT_MET if r.negated else MET] + statuses[i + 1 :]) == MET
        )
    return RuleResult(status == MET, results, status, near)


def annotate(facts: FactSet, queryset, codes, ctx: dict):
    """Annotate ``fact__<code>`` for each fact code onto the queryset."""
    return queryset.annotate(**{f"fact__{code}": facts.facts[code].sql(ctx) for code in dict.fromkeys(codes)})


def _leaf_q(facts: FactSet, cond: dict, met: bool) -> Q:
    fact = facts.facts[cond["fact"]]
    lookup = OPS[cond["op"]][0]
    value = cond["value"]
    if fact.kind == NUMBER:
        value = [_number(v) for v in value] if cond["op"] == "in" else _number(value)
    elif fact.kind == BOOLEAN:
        value = bool(value)
    known = Q(**{f"fact__{cond['fact']}__isnull": False})
    if met:
        return Q(**{f"fact__{cond['fact']}__{lookup}": value}) & known
    if cond["op"] in INVERSE:
        return Q(**{f"fact__{cond['fact']}__{INVERSE[cond['op']]}": value}) & known
    return ~Q(**{f"fact__{cond['fact']}__{lookup}": value}) & known


def to_q(facts: FactSet, conditions, *, met: bool = True) -> Q:
    """The subjects for which the rule is met (``met=True``) or definitely not met (``met=False``);
    the unknown are in neither, as in ``evaluate``."""
    group = _group(conditions)
    if group is None:
        return _leaf_q(facts, conditions, met)
    key, parts = group
    if key == "not":
        return to_q(facts, parts[0], met=not met)
    qs = [to_q(facts, part, met=met) for part in parts]
    if not qs:
        return Q() if (key == "all") == met else Q(pk__in=[])
    combined = qs[0]
    for q in qs[1:]:
        # all met = every part met; all not met = some part not met; "any" the other way round.
        combined = (combined & q) if (key == "all") == met else (combined | q)
    return combined


def filter_queryset(facts: FactSet, conditions, queryset, ctx: dict, *, negate: bool = False):
    """Subjects for which the rule is met (or, with ``negate``, not met or unknown), in one query."""
    annotated = annotate(facts, queryset, [c["fact"] for c in leaves(conditions)], ctx)
    q = to_q(facts, conditions)
    return annotated.exclude(q) if negate else annotated.filter(q)


def bulk_status(facts: FactSet, conditions, queryset, ctx: dict) -> dict:
    """{pk: MET | NOT_MET | UNKNOWN} for every subject of the queryset, in two queries (the met and
    the definitely-not-met; the rest is unknown): the bulk twin of ``evaluate(...).status``."""
    annotated = annotate(facts, queryset, [c["fact"] for c in leaves(conditions)], ctx)
    met = set(annotated.filter(to_q(facts, conditions)).values_list("pk", flat=True))
    not_met = set(annotated.filter(to_q(facts, conditions, met=False)).values_list("pk", flat=True))
    return {
        pk: MET if pk in met else NOT_MET if pk in not_met else UNKNOWN for pk in queryset.values_list("pk", flat=True)
    }
