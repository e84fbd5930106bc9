from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from reference.models import IndustryChain, NewCity, Park

from .models import ResponsibleUnit


class UnitAssignForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=ResponsibleUnit.objects.filter(is_active=True))
    co_units = forms.ModelMultipleChoiceField(
        label=_("配合单位"), queryset=ResponsibleUnit.objects.filter(is_active=True), required=False
    )
    assignee = forms.ModelChoiceField(
        label=_("责任人"),
        queryset=get_user_model().objects.filter(unit_memberships__isnull=False).distinct(),
        required=False,
    )
    report_due = forms.DateField(
        label=_("进展报送时限"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    deadline = forms.DateField(
        label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ConfirmForm(forms.Form):
    note = forms.CharField(label=_("复核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("人员邮箱（平台账号）"))
    title = forms.CharField(label=_("职务"), max_length=60, required=False)
    is_head = forms.BooleanField(label=_("负责人"), required=False)


class MinutesForm(forms.Form):
    held_on = forms.DateField(label=_("召开日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 4}))


class ActionForm(forms.Form):
    text = forms.CharField(label=_("督办事项"), max_length=300)
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=ResponsibleUnit.objects.filter(is_active=True))
    due = forms.DateField(label=_("办结时限"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    task = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DoneForm(forms.Form):
    note = forms.CharField(label=_("办结说明"), max_length=500)


class AnalysisForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        choices=[("", _("全年")), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
        coerce=int,
        required=False,
        empty_value=None,
    )
    new_city = forms.ChoiceField(label=_("新城"), choices=[("", _("全部"))] + list(NewCity.choices), required=False)
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=IndustryChain.objects.all(), required=False)
    park = forms.ModelChoiceField(label=_("园区"), queryset=Park.objects.all(), required=False)
