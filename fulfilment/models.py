"""政策兑现 (policy fulfilment): a clause's actionable terms, its rule versions, 免申即享 runs,
applications and the grants ledger (issue 11; seed 001 三(七)3①④, seed 000 "1+N")."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import PolicyClause


class BenefitType(models.TextChoices):
    AWARD = "award", _("一次性奖励")
    SUBSIDY = "subsidy", _("补贴（按比例，封顶）")
    INTEREST = "interest", _("贷款贴息")
    RENT = "rent", _("租金减免")
    TALENT = "talent", _("人才待遇")
    QUALIFICATION = "qualification", _("资格认定")


class Mode(models.TextChoices):
    AUTO = "auto", _("免申即享")  # the platform finds who qualifies; nobody applies; two operators approve
    INSTANT = "instant", _("即申即享")  # one click; granted at once when the rule is met, else reviewed
    REVIEW = "review", _("申报审核")  # application with attachments, reviewed by the department


class Funding(models.TextChoices):
    NEW_CITY = "new_city", _("新城")
    NEW_AREA = "new_area", _("新区")
    CITY = "city", _("市")
    PROVINCE = "province", _("省")


class ClauseTerms(models.Model):
    """What a clause gives, to whom, when, how and who pays: the clause made actionable."""

    clause = models.OneToOneField(PolicyClause, on_delete=models.CASCADE, related_name="terms", verbose_name=_("条款"))
    benefit_type = models.CharField(_("支持方式"), max_length=20, choices=BenefitType.choices)
    amount = models.DecimalField(
        _("定额（万元）"), max_digits=12, decimal_places=2, null=True, blank=True, help_text=_("一次性奖励等定额，万元")
    )
    share = models.DecimalField(
        _("比例（%）"), max_digits=6, decimal_places=2, null=True, blank=True, help_text=_("按基数的百分比")
    )
    base_fact = models.CharField(
        _("计算基数"), max_length=60, blank=True, help_text=_("按比例计算时的基数指标，如 研发费用（万元）")
    )
    cap = models.DecimalField(_("封顶（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    mode = models.CharField(_("兑现方式"), max_length=10, choices=Mode.choices, default=Mode.REVIEW)
    department = models.CharField(_("责任部门"), max_length=100)
    funding = models.CharField(_("资金来源"), max_length=10, choices=Funding.choices)
    apply_from = models.DateField(_("申报开始"), null=True, blank=True)
    apply_to = models.DateField(_("申报截止"), null=True, blank=True, help_text=_("留空表示常年受理"))
    source_text = models.TextField(_("依据原文"), blank=True, help_text=_("规则所依据的条款原文"))
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("条款兑现要素")
        verbose_name_plural = _("条款兑现要素")

    def __str__(self) -> str:
        return str(self.clause)

    @property
    def rule(self):
        """The current (latest) rule version, or None."""
        versions = getattr(self, "_prefetched_objects_cache", {}).get("rules")
        if versions is not None:
            return max(versions, key=lambda v: v.version, default=None)
        return self.rules.order_by("-version").first()

    @property
    def is_rolling(self) -> bool:
        return self.apply_to is None


class RuleVersion(models.Model):
    """One version of a clause's eligibility rule (``core.rules`` JSON over the "enterprise" facts).
    Versions are never edited: a change adds a version; grants and runs keep the version they used."""

    terms = models.ForeignKey(ClauseTerms, on_delete=models.CASCADE, related_name="rules", verbose_name=_("条款"))
    version = models.PositiveIntegerField(_("版本"))
    conditions = models.JSONField(_("条件"), default=list)
    note = models.CharField(_("修改说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["terms", "-version"]
        verbose_name = _("资格规则版本")
        verbose_name_plural = _("资格规则版本")
        constraints = [models.UniqueConstraint(fields=["terms", "version"], name="fulfilment_rule_version_once")]

    def __str__(self) -> str:
        return f"{self.terms} v{self.version}"


class AutoRun(models.Model):
    """A 免申即享 run: the clause evaluated over every enterprise for a year; the proposed list waits
    for a second operator (two-person rule: the proposer may not approve)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待复核")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("已退回")

    terms = models.ForeignKey(ClauseTerms, on_delete=models.CASCADE, related_name="runs", verbose_name=_("条款"))
    rule = models.ForeignKey(RuleVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("规则版本"))
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("复核意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("免申即享批次")
        verbose_name_plural = _("免申即享批次")

    def __str__(self) -> str:
        return f"{self.terms} · {self.year} · #{self.pk}"


class AutoRunItem(models.Model):
    run = models.ForeignKey(AutoRun, on_delete=models.CASCADE, related_name="items")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(_("金额（万元）"), max_digits=12, decimal_places=2, default=Decimal(0))
    reasons = models.JSONField(_("理由"), default=list)

    class Meta:
        ordering = ["run", "organisation__name"]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.organisation_id}"


class Application(models.Model):
    """An enterprise's application for a clause (即申即享 or 申报审核)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        RETURNED = "returned", _("退回补正")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未通过")

    terms = models.ForeignKey(
        ClauseTerms, on_delete=models.CASCADE, related_name="applications", verbose_name=_("条款")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("企业")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(_("申报说明"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="fulfilment/%Y/", blank=True)
    facts = models.JSONField(_("申报时的画像数据"), default=dict)  # filled from the profile, with reasons
    rule = models.ForeignKey(RuleVersion, null=True, on_delete=models.PROTECT, related_name="+")
    rule_met = models.BooleanField(_("申报时满足规则"), default=False)
    amount = models.DecimalField(_("测算金额（万元）"), max_digits=12, decimal_places=2, default=Decimal(0))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("兑现申请")
        verbose_name_plural = _("兑现申请")

    def __str__(self) -> str:
        return f"{self.terms} · {self.organisation} · {self.year}"


class ApplicationEvent(models.Model):
    """The application's transitions (workflow as data, ``core.workflow``), with reasons."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action}"


class Grant(models.Model):
    """兑现台账: one benefit granted to one enterprise under one clause for one period."""

    class Payment(models.TextChoices):
        PENDING = "pending", _("待拨付")
        PAID = "paid", _("已拨付")

    terms = models.ForeignKey(ClauseTerms, on_delete=models.PROTECT, related_name="grants", verbose_name=_("条款"))
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("企业")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("金额（万元）"), max_digits=12, decimal_places=2, default=Decimal(0))
    mode = models.CharField(_("兑现方式"), max_length=10, choices=Mode.choices)
    funding = models.CharField(_("资金来源"), max_length=10, choices=Funding.choices)
    department = models.CharField(_("责任部门"), max_length=100)
    rule = models.ForeignKey(RuleVersion, null=True, on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(_("理由"), default=list)
    run = models.ForeignKey(AutoRun, null=True, blank=True, on_delete=models.PROTECT, related_name="grants")
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="grant"
    )
    eligible_on = models.DateField(_("确认符合日期"))
    granted_on = models.DateField(_("兑现日期"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    payment = models.CharField(_("拨付状态"), max_length=10, choices=Payment.choices, default=Payment.PENDING)
    paid_on = models.DateField(_("拨付日期"), null=True, blank=True)

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = _("兑现记录")
        verbose_name_plural = _("兑现台账")
        constraints = [
            # The same benefit is granted once per clause, enterprise and period, however it came.
            models.UniqueConstraint(fields=["terms", "organisation", "year"], name="fulfilment_grant_once")
        ]

    def __str__(self) -> str:
        return f"{self.terms} · {self.organisation} · {self.year}"
