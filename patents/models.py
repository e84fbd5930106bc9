"""Patents, the IPC scheme and the industry-chain patent pools."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import ReadersName, readers_name
from reference.models import IndustryChain


class IpcEntry(models.Model):
    """One node of the IPC scheme (section, class, subclass or main group) with its Chinese title."""

    class Level(models.TextChoices):
        SECTION = "section", _("部")
        CLASS = "class", _("大类")
        SUBCLASS = "subclass", _("小类")
        GROUP = "group", _("大组")

    code = models.CharField(_("分类号"), max_length=16, primary_key=True)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    title = models.CharField(_("名称"), max_length=300)
    title_full = models.TextField(_("完整名称（含参见）"), blank=True)
    repair_note = models.CharField(_("修订说明"), max_length=300, blank=True, help_text=_("平台对原始数据所做修补"))
    in_current_edition = models.BooleanField(_("现行版本收录"), default=True)
    source = models.CharField(_("来源"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("IPC 分类")
        verbose_name_plural = _("IPC 分类")
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("patents:ipc_detail", kwargs={"code": self.code.replace("/", "-")})


class PatentType(models.TextChoices):
    INVENTION = "invention", _("发明")
    UTILITY = "utility", _("实用新型")
    DESIGN = "design", _("外观设计")


class LegalStatus(models.TextChoices):
    PENDING = "pending", _("审中")  # published application, not yet decided
    GRANTED = "granted", _("授权有效")  # granted and maintained
    LAPSED = "lapsed", _("失效（未缴年费/放弃/驳回/撤回）")
    EXPIRED = "expired", _("期限届满")
    INVALIDATED = "invalidated", _("被宣告无效")


class Award(models.TextChoices):
    NATIONAL_SCIENCE_PRIZE = "national_science_prize", _("国家科学技术奖")
    CHINA_PATENT_GOLD = "china_patent_gold", _("中国专利金奖")
    CHINA_PATENT_SILVER = "china_patent_silver", _("中国专利银奖")
    CHINA_PATENT_EXCELLENCE = "china_patent_excellence", _("中国专利优秀奖")


STATUTORY_TERM_YEARS = {PatentType.INVENTION: 20, PatentType.UTILITY: 10, PatentType.DESIGN: 15}


class Patent(models.Model):
    """A Chinese patent document. Fields the source did not give stay empty (shown as 未知)."""

    # Fields the database search fallback matches while the patents index does not exist yet.
    SEARCH_FIELDS = ("title", "abstract")

    publication_number = models.CharField(_("公开（公告）号"), max_length=20, unique=True)
    application_number = models.CharField(_("申请号"), max_length=16, blank=True, db_index=True)
    patent_type = models.CharField(_("专利类型"), max_length=10, choices=PatentType.choices)
    title = models.CharField(_("名称"), max_length=300)
    abstract = models.TextField(_("摘要"), blank=True)
    claims_count = models.PositiveSmallIntegerField(_("权利要求数"), null=True, blank=True)
    # IPC symbols stored as ",H01M8/0612,C25B1/04," / ",H01M,C25B," so one indexed LIKE filters them.
    ipc_codes = models.CharField(_("IPC 分类号"), max_length=500, blank=True)
    ipc_subclasses = models.CharField(_("IPC 小类"), max_length=300, blank=True)
    applicants = models.JSONField(_("申请人（专利权人）"), default=list, blank=True)
    inventors = models.JSONField(_("发明人"), default=list, blank=True)
    applicant_orgs = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="patents", verbose_name=_("关联机构")
    )
    inventor_experts = models.ManyToManyField(
        "catalog.Expert", blank=True, related_name="patents", verbose_name=_("关联专家")
    )
    application_date = models.DateField(_("申请日"), null=True, blank=True)
    publication_date = models.DateField(_("公开（公告）日"), null=True, blank=True)
    grant_date = models.DateField(_("授权公告日"), null=True, blank=True)
    legal_status = models.CharField(_("法律状态"), max_length=12, choices=LegalStatus.choices, blank=True)
    family_size = models.PositiveSmallIntegerField(_("同族专利数"), null=True, blank=True)
    overseas_family = models.BooleanField(_("有海外同族"), null=True, blank=True)
    cited_by_count = models.PositiveIntegerField(_("被引次数"), null=True, blank=True)
    years_maintained = models.PositiveSmallIntegerField(_("维持年限"), null=True, blank=True)
    pledge_amount = models.DecimalField(
        _("质押融资金额（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    award = models.CharField(_("获奖"), max_length=30, choices=Award.choices, blank=True)
    # Stored so lists sort and filter by value; recomputed by patents.scoring on import and pool change.
    value_score = models.PositiveSmallIntegerField(_("价值得分"), default=0, db_index=True)
    high_value = models.BooleanField(_("高价值专利"), default=False, db_index=True)
    score_breakdown = models.JSONField(_("得分明细"), default=dict, blank=True)
    source = models.CharField(_("数据来源"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)  # set by the importer on real change

    class Meta:
        ordering = ["-value_score", "publication_number"]
        verbose_name = _("专利")
        verbose_name_plural = _("专利")
        indexes = [models.Index(fields=["patent_type", "legal_status"])]

    def __str__(self) -> str:
        return f"{self.publication_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("patents:detail", kwargs={"number": self.publication_number})

    @property
    def ipc_code_list(self) -> list[str]:
        return [c for c in self.ipc_codes.split(",") if c]

    @property
    def ipc_subclass_list(self) -> list[str]:
        return [c for c in self.ipc_subclasses.split(",") if c]

    @property
    def kind_code(self) -> str:
        from .validators import publication_kind

        return publication_kind(self.publication_number)

    @property
    def is_granted(self) -> bool:
        """Granted at some time: a grant publication (B/C/U/Y/S) or a post-grant legal status."""
        from .validators import GRANT_KINDS

        return (
            self.kind_code in GRANT_KINDS
            or self.legal_status in (LegalStatus.GRANTED, LegalStatus.EXPIRED, LegalStatus.INVALIDATED)
            or bool(self.grant_date)
        )

    @property
    def has_ended(self) -> bool:
        return self.legal_status in (LegalStatus.LAPSED, LegalStatus.EXPIRED, LegalStatus.INVALIDATED)

    @property
    def statutory_term(self) -> int:
        return STATUTORY_TERM_YEARS.get(self.patent_type, 20)

    @property
    def maintained_years(self) -> int | None:
        """Years maintained: as given by the source, else, for a granted patent in force with a known
        application date, the years since filing (the term runs from the filing date). None when unknown."""
        if self.years_maintained is not None:
            return self.years_maintained
        if self.legal_status == LegalStatus.GRANTED and self.application_date:
            return max(0, (dt.date.today() - self.application_date).days // 365)
        return None

    @property
    def remaining_years(self) -> float | None:
        if not self.application_date or self.has_ended or self.legal_status != LegalStatus.GRANTED:
            return None
        end = self.application_date.replace(year=self.application_date.year + self.statutory_term)
        return max(0.0, (end - dt.date.today()).days / 365.25)


class PatentPool(ReadersName, models.Model):
    """A curated pool of patents for one key industry chain, defined by rules operators edit;
    ``label``, ``str()`` and ``description_label`` in the reader's language (``name_en`` and
    ``description_en`` on English pages when filled)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    slug = models.SlugField(_("代码"), max_length=40, unique=True)
    chain = models.ForeignKey(
        IndustryChain,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="patent_pools",
        verbose_name=_("产业链"),
    )
    description = models.TextField(_("说明"), blank=True)
    description_en = models.TextField(_("英文说明"), blank=True)
    ipc_rules = models.TextField(
        _("IPC 规则"),
        blank=True,
        help_text=_(
            "每行一条。写分类号前缀（如 H01M8、C25B1/04、H02S）即收入该分类的专利；"
            "写“前缀: 词1, 词2”则只收入名称或摘要含其中任一词的该分类专利。"
        ),
    )
    keyword_rules = models.TextField(
        _("关键词规则"),
        blank=True,
        help_text=_("每行一条，名称或摘要含该词即收入；用“+”连接的多个词须同时出现（如 氢+储运）。"),
    )
    exclude_keywords = models.TextField(
        _("排除词"), blank=True, help_text=_("每行一个；名称含这些词的专利不按规则收入。")
    )
    strategic_emerging = models.BooleanField(
        _("属于战略性新兴产业"), default=True, help_text=_("高价值评分中“战略性新兴产业发明专利”一项据此认定")
    )
    high_value_threshold = models.PositiveSmallIntegerField(
        _("高价值门槛分"), default=0, help_text=_("0 表示沿用平台统一门槛；可为本池设更高门槛")
    )
    brokers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="patent_pools", verbose_name=_("服务经纪人")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    rules_changed_at = models.DateTimeField(_("规则更新时间"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("最近分配时间"), null=True, blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("专利池")
        verbose_name_plural = _("专利池")

    def __str__(self) -> str:
        return self.label

    @property
    def description_label(self) -> str:
        """The description in the reader's language (``description_en`` on English pages when filled)."""
        return readers_name(self.description, self.description_en)

    def get_absolute_url(self) -> str:
        return reverse("patents:pool_detail", kwargs={"slug": self.slug})


class PoolMembership(models.Model):
    """A patent in a pool, by rule or by an operator's manual inclusion."""

    class Via(models.TextChoices):
        RULE = "rule", _("规则")
        MANUAL = "manual", _("人工加入")

    pool = models.ForeignKey(PatentPool, on_delete=models.CASCADE, related_name="memberships")
    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="pool_memberships")
    via = models.CharField(_("入池方式"), max_length=10, choices=Via.choices)
    reason = models.CharField(_("命中规则"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("入池时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("入池记录")
        verbose_name_plural = _("入池记录")
        constraints = [models.UniqueConstraint(fields=["pool", "patent"], name="unique_pool_patent")]

    def __str__(self) -> str:
        return f"{self.pool} ← {self.patent.publication_number}"

    @property
    def reason_label(self) -> str:
        """``reason`` in the reader's language (``patents.rules.reason_label``)."""
        from .rules import reason_label

        return reason_label(self.reason)


class PoolOverride(models.Model):
    """An operator's decision that beats the rules: always include, or never include."""

    class Action(models.TextChoices):
        INCLUDE = "include", _("人工加入")
        EXCLUDE = "exclude", _("人工排除")

    pool = models.ForeignKey(PatentPool, on_delete=models.CASCADE, related_name="overrides")
    patent = models.ForeignKey(Patent, on_delete=models.CASCADE, related_name="pool_overrides")
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("人工调整")
        verbose_name_plural = _("人工调整")
        constraints = [models.UniqueConstraint(fields=["pool", "patent"], name="unique_pool_override")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.patent.publication_number} @ {self.pool}"
