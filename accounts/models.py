"""Users, organisations and memberships."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import ChoiceListField
from reference.models import IndustryChain, NewCity, Region

from .validators import credit_code_check_char, normalise_credit_code, validate_credit_code, validate_mobile


class Role(models.TextChoices):
    """Platform roles. A user may hold several; organisation roles live on Membership."""

    OPERATOR = "operator", _("平台运营（促进中心）")  # reviews records, verifies organisations, registers contracts
    BROKER = "broker", _("技术经纪人")  # mines, matches, lands and follows deals
    REVIEWER = "reviewer", _("审核员")  # reviews records and closes ledger tasks
    LEADER = "leader", _("领导")  # reads dashboards and aggregate statistics
    SYSADMIN = "sysadmin", _("系统管理员")  # manages the platform itself


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, mobile, password, **extra):
        email = self.normalize_email(email) if email else None
        user = self.model(email=email or None, mobile=mobile or None, **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, mobile=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, mobile, password, **extra)

    def create_superuser(self, email=None, password=None, mobile=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("roles", [Role.SYSADMIN, Role.OPERATOR])
        return self._create(email, mobile, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Logs in with email or mobile number."""

    email = models.EmailField(_("邮箱"), unique=True, null=True, blank=True)
    mobile = models.CharField(
        _("手机号"), max_length=11, unique=True, null=True, blank=True, validators=[validate_mobile]
    )
    name = models.CharField(_("姓名"), max_length=50)
    roles = ChoiceListField(_("平台角色"), choices=Role.choices, max_length=100)
    is_active = models.BooleanField(_("有效"), default=True)
    is_staff = models.BooleanField(_("可登录管理后台"), default=False)
    date_joined = models.DateTimeField(_("注册时间"), default=timezone.now)
    # The user agreement and privacy policy the user consented to at registration (settings.TERMS_VERSION).
    terms_version = models.CharField(_("同意的协议版本"), max_length=20, blank=True)
    terms_accepted_at = models.DateTimeField(_("同意协议时间"), null=True, blank=True)
    # The language the user last chose on the site (accounts.views.set_language): their notification
    # e-mails are written in it (notifications.services.recipient_language); "" until they choose.
    language = models.CharField(_("界面语言"), max_length=10, blank=True, default="")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    # Field history (django-simple-history): who changed what, when (issue 9).
    history = HistoricalRecords(excluded_fields=["password", "last_login", "language"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(mobile__isnull=False), name="user_has_email_or_mobile"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.email or self.mobile or f"#{self.pk}"

    def has_role(self, *roles: str) -> bool:
        if not self.is_authenticated or not self.is_active:
            return False
        if self.is_superuser:
            return True
        return any(role in (self.roles or []) for role in roles)

    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles or [] if role in Role.values]

    @property
    def is_operator(self) -> bool:
        return self.has_role(Role.OPERATOR)

    @property
    def is_broker(self) -> bool:
        return self.has_role(Role.BROKER)

    @property
    def is_leader(self) -> bool:
        return self.has_role(Role.LEADER, Role.OPERATOR)

    @property
    def can_review(self) -> bool:
        return self.has_role(Role.OPERATOR, Role.REVIEWER)

    def forget_memberships(self) -> None:
        """Drop the cached organisation ids after a membership changes."""
        self.__dict__.pop("_org_ids", None)

    def organisation_ids(self) -> set[int]:
        """Ids of the organisations the user is an active member of (cached per instance)."""
        if not hasattr(self, "_org_ids"):
            self._org_ids = set(self.memberships.values_list("organisation_id", flat=True))
        return self._org_ids

    def admin_organisation_ids(self) -> set[int]:
        return set(self.memberships.filter(role=Membership.Role.ADMIN).values_list("organisation_id", flat=True))

    @property
    def primary_organisation(self):
        # The organisation the user administers comes first ("admin" sorts before "member"),
        # then the oldest membership.
        membership = self.memberships.select_related("organisation").order_by("role", "id").first()
        return membership.organisation if membership else None


class OrganisationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification_status=Organisation.Verification.VERIFIED)


