"""Read-only reference data for API clients: regions, industry chains, parks."""

from rest_framework import permissions, viewsets

from .models import IndustryChain, Park, Region
from .serializers import IndustryChainSerializer, ParkSerializer, RegionSerializer


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """GB/T 2260 divisions of Shaanxi; filter by ``level`` (province/prefecture/county) and ``parent``."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["level", "parent"]
    pagination_class = None  # 118 rows: clients want them all at once


class IndustryChainViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = IndustryChain.objects.all()
    serializer_class = IndustryChainSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    pagination_class = None


class ParkViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Park.objects.prefetch_related("industry_chains")
    serializer_class = ParkSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["new_city"]
