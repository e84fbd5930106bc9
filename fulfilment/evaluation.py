"""Eligibility of enterprises for clauses: one rule mechanism (``core.rules``), two paths.

- per enterprise, in Python (``evaluate_clause``): the calculator's answer with one line per
  condition (met / not met / unknown and the value compared);
- over every enterprise, in SQL (``eligible_queryset``): 免申即享 runs and the per-clause
  evaluation page. ``tests/test_rules.py`` checks both give the same answer on the same data.

Facts are the "enterprise" fact set of ``enterprises/facts.py`` for a year (verified figures only).
A visitor's calculator reads the same rules from the few figures typed in (``visitor_values``).
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils import timezone

from catalog.models import Policy, PolicyClause, Status
from core.rules import MET, RuleResult, evaluate, filter_queryset
from enterprises.facts import ENTERPRISE, context
from enterprises.models import EnterpriseProfile

from .models import ClauseTerms, RuleVersion

QUALIFIES, ALMOST, NOT = "qualifies", "almost", "not"


def default_year() -> int:
    """Figures of the last complete year."""
    return timezone.localdate().year - 1


def population():
    """Enterprises a 免申即享 run considers: verified organisations with a profile."""
    return EnterpriseProfile.objects.filter(organisation__verification_status="verified")


def profile_with_facts(profile_qs=None):
    return (
        (EnterpriseProfile.objects.all() if profile_qs is None else profile_qs)
        .select_related("organisation")
        .prefetch_related("reports", "qualifications")
    )


def active_terms(subject=PolicyClause.Subject.ENTERPRISE):
    """Terms of published policies' clauses for one kind of subject, with their rules."""
    return (
        ClauseTerms.objects.filter(
            is_active=True, clause__subject_kind=subject, clause__policy__status=Status.PUBLISHED
        )
        .select_related("clause__policy")
        .prefetch_related(Prefetch("rules", queryset=RuleVersion.objects.order_by("-version")))
        .order_by("clause__policy__level", "department", "clause__policy_id", "clause__order")
    )


def amount_for(terms: ClauseTerms, values_or_profile, ctx: dict) -> Decimal:
    """Expected amount in 万元: the fixed amount, or share % of the base fact, capped."""
    if terms.share is not None and terms.base_fact in ENTERPRISE.facts:
        if isinstance(values_or_profile, dict):
            base = values_or_profile.get(terms.base_fact)
        else:
            base = ENTERPRISE.facts[terms.base_fact].value(values_or_profile, ctx)
        if base is None:
            return Decimal(0)
        value = Decimal(str(base)) * terms.share / 100
        if terms.cap is not None:
            value = min(value, terms.cap)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return terms.amount or Decimal(0)


@dataclass
class ClauseAnswer:
    terms: ClauseTerms
    result: RuleResult | None
    verdict: str  # QUALIFIES / ALMOST / NOT
    amount: Decimal
    rule: RuleVersion | None

    @property
    def missing(self):
        """The one condition an "almost" answer lacks."""
        if self.result and self.result.almost:
            return self.result.conditions[self.result.near[0]]
        return None

    def as_dict(self) -> dict:
        return {
            "clause": self.terms.clause_id,
            "title": self.terms.clause.title,
            "policy": self.terms.clause.policy.title,
            "level": self.terms.clause.policy.level,
            "department": self.terms.department,
            "mode": self.terms.mode,
            "verdict": self.verdict,
            "amount": str(self.amount),
            "rule_version": self.rule.version if self.rule else None,
            "conditions": [
                {
                    "condition": c.label,
                    "status": c.status,
                    "value": c.shown,
                    "negated": c.negated,
                    "explanation": c.explanation,
                }
                for c in (self.result.conditions if self.result else [])
            ],
        }


