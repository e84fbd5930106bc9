"""Forms of the programme pages. Validation of business rules stays in the services."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin

from .models import Article, Call, Entry, Event, Registration

CALL_FIELDS = [
    "kind",
    "title",
    "summary",
    "body",
    "opens_at",
    "closes_at",
    "eligible_org_kinds",
    "verified_only",
    "max_entries_per_org",
    "attachment_required",
    "reviewers_per_call",
    "min_enterprise_reviewer_pct",
    "trim_min_reviewers",
    "disagreement_points",
    "tie_break",
    "places",
    "publicity_days",
    "problem",
    "targets",
    "ip_terms",
    "time_limit_months",
    "budget_wan",
    "award_wan",
    "race",
    "event_at",
    "place",
    "online",
    "theme",
    "is_bottleneck",
]

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CallForm(BootstrapFormMixin, forms.ModelForm):
    criteria_text = forms.CharField(
        label=_("评分指标"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一项：指标名称|权重（%）|满分，例如“技术方案|60|10”；权重之和须为 100。"),
    )

    class Meta:
        model = Call
        fields = CALL_FIELDS
        widgets = {
            "opens_at": DATETIME,
            "closes_at": DATETIME,
            "event_at": DATETIME,
            "body": forms.Textarea(attrs={"rows": 4}),
            "problem": forms.Textarea(attrs={"rows": 3}),
            "targets": forms.Textarea(attrs={"rows": 3}),
            "ip_terms": forms.Textarea(attrs={"rows": 2}),
            "eligible_org_kinds": forms.CheckboxSelectMultiple,
        }

    def clean_criteria_text(self) -> list[dict]:
        criteria = []
        for number, line in enumerate(self.cleaned_data.get("criteria_text", "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("｜", "|").split("|")]
            try:
                name, weight, max_score = parts[0], Decimal(parts[1]), int(parts[2])
            except (IndexError, InvalidOperation, ValueError):
                raise ValidationError(_("第 %(n)s 行格式不正确，应为：指标名称|权重|满分。") % {"n": number}) from None
            criteria.append({"name": name, "weight": weight, "max_score": max_score})
        return criteria


class EntryForm(BootstrapFormMixin, forms.ModelForm):
    attachment = forms.FileField(label=_("申报材料（附件）"), required=False)

    class Meta:
        model = Entry
        fields = ["title", "team_name", "item_type", "list_item", "summary", "amount_requested_wan"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["list_item"].queryset = call.items.all()
        if not call.items.exists():
            del self.fields["list_item"]
        if call.kind != "roadshow":
            del self.fields["item_type"]
        if call.kind not in ("funding", "roadshow"):
            del self.fields["amount_requested_wan"]
        for spec in call.entry_form:
            self.fields[f"answer_{spec['name']}"] = forms.CharField(
                label=spec["label"],
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if self.instance.pk:
                self.fields[f"answer_{spec['name']}"].initial = self.instance.answers.get(spec["name"], "")
        from core.forms import bootstrapify

        bootstrapify(self)

    def answers(self) -> dict:
        return {spec["name"]: self.cleaned_data.get(f"answer_{spec['name']}", "") for spec in self.call.entry_form}

    def entry_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class ArticleForm(BootstrapFormMixin, forms.ModelForm):
    publish = forms.BooleanField(label=_("立即发布"), required=False)

    class Meta:
        model = Article
        fields = ["kind", "title", "summary", "body_html"]
        widgets = {"body_html": forms.Textarea(attrs={"rows": 8})}


class EventForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "online",
            "capacity",
            "registration_closes_at",
            "call",
            "published",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_closes_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class RegistrationForm(BootstrapFormMixin, forms.Form):
    audience_kind = forms.ChoiceField(label=_("参会身份"), choices=Registration.AudienceKind.choices)
