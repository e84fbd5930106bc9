"""REST endpoints: matches of a record with score parts and reasons; feedback on a match."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
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


class MatchSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    score = serializers.FloatField()
    parts = serializers.DictField(
        child=serializers.FloatField(), help_text="得分构成：fusion、chain、region、budget ……"
    )
    reasons = serializers.ListField(child=serializers.CharField(), help_text="推荐理由（中文）")
    snippet = serializers.CharField(help_text="已转义的 HTML，关键词以 <mark> 标出")


class MatchesView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("limit", OpenApiTypes.INT, description="返回条数（1-50，默认 10）"),
            OpenApiParameter(
                "target", OpenApiTypes.STR, description="只看某一类：achievements、patents、experts ……（否则 400）"
            ),
        ],
        responses=MatchSerializer(many=True),
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
        return Response({"source": {"kind": kind, "id": pk}, "matches": [m.as_dict() for m in matches]})


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