def _answer(terms, subject, ctx, values=None) -> ClauseAnswer:
    rule = terms.rule
    if rule is None:
        return ClauseAnswer(terms, None, NOT, Decimal(0), None)
    result = evaluate(ENTERPRISE, rule.conditions, subject, ctx, values=values)
    verdict = QUALIFIES if result.passed else ALMOST if result.almost else NOT
    amount = amount_for(terms, values if values is not None else subject, ctx)
    return ClauseAnswer(terms, result, verdict, amount, rule)


def evaluate_clause(terms: ClauseTerms, profile: EnterpriseProfile, year: int) -> ClauseAnswer:
    return _answer(terms, profile, context(year))


def eligible_queryset(terms: ClauseTerms, year: int, rule: RuleVersion | None = None, queryset=None):
    """Enterprises meeting the clause's rule for the year, in one query (none when no rule)."""
    rule = rule or terms.rule
    queryset = population() if queryset is None else queryset
    if rule is None:
        return queryset.none()
    return filter_queryset(ENTERPRISE, rule.conditions, queryset, context(year))


@dataclass
class Calculation:
    year: int
    answers: list[ClauseAnswer] = field(default_factory=list)

    def by(self, verdict):
        return [a for a in self.answers if a.verdict == verdict]

    @property
    def total(self) -> Decimal:
        return sum((a.amount for a in self.by(QUALIFIES)), Decimal(0))

    def groups(self, verdicts=(QUALIFIES, ALMOST)) -> list[dict]:
        """Answers grouped by policy level then department: [{level, department, answers, total}]."""
        levels = dict(Policy.Level.choices)
        out: dict[tuple, dict] = {}
        for a in self.answers:
            if a.verdict not in verdicts:
                continue
            key = (a.terms.clause.policy.level, a.terms.department)
            group = out.setdefault(
                key, {"level": levels.get(key[0], key[0]), "department": key[1], "answers": [], "total": Decimal(0)}
            )
            group["answers"].append(a)
            if a.verdict == QUALIFIES:
                group["total"] += a.amount
        return list(out.values())


def calculate(profile: EnterpriseProfile, year: int | None = None) -> Calculation:
    """Every active enterprise clause for one enterprise (the calculator)."""
    year = year or default_year()
    profile = profile_with_facts(EnterpriseProfile.objects.filter(pk=profile.pk)).get()
    ctx = context(year)
    return Calculation(year, [_answer(t, profile, ctx) for t in active_terms()])


# --- A visitor's calculator: a few typed-in facts ----------------------------------------------

VISITOR_FIGURES = ("revenue", "rd_expenditure", "staff", "rd_staff", "invention_patents")
VISITOR_FLAGS = ("has_tech_sme", "has_high_tech", "has_srdi_sme", "has_little_giant")


def visitor_values(data: dict) -> dict:
    """Fact values from a visitor's form (cleaned data); ratios derived as the fact set does.
    Flags not ticked count as "否"; figures left empty are unknown."""
    values = {k: data.get(k) for k in VISITOR_FIGURES if data.get(k) is not None}
    for flag in VISITOR_FLAGS:
        values[flag] = bool(data.get(flag))
    if data.get("new_city"):
        values["new_city"] = data["new_city"]
    if values.get("rd_expenditure") is not None and values.get("revenue"):
        values["rd_ratio"] = round(float(values["rd_expenditure"]) * 100 / float(values["revenue"]), 4)
    if values.get("rd_staff") is not None and values.get("staff"):
        values["rd_staff_ratio"] = round(float(values["rd_staff"]) * 100 / float(values["staff"]), 4)
    return values


def calculate_visitor(data: dict, year: int | None = None) -> Calculation:
    year = year or default_year()
    values = visitor_values(data)
    ctx = context(year)
    return Calculation(year, [_answer(t, None, ctx, values) for t in active_terms()])


def first_day(year: int) -> dt.date:
    return dt.date(year, 1, 1)


__all__ = [
    "MET",
    "QUALIFIES",
    "ALMOST",
    "NOT",
    "calculate",
    "calculate_visitor",
    "evaluate_clause",
    "eligible_queryset",
]
