"""Create and edit forms for every library, built from one field list per model."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import bootstrapify
from reference.forms import RegionFieldsMixin

from .models import Achievement, Demand, Expert, FinancialProduct, Instrument, Policy, PolicyClause, Scenario

COMMON_HEAD = ["title", "summary"]
COMMON_TAIL = [
    "body",
    "industry_chains",
    "prefecture",
    "county",
    "new_city",
    "contact_name",
    "contact_phone",
    "contact_email",
    "visibility",
]

FORM_FIELDS = {
    Achievement: COMMON_HEAD
    + [
        "field",
        "keywords",
        "trl",
        "stage",
        "cooperation_modes",
        "asking_price",
        "patent_numbers",
        "team_name",
        "is_service_invention",
    ]
    + COMMON_TAIL,
    Demand: COMMON_HEAD
    + [
        "problem",
        "current_state",
        "targets",
        "budget_min",
        "budget_max",
        "deadline",
        "cooperation_modes",
        "is_bottleneck",
        "confidential_details",
    ]
    + COMMON_TAIL,
    Instrument: COMMON_HEAD
    + ["model_number", "manufacturer", "category", "location", "services", "fee", "state"]
    + COMMON_TAIL,
    Policy: COMMON_HEAD
    + ["issuer", "document_number", "level", "issued_on", "effective_from", "effective_to"]
    + COMMON_TAIL,
    Expert: COMMON_HEAD
    + [
        "organisation_name",
        "professional_title",
        "fields_of_work",
        "biography",
        "record",
        "private_phone",
        "private_email",
    ]
    + COMMON_TAIL,
    FinancialProduct: COMMON_HEAD
    + [
        "institution_name",
        "product_type",
        "amount_min",
        "amount_max",
        "rate_min",
        "rate_max",
        "term_min_months",
        "term_max_months",
        "conditions",
    ]
    + COMMON_TAIL,
    Scenario: COMMON_HEAD + ["kind", "place"] + COMMON_TAIL,
}

M2M_FIELDS = ("industry_chains",)


class ResourceForm(RegionFieldsMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "industry_chains" in self.fields:
            self.fields["industry_chains"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["industry_chains"].choices
            )
        for name in (
            "body",
            "problem",
            "current_state",
            "targets",
            "services",
            "biography",
            "record",
            "conditions",
            "confidential_details",
        ):
            if name in self.fields:
                self.fields[name].widget = forms.Textarea(attrs={"rows": 4})
        for name in ("deadline", "issued_on", "effective_from", "effective_to"):
            if name in self.fields:
                self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        if self._meta.model is Expert:
            self.fields["title"].label = _("姓名")
        # A demand's confidential fields all say so (the budget did not: only 保密细节 had the note).
        for name in Demand.confidential_fields if self._meta.model is Demand else ():
            if name in self.fields and not self.fields[name].help_text:
                self.fields[name].help_text = _("仅本机构、对接双方、经纪人和平台运营人员可见")
        bootstrapify(self)
        self.setup_region_fields()

    def split(self) -> tuple[dict, dict]:
        """cleaned_data split into plain fields and many-to-many values, for the services."""
        data = dict(self.cleaned_data)
        m2m = {name: data.pop(name) for name in M2M_FIELDS if name in data}
        return data, m2m


def form_class_for(model):
    return forms.modelform_factory(model, form=ResourceForm, fields=FORM_FIELDS[model])


ClauseFormSet = inlineformset_factory(
    Policy,
    PolicyClause,
    fields=["title", "benefit", "subject_kind"],
    extra=2,
    can_delete=True,
    widgets={"benefit": forms.Textarea(attrs={"rows": 2})},
)


class TransitionForm(forms.Form):
    action = forms.CharField()
    reason = forms.CharField(required=False, max_length=500, label=_("原因"))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV 或 XLSX 文件"))
