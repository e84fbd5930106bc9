"""Forms of the deals pages. Validation of business rules stays in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from core.forms import BootstrapFormMixin
from reference.models import IndustryChain

from .models import AssessmentPeriod, Broker, Contract, PayAfterUseOffer, Registry, WorkLog
from .services.contracts import CONTRACT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DealOpenForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("对接名称"), max_length=200)
    # Only verified organisations are offered (issue 9): an unverified one is visible to its own
    # members and operators only, and cannot be a party.
    supply_org = forms.ModelChoiceField(
        label=_("供给方（成果/技术提供方）"), queryset=Organisation.objects.verified().order_by("name")
    )
    demand_org = forms.ModelChoiceField(
        label=_("需求方（技术受让/委托方）"), queryset=Organisation.objects.verified().order_by("name")
    )
    patent_numbers = forms.CharField(
        label=_("涉及专利号"), max_length=500, required=False, help_text=_("多个用逗号分隔")
    )
    note = forms.CharField(label=_("对接意向说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    from_kind = forms.CharField(required=False, widget=forms.HiddenInput)
    from_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    to_kind = forms.CharField(required=False, widget=forms.HiddenInput)
    to_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    origin = forms.CharField(required=False, widget=forms.HiddenInput)


class TransitionForm(forms.Form):
    action = forms.CharField()
    reason = forms.CharField(required=False, max_length=500)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("消息"), required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )
    files = forms.FileField(
        label=_("附件"), required=False, widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )


class ContractForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = list(CONTRACT_FIELDS)
        widgets = {
            "trial_start": DATE,
            "signed_on": DATE,
            "valid_from": DATE,
            "valid_until": DATE,
            "instalment_plan": forms.Textarea(attrs={"rows": 3}),
            "subject_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry_chain"].queryset = IndustryChain.objects.all()
        for name in ("signed_on", "trial_start", "valid_from", "valid_until"):
            self.fields[name].input_formats = ["%Y-%m-%d"]

    def _post_clean(self):
        # The service validates the model (after applying payment-mode rules); skip ModelForm's
        # instance validation, which would complain about the unset deal.
        pass


class RegisterForm(BootstrapFormMixin, forms.Form):
    registry = forms.ChoiceField(label=_("登记机构"), choices=Registry.choices)
    registered_on = forms.DateField(label=_("登记日期"), required=False, widget=DATE, input_formats=["%Y-%m-%d"])


class TrialDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("付费决定"), choices=[("pay", _("决定付费")), ("extend", _("延长试用")), ("decline", _("不再使用"))]
    )
    extend_months = forms.IntegerField(label=_("延长月数"), required=False, min_value=1, max_value=24)


class AssignBrokerForm(forms.Form):
    broker = forms.ModelChoiceField(queryset=Broker.objects.filter(active=True).select_related("user"))
    kind = forms.ChoiceField(choices=[("deal", "deal"), ("demands", "demands"), ("achievements", "achievements")])
    target_id = forms.IntegerField()


class BrokerForm(BootstrapFormMixin, forms.ModelForm):
    user = forms.ModelChoiceField(label=_("用户"), queryset=User.objects.filter(is_active=True).order_by("name"))

    class Meta:
        model = Broker
        fields = ["user", "level", "fields_of_work", "industry_chains", "organisation", "certificate_number"]
        widgets = {"industry_chains": forms.CheckboxSelectMultiple}

    def _post_clean(self):
        pass


class WorkLogForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = WorkLog
        fields = ["kind", "happened_on", "note", "deal", "achievement", "demand", "enterprise", "evidence"]
        widgets = {"happened_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from catalog.models import Achievement, Demand

        from .access import deals_visible_to

        self.fields["happened_on"].input_formats = ["%Y-%m-%d"]
        self.fields["deal"].queryset = deals_visible_to(user) if user else self.fields["deal"].queryset.none()
        self.fields["achievement"].queryset = (
            Achievement.objects.visible_to(user) if user else Achievement.objects.none()
        )
        self.fields["demand"].queryset = Demand.objects.visible_to(user) if user else Demand.objects.none()
        self.fields["enterprise"].queryset = (
            Organisation.objects.verified().filter(kind__in=["enterprise", "state_owned"]).order_by("name")
        )

    def _post_clean(self):
        pass


class PeriodForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = AssessmentPeriod
        fields = [
            "name",
            "start",
            "end",
            "weight_deals",
            "weight_turnover",
            "weight_enterprises",
            "weight_achievements",
            "weight_response",
        ]
        widgets = {"start": DATE, "end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.fields[name].input_formats = ["%Y-%m-%d"]

    def _post_clean(self):
        pass


class OfferForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = PayAfterUseOffer
        fields = ["trial_months", "terms", "payment_trigger"]
        widgets = {"terms": forms.Textarea(attrs={"rows": 3})}
