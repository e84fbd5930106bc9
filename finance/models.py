"""Technology finance (秦创原资本大市场, seed 001 三(五)): financing needs, product terms and
eligibility rules, applications in the institutions' queue, loans with pledges, the risk-compensation
fund's ledger, the financing white list, funds and their investments.

Amounts are 万元 unless a field says 亿元; rates are annual %; terms are months.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NeedType(models.TextChoices):
    DEBT = "debt", _("债权融资（贷款）")
    EQUITY = "equity", _("股权融资")
    GUARANTEE = "guarantee", _("融资担保")
    LEASING = "leasing", _("融资租赁")
    IP_PLEDGE = "ip_pledge", _("知识产权质押")


# The needs a catalog product type serves when its terms do not say otherwise.
DEFAULT_NEED_TYPES = {
    "rd_loan": ["debt"],
    "achievement_loan": ["debt"],
    "talent_loan": ["debt"],
    "ip_pledge": ["ip_pledge", "debt"],
    "invest_loan": ["debt", "equity"],
    "invest_insurance": ["equity", "guarantee"],
    "equity": ["equity"],
    "guarantee": ["guarantee"],
    "other": ["debt"],
}


class ProductTerms(models.Model):
    """What the platform needs beyond the catalog record (amount, rate and term ranges live on
    ``catalog.FinancialProduct``): eligibility rules over the "enterprise" fact set of
    ``core.rules`` and the kinds of need the product answers. Kept by the institution's staff."""

    product = models.OneToOneField(
        "catalog.FinancialProduct", on_delete=models.CASCADE, related_name="finance_terms", verbose_name=_("金融产品")
    )
    rules = models.JSONField(_("准入条件"), default=list, blank=True)
    need_types = models.JSONField(_("适用融资类型"), default=list, blank=True)
    accepts_ip_pledge = models.BooleanField(_("接受知识产权质押"), default=False)
    accepts_contract_pledge = models.BooleanField(_("接受技术合同质押"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("产品准入条件")
        verbose_name_plural = _("产品准入条件")

    def __str__(self) -> str:
        return str(self.product)

    def served_needs(self) -> list[str]:
        return self.need_types or DEFAULT_NEED_TYPES.get(self.product.product_type, ["debt"])


class FinancingNeed(models.Model):
    """融资需求: what an enterprise asks for, shared (with its consent) with the chosen institutions."""

    class Status(models.TextChoices):
        OPEN = "open", _("征集中")  # institutions may see it (those it is shared with)
        CLOSED = "closed", _("已关闭")  # financed or withdrawn by the enterprise

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="financing_needs", verbose_name=_("企业")
    )
    amount = models.DecimalField(_("融资金额（万元）"), max_digits=12, decimal_places=2)
    purpose = models.CharField(_("资金用途"), max_length=300)
    term_months = models.PositiveSmallIntegerField(_("期限（月）"))
    need_type = models.CharField(_("融资类型"), max_length=12, choices=NeedType.choices)
    collateral_patents = models.ManyToManyField(
        "patents.Patent", blank=True, related_name="+", verbose_name=_("可质押专利")
    )
    collateral_contracts = models.ManyToManyField(
        "deals.Contract", blank=True, related_name="+", verbose_name=_("可质押技术合同（已登记）")
    )
    shared_with = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="financing_needs_shared", verbose_name=_("授权查看的金融机构")
    )
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    matched_products = models.PositiveSmallIntegerField(_("匹配到的产品数"), default=0)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("发布时间"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("融资需求")
        verbose_name_plural = _("融资需求")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="finance_need_amount_positive")]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.amount} 万元"


