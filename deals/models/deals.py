"""A deal (对接/洽谈): two parties and their brokers carrying a match towards a registered contract."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.models.base import validate_attachment


class Stage(models.TextChoices):
    INTENT = "intent", _("意向")  # one side has expressed interest; nothing agreed yet
    NEGOTIATION = "negotiation", _("洽谈")  # the parties are talking terms
    SIGNED = "signed", _("签约")  # a technology contract is signed (date and scan on file)
    REGISTERED = "registered", _("登记")  # an operator registered the contract (认定登记); counts in statistics
    PERFORMING = "performing", _("履行")  # the contract is being carried out
    COMPLETED = "completed", _("完成")  # performed in full; closed
    TERMINATED = "terminated", _("终止")  # abandoned before completion, with a reason; closed


OPEN_STAGES = (Stage.INTENT, Stage.NEGOTIATION, Stage.SIGNED, Stage.REGISTERED, Stage.PERFORMING)
# Stages at which a deal counts as landed (签约及以上), for metrics and broker performance.
LANDED_STAGES = (Stage.SIGNED, Stage.REGISTERED, Stage.PERFORMING, Stage.COMPLETED)


class Origin(models.TextChoices):
    MATCH = "match", _("匹配结果")
    DEMAND = "demand", _("技术需求")
    ACHIEVEMENT = "achievement", _("科技成果")
    BROKER = "broker", _("经纪人发起")
    OTHER = "other", _("其他")


class Deal(models.Model):
    title = models.CharField(_("对接名称"), max_length=200)
    stage = models.CharField(_("阶段"), max_length=12, choices=Stage.choices, default=Stage.INTENT, db_index=True)
    origin = models.CharField(_("来源"), max_length=12, choices=Origin.choices, default=Origin.OTHER)
    supply_org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="deals_supplying", verbose_name=_("供给方")
    )
    demand_org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="deals_demanding", verbose_name=_("需求方")
    )
    achievement = models.ForeignKey(
        "catalog.Achievement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
        verbose_name=_("科技成果"),
    )
    demand = models.ForeignKey(
        "catalog.Demand",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
        verbose_name=_("技术需求"),
    )
    patent_numbers = models.CharField(_("涉及专利号"), max_length=500, blank=True, help_text=_("多个用逗号分隔"))
    note = models.TextField(_("说明"), blank=True)
    terminated_reason = models.CharField(_("终止原因"), max_length=500, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("发起人")
    )
    stage_changed_at = models.DateTimeField(_("阶段变更时间"), auto_now_add=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("技术交易对接")
        verbose_name_plural = _("技术交易对接")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("deals:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def is_landed(self) -> bool:
        return self.stage in LANDED_STAGES


class DealLink(models.Model):
    """A catalog or other record the deal is about, beyond its achievement and demand
    (an expert, instrument, scenario, or a patent from the patents app), by kind slug and id."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("类型"), max_length=30)
    record_id = models.PositiveBigIntegerField(_("记录编号"))
    title = models.CharField(_("标题"), max_length=200, blank=True)  # snapshot at link time
    url = models.CharField(_("链接"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("关联记录")
        verbose_name_plural = _("关联记录")
        constraints = [models.UniqueConstraint(fields=["deal", "kind", "record_id"], name="unique_deal_link")]

    def __str__(self) -> str:
        return self.title or f"{self.kind}#{self.record_id}"


class DealEvent(models.Model):
    """One stage transition (or other notable step) of a deal: who, when, from, to, why."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=20)
    from_stage = models.CharField(_("原阶段"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=12, choices=Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("对接记录")
        verbose_name_plural = _("对接记录")

    def __str__(self) -> str:
        return f"{self.deal_id} {self.action}: {self.from_stage} → {self.to_stage}"


class Message(models.Model):
    """A message in a deal's thread. Visible only to the parties' members, the deal's brokers and operators."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    confidential_fields = ("body",)  # checked by the backup drill (core.backup)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("洽谈消息")
        verbose_name_plural = _("洽谈消息")

    def __str__(self) -> str:
        return self.body[:40]


def message_upload_to(instance, filename: str) -> str:
    return f"deals/messages/{instance.message.deal_id}/{filename}"


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=message_upload_to, validators=[validate_attachment])
    name = models.CharField(_("名称"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)

    class Meta:
        verbose_name = _("消息附件")
        verbose_name_plural = _("消息附件")

    def __str__(self) -> str:
        return self.name


class MessageRead(models.Model):
    """Read state per user and message."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="unique_message_read")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.message_id}"
