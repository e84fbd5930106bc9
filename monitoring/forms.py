from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PeriodType
from .services.parks import FIGURES


class ObservationForm(forms.Form):
    period_type = forms.ChoiceField(label=_("统计周期"), choices=PeriodType.choices, initial=PeriodType.YEAR)
    period_start = forms.DateField(
        label=_("期间内任一日期（自定义时为开始日期）"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    period_end = forms.DateField(
        label=_("结束日期（仅自定义周期）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    value = forms.DecimalField(label=_("数值"), max_digits=18, decimal_places=4)
    evidence = forms.CharField(label=_("数据来源与佐证说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    evidence_file = forms.FileField(label=_("佐证材料"), required=False)
    reason = forms.CharField(label=_("修改原因（修改已有数值时必填）"), required=False, max_length=300)


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    amount = forms.DecimalField(label=_("完成量"), required=False, max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("进展说明"), widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(label=_("佐证说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_file = forms.FileField(label=_("佐证材料"), required=False)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("销号意见"), widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("重新打开原因"), max_length=300)


class AssignForm(forms.Form):
    owner_department = forms.CharField(label=_("责任部门"), max_length=100, required=False)
    deadline = forms.DateField(
        label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class LandAreaForm(forms.Form):
    land_area_mu = forms.DecimalField(label=_("用地面积（亩）"), max_digits=12, decimal_places=2, min_value=0)
    source = forms.CharField(label=_("面积来源"), max_length=200)


class ParkYearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    investment = forms.DecimalField(label=_("固定资产投资（万元）"), required=False, max_digits=14, decimal_places=2)
    output = forms.DecimalField(label=_("产值（万元）"), required=False, max_digits=14, decimal_places=2)
    tax = forms.DecimalField(label=_("税收（万元）"), required=False, max_digits=14, decimal_places=2)
    value_added = forms.DecimalField(label=_("工业增加值（万元）"), required=False, max_digits=14, decimal_places=2)
    energy = forms.DecimalField(label=_("综合能耗（吨标准煤）"), required=False, max_digits=14, decimal_places=2)
    evidence = forms.CharField(label=_("数据来源"), max_length=500)

    def figures(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in FIGURES}
