"""Forms of the pages after the contract (issue 16): the payment schedule, co-broker shares and
fees, client ratings, 变更 and 解除 登记. Business rules stay in the services; uploads go through
the platform's attachment check (catalog.models.base.validate_attachment)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models.base import validate_attachment
from core.forms import BootstrapFormMixin, bootstrapify

from .models import ContractTermination

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WAN = {"max_digits": 14, "decimal_places": 2}


def _date(label, required=True):
    return forms.DateField(label=label, required=required, widget=DATE, input_formats=["%Y-%m-%d"])


def _upload(label, required=False, help_text=_("PDF、Office、图片或 ZIP，20MB以内。")):
    return forms.FileField(label=label, required=required, validators=[validate_attachment], help_text=help_text)


class InstalmentForm(BootstrapFormMixin, forms.Form):
    due_on = _date(_("应付日期"))
    amount = forms.DecimalField(label=_("应付金额（万元）"), min_value=0.01, **WAN)
    milestone = forms.CharField(label=_("付款节点"), max_length=200, required=False, help_text=_("如：样件验收后"))


class InstalmentPaidForm(BootstrapFormMixin, forms.Form):
    paid_on = _date(_("实付日期"))
    paid_amount = forms.DecimalField(
        label=_("实付金额（万元）"), min_value=0, required=False, help_text=_("不填则按应付金额"), **WAN
    )
    evidence = _upload(_("付款凭证"), required=True)

    def __init__(self, *args, has_evidence=False, **kwargs):
        super().__init__(*args, **kwargs)
        if has_evidence:  # a second upload replaces the first; not needed again
            self.fields["evidence"].required = False


class BrokerTermsForm(BootstrapFormMixin, forms.Form):
    """One share (%) and one fee (万元) field per broker assigned to the deal."""

    def __init__(self, *args, assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.assignments = list(assignments)
        for a in self.assignments:
            self.fields[f"share_{a.pk}"] = forms.DecimalField(
                label=_("%(b)s 分成比例（%%）") % {"b": a.broker},
                required=False,
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                initial=a.share,
                help_text=_("不填则平分其余比例"),
            )
            self.fields[f"fee_{a.pk}"] = forms.DecimalField(
                label=_("%(b)s 佣金/服务费（万元）") % {"b": a.broker},
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                initial=a.fee,
            )
        bootstrapify(self)  # the fields above came after the mixin's pass

    def terms(self) -> dict[int, tuple]:
        return {
            a.pk: (self.cleaned_data.get(f"share_{a.pk}"), self.cleaned_data.get(f"fee_{a.pk}"))
            for a in self.assignments
        }


class RatingForm(BootstrapFormMixin, forms.Form):
    assignment = forms.TypedChoiceField(label=_("经纪人"), coerce=int)
    rating = forms.TypedChoiceField(
        label=_("评分"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, _("5 分 很满意")),
            (4, _("4 分 满意")),
            (3, _("3 分 一般")),
            (2, _("2 分 不满意")),
            (1, _("1 分 很不满意")),
        ],
    )

    def __init__(self, *args, assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].choices = [(a.pk, str(a.broker)) for a in assignments]


class AmendmentForm(BootstrapFormMixin, forms.Form):
    effective_on = _date(_("变更生效日期"))
    total_amount = forms.DecimalField(label=_("变更后合同成交额（万元）"), min_value=0, **WAN)
    tech_amount = forms.DecimalField(label=_("变更后技术交易额（万元）"), min_value=0, **WAN)
    changes = forms.CharField(label=_("变更内容"), widget=forms.Textarea(attrs={"rows": 3}))
    agreement = _upload(_("变更协议"))


class TerminationForm(BootstrapFormMixin, forms.Form):
    effective_on = _date(_("解除生效日期"))
    basis = forms.ChoiceField(label=_("解除依据"), choices=ContractTermination.Basis.choices)
    reason = forms.CharField(label=_("解除原因"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = _upload(_("解除协议/文书"))
