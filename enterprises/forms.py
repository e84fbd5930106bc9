from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import bootstrapify

from .models import FIGURE_FIELDS, AnnualReport, EnterpriseProfile, Qualification


class _Bootstrap:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class ProfileForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = EnterpriseProfile
        fields = ["founded_on", "main_business", "technology_fields"]
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"})}


class QualificationForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["kind", "number", "issuer", "level", "issued_on", "expires_on", "board", "stock_code", "evidence"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}),
            "expires_on": forms.DateInput(attrs={"type": "date"}),
        }


class ReportForm(_Bootstrap, forms.Form):
    """Figures as typed; the service validates them together (units: 万元, 人)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"year": forms.IntegerField(label=_("年度"))}
        for name, _unit in FIGURE_FIELDS:
            model_field = AnnualReport._meta.get_field(name)
            self.fields[name] = forms.DecimalField(
                label=model_field.verbose_name, required=False, max_digits=14, decimal_places=2
            )
        bootstrapify(self)


class ReviewForm(_Bootstrap, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("结论"), choices=[("1", _("核验通过")), ("0", _("退回"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("说明（退回时必填）"), max_length=300, required=False)


class DemonstrationForm(_Bootstrap, forms.Form):
    reason = forms.CharField(label=_("认定理由"), widget=forms.Textarea(attrs={"rows": 3}))
    designated_on = forms.DateField(label=_("认定日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ConsentForm(_Bootstrap, forms.Form):
    bank = forms.ModelChoiceField(
        label=_("金融机构"), queryset=Organisation.objects.filter(kind="financial", verification_status="verified")
    )
    purpose = forms.CharField(label=_("用途"), max_length=200, required=False)
