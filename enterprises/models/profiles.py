"""An enterprise's profile: qualifications, annual figures (年报), applicant-name links, bank consent.

Sources: seed 001 三(三)2②④⑥ (the ladder 科技型中小企业 → 高新技术企业 → 专精特新 → 规上 → 上市 and
the innovation-points portrait), seed 002 chapter 5 (上市后备 基础库/重点库/金种子库).
Amounts are 万元; counts are 人 or 件.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Verification(models.TextChoices):
    PENDING = "pending", _("待核验")  # entered by the enterprise, waiting for an operator
    VERIFIED = "verified", _("已核验")  # an operator checked it against the evidence
    REJECTED = "rejected", _("已退回")  # an operator returned it with a reason


class EnterpriseProfile(models.Model):
    """One per organisation of kind enterprise; created on first use."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="enterprise_profile", verbose_name=_("企业")
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    main_business = models.CharField(_("主营业务"), max_length=300, blank=True)
    technology_fields = models.CharField(_("技术领域"), max_length=300, blank=True, help_text=_("用顿号分隔"))
    is_demo = models.BooleanField(_("演示数据"), default=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("企业档案")
        verbose_name_plural = _("企业档案")

    def __str__(self) -> str:
        return self.organisation.name

    def stage(self, on: dt.date) -> str:
        """初创期 (under 3 years), 成长期 (3 to 10), 稳定期 (over 10): a local reading of the guide's stages."""
        if not self.founded_on:
            return "growth"
        years = (on - self.founded_on).days / 365.25
        return "startup" if years < 3 else "growth" if years <= 10 else "mature"


class QualificationKind(models.TextChoices):
    TECH_SME = "tech_sme", _("科技型中小企业")  # 入库编号, valid for the year it was entered
    HIGH_TECH = "high_tech", _("高新技术企业")  # certificate valid 3 years
    SRDI_SME = "srdi_sme", _("专精特新中小企业")
    LITTLE_GIANT = "little_giant", _("专精特新“小巨人”企业")
    INNOVATIVE_SME = "innovative_sme", _("创新型中小企业")
    GAZELLE = "gazelle", _("瞪羚企业")
    UNICORN = "unicorn", _("独角兽企业")
    ABOVE_SCALE_INDUSTRY = "above_scale_industry", _("规上工业企业")
    ABOVE_SCALE_SERVICE = "above_scale_service", _("规上服务业企业")
    LISTED = "listed", _("上市/挂牌企业")


# Default validity in years when the certificate gives no expiry (高企: 3 years by the 认定办法).
DEFAULT_VALIDITY_YEARS = {QualificationKind.HIGH_TECH: 3, QualificationKind.TECH_SME: 1}


class QualificationQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date):
        """Verified and in force on ``day``."""
        return self.filter(status=Verification.VERIFIED, issued_on__lte=day).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=day)
        )


