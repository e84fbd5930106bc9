"""Listed trading (挂牌交易): an owner lists an achievement or patent for sale or licence with a price
model, a public 公示 period and expressions of interest; auctions (English with anti-sniping
extension, or sealed bid) with deposits and bids; the result becomes a deal and a draft contract.
Amounts in 万元."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Listing(models.Model):
    class Offer(models.TextChoices):
        SALE = "sale", _("转让")
        LICENCE = "licence", _("许可")

    class PriceModel(models.TextChoices):
        ASKING = "asking", _("挂牌价")
        NEGOTIABLE = "negotiable", _("面议")
        AUCTION = "auction", _("竞价（拍卖）")

    class Status(models.TextChoices):
        PUBLICITY = "publicity", _("公示中")
        OPEN = "open", _("挂牌中")
        CLOSED = "closed", _("已成交")
        WITHDRAWN = "withdrawn", _("已撤牌")

    title = models.CharField(_("挂牌名称"), max_length=200)
    owner_org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="listings", verbose_name=_("挂牌方")
    )
    achievement = models.ForeignKey(
        "catalog.Achievement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listings",
        verbose_name=_("科技成果"),
    )
    patent_numbers = models.CharField(_("专利号"), max_length=500, blank=True)
    offer = models.CharField(_("交易方式"), max_length=10, choices=Offer.choices)
    price_model = models.CharField(_("定价方式"), max_length=12, choices=PriceModel.choices)
    asking_price = models.DecimalField(
        _("挂牌价（万元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    description = models.TextField(_("挂牌说明"), blank=True)
    publicity_start = models.DateField(_("公示开始"))
    publicity_end = models.DateField(_("公示截止"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PUBLICITY)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("挂牌项目")
        verbose_name_plural = _("挂牌项目")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(publicity_end__gte=models.F("publicity_start")), name="listing_publicity_order"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("listings:detail", kwargs={"pk": self.pk})


class Interest(models.Model):
    """An expression of interest (意向登记) during or after the 公示 period."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="interests")
    org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("意向方")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("意向登记")
        verbose_name_plural = _("意向登记")
        constraints = [models.UniqueConstraint(fields=["listing", "org"], name="unique_listing_interest")]

    def __str__(self) -> str:
        return f"{self.org} → {self.listing}"


class Auction(models.Model):
    class Kind(models.TextChoices):
        ENGLISH = "english", _("增价拍卖（英式，含延时）")
        SEALED = "sealed", _("密封报价")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("待开拍")
        CLOSED = "closed", _("已成交")
        FAILED = "failed", _("流拍")

    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, related_name="auction")
    kind = models.CharField(_("拍卖方式"), max_length=10, choices=Kind.choices)
    starting_price = models.DecimalField(
        _("起拍价（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    increment = models.DecimalField(
        _("加价幅度（万元）"), max_digits=14, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    reserve_price = models.DecimalField(
        _("保留价（万元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    deposit = models.DecimalField(_("保证金（万元）"), max_digits=14, decimal_places=2, default=0)
    starts_at = models.DateTimeField(_("开拍时间"))
    ends_at = models.DateTimeField(_("截止时间"))
    # Anti-sniping: a bid in the last ``extension_window`` minutes moves the end to ``extension`` minutes after it.
    extension_window = models.PositiveSmallIntegerField(_("延时触发（分钟）"), default=5)
    extension = models.PositiveSmallIntegerField(_("延时时长（分钟）"), default=5)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    deal = models.ForeignKey("deals.Deal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("拍卖")
        verbose_name_plural = _("拍卖")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="auction_order")
        ]

    def __str__(self) -> str:
        return f"{self.listing}（{self.get_kind_display()}）"

    @property
    def winning_bid(self):
        return self.bids.filter(is_winning=True).first()


class Deposit(models.Model):
    """A bidder's deposit (保证金), recorded by an operator; refunded to the losers after the result."""

    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="deposits")
    org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("竞买方")
    )
    amount = models.DecimalField(_("金额（万元）"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("缴纳日期"))
    refunded_on = models.DateField(_("退还日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("保证金")
        verbose_name_plural = _("保证金")
        constraints = [models.UniqueConstraint(fields=["auction", "org"], name="unique_auction_deposit")]

    def __str__(self) -> str:
        return f"{self.org} {self.amount}"


class Bid(models.Model):
    auction = models.ForeignKey(Auction, on_delete=models.CASCADE, related_name="bids")
    org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("竞买方")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(_("出价（万元）"), max_digits=14, decimal_places=2)
    placed_at = models.DateTimeField(_("出价时间"))
    is_winning = models.BooleanField(_("成交"), default=False)

    class Meta:
        ordering = ["-amount", "placed_at", "id"]
        verbose_name = _("出价")
        verbose_name_plural = _("出价")
        constraints = [
            # At most one winning bid per auction, enforced by the database.
            models.UniqueConstraint(fields=["auction"], condition=models.Q(is_winning=True), name="one_winning_bid"),
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.amount}"
