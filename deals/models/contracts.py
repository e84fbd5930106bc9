"""Technology contracts (技术合同) under the Civil Code, their registration (认定登记) and
pay-after-use (先使用后付费) trial terms. Amounts are in 万元 (ten thousand yuan)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models.base import validate_attachment


class ContractType(models.TextChoices):
    DEVELOPMENT = "development", _("技术开发")
    TRANSFER = "transfer", _("技术转让")
    LICENCE = "licence", _("技术许可")
    CONSULTING = "consulting", _("技术咨询")
    SERVICE = "service", _("技术服务")


# The parties' roles by contract type: (supply side, demand side).
PARTY_ROLES = {
    ContractType.DEVELOPMENT: (_("受托方"), _("委托方")),
    ContractType.TRANSFER: (_("出让方"), _("受让方")),
    ContractType.LICENCE: (_("出让方（许可方）"), _("受让方（被许可方）")),
    ContractType.CONSULTING: (_("受托方"), _("委托方")),
    ContractType.SERVICE: (_("受托方"), _("委托方")),
}


class PaymentMode(models.TextChoices):
    LUMP_SUM = "lump_sum", _("一次总付")
    INSTALMENTS = "instalments", _("分期支付")
    ROYALTY = "royalty", _("提成支付")
    EQUITY = "equity", _("作价入股")
    PAY_AFTER_USE = "pay_after_use", _("先使用后付费")
    INVEST_THEN_EQUITY = "invest_then_equity", _("先投后股")


class Registry(models.TextChoices):
    """Registration points. The code prefixes the registration number."""

    PROVINCE = "610000", _("陕西省技术合同认定登记")
    XIXIAN = "西咸", _("西咸新区技术合同登记点")


def _load_tech_fields() -> list[tuple[str, str]]:
    """The national technical-field classification shipped in deals/data/tech_fields.csv (see its
    README for the source): [(code "01"…"11", label)], the label in the active language (the CSV's
    ``name``, or ``name_en`` under English)."""
    import csv
    from pathlib import Path

    from django.utils.functional import lazy

    from core.i18n import readers_name

    label = lazy(readers_name, str)
    with open(Path(__file__).resolve().parent.parent / "data" / "tech_fields.csv", encoding="utf-8") as fh:
        return [(row["code"], label(row["name"], row["name_en"])) for row in csv.DictReader(fh)]


TECH_FIELDS = _load_tech_fields()


class ContractSubtype(models.TextChoices):
    """Subtypes by 《技术合同认定规则》 (国科发政字〔2001〕253号) and the Civil Code, chapter 20."""

    COMMISSIONED_DEV = "commissioned_dev", _("委托开发")
    COOPERATIVE_DEV = "cooperative_dev", _("合作开发")
    PATENT_TRANSFER = "patent_transfer", _("专利权转让")
    APPLICATION_TRANSFER = "application_transfer", _("专利申请权转让")
    SECRET_TRANSFER = "secret_transfer", _("技术秘密转让")
    PATENT_LICENCE = "patent_licence", _("专利实施许可")
    SECRET_LICENCE = "secret_licence", _("技术秘密使用许可")
    CONSULTING = "consulting", _("技术咨询")
    SERVICE = "service", _("技术服务")
    TRAINING = "training", _("技术培训")
    INTERMEDIARY = "intermediary", _("技术中介")


SUBTYPES_BY_TYPE = {
    ContractType.DEVELOPMENT: (ContractSubtype.COMMISSIONED_DEV, ContractSubtype.COOPERATIVE_DEV),
    ContractType.TRANSFER: (
        ContractSubtype.PATENT_TRANSFER,
        ContractSubtype.APPLICATION_TRANSFER,
        ContractSubtype.SECRET_TRANSFER,
    ),
    ContractType.LICENCE: (ContractSubtype.PATENT_LICENCE, ContractSubtype.SECRET_LICENCE),
    ContractType.CONSULTING: (ContractSubtype.CONSULTING,),
    ContractType.SERVICE: (ContractSubtype.SERVICE, ContractSubtype.TRAINING, ContractSubtype.INTERMEDIARY),
}


class IPType(models.TextChoices):
    """Intellectual property the contract's subject involves (登记表“知识产权类型”)."""

    INVENTION = "invention", _("发明专利")
    UTILITY = "utility", _("实用新型专利")
    DESIGN = "design", _("外观设计专利")
    SECRET = "secret", _("技术秘密")
    SOFTWARE = "software", _("计算机软件著作权")
    LAYOUT = "layout", _("集成电路布图设计")
    PLANT = "plant", _("植物新品种")
    OTHER = "other", _("其他知识产权")
    NONE = "none", _("未涉及知识产权")