class Qualification(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")
        DISTRICT = "district", _("区级")

    class Board(models.TextChoices):
        MAIN = "main", _("主板")
        STAR = "star", _("科创板")
        CHINEXT = "chinext", _("创业板")
        BSE = "bse", _("北交所")
        NEEQ = "neeq", _("新三板")
        REGIONAL = "regional", _("区域性股权市场")
        OVERSEAS = "overseas", _("境外")

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("资质类型"), max_length=24, choices=QualificationKind.choices)
    number = models.CharField(_("证书编号/入库编号"), max_length=60, blank=True)
    issuer = models.CharField(_("认定机构"), max_length=100, blank=True)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices, blank=True)
    issued_on = models.DateField(_("认定日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    board = models.CharField(_("上市板块"), max_length=10, choices=Board.choices, blank=True)
    stock_code = models.CharField(_("证券代码"), max_length=12, blank=True)
    evidence = models.FileField(_("证明材料"), upload_to="enterprises/evidence/%Y/", blank=True)
    status = models.CharField(_("核验状态"), max_length=10, choices=Verification.choices, default=Verification.PENDING)
    review_note = models.CharField(_("核验说明"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QualificationQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "kind"]
        verbose_name = _("企业资质")
        verbose_name_plural = _("企业资质")
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.status == Verification.VERIFIED
            and self.issued_on <= day
            and (self.expires_on is None or self.expires_on >= day)
        )


class FigureSource(models.TextChoices):
    SELF = "self", _("企业自报")
    VERIFIED = "verified", _("运营核验")
    IMPORTED = "imported", _("统计文件导入")


# Annual-report fields: (name, unit). Shared by forms, API, the points model and exports.
FIGURE_FIELDS = (
    ("staff", "人"),
    ("rd_staff", "人"),
    ("revenue", "万元"),
    ("net_profit", "万元"),
    ("rd_expenditure", "万元"),
    ("tax", "万元"),
    ("exports", "万元"),
    ("financing", "万元"),
)


class AnnualReport(models.Model):
    """An enterprise's figures for one calendar year (年报)."""

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("年度"))
    staff = models.PositiveIntegerField(_("从业人员（人）"), null=True, blank=True)
    rd_staff = models.PositiveIntegerField(_("研发人员（人）"), null=True, blank=True)
    revenue = models.DecimalField(_("营业收入（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    net_profit = models.DecimalField(_("净利润（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    rd_expenditure = models.DecimalField(_("研发费用（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    tax = models.DecimalField(_("纳税总额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    exports = models.DecimalField(_("出口额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    financing = models.DecimalField(_("获得融资（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("数据来源"), max_length=10, choices=FigureSource.choices, default=FigureSource.SELF)
    status = models.CharField(_("核验状态"), max_length=10, choices=Verification.choices, default=Verification.PENDING)
    review_note = models.CharField(_("核验说明"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("企业年报")
        verbose_name_plural = _("企业年报")
        constraints = [
            models.UniqueConstraint(fields=["profile", "year"], name="enterprises_one_report_per_year"),
            models.CheckConstraint(
                condition=Q(rd_staff__isnull=True) | Q(staff__isnull=True) | Q(rd_staff__lte=models.F("staff")),
                name="enterprises_rd_staff_within_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.year}"

    @property
    def rd_ratio(self):
        """研发费用占营业收入比例 (%), or None."""
        if self.rd_expenditure is None or not self.revenue:
            return None
        return self.rd_expenditure * 100 / self.revenue


class ApplicantName(models.Model):
    """A patent applicant string reviewed as this enterprise's (former names, spelling variants).

    Patents whose applicant normalises to the organisation's own name are linked by the patents app;
    other strings are proposed here and count only after an operator confirms them."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("已否决")

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="applicant_names")
    name = models.CharField(_("申请人名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    patent_count = models.PositiveIntegerField(_("涉及专利数"), default=0)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("专利申请人名称")
        verbose_name_plural = _("专利申请人名称")
        constraints = [models.UniqueConstraint(fields=["profile", "name"], name="enterprises_unique_applicant_name")]

    def __str__(self) -> str:
        return self.name


class BankConsent(models.Model):
    """The enterprise's recorded consent that a bank may read its figures (until revoked)."""

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="consents")
    bank = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("金融机构"),
        limit_choices_to={"kind": "financial"},
    )
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("数据授权")
        verbose_name_plural = _("数据授权")

    def __str__(self) -> str:
        return f"{self.profile} → {self.bank}"


class Platform(models.Model):
    """A platform a demonstration enterprise built (seed 004: 联合实验室、创新联盟、科技合作示范基地、创新联合体)."""

    class Kind(models.TextChoices):
        JOINT_LAB = "joint_lab", _("联合实验室（研究中心）")
        ALLIANCE = "alliance", _("创新联盟")
        COOP_BASE = "coop_base", _("科技合作示范基地")
        CONSORTIUM = "consortium", _("创新联合体")

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="platforms")
    kind = models.CharField(_("平台类型"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("平台名称"), max_length=200)
    partners = models.CharField(_("合作单位"), max_length=300, blank=True)
    built_on = models.DateField(_("建立日期"), null=True, blank=True)

    class Meta:
        ordering = ["-built_on", "name"]
        verbose_name = _("企业创新平台")
        verbose_name_plural = _("企业创新平台")

    def __str__(self) -> str:
        return self.name


class Demonstration(models.Model):
    """Designation into the 科技成果转移转化示范企业库 (seed 004), with reason and date; revocable."""

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="demonstrations")
    designated_on = models.DateField(_("认定日期"))
    reason = models.TextField(_("认定理由"))
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销理由"), max_length=300, blank=True)

    class Meta:
        ordering = ["-designated_on"]
        verbose_name = _("示范企业认定")
        verbose_name_plural = _("示范企业认定")

    def __str__(self) -> str:
        return f"{self.profile} {self.designated_on}"


class LinkedPatent(models.Model):
    """A pool patent counted for this enterprise through a confirmed applicant name."""

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="linked_patents")
    patent = models.ForeignKey("patents.Patent", on_delete=models.CASCADE, related_name="enterprise_links")
    via = models.ForeignKey(ApplicantName, on_delete=models.CASCADE, related_name="links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "patent"], name="enterprises_unique_linked_patent")]

    def __str__(self) -> str:
        return f"{self.profile} {self.patent_id}"