class Application(models.Model):
    """A need sent to one product: the institution's queue item. Never a technology deal."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已申请")
        CONTACTED = "contacted", _("已联系")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("已拒绝")
        WITHDRAWN = "withdrawn", _("已撤回")

    need = models.ForeignKey(FinancingNeed, on_delete=models.CASCADE, related_name="applications")
    product = models.ForeignKey(
        "catalog.FinancialProduct",
        on_delete=models.PROTECT,
        related_name="finance_applications",
        verbose_name=_("产品"),
    )
    institution = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="finance_applications",
        verbose_name=_("金融机构"),
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    reasons = models.JSONField(_("匹配理由"), default=list, blank=True)
    snapshot = models.JSONField(_("企业画像快照"), default=dict, blank=True)
    approved_amount = models.DecimalField(_("批准金额（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    approved_rate = models.DecimalField(_("批准年利率（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    approved_term_months = models.PositiveSmallIntegerField(_("批准期限（月）"), null=True, blank=True)
    refuse_reason = models.CharField(_("拒绝原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("融资申请")
        verbose_name_plural = _("融资申请")
        constraints = [models.UniqueConstraint(fields=["need", "product"], name="finance_one_application_per_product")]

    def __str__(self) -> str:
        return f"{self.need.organisation} → {self.product}"


class ApplicationEvent(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    note = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action}"

    @property
    def status_label(self) -> str:
        return Application.Status(self.to_status).label


class Loan(models.Model):
    """Financing granted (an approved application). Counted in 科技企业融资额 by ``granted_on``;
    new city and chain are copied from the enterprise when granted so the breakdown stays as it was."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="loan")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    product_type = models.CharField(_("产品类型"), max_length=20)
    amount = models.DecimalField(_("金额（万元）"), max_digits=12, decimal_places=2)
    rate = models.DecimalField(_("年利率（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("期限（月）"), null=True, blank=True)
    granted_on = models.DateField(_("放款日期"), db_index=True)
    new_city = models.CharField(_("新城"), max_length=20, blank=True)
    chain = models.CharField(_("产业链"), max_length=100, blank=True)
    risk_covered = models.BooleanField(_("纳入风险补偿"), default=False)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["-granted_on", "-pk"]
        verbose_name = _("放款")
        verbose_name_plural = _("放款")

    def __str__(self) -> str:
        return f"{self.organisation} {self.amount} 万元"


class Pledge(models.Model):
    """知识产权质押 (a patent) or 技术合同质押 (a registered technology contract) behind a loan."""

    class Kind(models.TextChoices):
        PATENT = "patent", _("知识产权质押")
        CONTRACT = "contract", _("技术合同质押")

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="pledges")
    kind = models.CharField(_("质押类型"), max_length=10, choices=Kind.choices)
    patent = models.ForeignKey("patents.Patent", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    contract = models.ForeignKey("deals.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("评估价值（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    registered_on = models.DateField(_("质押登记日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("质押")
        verbose_name_plural = _("质押")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="patent", patent__isnull=False, contract__isnull=True))
                | models.Q(kind="contract", contract__isnull=False, patent__isnull=True),
                name="finance_pledge_one_object",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.loan_id}"


class RiskFundEntry(models.Model):
    """风险补偿资金台账 (seed 001 三(五)1④: ≥ 1,000 万元 a year to unlock ≥ 10 亿元 of loans)."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("财政投入")
        CLAIM = "claim", _("代偿申请")
        PAYOUT = "payout", _("补偿支付")

    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("金额（万元）"), max_digits=12, decimal_places=2)
    loan = models.ForeignKey(Loan, null=True, blank=True, on_delete=models.PROTECT, related_name="risk_entries")
    note = models.CharField(_("说明"), max_length=300, blank=True)
    on = models.DateField(_("日期"), default=timezone.localdate)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("风险补偿台账")
        verbose_name_plural = _("风险补偿台账")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="finance_risk_amount_positive")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.amount}"


class WhiteListCriteria(models.Model):
    """The white list's criteria as ``core.rules`` conditions (one row; operators edit it)."""

    rules = models.JSONField(_("入选条件"), default=list)
    review_months = models.PositiveSmallIntegerField(_("复核周期（月）"), default=12)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("白名单条件")
        verbose_name_plural = _("白名单条件")

    def __str__(self) -> str:
        return str(_("白名单条件"))


class WhiteListEntry(models.Model):
    """融资白名单 (seed 001 三(五)1②): proposed by the criteria or nominated by an operator,
    listed after an operator's review, reviewed again periodically."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待审核")
        LISTED = "listed", _("在名单")
        REJECTED = "rejected", _("未通过")
        REMOVED = "removed", _("已移出")

    class Source(models.TextChoices):
        RULES = "rules", _("条件筛选")
        NOMINATION = "nomination", _("运营提名")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices)
    reasons = models.JSONField(_("理由"), default=list, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    next_review_on = models.DateField(_("下次复核"), null=True, blank=True)

    class Meta:
        ordering = ["status", "-proposed_at"]
        verbose_name = _("融资白名单")
        verbose_name_plural = _("融资白名单")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status__in=["proposed", "listed"]),
                name="finance_one_open_whitelist_entry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_status_display()}"


class Fund(models.Model):
    """A fund of the 基金矩阵 (seed 001 三(五)2; seed 003: 32 funds, 150.55 亿元)."""

    class Stage(models.TextChoices):
        SEED = "seed", _("种子")
        ANGEL = "angel", _("天使")
        VC = "vc", _("VC")
        PE = "pe", _("PE")

    name = models.CharField(_("基金名称"), max_length=200, unique=True)
    manager = models.CharField(_("管理人"), max_length=200)
    size = models.DecimalField(_("规模（亿元）"), max_digits=10, decimal_places=4)
    stage = models.CharField(_("阶段"), max_length=6, choices=Stage.choices)
    focus_chains = models.ManyToManyField(
        "reference.IndustryChain", blank=True, related_name="+", verbose_name=_("投资方向")
    )
    government_guided = models.BooleanField(_("政府引导基金"), default=False)
    established_on = models.DateField(_("设立日期"))
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["-established_on", "name"]
        verbose_name = _("基金")
        verbose_name_plural = _("基金")

    def __str__(self) -> str:
        return self.name


class Investment(models.Model):
    class Round(models.TextChoices):
        SEED = "seed", _("种子轮")
        ANGEL = "angel", _("天使轮")
        A = "a", _("A轮")
        B = "b", _("B轮")
        C = "c", _("C轮及以后")
        PRE_IPO = "pre_ipo", _("Pre-IPO")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="investments", verbose_name=_("基金"))
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("被投企业")
    )
    amount = models.DecimalField(_("投资金额（万元）"), max_digits=12, decimal_places=2)
    round = models.CharField(_("轮次"), max_length=8, choices=Round.choices)
    invested_on = models.DateField(_("投资日期"), db_index=True)
    in_general_window = models.BooleanField(_("投向总窗口"), default=True)
    contract = models.ForeignKey(
        "deals.Contract",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("先投后股合同"),
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["-invested_on", "-pk"]
        verbose_name = _("投资")
        verbose_name_plural = _("投资")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="finance_investment_positive")]

    def __str__(self) -> str:
        return f"{self.fund} → {self.organisation}"


class InvestFirstProgramme(models.Model):
    """先投后股专项资金 of one year: seed 001 三（一）1③ "每年设立预算不少于 1000万元的“先投后股”专项资金，
    遴选 3—5家企业开展“先投后股”试点". The money invested first (like a grant) converts into equity
    when the firm raises its next round or meets the agreed conditions (投转股)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    budget = models.DecimalField(_("专项资金预算（万元）"), max_digits=12, decimal_places=2)
    fund = models.ForeignKey(
        Fund,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invest_first_programmes",
        verbose_name=_("管理基金"),
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("先投后股专项资金")
        verbose_name_plural = _("先投后股专项资金")
        constraints = [models.CheckConstraint(condition=models.Q(budget__gt=0), name="finance_invest_first_budget")]

    def __str__(self) -> str:
        return f"{self.year} {self._meta.verbose_name}"


class InvestFirstPilot(models.Model):
    """One selected firm of a year's 先投后股 pilots: selected → invested (the grant-like amount) →
    converted (投转股, ``EquityConversion``); a selection not yet invested may be withdrawn."""

    class Status(models.TextChoices):
        SELECTED = "selected", _("已遴选")
        INVESTED = "invested", _("已投入")
        CONVERTED = "converted", _("已转股")
        WITHDRAWN = "withdrawn", _("已撤销")

    programme = models.ForeignKey(
        InvestFirstProgramme, on_delete=models.PROTECT, related_name="pilots", verbose_name=_("专项资金")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("试点企业")
    )
    project = models.CharField(_("项目名称"), max_length=200)
    selected_on = models.DateField(_("遴选日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SELECTED)
    amount = models.DecimalField(_("先投金额（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    invested_on = models.DateField(_("投入日期"), null=True, blank=True)
    contract = models.ForeignKey(
        "deals.Contract",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("先投后股合同"),
    )
    withdraw_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "selected_on", "pk"]
        verbose_name = _("先投后股试点企业")
        verbose_name_plural = _("先投后股试点企业")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"],
                condition=~models.Q(status="withdrawn"),
                name="finance_invest_first_once_a_year",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0), name="finance_invest_first_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.year} {self.organisation}"


class EquityConversion(models.Model):
    """投转股: the invested amount becomes equity at a valuation on a date."""

    pilot = models.OneToOneField(InvestFirstPilot, on_delete=models.CASCADE, related_name="conversion")
    converted_on = models.DateField(_("转股日期"))
    equity_percent = models.DecimalField(_("持股比例（%）"), max_digits=7, decimal_places=4)
    valuation = models.DecimalField(_("投后估值（万元）"), max_digits=14, decimal_places=2)
    shares = models.PositiveBigIntegerField(_("股数（股）"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("投转股")
        verbose_name_plural = _("投转股")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(equity_percent__gt=0, equity_percent__lte=100, valuation__gt=0),
                name="finance_conversion_ranges",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pilot} {self.equity_percent}%"

    @property
    def implied_percent(self):
        """The share the invested amount buys at this valuation (amount / valuation × 100, %)."""
        from decimal import Decimal

        if not self.pilot.amount or not self.valuation:
            return None
        return (self.pilot.amount / self.valuation * 100).quantize(Decimal("0.01"))
