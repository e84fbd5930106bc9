"""REST endpoints of policy fulfilment, mounted under /api/v1/ (issue 11).

Units: amounts in 万元; shares in %; years are the figures' year (verified annual report).
Rules are ``core.rules`` JSON over the "enterprise" facts (GET /api/v1/fulfilment/facts/): a leaf
``{"fact": "rd_ratio", "op": ">=", "value": 3}``, groups ``{"all": [...]}``, ``{"any": [...]}``,
``{"not": ...}``. Every evaluated condition reports ``status`` met / not_met / unknown (no data)
and the value compared. Errors: 400 ``{"field": ["message"]}`` for bad input, 403 for a viewer who
may not see an enterprise's eligibility or grants (only the enterprise, operators and leaders may).
Source: seed 001 三(七)3①④ (免申即享/即申即享 80 %, policy evaluation), seed 000 "1+N".
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Organisation
from enterprises.facts import ENTERPRISE
from enterprises.services import profile_for

from . import access, evaluation, ledger, services
from .models import Application, AutoRun, ClauseTerms, Grant

YEAR = OpenApiParameter("year", int, description="年度（按该年度已核验年报评估；默认上一年）")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _year(request) -> int:
    value = request.query_params.get("year") or request.data.get("year") if hasattr(request, "data") else None
    try:
        return int(value) if value else evaluation.default_year()
    except (TypeError, ValueError):
        return evaluation.default_year()


def _terms(t: ClauseTerms) -> dict:
    rule = t.rule
    return {
        "clause": t.clause_id,
        "title": t.clause.title,
        "policy": t.clause.policy.title,
        "level": t.clause.policy.level,
        "subject_kind": t.clause.subject_kind,
        "benefit_type": t.benefit_type,
        "amount": str(t.amount) if t.amount is not None else None,
        "share": str(t.share) if t.share is not None else None,
        "base_fact": t.base_fact,
        "cap": str(t.cap) if t.cap is not None else None,
        "mode": t.mode,
        "department": t.department,
        "funding": t.funding,
        "apply_from": t.apply_from,
        "apply_to": t.apply_to,
        "source_text": t.source_text,
        "rule": {"version": rule.version, "conditions": rule.conditions} if rule else None,
    }


def _grant(g: Grant) -> dict:
    return {
        "id": g.pk,
        "clause": g.terms.clause_id,
        "clause_title": g.terms.clause.title,
        "organisation": g.organisation_id,
        "organisation_name": g.organisation.name,
        "year": g.year,
        "amount": str(g.amount),
        "mode": g.mode,
        "funding": g.funding,
        "department": g.department,
        "eligible_on": g.eligible_on,
        "granted_on": g.granted_on,
        "payment": g.payment,
        "reasons": g.reasons,
    }


def _application(a: Application) -> dict:
    return {
        "id": a.pk,
        "clause": a.terms.clause_id,
        "organisation": a.organisation_id,
        "year": a.year,
        "status": a.status,
        "rule_met": a.rule_met,
        "amount": str(a.amount),
        "reasons": a.facts.get("reasons", []),
        "events": [
            {"action": e.action, "from": e.from_status, "to": e.to_status, "reason": e.reason, "at": e.at}
            for e in a.events.all()
        ],
    }


@extend_schema(responses=OpenApiTypes.OBJECT, summary="可用于资格规则的企业指标（代码、名称、类型、单位）")
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def facts_api(request):
    """[{code, label, kind: number|boolean|text, unit, choices}]"""
    return Response(
        [
            {
                "code": c,
                "label": str(f.label),
                "kind": f.kind,
                "unit": f.unit,
                "choices": {k: str(v) for k, v in f.choices.items()},
            }
            for c, f in ENTERPRISE.facts.items()
        ]
    )


@extend_schema(responses=OpenApiTypes.OBJECT, summary="条款兑现要素与当前资格规则（公开）")
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def clauses_api(request):
    """Active clauses of published policies: terms (amount 万元, share %, cap 万元, mode, department,
    funding, application window) and the current rule version."""
    return Response([_terms(t) for t in evaluation.active_terms()])


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses=OpenApiTypes.OBJECT,
    summary="运营：为条款新增规则版本",
    description='Body: {"conditions": {"all": [{"fact": "rd_ratio", "op": ">=", "value": 3}]}, "note": "…"}. '
    "400 when a condition is invalid (names it) or the rule is unchanged.",
)
@api_view(["GET", "POST"])
@permission_classes([permissions.IsAuthenticatedOrReadOnly])
def rules_api(request, clause_pk: int):
    terms = get_object_or_404(ClauseTerms, clause_id=clause_pk)
    if request.method == "POST":
        _require(access.can_manage(request.user))
        services.rule_add(
            terms=terms, by=request.user, conditions=request.data.get("conditions"), note=request.data.get("note", "")
        )
    return Response(
        [
            {"version": r.version, "conditions": r.conditions, "note": r.note, "created_at": r.created_at}
            for r in terms.rules.all()
        ]
    )


@extend_schema(
    parameters=[YEAR],
    responses=OpenApiTypes.OBJECT,
    summary="企业 X 符合哪些条款、为什么（本企业、运营、领导可见）",
    description="Response: {organisation, year, total (万元, qualifying clauses), clauses: [{clause, title, policy, "
    "level, department, mode, verdict: qualifies|almost|not, amount (万元), rule_version, conditions: [{condition, "
    "status: met|not_met|unknown, value, negated, explanation}]}]}",
)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def evaluation_api(request, org_pk: int):
    org = get_object_or_404(Organisation, pk=org_pk, kind__in=access.ENTERPRISE_KINDS)
    _require(access.can_view(request.user, org.pk))
    calc = evaluation.calculate(profile_for(org), _year(request))
    return Response(
        {
            "organisation": org.pk,
            "year": calc.year,
            "total": str(calc.total),
            "clauses": [a.as_dict() for a in calc.answers],
        }
    )


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses=OpenApiTypes.OBJECT,
    summary="申请（即申即享：满足即兑现；否则进入审核）；列出可见的申请",
    description='POST body: {"clause": id, "organisation": id, "year": 2025, "statement": "…"}. 400: 免申即享 '
    "clause, outside the window, already granted or applied.",
)
@api_view(["GET", "POST"])
@permission_classes([permissions.IsAuthenticated])
def applications_api(request):
    if request.method == "POST":
        terms = get_object_or_404(ClauseTerms, clause_id=request.data.get("clause"))
        org = get_object_or_404(Organisation, pk=request.data.get("organisation"))
        application = services.application_create(
            terms=terms,
            organisation=org,
            by=request.user,
            year=_year(request),
            statement=request.data.get("statement", ""),
        )
        return Response(_application(application), status=201)
    qs = Application.objects.select_related("terms").prefetch_related("events")
    if not access.can_view_all(request.user):
        qs = qs.filter(organisation_id__in=request.user.organisation_ids())
    return Response([_application(a) for a in qs[:200]])


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses=OpenApiTypes.OBJECT,
    summary="审核操作：return / resubmit / approve / refuse（退回、不予支持须填理由）",
)
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def application_act_api(request, pk: int):
    application = get_object_or_404(Application, pk=pk)
    _require(access.can_view(request.user, application.organisation_id))
    application = services.application_act(
        application=application,
        by=request.user,
        action=request.data.get("action", ""),
        reason=request.data.get("reason", ""),
    )
    return Response(_application(application))


@extend_schema(
    responses=OpenApiTypes.OBJECT,
    summary="兑现台账（领导、运营看全部；企业只看本企业）",
    parameters=[YEAR, OpenApiParameter("organisation", int)],
)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def grants_api(request):
    org = request.query_params.get("organisation")
    org = int(org) if org and org.isdigit() else None
    if not access.can_view_all(request.user):
        _require(org is not None and access.can_view(request.user, org))
    year = request.query_params.get("year")
    qs = ledger.grants(year=int(year) if year and year.isdigit() else None, organisation=org)
    return Response([_grant(g) for g in qs[:500]])


@extend_schema(
    request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT, summary="运营：对免申即享条款批量评估，生成待复核名单"
)
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def run_propose_api(request, clause_pk: int):
    run = services.auto_run_propose(
        terms=get_object_or_404(ClauseTerms, clause_id=clause_pk), by=request.user, year=_year(request)
    )
    return Response({"run": run.pk, "items": run.items.count(), "status": run.status}, status=201)


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses=OpenApiTypes.OBJECT,
    summary="运营复核免申即享名单（提出人不能复核）",
    description='Body: {"approve": true} or {"approve": false, "note": "理由"}; 403 for the proposer.',
)
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def run_decide_api(request, pk: int):
    run = services.auto_run_decide(
        run=get_object_or_404(AutoRun, pk=pk),
        by=request.user,
        approve=bool(request.data.get("approve")),
        note=request.data.get("note", ""),
    )
    return Response({"run": run.pk, "status": run.status, "grants": run.grants.count()})


@extend_schema(responses=OpenApiTypes.OBJECT, summary="免申即享、即申即享兑现占比（%）与 80% 目标（领导、运营）")
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def share_api(request):
    _require(access.can_view_all(request.user))
    return Response({"share": str(ledger.instant_share()), "target": str(ledger.TARGET_SHARE), "unit": "%"})
