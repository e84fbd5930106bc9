"""Need → products: which products an enterprise may apply for, ranked by fit, each with reasons
that are true for this firm and this need ("研发贷：高新技术企业 ✓，营业收入 3,200 万元 ≥ 1,000 万元 ✓，
期限 36 个月 ✓"), never shared keywords.

Hard filters: the product answers the kind of need (terms.need_types) and its eligibility rules
(``core.rules`` conditions over the "enterprise" fact set: verified figures of the year before
this one, qualifications valid on 31 December of that year) all hold. Soft, ranked: the amount and
the term inside the product's ranges, the product's record of approvals on the platform.
Products failing a rule are returned apart, each with the conditions it failed (the enterprise sees
why; nobody else sees another firm's results).

Score (0–1): rules and type 0.5 (every listed product has them), amount in range 0.25 (else the
share of the need the product covers), term in range 0.15, approvals 0.10 × (approved + 1) /
(decided + 2) (a new product starts at one half).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import rules
from enterprises.facts import ENTERPRISE, context

from .models import Application, FinancingNeed, ProductTerms

OK, NO = "✓", "✗"


def figures_year(today=None) -> int:
    """Eligibility reads the verified figures of the last full year."""
    return (today or timezone.localdate()).year - 1


def rule_context(today=None) -> dict:
    return context(figures_year(today))


@dataclass
class ProductFit:
    product: object
    eligible: bool
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return f"{self.product.get_product_type_display()}：" + "，".join(self.reasons)

    def as_dict(self) -> dict:
        p = self.product
        return {
            "product": p.pk,
            "title": p.title,
            "institution": p.owner_org.name if p.owner_org_id else p.institution_name,
            "product_type": p.product_type,
            "eligible": self.eligible,
            "score": round(self.score, 4),
            "reasons": self.reasons,
            "failed": self.failed,
        }


def _num(value) -> str:
    value = Decimal(str(value)).quantize(Decimal("0.01")).normalize()
    return f"{value:,f}" if value == value.to_integral() else f"{value:,}"


def condition_line(result: rules.ConditionResult) -> str:
    """One condition, short: "高新技术企业 ✓", "营业收入 3,200 万元 ≥ 1,000 万元 ✓", "研发费用 无数据 ✗"."""
    fact = ENTERPRISE.facts[result.condition["fact"]]
    mark = OK if result.passed else NO
    if fact.kind == rules.BOOLEAN:
        return f"{rules.describe(ENTERPRISE, result.condition)} {mark}"
    actual = _("无数据") if result.actual is None else f"{_num(result.actual)} {fact.unit}".strip()
    op = rules.OPS[result.condition["op"]][2]
    value = result.condition["value"]
    target = "、".join(_num(v) for v in value) if isinstance(value, list) else f"{_num(value)} {fact.unit}".strip()
    return f"{fact.label} {actual} {op} {target} {mark}"


def _range(low, high, unit: str) -> str:
    if low is not None and high is not None:
        return f"{_num(low)}–{_num(high)} {unit}"
    if low is not None:
        return f"≥ {_num(low)} {unit}"
    return f"≤ {_num(high)} {unit}"


def _approval_stats(product_ids) -> dict[int, tuple[int, int]]:
    rows = (
        Application.objects.filter(product_id__in=list(product_ids))
        .values("product_id")
        .annotate(
            approved=Count("pk", filter=Q(status=Application.Status.APPROVED)),
            decided=Count("pk", filter=Q(status__in=[Application.Status.APPROVED, Application.Status.REFUSED])),
        )
    )
    return {r["product_id"]: (r["approved"], r["decided"]) for r in rows}


def fit_product(
    product, terms: ProductTerms | None, profile, need: FinancingNeed, stats=(0, 0), ctx=None
) -> ProductFit:
    ctx = ctx or rule_context()
    conditions = terms.rules if terms else []
    result = rules.evaluate(ENTERPRISE, conditions, profile, ctx)
    lines = [condition_line(c) for c in result.conditions]
    if not result.passed:
        return ProductFit(product, False, 0.0, lines, [condition_line(c) for c in result.failed])
    score = 0.5
    reasons = lines or [_("无附加准入条件")]
    # Amount.
    low, high = product.amount_min, product.amount_max
    if low is None and high is None:
        score += 0.25
    elif (low is None or need.amount >= low) and (high is None or need.amount <= high):
        score += 0.25
        reasons.append(
            _("额度 %(range)s，需求 %(amount)s 万元 %(mark)s")
            % {"range": _range(low, high, "万元"), "amount": _num(need.amount), "mark": OK}
        )
    else:
        covered = min(need.amount, high) / need.amount if high is not None and need.amount > high else Decimal("0.5")
        score += 0.25 * float(covered)
        reasons.append(
            _("额度 %(range)s，需求 %(amount)s 万元 %(mark)s")
            % {"range": _range(low, high, "万元"), "amount": _num(need.amount), "mark": NO}
        )
    # Term.
    tlow, thigh = product.term_min_months, product.term_max_months
    if tlow is None and thigh is None:
        score += 0.15
    else:
        inside = (tlow is None or need.term_months >= tlow) and (thigh is None or need.term_months <= thigh)
        score += 0.15 if inside else 0.0
        reasons.append(
            _("期限 %(months)s 个月（产品 %(range)s）%(mark)s")
            % {"months": need.term_months, "range": _range(tlow, thigh, _("个月")), "mark": OK if inside else NO}
        )
    # Record on the platform.
    approved, decided = stats
    score += 0.10 * (approved + 1) / (decided + 2)
    if approved:
        reasons.append(_("平台已批准 %(n)s 笔") % {"n": approved})
    return ProductFit(product, True, score, reasons, [])


def candidate_products(need_type: str, institution_ids=None):
    """Published products whose terms answer this kind of need."""
    from catalog.models import FinancialProduct

    qs = FinancialProduct.objects.published().select_related("owner_org", "finance_terms")
    if institution_ids is not None:
        qs = qs.filter(owner_org_id__in=list(institution_ids))
    return [
        p
        for p in qs.order_by("pk")
        if need_type in (_terms(p).served_needs() if _terms(p) else ProductTerms(product=p).served_needs())
    ]


def _terms(product) -> ProductTerms | None:
    try:
        return product.finance_terms
    except ProductTerms.DoesNotExist:
        return None


def _profile(organisation):
    from enterprises.models import EnterpriseProfile
    from enterprises.services import profile_for

    profile = profile_for(organisation)
    return EnterpriseProfile.objects.prefetch_related("reports", "qualifications").get(pk=profile.pk)


def match_need(need: FinancingNeed, *, institution_ids=None) -> tuple[list[ProductFit], list[ProductFit]]:
    """(eligible products ranked by fit, excluded products with the conditions they failed)."""
    products = candidate_products(need.need_type, institution_ids)
    profile = _profile(need.organisation)
    stats = _approval_stats(p.pk for p in products)
    ctx = rule_context()
    fits = [fit_product(p, _terms(p), profile, need, stats.get(p.pk, (0, 0)), ctx) for p in products]
    eligible = sorted((f for f in fits if f.eligible), key=lambda f: (-f.score, f.product.pk))
    excluded = [f for f in fits if not f.eligible]
    return eligible, excluded


def eligible_profile_ids(product, profile_ids) -> set[int]:
    """Bulk side (one query): which of these enterprise profiles meet the product's rules."""
    from enterprises.models import EnterpriseProfile

    terms = _terms(product)
    qs = EnterpriseProfile.objects.filter(pk__in=list(profile_ids))
    if terms and terms.rules:
        qs = rules.filter_queryset(ENTERPRISE, terms.rules, qs, rule_context())
    return set(qs.values_list("pk", flat=True))
