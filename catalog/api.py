"""REST endpoints for every library: list (filtered, searched, paginated), detail, create, update,
workflow transitions and history. Permission rules come from the same selectors as the pages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import Pagination

from . import access, selectors, services, workflow
from .libraries import LIBRARIES
from .serializers import SERIALIZERS, ReviewEventSerializer, TransitionSerializer

LIST_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="关键词"),
    OpenApiParameter("chain", OpenApiTypes.STR, description="产业链代码"),
    OpenApiParameter("region", OpenApiTypes.STR, description="地市或区县行政区划代码"),
    OpenApiParameter("new_city", OpenApiTypes.STR, description="新城"),
    OpenApiParameter("stage", OpenApiTypes.STR, description="成熟阶段（成果）"),
    OpenApiParameter("mode", OpenApiTypes.STR, description="合作方式"),
    OpenApiParameter(
        "scope",
        OpenApiTypes.STR,
        enum=["public", "mine", "all"],
        description="public：已发布；mine：本机构全部；all：有权查看的全部",
    ),
]


class SearchPagination(Pagination):
    """The shared pagination plus ``semantic``: true when no record contained the keyword ``q`` and
    the results are the records closest in meaning instead (approximate, not keyword hits)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.semantic = bool(getattr(view, "semantic", False))
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["semantic"] = self.semantic
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["semantic"] = {
            "type": "boolean",
            "description": "true：没有记录包含关键词 q，结果是按语义检索到的意思相近的记录（近似结果，仅供参考）",
            "example": False,
        }
        schema["required"] = [*schema.get("required", []), "semantic"]
        return schema


class ResourceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    library_slug = ""
    filter_backends: list = []  # filtering is done by the catalog selectors, shared with the pages
    pagination_class = SearchPagination
    semantic = False  # the list answered ``q`` by meaning (``SearchPagination``)

    @property
    def lib(self):
        return LIBRARIES[self.library_slug]

    def get_queryset(self):
        if self.action == "list":
            scope = self.request.query_params.get("scope", "public")
            if scope not in ("public", "mine", "all") or (scope != "public" and not self.request.user.is_authenticated):
                scope = "public"
            result = selectors.resource_list(
                library=self.lib, user=self.request.user, params=self.request.query_params, scope=scope, semantic=True
            )
            self.highlights = result.highlights
            self.semantic = result.semantic
            return result.queryset
        return selectors.base_queryset(self.lib).visible_to(self.request.user)

    @extend_schema(parameters=LIST_PARAMETERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        m2m = {"industry_chains": data.pop("industry_chains", None)}
        try:
            serializer.instance = services.resource_create(model=self.lib.model, by=self.request.user, m2m=m2m, **data)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        m2m = {"industry_chains": data.pop("industry_chains", None)}
        try:
            serializer.instance = services.resource_update(
                record=serializer.instance, by=self.request.user, m2m=m2m, **data
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        if record.is_public:
            services.view_count_increment(record, visitor=services.visitor_key(request))
        return Response(self.get_serializer(record).data)

    @extend_schema(
        request=TransitionSerializer,
        description="审核流程：submit 提交、approve 通过、return 退回（须原因）、withdraw 撤回、archive 归档、reopen 重新编辑、renew 续期",
    )
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def transition(self, request, pk=None):
        record = self.get_object()
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            record = workflow.transition(record=record, by=request.user, **body.validated_data)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(self.get_serializer(record).data)

    @extend_schema(responses=ReviewEventSerializer(many=True))
    @action(detail=True, methods=["get"], permission_classes=[permissions.IsAuthenticated])
    def history(self, request, pk=None):
        record = self.get_object()
        if not (access.is_owner(request.user, record) or access.can_review_record(request.user, record)):
            raise exceptions.PermissionDenied("只有所属机构和审核人员可以查看审核记录。")
        return Response(ReviewEventSerializer(workflow.history(record), many=True).data)


def _viewset_for(slug: str):
    lib = LIBRARIES[slug]
    return type(
        f"{lib.model.__name__}ViewSet",
        (ResourceViewSet,),
        {
            "library_slug": slug,
            "serializer_class": SERIALIZERS[slug],
            "__doc__": f"{lib.label}（{lib.model.__name__}）",
        },
    )


VIEWSETS = {slug: _viewset_for(slug) for slug in LIBRARIES}
