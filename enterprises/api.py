"""REST API for enterprise profiles, figures, verification, points, pools and the demonstration
library; the same access rules (enterprises.access) and services as the pages."""

import datetime as dt

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from . import access, points, pools, selectors, services
from .activity import applicant_name_review
from .models import AnnualReport, ApplicantName, PointsRun, PoolProposal, Qualification
from .serializers import (
    DecideSerializer,
    DemonstrationSerializer,
    PointsRunSerializer,
    ProposalSerializer,
    QualificationSerializer,
    ReportInputSerializer,
    ReportSerializer,
    ReviewSerializer,
    ScoreSerializer,
)

YEAR = OpenApiParameter("year", int, description="年度")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@extend_schema(responses=OpenApiTypes.OBJECT, summary="企业画像（机密部分仅本企业成员、运营人员和获授权银行可见）")
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def portrait_api(request, org_pk: int):
    profile = selectors.profile_for_view(org_pk=org_pk, user=request.user)
    data = selectors.portrait(profile=profile, user=request.user)
    body = {
        "organisation_id": profile.organisation_id,
        "name": profile.organisation.name,
        "is_demo": profile.is_demo,
        "qualifications": QualificationSerializer(data["qualifications"], many=True).data,
        "patents": data["activity"]["patents"],
        "invention_granted": data["activity"]["invention_granted"],
        "technology_fields": [{"ipc": code, "patents": n} for code, n in data["fields"]],
        "demonstration": bool(data["demonstration"]),
        "confidential": data["confidential"],
    }
    if data["confidential"]:
        body["reports"] = ReportSerializer(data["reports"], many=True).data
        body["contracts"] = {
            side: {"count": v["count"], "tech_amount": float(v["amount"]), "unit": "万元"}
            for side, v in data["activity"]["contracts"].items()
        }
        body["points"] = ScoreSerializer(data["score"]).data if data["score"] else None
        body["pools"] = [
            {"tier": m.tier.code, "name": m.tier.name, "entered_on": m.entered_on, "left_on": m.left_on}
            for m in data["path"]
        ]
    return Response(body)


@extend_schema(methods=["GET"], responses=ReportSerializer(many=True), summary="企业年报（机密）")
@extend_schema(
    methods=["POST"], request=ReportInputSerializer, responses=ReportSerializer, summary="企业管理员填报年报"
)
@api_view(["GET", "POST"])
@permission_classes([permissions.IsAuthenticated])
def reports_api(request, org_pk: int):
    profile = selectors.profile_for_view(org_pk=org_pk, user=request.user)
    if request.method == "GET":
        _require(access.can_view_figures(request.user, profile))
        return Response(ReportSerializer(profile.reports.all(), many=True).data)
    body = ReportInputSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    data = dict(body.validated_data)
    year = data.pop("year")
    report = services.report_submit(profile=profile, by=request.user, year=year, data=data)
    return Response(ReportSerializer(report).data, status=201)


@extend_schema(methods=["GET"], responses=QualificationSerializer(many=True), summary="企业资质（含待核验，机密）")
@extend_schema(
    methods=["POST"], request=QualificationSerializer, responses=QualificationSerializer, summary="企业管理员申报资质"
)
@api_view(["GET", "POST"])
@permission_classes([permissions.IsAuthenticated])
def qualifications_api(request, org_pk: int):
    profile = selectors.profile_for_view(org_pk=org_pk, user=request.user)
    if request.method == "GET":
        _require(access.can_view_figures(request.user, profile))
        return Response(QualificationSerializer(profile.qualifications.all(), many=True).data)
    body = QualificationSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    q = services.qualification_submit(profile=profile, by=request.user, data=dict(body.validated_data))
    return Response(QualificationSerializer(q).data, status=201)


@extend_schema(
    request=ReviewSerializer, responses=OpenApiTypes.OBJECT, summary="运营核验：kind = qualification | report | name"
)
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def review_api(request, kind: str, pk: int):
    _require(request.user.is_operator)
    body = ReviewSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    approve, note = body.validated_data["approve"], body.validated_data.get("note", "")
    if kind == "qualification":
        obj = services.qualification_review(
            qualification=get_object_or_404(Qualification, pk=pk), by=request.user, approve=approve, note=note
        )
    elif kind == "report":
        obj = services.report_review(
            report=get_object_or_404(AnnualReport, pk=pk), by=request.user, approve=approve, note=note
        )
    elif kind == "name":
        obj = applicant_name_review(name=get_object_or_404(ApplicantName, pk=pk), by=request.user, confirm=approve)
    else:
        raise PermissionDenied
    return Response({"id": obj.pk, "status": obj.status})


@extend_schema(responses=PointsRunSerializer(many=True), summary="积分批次（运营：全部；领导：已发布）")
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def runs_api(request):
    _require(access.can_view_aggregates(request.user))
    runs = PointsRun.objects.select_related("model")
    if not request.user.is_operator:
        runs = runs.filter(status=PointsRun.Status.PUBLISHED)
    return Response(PointsRunSerializer(runs, many=True).data)