class LegalType(models.TextChoices):
    """The party's legal type as the registration form records it (卖方/买方类型)."""

    ENTERPRISE = "enterprise", _("企业法人")
    UNIVERSITY = "university", _("高等院校")
    INSTITUTE = "institute", _("科研机构")
    PUBLIC_INSTITUTION = "public_institution", _("其他事业法人")
    GOVERNMENT = "government", _("机关法人")
    SOCIAL = "social", _("社会团体及其他组织")
    PERSON = "person", _("自然人")


class RegStatus(models.TextChoices):
    """Where the contract stands in 认定登记 (see deals/registration.py for the transition table)."""

    DRAFT = "draft", _("未申请")
    SUBMITTED = "submitted", _("已申请待受理")
    ACCEPTED = "accepted", _("已受理审查中")
    RETURNED = "returned", _("退回补正")
    REFUSED = "refused", _("不予登记")
    REGISTERED = "registered", _("已登记")
    TERMINATED = "terminated", _("已解除")


class TrialDecision(models.TextChoices):
    PENDING = "pending", _("试用中/待决定")
    PAY = "pay", _("决定付费")
    EXTEND = "extend", _("延长试用")
    DECLINE = "decline", _("不再使用")


def contract_upload_to(instance, filename: str) -> str:
    return f"deals/contracts/{instance.deal_id}/{filename}"


