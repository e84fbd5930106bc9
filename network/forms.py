from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from reference.models import Region

from .models import CarrierReport, Case, CreditRecord


class ReportForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = CarrierReport
        fields = [
            "year",
            "projects_incubated",
            "firms_registered",
            "firms_graduated",
            "achievements_converted",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class RelocationForm(BootstrapFormMixin, forms.Form):
    firm_name = forms.CharField(label=_("企业名称"), max_length=200)
    moved_on = forms.DateField(label=_("回迁日期"), widget=forms.DateInput(attrs={"type": "date"}))
    destination = forms.ModelChoiceField(label=_("回迁地"), queryset=Region.objects.exclude(level="province"))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[("submit", "submit"), ("accept", "accept"), ("return", "return")])
    reason = forms.CharField(max_length=500, required=False)


class EngagementForm(BootstrapFormMixin, forms.Form):
    service = forms.ModelChoiceField(label=_("服务"), queryset=None, required=False)
    client = forms.ModelChoiceField(label=_("委托机构"), queryset=None)
    note = forms.CharField(
        label=_("需求说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, services, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["client"].queryset = organisations


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(label=_("评分"), coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)])
    comment = forms.CharField(label=_("评价"), max_length=500, required=False)


class CaseForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Case
        fields = ["title", "mechanism", "parties", "year", "prefecture", "summary", "figures", "amount_wan", "evidence"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}), "evidence": forms.Textarea(attrs={"rows": 3})}


class CreditForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = CreditRecord
        fields = ["organisation", "person_name", "severity", "source", "starts_on", "ends_on", "description"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }
