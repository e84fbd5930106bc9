import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import bootstrapify

from .models import ServiceOrder


class BookingForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("开始"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("结束"), widget=forms.TimeInput(attrs={"type": "time"}))
    purpose = forms.CharField(label=_("用途"), max_length=300)
    samples_planned = forms.IntegerField(label=_("预计样品数"), min_value=0, initial=0, required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("预约单位"), queryset=organisations, empty_label=None
        )
        bootstrapify(self)

    def span(self):
        day = self.cleaned_data["day"]
        return (
            timezone.make_aware(dt.datetime.combine(day, self.cleaned_data["start"])),
            timezone.make_aware(dt.datetime.combine(day, self.cleaned_data["end"])),
        )


class UseForm(forms.Form):
    hours = forms.DecimalField(label=_("实际机时（小时）"), min_value=0, max_digits=7, decimal_places=2, required=False)
    samples = forms.IntegerField(label=_("实际样品数"), min_value=0, required=False)
    days = forms.IntegerField(label=_("实际天数"), min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class OrderForm(forms.ModelForm):
    class Meta:
        model = ServiceOrder
        fields = ["title", "samples", "sample_count", "requirements"]
        widgets = {"samples": forms.Textarea(attrs={"rows": 3}), "requirements": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisations=(), providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("委托单位"), queryset=organisations, empty_label=None
        )
        self.fields["provider"] = forms.ModelChoiceField(label=_("服务机构"), queryset=providers)
        bootstrapify(self)
