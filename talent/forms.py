from django import forms
from django.utils.translation import gettext_lazy as _

from reference.models import IndustryChain, Region

from .models import DemandKind, ServiceKind, TalentDemand, TalentProfile


def _regions(level):
    return Region.objects.filter(code__startswith="61", level=level).order_by("code")


class ProfileForm(forms.ModelForm):
    available_modes = forms.MultipleChoiceField(
        label=_("可接受的引才方式"), choices=DemandKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    industry_chains = forms.ModelMultipleChoiceField(
        label=_("产业领域"),
        queryset=IndustryChain.objects.order_by("order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TalentProfile
        fields = [
            "name",
            "category",
            "level",
            "degree",
            "degree_school",
            "degree_year",
            "title_grade",
            "professional_title",
            "fields_of_work",
            "organisation_name",
            "prefecture",
            "county",
            "overseas_experience",
            "biography",
            "achievements",
            "phone",
            "email",
            "available_modes",
            "industry_chains",
        ]
        widgets = {"biography": forms.Textarea(attrs={"rows": 3}), "achievements": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].queryset = _regions("prefecture")
        self.fields["county"].queryset = _regions("county")
        self.fields["phone"].help_text = _("仅在您接受联系请求后对请求方可见。")
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.is_checkbox = True
                field.widget.attrs["class"] = "form-check-input"
            elif not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = (
                    "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                )
            if name in ("biography", "achievements", "available_modes", "industry_chains"):
                field.wide = True


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("材料名称"), max_length=120)
    file = forms.FileField(label=_("文件"), required=False)


class DemandForm(forms.ModelForm):
    industry_chains = forms.ModelMultipleChoiceField(
        label=_("产业领域"),
        queryset=IndustryChain.objects.order_by("order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TalentDemand
        fields = [
            "title",
            "kind",
            "category",
            "min_level",
            "degree",
            "positions",
            "fields_of_work",
            "salary",
            "prefecture",
            "county",
            "deadline",
            "description",
            "industry_chains",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].queryset = _regions("prefecture")
        self.fields["county"].queryset = _regions("county")
        for name, field in self.fields.items():
            if not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = (
                    "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                )
            if name in ("description", "industry_chains"):
                field.wide = True


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("服务事项"), choices=ServiceKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    detail = forms.CharField(
        label=_("需求说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("团队名称"), max_length=120)
    project = forms.CharField(label=_("依托项目"), max_length=200)
    formed_on = forms.DateField(label=_("组建日期"), widget=forms.DateInput(attrs={"type": "date"}))
    scientists = forms.ModelMultipleChoiceField(label=_("科学家"), queryset=TalentProfile.objects.none())
    engineers = forms.ModelMultipleChoiceField(label=_("工程师"), queryset=TalentProfile.objects.none())
    outputs = forms.CharField(label=_("成果产出"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        verified = TalentProfile.objects.filter(status="verified").order_by("name")
        for name, field in self.fields.items():
            if name in ("scientists", "engineers"):
                field.queryset = verified
                field.widget.attrs["class"] = "form-select"
                field.widget.attrs["size"] = 6
            else:
                field.widget.attrs["class"] = "form-control"
