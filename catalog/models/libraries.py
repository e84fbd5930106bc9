"""The resource libraries: 成果, 需求, 仪器设备, 政策, 专家人才, 金融产品, 应用场景."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import ChoiceListField
from reference.models import CooperationMode

from .base import Resource, published_order_index


class Achievement(Resource):
    """科技成果: a research result offered for transfer."""

    class Stage(models.TextChoices):
        LAB = "lab", _("实验室")
        SMALL_PILOT = "small_pilot", _("小试")
        PILOT = "pilot", _("中试")
        INDUSTRIAL = "industrial", _("产业化")

    library = "achievements"
    field = models.CharField(_("技术领域"), max_length=100, blank=True)
    trl = models.PositiveSmallIntegerField(
        _("技术成熟度（TRL）"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    stage = models.CharField(_("成熟阶段"), max_length=12, choices=Stage.choices, blank=True)
    patent_numbers = models.CharField(
        _("相关专利号"), max_length=500, blank=True, help_text=_("多个专利号用逗号分隔，如 CN114081026A")
    )
    cooperation_modes = ChoiceListField(_("合作方式"), choices=CooperationMode.choices)
    asking_price = models.DecimalField(
        _("意向价格（万元）"), max_digits=12, decimal_places=2, null=True, blank=True, help_text=_("留空表示面议")
    )
    team = models.ManyToManyField("catalog.Expert", blank=True, related_name="achievements", verbose_name=_("团队专家"))
    team_name = models.CharField(_("成果团队"), max_length=200, blank=True)
    is_service_invention = models.BooleanField(
        _("职务科技成果"), default=False, help_text=_("属于“三项改革”中赋权的职务科技成果")
    )
    keywords = models.CharField(_("关键词"), max_length=300, blank=True)

    class Meta(Resource.Meta):
        verbose_name = _("科技成果")
        verbose_name_plural = _("科技成果")
        indexes = [
            models.Index(fields=["status", "published_at"], name="achievement_status_pub"),
            published_order_index("achievement"),
            # The few achievements that name patents: the patent page's citing scan
            # (patents.selectors._citing_ids) reads these rows instead of the whole table.
            models.Index(fields=["id"], condition=~models.Q(patent_numbers=""), name="achievement_cites_patents"),
        ]

    @property
    def price_display(self) -> str:
        return f"{self.asking_price} 万元" if self.asking_price is not None else str(_("面议"))

    def search_text(self) -> str:
        return "\n".join(filter(None, [super().search_text(), self.field, self.keywords, self.team_name]))


class Demand(Resource):
    """技术需求: an enterprise's technical problem."""

    library = "demands"
    confidential_fields = ("budget_min", "budget_max", "confidential_details")

    problem = models.TextField(_("需解决的技术问题"))
    current_state = models.TextField(_("现状与已有基础"), blank=True)
    targets = models.TextField(_("期望达到的指标"), blank=True)
    budget_min = models.DecimalField(_("预算下限（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    budget_max = models.DecimalField(_("预算上限（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    deadline = models.DateField(_("期望完成日期"), null=True, blank=True)
    cooperation_modes = ChoiceListField(_("期望合作方式"), choices=CooperationMode.choices)
    is_bottleneck = models.BooleanField(_("卡脖子技术"), default=False)
    confidential_details = models.TextField(
        _("保密细节"), blank=True, help_text=_("仅本机构、对接双方、经纪人和平台运营人员可见")
    )

    class Meta(Resource.Meta):
        verbose_name = _("技术需求")
        verbose_name_plural = _("技术需求")
        indexes = [
            models.Index(fields=["status", "published_at"], name="demand_status_pub"),
            published_order_index("demand"),
        ]

    def clean(self):
        super().clean()
        if self.budget_min is not None and self.budget_max is not None and self.budget_min > self.budget_max:
            raise ValidationError({"budget_max": _("预算上限不能低于下限。")})

    def validate_new(self) -> None:
        super().validate_new()
        if self.deadline and self.deadline < timezone.localdate():
            raise ValidationError({"deadline": _("期望完成日期不能早于今天。")})

    def search_text(self) -> str:
        return "\n".join(filter(None, [super().search_text(), self.problem, self.targets]))


class Instrument(Resource):
    """仪器设备: a shared scientific instrument."""

    class State(models.TextChoices):
        AVAILABLE = "available", _("可预约")
        MAINTENANCE = "maintenance", _("维护中")
        RETIRED = "retired", _("已停用")

    library = "instruments"
    model_number = models.CharField(_("型号"), max_length=100, blank=True)
    manufacturer = models.CharField(_("生产厂家"), max_length=100, blank=True)
    category = models.CharField(_("仪器类别"), max_length=100, blank=True)
    location = models.CharField(_("放置地点"), max_length=200, blank=True)
    services = models.TextField(_("可提供服务"), blank=True)
    fee = models.CharField(_("收费标准"), max_length=200, blank=True)
    state = models.CharField(_("设备状态"), max_length=12, choices=State.choices, default=State.AVAILABLE)

    class Meta(Resource.Meta):
        verbose_name = _("仪器设备")
        verbose_name_plural = _("仪器设备")
        indexes = [published_order_index("instrument")]

    def search_text(self) -> str:
        return "\n".join(filter(None, [super().search_text(), self.category, self.manufacturer, self.services]))


class Policy(Resource):
    """政策: a policy document with its benefit clauses."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家")
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        NEW_AREA = "new_area", _("新区")
        NEW_CITY = "new_city", _("新城")

    library = "policies"
    issuer = models.CharField(_("发文机关"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, blank=True, help_text=_("如 陕西咸函〔2024〕2号"))
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    effective_from = models.DateField(_("生效日期"), null=True, blank=True)
    effective_to = models.DateField(_("截止日期"), null=True, blank=True)

    # Field history (django-simple-history): who changed what, when (issue 9).
    history = HistoricalRecords()

    class Meta(Resource.Meta):
        verbose_name = _("政策")
        verbose_name_plural = _("政策")
        indexes = [published_order_index("policy")]

    def clean(self):
        super().clean()
        if self.effective_from and self.effective_to and self.effective_from > self.effective_to:
            raise ValidationError({"effective_to": _("截止日期不能早于生效日期。")})

    def search_text(self) -> str:
        clauses = "\n".join(f"{c.title} {c.benefit}" for c in self.clauses.all()) if self.pk else ""
        return "\n".join(filter(None, [super().search_text(), self.issuer, self.document_number, clauses]))


class PolicyClause(models.Model):
    """One benefit clause of a policy and the kind of subject it serves (seed 000's four kinds)."""

    class Subject(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        TALENT = "talent", _("人才")
        PLATFORM = "platform", _("平台")
        SERVICE_AGENCY = "service_agency", _("服务机构")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("政策"))
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("条款"), max_length=200)
    benefit = models.TextField(_("支持内容"))
    subject_kind = models.CharField(_("支持对象"), max_length=20, choices=Subject.choices)

    class Meta:
        ordering = ["policy", "order", "id"]
        verbose_name = _("政策条款")
        verbose_name_plural = _("政策条款")

    def __str__(self) -> str:
        return self.title


class Expert(Resource):
    """专家人才: a researcher or engineer. ``title`` holds the person's name."""

    library = "experts"
    confidential_fields = ("private_phone", "private_email")
    phone_fields = ("contact_phone", "private_phone")

    organisation_name = models.CharField(_("工作单位"), max_length=200, blank=True)
    professional_title = models.CharField(_("职称/职务"), max_length=100, blank=True)
    fields_of_work = models.CharField(_("研究领域"), max_length=300, blank=True)
    biography = models.TextField(_("个人简介"), blank=True)
    record = models.TextField(_("主要成果"), blank=True)
    private_phone = models.CharField(_("私人电话"), max_length=30, blank=True)
    private_email = models.EmailField(_("私人邮箱"), blank=True)

    class Meta(Resource.Meta):
        verbose_name = _("专家人才")
        verbose_name_plural = _("专家人才")
        indexes = [published_order_index("expert")]

    def search_text(self) -> str:
        return "\n".join(filter(None, [super().search_text(), self.fields_of_work, self.biography, self.record]))


class FinancialProduct(Resource):
    """金融产品: a loan, guarantee or investment product for technology firms."""

    class ProductType(models.TextChoices):
        RD_LOAN = "rd_loan", _("研发贷")
        ACHIEVEMENT_LOAN = "achievement_loan", _("成果贷")
        TALENT_LOAN = "talent_loan", _("人才贷")
        IP_PLEDGE = "ip_pledge", _("知识产权质押")
        INVEST_LOAN = "invest_loan", _("投贷联动")
        INVEST_INSURANCE = "invest_insurance", _("投保联动")
        EQUITY = "equity", _("股权投资")
        GUARANTEE = "guarantee", _("融资担保")
        OTHER = "other", _("其他")

    library = "finance"
    institution_name = models.CharField(_("金融机构"), max_length=200, blank=True)
    product_type = models.CharField(_("产品类型"), max_length=20, choices=ProductType.choices)
    amount_min = models.DecimalField(_("额度下限（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    amount_max = models.DecimalField(_("额度上限（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    rate_min = models.DecimalField(_("年利率下限（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    rate_max = models.DecimalField(_("年利率上限（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    term_min_months = models.PositiveSmallIntegerField(_("期限下限（月）"), null=True, blank=True)
    term_max_months = models.PositiveSmallIntegerField(_("期限上限（月）"), null=True, blank=True)
    conditions = models.TextField(_("申请条件"), blank=True)

    class Meta(Resource.Meta):
        verbose_name = _("金融产品")
        verbose_name_plural = _("金融产品")
        indexes = [published_order_index("finproduct")]

    def clean(self):
        super().clean()
        errors = {}
        for low, high in (
            ("amount_min", "amount_max"),
            ("rate_min", "rate_max"),
            ("term_min_months", "term_max_months"),
        ):
            a, b = getattr(self, low), getattr(self, high)
            if a is not None and b is not None and a > b:
                errors[high] = _("上限不能低于下限。")
        if errors:
            raise ValidationError(errors)

    def search_text(self) -> str:
        return "\n".join(
            filter(
                None, [super().search_text(), self.institution_name, self.get_product_type_display(), self.conditions]
            )
        )


class Scenario(Resource):
    """应用场景: a place a technology could be tried (need), or a capability offered for such places."""

    class Kind(models.TextChoices):
        NEED = "need", _("场景需求")
        CAPABILITY = "capability", _("场景能力")

    library = "scenarios"
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    place = models.CharField(_("应用场所"), max_length=200, blank=True)

    class Meta(Resource.Meta):
        verbose_name = _("应用场景")
        verbose_name_plural = _("应用场景")
        indexes = [published_order_index("scenario")]

    def search_text(self) -> str:
        return "\n".join(filter(None, [super().search_text(), self.place]))
