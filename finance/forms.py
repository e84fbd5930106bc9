"""Forms of the finance pages (validation of business rules stays in the services)."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import bootstrapify

from .models import NeedType, RiskFundEntry


class NeedForm(forms.Form):
    amount = forms.DecimalField(label=_("融资金额（万元）"), max_digits=12, decimal_places=2, min_value=0.01)
    term_months = forms.IntegerField(label=_("期限（月）"), min_value=1, max_value=360)
    need_type = forms.ChoiceField(label=_("融资类型"), choices=NeedType.choices)
    purpose = forms.CharField(label=_("资金用途"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    patents = forms.MultipleChoiceField(label=_("可质押专利（本企业名下）"), required=False)
    contracts = forms.MultipleChoiceField(label=_("可质押技术合同（已登记）"), required=False)
    share_with = forms.ModelMultipleChoiceField(
        label=_("授权查看企业画像的金融机构"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("所选机构可查看本需求和企业画像（年报数据、资质、专利），可随时在企业档案中撤回授权。"),
    )

    def __init__(self, *args, patents=(), contracts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["patents"].choices = [(p.pk, f"{p.publication_number} {p.title}") for p in patents]
        self.fields["contracts"].choices = [(c.pk, f"{c.registration_number} {c.title}") for c in contracts]
        self.fields["share_with"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.FINANCIAL, verification_status="verified"
        ).order_by("name")
        bootstrapify(self)


def _rules_field(label):
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "font-monospace"}),
        help_text=_(
            '条件列表（JSON），如 [{"fact": "has_high_tech", "op": "is", "value": true}, {"fact": "revenue", "op": ">=", "value": 1000}]'
        ),
    )


class RulesMixin:
    def clean_rules(self):
        text = (self.cleaned_data.get("rules") or "").strip() or "[]"
        try:
            return json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("不是有效的 JSON。")) from None


class TermsForm(RulesMixin, forms.Form):
    rules = _rules_field(_("准入条件"))
    need_types = forms.MultipleChoiceField(
        label=_("适用融资类型"), choices=NeedType.choices, widget=forms.CheckboxSelectMultiple
    )
    accepts_ip_pledge = forms.BooleanField(label=_("接受知识产权质押"), required=False)
    accepts_contract_pledge = forms.BooleanField(label=_("接受技术合同质押"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class CriteriaForm(RulesMixin, forms.Form):
    rules = _rules_field(_("白名单条件"))
    review_months = forms.IntegerField(label=_("复核周期（月）"), min_value=1, max_value=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class ApproveForm(forms.Form):
    amount = forms.DecimalField(label=_("批准金额（万元）"), max_digits=12, decimal_places=2, min_value=0.01)
    rate = forms.DecimalField(label=_("年利率（%）"), max_digits=5, decimal_places=2, min_value=0, required=False)
    term_months = forms.IntegerField(label=_("期限（月）"), min_value=1, max_value=360, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("拒绝原因"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class NominateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("企业"),
        queryset=Organisation.objects.filter(
            kind__in=[Organisation.Kind.ENTERPRISE, Organisation.Kind.STATE_OWNED], verification_status="verified"
        ).order_by("name"),
    )
    note = forms.CharField(label=_("提名理由"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class RiskEntryForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2020, max_value=2100)
    kind = forms.ChoiceField(label=_("类型"), choices=RiskFundEntry.Kind.choices)
    amount = forms.DecimalField(label=_("金额（万元）"), max_digits=12, decimal_places=2, min_value=0.01)
    loan = forms.IntegerField(label=_("贷款编号"), required=False, help_text=_("代偿申请和补偿支付须填写"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class PledgeForm(forms.Form):
    target = forms.ChoiceField(label=_("质押物"))
    value = forms.DecimalField(
        label=_("评估价值（万元）"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    registered_on = forms.DateField(
        label=_("质押登记日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, patents=(), contracts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(f"patent:{p.pk}", f"{p.publication_number} {p.title}") for p in patents] + [
            (f"contract:{c.pk}", f"{c.registration_number} {c.title}") for c in contracts
        ]
        bootstrapify(self)
