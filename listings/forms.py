"""Forms of the listing pages. The rules (公示 length, auction order, who may list) stay in services."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import BootstrapFormMixin

from .models import Auction, Listing

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
WAN = {"max_digits": 14, "decimal_places": 2, "min_value": 0}

# The price models offered on the page: the listing's price model, plus the auction's kind.
PRICING = [
    ("asking", _("挂牌价")),
    ("negotiable", _("面议")),
    (Auction.Kind.ENGLISH, _("增价拍卖（英式，截止前出价自动延时）")),
    (Auction.Kind.SEALED, _("密封报价（每方一次，截止后价高者得）")),
]
AUCTION_FIELDS = (
    "starting_price",
    "increment",
    "reserve_price",
    "deposit",
    "starts_at",
    "ends_at",
    "extension_window",
    "extension",
)


class ListingForm(BootstrapFormMixin, forms.Form):
    owner_org = forms.ModelChoiceField(label=_("挂牌方"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("挂牌名称"), max_length=200)
    offer = forms.ChoiceField(label=_("交易方式"), choices=Listing.Offer.choices)
    pricing = forms.ChoiceField(label=_("定价方式"), choices=PRICING, widget=forms.RadioSelect)
    asking_price = forms.DecimalField(label=_("挂牌价（万元）"), required=False, **WAN)
    achievement = forms.ModelChoiceField(
        label=_("科技成果"), required=False, queryset=None, help_text=_("挂牌本机构已发布的科技成果")
    )
    patent_numbers = forms.CharField(
        label=_("专利号"), max_length=500, required=False, help_text=_("多个用逗号分隔，如 ZL202310000000.1")
    )
    description = forms.CharField(
        label=_("挂牌说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("技术内容、许可范围、交付方式等"),
    )
    publicity_start = forms.DateField(label=_("公示开始"), widget=DATE, input_formats=["%Y-%m-%d"])
    publicity_end = forms.DateField(
        label=_("公示截止"), widget=DATE, input_formats=["%Y-%m-%d"], help_text=_("公示期不少于 5 天，期满后方可竞价")
    )
    starting_price = forms.DecimalField(label=_("起拍价（万元）"), required=False, **WAN)
    increment = forms.DecimalField(label=_("加价幅度（万元）"), required=False, initial=1, **WAN)
    reserve_price = forms.DecimalField(
        label=_("保留价（万元）"), required=False, help_text=_("不公开；最高出价低于保留价则流拍"), **WAN
    )
    deposit = forms.DecimalField(label=_("保证金（万元）"), required=False, initial=0, **WAN)
    starts_at = forms.DateTimeField(
        label=_("开拍时间"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("截止时间"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    extension_window = forms.IntegerField(
        label=_("延时触发（分钟）"), required=False, initial=5, min_value=0, max_value=120,
        help_text=_("截止前多少分钟内出价触发延时（仅增价拍卖）"),
    )  # fmt: skip
    extension = forms.IntegerField(
        label=_("延时时长（分钟）"), required=False, initial=5, min_value=0, max_value=120,
        help_text=_("截止时间顺延至该出价后多少分钟"),
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from catalog.models import Achievement

        operator = user is not None and user.has_role("operator")
        orgs = (
            Organisation.objects.verified() if operator else Organisation.objects.filter(pk__in=user.organisation_ids())
        )
        self.fields["owner_org"].queryset = orgs.order_by("name")
        achievements = Achievement.objects.published()
        if not operator:
            achievements = achievements.filter(owner_org_id__in=user.organisation_ids())
        self.fields["achievement"].queryset = achievements.order_by("-id")
        for name in AUCTION_FIELDS:
            self.fields[name].auction = True
        today = timezone.localdate()
        self.initial.setdefault("publicity_start", today)
        self.initial.setdefault("publicity_end", today + dt.timedelta(days=14))

    def clean(self):
        data = super().clean()
        pricing = data.get("pricing")
        if pricing in Auction.Kind.values:
            for name in ("starting_price", "starts_at", "ends_at"):
                if data.get(name) in (None, ""):
                    self.add_error(name, _("竞价挂牌须填写此项。"))
        return data

    def service_kwargs(self) -> dict:
        """The arguments of ``services.listing_create`` (less ``by``)."""
        data = self.cleaned_data
        pricing = data["pricing"]
        auction = None
        if pricing in Auction.Kind.values:
            auction = {
                "kind": pricing,
                "starting_price": data["starting_price"],
                "increment": data["increment"] if data["increment"] is not None else 1,
                "reserve_price": data["reserve_price"],
                "deposit": data["deposit"] or 0,
                "starts_at": data["starts_at"],
                "ends_at": data["ends_at"],
                "extension_window": data["extension_window"] if data["extension_window"] is not None else 5,
                "extension": data["extension"] if data["extension"] is not None else 5,
            }
        return {
            "owner_org": data["owner_org"],
            "title": data["title"],
            "offer": data["offer"],
            "price_model": "auction" if auction else pricing,
            "asking_price": data["asking_price"] if pricing == "asking" else None,
            "achievement": data["achievement"],
            "patent_numbers": data["patent_numbers"],
            "description": data["description"],
            "publicity_start": data["publicity_start"],
            "publicity_end": data["publicity_end"],
            "auction": auction,
        }


class DepositForm(BootstrapFormMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("竞买方"), queryset=Organisation.objects.none())
    amount = forms.DecimalField(label=_("金额（万元）"), **WAN)
    paid_on = forms.DateField(label=_("缴纳日期"), widget=DATE, input_formats=["%Y-%m-%d"])

    def __init__(self, *args, listing=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Deposits come from organisations that registered their interest (意向登记) first.
        self.fields["org"].queryset = Organisation.objects.filter(pk__in=listing.interests.values("org_id")).order_by(
            "name"
        )
