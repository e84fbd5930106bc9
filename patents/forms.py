from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.fields import contains_choice
from core.forms import BootstrapFormMixin

from .models import PatentPool, PoolOverride
from .rules import parse_ipc_rules
from .validators import validate_publication_number


class PoolForm(BootstrapFormMixin, forms.ModelForm):
    brokers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), required=False, label=_("服务经纪人"), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PatentPool
        fields = [
            "name",
            "name_en",
            "slug",
            "chain",
            "description",
            "description_en",
            "ipc_rules",
            "keyword_rules",
            "exclude_keywords",
            "strategic_emerging",
            "high_value_threshold",
            "brokers",
            "is_active",
            "order",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
            "ipc_rules": forms.Textarea(attrs={"rows": 6, "class": "form-control font-monospace"}),
            "keyword_rules": forms.Textarea(attrs={"rows": 6}),
            "exclude_keywords": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brokers"].queryset = User.objects.filter(is_active=True, **contains_choice("roles", "broker"))

    def clean_ipc_rules(self):
        value = self.cleaned_data["ipc_rules"]
        try:
            parse_ipc_rules(value)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["ipc_rules"]) from None
        return value


class OverrideForm(BootstrapFormMixin, forms.Form):
    publication_number = forms.CharField(label=_("公开号"), max_length=20)
    action = forms.ChoiceField(label=_("操作"), choices=PoolOverride.Action.choices)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def clean_publication_number(self):
        try:
            return validate_publication_number(self.cleaned_data["publication_number"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages[0]) from None
