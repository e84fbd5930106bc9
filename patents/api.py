"""REST endpoints: patents (filtered like the pages), pools (operators update rules), IPC."""

from django.db.models import Count, Prefetch, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets

from catalog.api import SearchPagination

from . import selectors
from .models import IpcEntry, Patent, PatentPool, PoolMembership
from .serializers import IpcEntrySerializer, PatentDetailSerializer, PatentPoolSerializer, PatentSerializer
from .services import pools as pool_services


class IsOperatorOrReadOnly(permissions.BasePermission):
    message = "只有平台运营人员可以管理专利池。"

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or bool(getattr(request.user, "is_operator", False))


class PatentViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "publication_number"
    lookup_value_regex = "[A-Za-z0-9]+"
    filter_backends: list = []  # filtering shared with the pages (patents.selectors.patent_search)
    pagination_class = SearchPagination
    semantic = False  # the list answered ``q`` by meaning (``SearchPagination``)

    def get_queryset(self):
        memberships = Prefetch("pool_memberships", queryset=PoolMembership.objects.select_related("pool"))
        if self.action == "list":
            result = selectors.patent_search(self.request.query_params, semantic=True)
            self.semantic = result.semantic
            return result.queryset.prefetch_related(memberships)
        return Patent.objects.prefetch_related(memberships)

    def get_serializer_class(self):
        return PatentDetailSerializer if self.action == "retrieve" else PatentSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("pool", OpenApiTypes.STR, description="专利池代码，如 hydrogen"),
            OpenApiParameter("ipc", OpenApiTypes.STR, description="IPC 小类或分类号前缀，如 H01M、H01M8"),
            OpenApiParameter("type", OpenApiTypes.STR, enum=["invention", "utility", "design"], description="专利类型"),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=["pending", "granted", "lapsed", "expired", "invalidated", "unknown"],
                description="法律状态",
            ),
            OpenApiParameter("high_value", OpenApiTypes.BOOL, description="只看高价值专利"),
            OpenApiParameter("q", OpenApiTypes.STR, description="关键词或公开号"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class PatentPoolViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    lookup_field = "slug"
    serializer_class = PatentPoolSerializer
    permission_classes = [IsOperatorOrReadOnly]
    filter_backends: list = []

    def get_queryset(self):
        qs = (
            PatentPool.objects.select_related("chain")
            .prefetch_related("brokers")
            .annotate(
                patent_count=Count("memberships", distinct=True),
                high_value_count=Count("memberships", filter=Q(memberships__patent__high_value=True), distinct=True),
            )
        )
        user = self.request.user
        qs = qs.order_by("order", "name")
        return qs if getattr(user, "is_operator", False) else qs.filter(is_active=True)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        brokers = data.pop("brokers", None)
        pool = serializer.instance
        for name, value in data.items():
            setattr(pool, name, value)
        pool_services.pool_save(pool=pool, by=self.request.user, brokers=brokers)
        serializer.instance = self.get_queryset().get(pk=pool.pk)


class IpcViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IpcEntrySerializer
    lookup_value_regex = "[A-Za-z0-9/-]+"
    filter_backends: list = []

    def get_queryset(self):
        qs = IpcEntry.objects.all()
        params = self.request.query_params
        if params.get("level"):
            qs = qs.filter(level=params["level"])
        if params.get("parent"):
            qs = qs.filter(parent_id=params["parent"].upper())
        return qs

    def get_object(self):
        self.kwargs["pk"] = self.kwargs["pk"].replace("-", "/").upper()
        return super().get_object()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "level", OpenApiTypes.STR, enum=["section", "class", "subclass", "group"], description="级别"
            ),
            OpenApiParameter("parent", OpenApiTypes.STR, description="上级分类号"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
