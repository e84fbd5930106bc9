from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.response import Response

from . import services
from .models import Organisation
from .serializers import OrganisationSerializer, UserSerializer


class TokenView(ObtainAuthToken):
    """Exchange an email or mobile number and password for an API token."""


class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Verified organisations are public; a signed-in user may register one (pending verification)."""

    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "new_city", "prefecture", "county"]

    def get_queryset(self):
        qs = Organisation.objects.prefetch_related("industry_chains")
        user = self.request.user
        if user.is_authenticated and user.is_operator:
            return qs
        if user.is_authenticated:
            return (qs.verified() | qs.filter(pk__in=user.organisation_ids())).distinct()
        return qs.verified()

    @transaction.atomic
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.organisation_create(by=self.request.user, **data)


class MeViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=UserSerializer)
    def list(self, request):
        return Response(UserSerializer(request.user).data)

    @action(detail=False, methods=["get"])
    def roles(self, request):
        return Response({"roles": request.user.roles})