@extend_schema(parameters=[YEAR], request=None, responses=PointsRunSerializer, summary="运营：计算年度创新积分")
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def score_api(request):
    _require(request.user.is_operator)
    try:
        year = int(request.query_params.get("year") or request.data.get("year"))
    except (TypeError, ValueError):
        from django.core.exceptions import ValidationError

        raise ValidationError({"year": "请提供年度。"}) from None
    return Response(PointsRunSerializer(points.score_year(year=year, by=request.user)).data, status=201)


@extend_schema(request=None, responses=PointsRunSerializer, summary="运营：发布积分批次")
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def publish_api(request, pk: int):
    _require(request.user.is_operator)
    return Response(
        PointsRunSerializer(points.publish_run(run=get_object_or_404(PointsRun, pk=pk), by=request.user)).data
    )


@extend_schema(responses=ScoreSerializer(many=True), summary="运营：批次内每家企业的积分与明细")
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def run_scores_api(request, pk: int):
    _require(request.user.is_operator)
    return Response(ScoreSerializer(selectors.run_scores(get_object_or_404(PointsRun, pk=pk)), many=True).data)


@extend_schema(responses=OpenApiTypes.OBJECT, summary="领导/运营：积分分布（按新城、产业链；少于 3 家的组合并）")
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def distribution_api(request, pk: int):
    _require(access.can_view_aggregates(request.user))
    run = get_object_or_404(PointsRun, pk=pk)
    _require(request.user.is_operator or run.status == PointsRun.Status.PUBLISHED)
    rows = lambda by: [{**r, "avg": float(r["avg"])} for r in selectors.distribution(run, by)]  # noqa: E731
    return Response({"year": run.year, "new_city": rows("new_city"), "chain": rows("chain")})


@extend_schema(parameters=[YEAR], responses=OpenApiTypes.OBJECT, summary="领导/运营：各层级在库企业数（年末）")
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def tiers_api(request):
    _require(access.can_view_aggregates(request.user))
    year = int(request.query_params.get("year") or dt.date.today().year - 1)
    return Response(
        [
            {
                "code": r["tier"].code,
                "name": r["tier"].name,
                "track": r["tier"].track,
                "count": r["n"],
                "entry_rules": r["tier"].entry_rules,
                "keep_rules": r["tier"].keep_rules,
            }
            for r in selectors.tier_counts(dt.date(year, 12, 31))
        ]
    )


@extend_schema(parameters=[YEAR], responses=ProposalSerializer(many=True), summary="运营：年度遴选建议及理由")
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def proposals_api(request):
    _require(request.user.is_operator)
    year = int(request.query_params.get("year") or dt.date.today().year - 1)
    return Response(
        ProposalSerializer(selectors.proposals(year, status=request.query_params.get("status", "")), many=True).data
    )


@extend_schema(parameters=[YEAR], request=None, responses=OpenApiTypes.OBJECT, summary="运营：运行年度遴选")
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def propose_api(request):
    _require(request.user.is_operator)
    year = int(request.query_params.get("year") or request.data.get("year") or dt.date.today().year - 1)
    return Response(pools.propose_year(year=year, by=request.user), status=201)


@extend_schema(
    request=DecideSerializer, responses=ProposalSerializer, summary="运营：确认或否决遴选建议（否决须填理由）"
)
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def decide_api(request, pk: int):
    _require(request.user.is_operator)
    body = DecideSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    proposal = pools.proposal_decide(
        proposal=get_object_or_404(PoolProposal, pk=pk),
        by=request.user,
        confirm=body.validated_data["confirm"],
        note=body.validated_data.get("note", ""),
    )
    return Response(ProposalSerializer(proposal).data)


@extend_schema(responses=DemonstrationSerializer(many=True), summary="科技成果转移转化示范企业库（公开）")
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def demonstrations_api(request):
    return Response(DemonstrationSerializer(selectors.demonstrations(), many=True).data)


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses=OpenApiTypes.OBJECT,
    summary="运营：修改层级的入库/保留条件（core.rules 条件列表）",
    description='Body: {"entry_rules": [{"fact": "revenue", "op": ">=", "value": 2000}, …], "keep_rules": […]}',
)
@api_view(["PUT"])
@permission_classes([permissions.IsAuthenticated])
def tier_rules_api(request, code: str):
    from .models import PoolTier

    _require(request.user.is_operator)
    tier = get_object_or_404(PoolTier, code=code)
    tier = pools.tier_rules_update(
        tier=tier,
        by=request.user,
        entry_rules=request.data.get("entry_rules", tier.entry_rules),
        keep_rules=request.data.get("keep_rules", tier.keep_rules),
    )
    return Response({"code": tier.code, "entry_rules": tier.entry_rules, "keep_rules": tier.keep_rules})
