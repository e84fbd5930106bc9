"""The abstract base every library record shares, its review events and attachments."""

from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import IndustryChain, NewCity, Region


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")  # being written by its owner; visible to the owner only
    SUBMITTED = "submitted", _("待审核")  # waiting in the operators' review queue
    PUBLISHED = "published", _("已发布")  # public (per visibility) until expires_at
    RETURNED = "returned", _("已退回")  # sent back with a reason; the owner edits and resubmits
    ARCHIVED = "archived", _("已归档")  # withdrawn, expired or retired; not public


class Visibility(models.TextChoices):
    PUBLIC = "public", _("公开")  # anyone, including visitors, sees the published summary
    MEMBERS = "members", _("会员可见")  # only signed-in users see it


class ResourceQuerySet(models.QuerySet):
    def published(self):
        now = timezone.now()
        return self.filter(status=Status.PUBLISHED).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def owned_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(owner_org_id__in=user.organisation_ids()) | Q(created_by=user))

    def visible_to(self, user):
        """Records a user may open: published ones (members-only ones to signed-in users),
        plus everything the user's organisations own; operators and reviewers see all."""
        if user.is_authenticated and user.has_role("operator", "reviewer"):
            return self.all()
        published = self.published()
        if not user.is_authenticated:
            return published.filter(visibility=Visibility.PUBLIC)
        from ..access import home_region_q, review_regions

        visible = published | self.owned_by(user)
        regions = review_regions(user)
        if regions:  # a sub-market's operators open every record of their region, any status
            visible = visible | self.filter(home_region_q(regions))
        return visible.distinct()


def published_order_index(prefix: str) -> models.Index:
    """The index behind every public list: published records newest first, in the exact order
    the lists use (published_at, created_at, id, all descending), so that a page is an index
    walk rather than a sort of the whole table (the last page at 100k records cost 1,970 ms as
    a sort spilling to disk)."""
    return models.Index(
        fields=["-published_at", "-created_at", "-id"],
        condition=Q(status=Status.PUBLISHED),
        name=f"{prefix}_pub_order",
    )


class Resource(models.Model):
    """Fields and rules common to every library (成果, 需求, 设备, 政策, 专家, 金融产品, 场景)."""

    title = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)
    body = models.TextField(_("详细介绍"), blank=True)
    industry_chains = models.ManyToManyField(
        IndustryChain, blank=True, related_name="%(class)s_set", verbose_name=_("产业链")
    )
    prefecture = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("地市"),
        limit_choices_to={"level": "prefecture"},
    )
    county = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("区县"),
        limit_choices_to={"level": "county"},
    )
    new_city = models.CharField(_("所在新城"), max_length=20, choices=NewCity.choices, blank=True)
    owner_org = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)s_set",
        verbose_name=_("所属机构"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(_("可见范围"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    return_reason = models.CharField(_("退回原因"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("浏览次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    attachments = GenericRelation("catalog.Attachment")

    objects = ResourceQuerySet.as_manager()

    # Subclasses list the fields only the owner, the deal's parties, brokers and operators may read.
    confidential_fields: tuple[str, ...] = ()
    # The library's slug in URLs and the API (set by each subclass).
    library: str = ""

    class Meta:
        abstract = True
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title

    # Fields holding a phone number (normalised, then checked by core.validators.validate_phone).
    phone_fields: tuple[str, ...] = ("contact_phone",)

    def clean(self):
        """Rules of what users type, for forms, the API and imports alike (all call full_clean):
        phone numbers in mainland forms; every amount, rate and term ≥ 0; each ``*_min`` ≤ its ``*_max``."""
        from core.validators import amount_errors, normalise_phone, validate_phone

        super().clean()
        errors = {}
        for name in self.phone_fields:
            value = getattr(self, name, "")
            if value:
                try:
                    validate_phone(value)
                except ValidationError as exc:
                    errors[name] = exc.messages
                else:
                    setattr(self, name, normalise_phone(value))
        numeric = [
            f.name
            for f in self._meta.concrete_fields
            if isinstance(f, (models.DecimalField, models.IntegerField)) and f.name not in ("id", "view_count")
        ]
        pairs = [
            (n, n.replace("_min", "_max", 1))
            for n in numeric
            if "_min" in n and n.replace("_min", "_max", 1) in numeric
        ]
        for name, message in amount_errors(self, numeric, pairs).items():
            errors.setdefault(name, [message])
        if errors:
            raise ValidationError(errors)

    def validate_new(self) -> None:
        """Rules that apply when a user creates a record (forms and API, via services.resource_create);
        imports of operators' historical records skip them. Subclasses extend."""

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.visibility == Visibility.PUBLIC
            and (self.expires_at is None or self.expires_at > timezone.now())
        )

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("catalog:detail", kwargs={"library": self.library, "pk": self.pk})

    def search_text(self) -> str:
        """The text the search index reads; subclasses add their own fields."""
        return "\n".join(filter(None, [self.title, self.summary, self.body]))


class ReviewEvent(models.Model):
    """One transition of a record's review workflow: who, when, from, to, why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("动作"), max_length=20)
    from_status = models.CharField(_("原状态"), max_length=10, choices=Status.choices)
    to_status = models.CharField(_("新状态"), max_length=10, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"


def attachment_upload_to(instance, filename: str) -> str:
    return f"attachments/{timezone.now():%Y/%m}/{filename}"


def validate_attachment(file) -> None:
    extension = Path(file.name).suffix.lower().lstrip(".")
    if extension not in settings.ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("不支持的附件类型 .%(ext)s，允许：%(allowed)s"),
            params={"ext": extension, "allowed": "、".join(settings.ATTACHMENT_EXTENSIONS)},
            code="extension",
        )
    if file.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("附件不能超过 %(mb)s MB。"), params={"mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)}, code="size"
        )
    head = file.read(8)
    file.seek(0)
    # A file that claims to be a PDF or an image must start like one.
    signatures = {"pdf": [b"%PDF"], "png": [b"\x89PNG"], "jpg": [b"\xff\xd8"], "jpeg": [b"\xff\xd8"]}
    for office in ("docx", "xlsx", "pptx", "zip"):
        signatures[office] = [b"PK\x03\x04"]
    for legacy in ("doc", "xls", "ppt"):
        signatures[legacy] = [b"\xd0\xcf\x11\xe0"]  # OLE2 compound document
    expected = signatures.get(extension)
    if expected and not any(head.startswith(sig) for sig in expected):
        raise ValidationError(_("附件内容与扩展名 .%(ext)s 不符。"), params={"ext": extension}, code="content")


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, validators=[validate_attachment])
    name = models.CharField(_("名称"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name