class Contract(models.Model):
    confidential_fields = ("total_amount", "tech_amount")  # before registration; checked by the backup drill
    deal = models.OneToOneField("deals.Deal", on_delete=models.CASCADE, related_name="contract", verbose_name=_("对接"))
    title = models.CharField(_("合同名称"), max_length=200)
    contract_type = models.CharField(_("合同类型"), max_length=12, choices=ContractType.choices)
    industry_chain = models.ForeignKey(
        "reference.IndustryChain",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("产业链"),
    )
    total_amount = models.DecimalField(_("合同总额（万元）"), max_digits=14, decimal_places=2)
    tech_amount = models.DecimalField(
        _("技术交易额（万元）"),
        max_digits=14,
        decimal_places=2,
        help_text=_("合同总额中技术部分的金额，不含设备、原材料等非技术性费用"),
    )
    payment_mode = models.CharField(_("支付方式"), max_length=20, choices=PaymentMode.choices)
    instalment_plan = models.TextField(_("分期安排"), blank=True, help_text=_("每行一期：日期或节点、金额"))
    royalty_terms = models.CharField(_("提成约定"), max_length=300, blank=True, help_text=_("提成基数、比例和期限"))
    equity_terms = models.CharField(_("作价入股约定"), max_length=300, blank=True, help_text=_("作价金额、持股比例"))
    trial_months = models.PositiveSmallIntegerField(_("试用期（月）"), null=True, blank=True)
    trial_start = models.DateField(_("试用开始"), null=True, blank=True)
    trial_end = models.DateField(_("试用结束"), null=True, blank=True)
    payment_trigger = models.CharField(
        _("付费触发条件"), max_length=300, blank=True, help_text=_("如：试用期满且产品良率达到 95%")
    )
    trial_decision = models.CharField(_("付费决定"), max_length=10, choices=TrialDecision.choices, blank=True)
    trial_decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    # The trial_end a reminder / an overdue notice was last sent for (so the daily job sends each once).
    trial_reminded_for = models.DateField(null=True, blank=True, editable=False)
    trial_overdue_for = models.DateField(null=True, blank=True, editable=False)
    investment_amount = models.DecimalField(
        _("先投资金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    conversion_terms = models.CharField(
        _("转股条件"), max_length=300, blank=True, help_text=_("何时、按何估值转为股权")
    )
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    signed_scan = models.FileField(
        _("已签合同扫描件"), upload_to=contract_upload_to, blank=True, validators=[validate_attachment]
    )
    registry = models.CharField(_("登记机构"), max_length=10, choices=Registry.choices, blank=True)
    registration_number = models.CharField(_("登记编号"), max_length=30, unique=True, null=True, blank=True)
    registered_on = models.DateField(_("登记日期"), null=True, blank=True, db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("登记人"),
    )
    # 认定登记 fields (issue 16). The parties' legal type, region and credit code are captured on the
    # contract when it is submitted for registration, so later edits of the organisation do not change it.
    reg_status = models.CharField(
        _("登记状态"), max_length=12, choices=RegStatus.choices, default=RegStatus.DRAFT, db_index=True
    )
    tech_field = models.CharField(_("技术领域"), max_length=2, choices=TECH_FIELDS, blank=True)
    subtype = models.CharField(_("合同子类"), max_length=24, choices=ContractSubtype.choices, blank=True)
    ip_type = models.CharField(_("知识产权类型"), max_length=12, choices=IPType.choices, blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_until = models.DateField(_("有效期止"), null=True, blank=True)
    subject_summary = models.TextField(_("标的技术内容摘要"), blank=True)
    supply_legal_type = models.CharField(_("卖方法人类型"), max_length=20, choices=LegalType.choices, blank=True)
    supply_region = models.ForeignKey(
        "reference.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("卖方所在地区"),
    )
    supply_credit_code = models.CharField(_("卖方统一社会信用代码"), max_length=18, blank=True)
    demand_legal_type = models.CharField(_("买方法人类型"), max_length=20, choices=LegalType.choices, blank=True)
    demand_region = models.ForeignKey(
        "reference.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("买方所在地区"),
    )
    demand_credit_code = models.CharField(_("买方统一社会信用代码"), max_length=18, blank=True)
    supply_tech_income = models.DecimalField(
        _("卖方技术性收入（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    demand_tech_income = models.DecimalField(
        _("买方技术性收入（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("合作开发等双方均有技术性收入时填写"),
    )
    approved_tech_amount = models.DecimalField(
        _("核定技术交易额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    approval_note = models.CharField(_("核定说明"), max_length=500, blank=True)
    registrar_note = models.CharField(_("登记机构意见"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # Field history (django-simple-history): who changed what, when (issue 9).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("技术合同")
        verbose_name_plural = _("技术合同")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tech_amount__lte=models.F("total_amount")), name="tech_amount_within_total"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_registered(self) -> bool:
        return bool(self.registration_number)

    @property
    def registered_tech_amount(self):
        """技术交易额 as registered: the registrar's 核定 amount where there is one."""
        return self.approved_tech_amount if self.approved_tech_amount is not None else self.tech_amount

    @property
    def is_signed(self) -> bool:
        return bool(self.signed_on and self.signed_scan)

    @property
    def ready_to_register(self) -> bool:
        """The registrar may register it now: signed, and the parties have applied (申请登记)."""
        return (
            self.is_signed and not self.is_registered and self.reg_status in (RegStatus.SUBMITTED, RegStatus.ACCEPTED)
        )

    @property
    def supply_role(self) -> str:
        return str(PARTY_ROLES.get(self.contract_type, ("", ""))[0])

    @property
    def demand_role(self) -> str:
        return str(PARTY_ROLES.get(self.contract_type, ("", ""))[1])


class RegistrationCounter(models.Model):
    """The last number handed out per registry and year. Registration locks this row
    (SELECT ... FOR UPDATE), so parallel registrations get consecutive numbers, no gap, no duplicate."""

    registry = models.CharField(max_length=10, choices=Registry.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registry", "year"], name="unique_registration_counter")]
        verbose_name = _("登记编号计数器")
        verbose_name_plural = _("登记编号计数器")

    def __str__(self) -> str:
        return f"{self.registry}{self.year}: {self.last_number}"


class PayAfterUseOffer(models.Model):
    """An achievement offered as 先使用后付费, with its trial terms."""

    achievement = models.OneToOneField(
        "catalog.Achievement", on_delete=models.CASCADE, related_name="pay_after_use_offer", verbose_name=_("科技成果")
    )
    trial_months = models.PositiveSmallIntegerField(_("试用期（月）"))
    terms = models.TextField(_("试用条件"), help_text=_("试用范围、费用、知识产权归属等"))
    payment_trigger = models.CharField(_("付费触发条件"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("先使用后付费试点")
        verbose_name_plural = _("先使用后付费试点")

    def __str__(self) -> str:
        return str(self.achievement)
