"""The hub's network (issue 17): city sub-markets, carriers with yearly output reports and the
firms that move back from 飞地, service agencies with their catalogue and clients' ratings, and the
typical-cases library.

Records of the resource libraries keep one home (their region, catalog.Resource.prefecture/county,
else their owner's); a sub-market is a region plus its own operators, never a copy of records.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import Region


def current_year() -> int:
    return timezone.localdate().year


class SubMarket(models.Model):
    """A city (or county) sub-market of the general window ("一总多区", seed 000; 001 三(六))."""

    class Kind(models.TextChoices):
        CITY = "city", _("地市分市场")
        COUNTY = "county", _("区县分市场")

    class Joint(models.TextChoices):
        NONE = "", _("无")
        XI_XIAN = "xi_xian", _("西安—咸阳共享库")  # 001 三(六)2①: shared achievement and demand libraries

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.CITY)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("所辖区域"))
    joint = models.CharField(_("共享库"), max_length=20, choices=Joint.choices, blank=True, default="")
    description = models.TextField(_("简介"), blank=True)
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="submarkets",
        verbose_name=_("分市场运营人员"),
        help_text=_("只审核本区域的记录；总窗口运营人员（平台运营角色）审核全部。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    active = models.BooleanField(_("运行中"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("分市场")
        verbose_name_plural = _("分市场")

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    NONE = "none", _("未认定")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")  # being written by its owner
    SUBMITTED = "submitted", _("待审核")  # waiting for an operator
    ACCEPTED = "accepted", _("已通过")  # counted (reports) / published (cases)
    RETURNED = "returned", _("已退回")  # sent back with a reason


class Carrier(models.Model):
    """A carrier of innovation (001 三(二), 三(三)3③, 三(六)3②, 三(七)2②)."""

    class Kind(models.TextChoices):
        INCUBATOR = "incubator", _("孵化器")
        ACCELERATOR = "accelerator", _("加速器")
        TENGFEI = "tengfei", _("腾飞器")
        PILOT_BASE = "pilot_base", _("中试基地")
        POC_CENTRE = "poc_centre", _("概念验证中心")
        NEW_RND = "new_rnd", _("新型研发机构")
        ENG_CENTRE = "eng_centre", _("工程技术研究中心")
        CONSORTIUM = "consortium", _("创新联合体")
        SCHOOL_ENTERPRISE = "school_enterprise", _("校企合作平台")
        OPEN_INNOVATION = "open_innovation", _("大企业开放创新中心")
        ENCLAVE = "enclave", _("飞地孵化器")

    class Status(models.TextChoices):
        ACTIVE = "active", _("运行中")
        REVOKED = "revoked", _("已撤销")

    name = models.CharField(_("载体名称"), max_length=200)
    kind = models.CharField(_("载体类型"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices, default=Level.NONE)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carriers",
        verbose_name=_("运营机构"),
        help_text=_("该机构的成员填报年度报告。"),
    )
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    recognised_by = models.CharField(_("认定部门"), max_length=100, blank=True)
    prefecture = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在地市"),
        limit_choices_to={"level": "prefecture"},
    )
    county = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在区县"),
        limit_choices_to={"level": "county"},
    )
    partner_city = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("合作地市"),
        help_text=_("飞地孵化器：与总窗口共建的地市，孵化成熟的企业回迁到该地。"),
    )
    space_m2 = models.DecimalField(_("场地面积（平方米）"), max_digits=12, decimal_places=2, null=True, blank=True)
    services = models.TextField(_("服务内容"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("创新载体")
        verbose_name_plural = _("创新载体")
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="network_carrier_unique_name")]
        indexes = [models.Index(fields=["kind", "level"])]

    def __str__(self) -> str:
        return self.name


class CarrierReport(models.Model):
    """A carrier's yearly output, filed by its operating organisation and reviewed by operators;
    only accepted reports count in the indicators."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="reports", verbose_name=_("载体"))
    year = models.PositiveSmallIntegerField(_("年度"), default=current_year)
    projects_incubated = models.PositiveIntegerField(_("在孵/服务项目（个）"), default=0)
    firms_registered = models.PositiveIntegerField(_("新注册企业（家）"), default=0)
    firms_graduated = models.PositiveIntegerField(_("毕业企业（家）"), default=0)
    achievements_converted = models.PositiveIntegerField(_("转化成果（项）"), default=0)
    notes = models.TextField(_("说明"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    return_reason = models.CharField(_("退回原因"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("填报人"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "carrier__name"]
        verbose_name = _("载体年度报告")
        verbose_name_plural = _("载体年度报告")
        constraints = [models.UniqueConstraint(fields=["carrier", "year"], name="network_report_one_per_year")]

    def __str__(self) -> str:
        return f"{self.carrier} {self.year}"


class Relocation(models.Model):
    """A firm incubated in a 飞地 that moved back to the partner city (回迁发展, 001 三(六)3②)."""

    carrier = models.ForeignKey(
        Carrier, on_delete=models.CASCADE, related_name="relocations", verbose_name=_("飞地孵化器")
    )
    firm = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("企业"),
    )
    firm_name = models.CharField(_("企业名称"), max_length=200)
    moved_on = models.DateField(_("回迁日期"))
    destination = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("回迁地"),
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-moved_on", "-id"]
        verbose_name = _("回迁记录")
        verbose_name_plural = _("回迁记录")

    def __str__(self) -> str:
        return self.firm_name


class ServiceAgency(models.Model):
    """A service agency in the directory (001 三(一)5①④; 002 6.4 "编制服务目录")."""

    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("技术转移机构")
        INTERMEDIARY = "intermediary", _("科技中介")
        TESTING = "testing", _("检验检测机构")
        IP_SERVICE = "ip_service", _("知识产权服务机构")
        LAW_FIRM = "law_firm", _("律师事务所")
        OTHER = "other", _("其他")

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="agency", verbose_name=_("机构")
    )
    kind = models.CharField(_("机构类别"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("示范级别"), max_length=12, choices=Level.choices, default=Level.NONE)
    public_legal_service = models.BooleanField(_("提供公益法律服务"), default=False)
    prefecture = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在地市"),
        limit_choices_to={"level": "prefecture"},
    )
    description = models.TextField(_("服务简介"), blank=True)
    listed = models.BooleanField(_("在目录中公开"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "organisation__name"]
        verbose_name = _("服务机构")
        verbose_name_plural = _("服务机构")

    def __str__(self) -> str:
        return self.organisation.name


class AgencyService(models.Model):
    """One entry of an agency's service catalogue."""

    agency = models.ForeignKey(
        ServiceAgency, on_delete=models.CASCADE, related_name="services", verbose_name=_("服务机构")
    )
    title = models.CharField(_("服务名称"), max_length=200)
    description = models.TextField(_("服务说明"), blank=True)
    price_note = models.CharField(_("收费说明"), max_length=200, blank=True)
    active = models.BooleanField(_("提供中"), default=True)

    class Meta:
        ordering = ["agency", "id"]
        verbose_name = _("服务目录条目")
        verbose_name_plural = _("服务目录")

    def __str__(self) -> str:
        return self.title


class Engagement(models.Model):
    """A service an agency performed for a client; the client rates it once it is completed."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("已申请")  # the client asked for the service
        COMPLETED = "completed", _("已完成")  # the agency marked it done; the client may rate it
        CANCELLED = "cancelled", _("已取消")

    agency = models.ForeignKey(
        ServiceAgency, on_delete=models.CASCADE, related_name="engagements", verbose_name=_("服务机构")
    )
    service = models.ForeignKey(
        AgencyService,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="engagements",
        verbose_name=_("服务"),
    )
    client = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="agency_engagements", verbose_name=_("委托方")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("需求说明"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("评分"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("评价"), max_length=500, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")

    def __str__(self) -> str:
        return f"{self.agency} → {self.client}"


class Case(models.Model):
    """A typical, replicable case (典型案例, 001 二, 三(一)1④: 30 by 2026, at least 5 a year)."""

    class Mechanism(models.TextChoices):
        PAY_AFTER_USE = "pay_after_use", _("先使用后付费")
        INVEST_THEN_EQUITY = "invest_then_equity", _("先投后股")
        EQUITY_IN_KIND = "equity_in_kind", _("作价入股")
        CHALLENGE = "challenge", _("揭榜挂帅")
        ENCLAVE = "enclave", _("飞地孵化")
        VOUCHER = "voucher", _("科技创新券")
        PILOT = "pilot", _("中试熟化")
        OTHER = "other", _("其他")

    title = models.CharField(_("案例标题"), max_length=200)
    mechanism = models.CharField(_("体现的机制"), max_length=30, choices=Mechanism.choices)
    parties = models.CharField(_("参与方"), max_length=300)
    summary = models.TextField(_("案例介绍"))
    figures = models.CharField(_("关键数据"), max_length=300, blank=True, help_text=_("如合同额、产值、带动就业"))
    amount_wan = models.DecimalField(_("涉及金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(_("佐证材料"), blank=True, help_text=_("合同登记号、新闻报道、文件等"))
    year = models.PositiveSmallIntegerField(_("年度"), default=current_year)
    prefecture = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在地市"),
        limit_choices_to={"level": "prefecture"},
    )
    owner_org = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("报送机构"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    return_reason = models.CharField(_("退回原因"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")

    def __str__(self) -> str:
        return self.title


class Project(models.Model):
    """A science and technology plan project (项目库, seed 002 7.1 and 6.4): applicant, programme,
    budget, dates, milestones and the acceptance result."""

    class Acceptance(models.TextChoices):
        ONGOING = "ongoing", _("在研")
        PASSED = "passed", _("通过验收")
        FAILED = "failed", _("未通过验收")
        TERMINATED = "terminated", _("终止")

    code = models.CharField(_("项目编号"), max_length=60, unique=True)
    title = models.CharField(_("项目名称"), max_length=200)
    applicant = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="plan_projects", verbose_name=_("承担单位")
    )
    programme = models.CharField(_("计划类别"), max_length=100, help_text=_("如 秦创原科技成果转化专项"))
    budget_wan = models.DecimalField(_("财政资助（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    milestones = models.TextField(_("进度节点"), blank=True)
    acceptance = models.CharField(_("验收结果"), max_length=12, choices=Acceptance.choices, default=Acceptance.ONGOING)
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    prefecture = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("所在地市")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("科技计划项目")
        verbose_name_plural = _("项目库")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="network_project_dates")
        ]

    def __str__(self) -> str:
        return self.title


class CreditRecord(models.Model):
    """A research-credit record of an organisation or a person (科研诚信, seed 002 7.1): a serious
    breach bars the organisation from programme calls while it runs. Operators keep them; the
    organisation sees its own; nobody else does."""

    class Severity(models.TextChoices):
        SERIOUS = "serious", _("严重失信")  # bars entries to programme calls while in force
        GENERAL = "general", _("一般失信")  # recorded, shown to reviewers; does not bar

    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_records",
        verbose_name=_("机构"),
    )
    person_name = models.CharField(_("责任人"), max_length=50, blank=True)
    severity = models.CharField(_("失信程度"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("失信行为"))
    source = models.CharField(_("认定来源"), max_length=200, help_text=_("认定部门及文号"))
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"), null=True, blank=True, help_text=_("留空表示长期"))
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credit_records",
        verbose_name=_("相关项目"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("科研诚信记录")
        verbose_name_plural = _("科研诚信记录")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | ~models.Q(person_name=""),
                name="network_credit_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation or self.person_name} {self.get_severity_display()}"

    def in_force(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class Product(models.Model):
    """The product library (产品库, seed 002 6.4): new technology products and 首台（套） major
    equipment with the recognition and the subsidy claimed (001 三(三)4⑤), linked to the
    enterprise and its patents."""

    class Kind(models.TextChoices):
        NEW_PRODUCT = "new_product", _("新技术新产品")
        FIRST_SET = "first_set", _("首台（套）重大技术装备")
        FIRST_BATCH = "first_batch", _("首批次新材料")
        FIRST_VERSION = "first_version", _("首版次软件")

    name = models.CharField(_("产品名称"), max_length=200)
    kind = models.CharField(_("产品类别"), max_length=20, choices=Kind.choices)
    enterprise = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="products", verbose_name=_("生产企业")
    )
    patents = models.ManyToManyField("patents.Patent", blank=True, related_name="products", verbose_name=_("相关专利"))
    description = models.TextField(_("产品简介"), blank=True)
    recognition = models.CharField(_("认定批次 / 文号"), max_length=200, blank=True)
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    subsidy_claimed_wan = models.DecimalField(
        _("申领补贴（万元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("首台（套）等认定后申领的奖补资金"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recognised_on", "name"]
        verbose_name = _("产品")
        verbose_name_plural = _("产品库")
        constraints = [models.UniqueConstraint(fields=["enterprise", "name"], name="network_product_unique")]

    def __str__(self) -> str:
        return self.name
