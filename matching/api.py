"""REST endpoints: matches of a record with score parts and reasons; feedback on a match."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import selectors as catalog_selectors
from catalog.libraries import LIBRARIES

from . import selectors, services
from .models import MatchFeedback, Verdict
from .sources import sources


class BreakdownSerializer(serializers.Serializer):
    part = serializers.CharField(
        help_text="fusion, ipc_consensus, chain, ipc, region, maturity, budget, modes, verified, freshness, bm25, semantic, semantic_z"
    )
    label = serializers.CharField()
    value = serializers.FloatField()
    weight = serializers.FloatField(allow_null=True, help_text=_lazy("权重；为空表示仅供参考、不计入得分"))
    points = serializers.FloatField(allow_null=True, help_text=_lazy("计入得分的分值 = 值 × 权重"))
    counted = serializers.BooleanField(
        help_text=_lazy("是否计入得分；依据较弱的匹配满足的条件列出但不加分（points 为 0）")
    )
    note = serializers.CharField(help_text=_lazy("取值范围与含义"))


class MatchSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    score = serializers.FloatField()
    parts = serializers.DictField(child=serializers.FloatField(), help_text=lazy(selectors.parts_help, str)())
    breakdown = BreakdownSerializer(many=True, help_text=_lazy("得分构成，逐项用文字说明（界面语言）"))
    reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text=_lazy(
            "推荐理由（界面语言）。没有主题依据（共同的专业关键词、突出的语义相近）的匹配，"
            "第一条以“依据较弱”说明它仅凭什么入选"
        ),
    )
    evidence = serializers.ListField(
        child=serializers.ChoiceField(choices=["keyword", "semantic"]),
        help_text=_lazy("主题依据：keyword（共同的专业关键词）、semantic（语义相近明显高于其他候选）；空表示依据较弱"),
    )
    snippet = serializers.CharField(help_text="已转义的 HTML，关键词以 <mark> 标出")


class MatchesResponseSerializer(serializers.Serializer):
    source = serializers.DictField(help_text="{kind, id}")
    matches = MatchSerializer(
        many=True,
        help_text=_lazy(
            "按得分从高到低；依据较弱的匹配（evidence 为空）只按检索排名（及 IPC 小类与前列候选一致的程度）计分，"
            "它满足的条件（产业链、地区等）列在 breakdown 中但不加分（counted 为 false）"
        ),
    )


class MatchesView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("limit", OpenApiTypes.INT, description="返回条数（1-50，默认 10）"),
            OpenApiParameter(
                "target", OpenApiTypes.STR, description="只看某一类：achievements、patents、experts ……（否则 400）"
            ),
        ],
        responses=MatchesResponseSerializer,
        summary="一条记录的匹配推荐（含得分构成与推荐理由）",
    )
    def get(self, request, kind: str, pk: int):
        if not selectors.can_match(kind) or kind not in sources():
            raise exceptions.NotFound("该类型不支持匹配")
        record = None
        if kind in LIBRARIES:
            try:
                record = catalog_selectors.record_for(library=LIBRARIES[kind], pk=pk, user=request.user)
            except Http404:
                raise exceptions.NotFound() from None
        elif sources()[kind].document_for(pk) is None:
            raise exceptions.NotFound()
        try:
            limit = max(1, min(50, int(request.query_params.get("limit", 10))))
        except ValueError:
            limit = 10
        target = request.query_params.get("target") or None
        if target is not None and target not in selectors.valid_targets(kind):
            choices = "、".join(selectors.valid_targets(kind))
            raise exceptions.ValidationError({"target": [_("不支持的匹配类型，可选：%(c)s") % {"c": choices}]})
        matches = selectors.matches_for(kind=kind, pk=pk, user=request.user, record=record, limit=limit, target=target)
        rows = [
            {**m.as_dict(), "breakdown": selectors.score_breakdown(m.parts, uncounted=m.uncounted)} for m in matches
        ]
        return Response({"source": {"kind": kind, "id": pk}, "matches": rows})


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchFeedback
        fields = [
            "id",
            "source_kind",
            "source_id",
            "target_kind",
            "target_id",
            "verdict",
            "rank",
            "score",
            "signals",
            "updated_at",
        ]
        read_only_fields = ["id", "signals", "updated_at"]
        extra_kwargs = {"verdict": {"help_text": " / ".join(Verdict.values)}}
        validators: list = []


class FeedbackView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=FeedbackSerializer,
        responses=FeedbackSerializer,
        summary="评价一条匹配（有用/无用/已联系；无用即对该记录隐藏此匹配）",
    )
    def post(self, request):
        data = FeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            fb = services.feedback_record(user=request.user, **data.validated_data)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(FeedbackSerializer(fb).data, status=201)