class Organisation(models.Model):
    """An enterprise, university, institute, hospital, agency, bank, park or government body."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        UNIVERSITY = "university", _("高校")
        INSTITUTE = "institute", _("科研院所")
        HOSPITAL = "hospital", _("医院")
        STATE_OWNED = "state_owned", _("国有企业")
        SERVICE_AGENCY = "service_agency", _("服务机构")
        FINANCIAL = "financial", _("金融机构")
        INCUBATOR = "incubator", _("孵化器/园区")
        GOVERNMENT = "government", _("政府部门")

    class Verification(models.TextChoices):
        PENDING = "pending", _("待认证")  # registered, waiting for an operator
        VERIFIED = "verified", _("已认证")  # an operator checked the credit code and documents
        REJECTED = "rejected", _("未通过")  # an operator refused, with a reason

    kind = models.CharField(_("机构类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("机构名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18位，按 GB 32100-2015 校验；平台录入的示范机构可暂缺，认证时必须补齐。"),
    )
    credit_code_note = models.CharField(
        _("代码未核验说明"),
        max_length=200,
        blank=True,
        help_text=_("仅运营人员填写：2016 年以前发放的旧代码校验位不符时，写明原因后可录入，显示为“未核验”。"),
    )
    prefecture = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("地市"),
        limit_choices_to={"level": Region.Level.PREFECTURE},
    )
    county = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("区县"),
        limit_choices_to={"level": Region.Level.COUNTY},
    )
    new_city = models.CharField(_("所在新城"), max_length=20, choices=NewCity.choices, blank=True)
    industry_chains = models.ManyToManyField(
        IndustryChain, blank=True, related_name="organisations", verbose_name=_("产业领域")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    website = models.URLField(_("网站"), blank=True)
    description = models.TextField(_("简介"), blank=True)
    verification_status = models.CharField(
        _("认证状态"), max_length=10, choices=Verification.choices, default=Verification.PENDING
    )
    verification_note = models.CharField(_("认证说明"), max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("认证人"),
    )
    verified_at = models.DateTimeField(_("认证时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    # Field history (django-simple-history): who changed what, when (issue 9).
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        indexes = [models.Index(fields=["verification_status"]), models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None):
        # Normalise before the field's length and check-character validators see the code.
        if self.credit_code:
            self.credit_code = normalise_credit_code(self.credit_code) or None
        exclude = set(exclude or ())
        if not (self.credit_code and self.credit_code_note.strip()) or "credit_code" in exclude:
            super().clean_fields(exclude=exclude)
            return
        # A recorded reason lets a pre-2016 code fail its check character only; shown as unverified.
        errors = {}
        try:
            validate_credit_code(self.credit_code, allow_bad_check_char=True)
        except ValidationError as exc:
            errors["credit_code"] = exc.messages
        try:
            super().clean_fields(exclude=exclude | {"credit_code"})
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)

    @property
    def credit_code_verified(self) -> bool:
        """The code passes GB 32100's check character (False for an unverified pre-2016 code)."""
        code = self.credit_code or ""
        return len(code) == 18 and credit_code_check_char(code[:17]) == code[17]

    def clean(self):
        # An empty code is stored as NULL so that many unverified organisations can lack one
        # without colliding on the unique constraint.
        self.credit_code = normalise_credit_code(self.credit_code) or None
        if self.county_id and self.prefecture_id and self.county.parent_id != self.prefecture_id:
            from django.core.exceptions import ValidationError

            raise ValidationError({"county": _("区县不属于所选地市。")})

    @property
    def is_verified(self) -> bool:
        return self.verification_status == self.Verification.VERIFIED


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("管理员")  # may edit the organisation and manage members
        MEMBER = "member", _("成员")  # may publish records for the organisation

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("机构成员")
        verbose_name_plural = _("机构成员")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class MembershipRequest(models.Model):
    """A user's request to join a verified organisation; its admins (or an operator) decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        ACCEPTED = "accepted", _("已同意")
        REFUSED = "refused", _("已拒绝")
        CANCELLED = "cancelled", _("已撤回")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_requests")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="membership_requests")
    message = models.CharField(_("申请说明"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decision_note = models.CharField(_("处理说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("加入机构申请")
        verbose_name_plural = _("加入机构申请")
        constraints = [
            # One open request per user and organisation; decided ones stay as history.
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="one_pending_membership_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.status})"


class Invitation(models.Model):
    """An organisation admin's invitation of an e-mail address; the link carries a random token
    of which only the SHA-256 is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("受邀邮箱"))
    role = models.CharField(_("角色"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("机构邀请")
        verbose_name_plural = _("机构邀请")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None and self.expires_at > timezone.now()
