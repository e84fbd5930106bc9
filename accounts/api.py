from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from . import services, tokens, twofactor
from .models import Organisation
from .serializers import OrganisationSerializer, UserSerializer


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="邮箱或手机号", max_length=254)
    password = serializers.CharField(max_length=128, style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        required=False, max_length=16, help_text="两步验证码或恢复码（运营、审核、领导账号在 REQUIRE_2FA 开启时必填）"
    )


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="令牌（只返回这一次）；请求头 Authorization: Token <令牌>")
    key = serializers.CharField(help_text="令牌前缀，用于列出和撤销")
    expiry = serializers.DateTimeField(allow_null=True)


class TokenRowSerializer(serializers.Serializer):
    key = serializers.CharField(source="token_key")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)


class TokenThrottle(AnonRateThrottle):
    scope = "token"


def _locked():
    return Response(
        {
            "error": {
                "code": "locked",
                "message": _("登录失败次数过多，账号或本机地址已被暂时锁定，请稍后再试。"),
                "fields": {},
            }
        },
        status=429,
    )


class TokenView(APIView):
    """Exchange an e-mail or mobile number and password for an API token (hashed, expiring).

    Login-failure handling as on the web login (django-axes, per account and per client address):
    429 ``locked`` once locked; the same 400 for an unknown account and a wrong password."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [TokenThrottle]

    @extend_schema(request=LoginSerializer, responses={200: IssuedTokenSerializer}, summary="用账号密码换取 API 令牌")
    def post(self, request):
        body = LoginSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        raw = request._request
        credentials = {"username": body.validated_data["username"]}
        if not AxesProxyHandler.is_allowed(raw, credentials):
            return _locked()
        data = dict(body.validated_data)
        otp = data.pop("otp", "")
        user = authenticate(request=raw, **data)
        if user is None:
            if getattr(raw, "axes_locked_out", False):
                return _locked()
            raise exceptions.ValidationError({"non_field_errors": [_("账号或密码不正确。")]})
        if twofactor.required_for(user) and not (otp and twofactor.verify(user=user, token=otp, request=raw)):
            raise exceptions.ValidationError({"otp": [_("该账号须提供正确的两步验证码。")]})
        row, text = tokens.token_issue(user=user, request=raw)
        return Response({"token": text, "key": row.token_key, "expiry": row.expiry})


class TokenListView(APIView):
    """The caller's live API tokens; DELETE revokes them all."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=TokenRowSerializer(many=True), summary="我的 API 令牌")
    def get(self, request):
        return Response(TokenRowSerializer(tokens.tokens_of(request.user), many=True).data)

    @extend_schema(responses={204: None}, summary="撤销我的全部 API 令牌", operation_id="v1_auth_tokens_revoke_all")
    def delete(self, request):
        tokens.token_revoke_all(user=request.user, request=request._request)
        return Response(status=204)


class TokenDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={204: None}, summary="撤销一个 API 令牌（按前缀）")
    def delete(self, request, key: str):
        if not tokens.token_revoke(user=request.user, key=key, request=request._request):
            raise exceptions.NotFound()
        return Response(status=204)


class OrganisationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
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

    @extend_schema(
        responses=inline_serializer("MyRoles", {"roles": serializers.ListField(child=serializers.CharField())})
    )
    @action(detail=False, methods=["get"])
    def roles(self, request):
        return Response({"roles": request.user.roles})
