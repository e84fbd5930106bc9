"""Service orders (检测、实验外包): a request, a quotation, acceptance, a report, a rating."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    REQUESTED = "requested", _("待报价")  # the requester described samples and requirements
    QUOTED = "quoted", _("已报价")  # the provider quoted a price (元) and a delivery date
    ACCEPTED = "accepted", _("已接受")  # the requester accepted the quotation: the fee is confirmed
    DELIVERED = "delivered", _("已交付")  # the provider delivered the report (an attachment)
    RATED = "rated", _("已评价")  # the requester rated the service; closed
    DECLINED = "declined", _("已拒绝")  # the provider declined or the requester refused the quotation; closed


class ServiceOrder(models.Model):
    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("服务机构")
    )
    instrument = models.ForeignKey(
        "catalog.Instrument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_orders",
        verbose_name=_("所用仪器"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("委托人")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("委托单位")
    )
    title = models.CharField(_("委托项目"), max_length=200)
    samples = models.TextField(_("样品说明"))
    sample_count = models.PositiveIntegerField(_("样品数量"), default=1)
    requirements = models.TextField(_("检测要求"))
    status = models.CharField(_("状态"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.REQUESTED)
    quote_amount = models.DecimalField(_("报价（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    quote_note = models.CharField(_("报价说明"), max_length=300, blank=True)
    due_on = models.DateField(_("承诺交付日期"), null=True, blank=True)
    decline_reason = models.CharField(_("拒绝原因"), max_length=300, blank=True)
    rating = models.PositiveSmallIntegerField(_("评分（1-5）"), null=True, blank=True)
    rating_comment = models.CharField(_("评价"), max_length=300, blank=True)
    attachments = GenericRelation("catalog.Attachment")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("检测服务订单")
        verbose_name_plural = _("检测服务订单")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="sharing_rating_range",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sharing:order", kwargs={"pk": self.pk})

    @property
    def fee(self):
        """The confirmed fee (元): the quotation once accepted."""
        if self.status in (OrderStatus.ACCEPTED, OrderStatus.DELIVERED, OrderStatus.RATED):
            return self.quote_amount
        return None
