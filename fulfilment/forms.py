"""Operators write clause terms and rules through forms (not code); a visitor's calculator form."""

import json
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import bootstrapify
from core.rules import BOOLEAN, NUMBER, OPS, TEXT, _group
from enterprises.facts import ENTERPRISE
from reference.models import NewCity

from .models import Application, ClauseTerms


class _Bootstrap:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


def fact_choices(kinds=(NUMBER, BOOLEAN, TEXT)):
    return [
        (code, f"{f.label}{f'（{f.unit}）' if f.unit else ''}")
        for code, f in ENTERPRISE.facts.items()
        if f.kind in kinds
    ]


class TermsForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = ClauseTerms
        fields = [
            "benefit_type", "amount", "share", "base_fact", "cap", "mode", "department", "funding",
            "apply_from", "apply_to", "source_text", "is_active",
        ]  # fmt: skip
        widgets = {
            "apply_from": forms.DateInput(attrs={"type": "date"}),
            "apply_to": forms.DateInput(attrs={"type": "date"}),
            "source_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_fact"] = forms.ChoiceField(
            label=_("计算基数"), required=False, choices=[("", "—")] + fact_choices((NUMBER,))
        )
        bootstrapify(self)

    def clean(self):
        data = super().clean()
        if data.get("share") is not None and not data.get("base_fact"):
            self.add_error("base_fact", _("按比例计算须选择计算基数。"))
        if data.get("share") is None and data.get("amount") is None and data.get("benefit_type") in ("award", "rent"):
            self.add_error("amount", _("请填写定额或比例。"))
        return data


OP_CHOICES = [(op, sym) for op, (_l, _t, sym) in OPS.items()]


class ConditionForm(_Bootstrap, forms.Form):
    negate = forms.BooleanField(label=_("取反（不满足）"), required=False)
    fact = forms.ChoiceField(label=_("指标"), choices=[("", "—")] + fact_choices(), required=False)
    op = forms.ChoiceField(label=_("比较"), choices=OP_CHOICES, required=False)
    value = forms.CharField(label=_("取值"), required=False, help_text=_("数字；是/否；多个值用、分隔"))

    def clean(self):
        data = super().clean()
        try:
            data["condition"] = self._condition(data)
        except ValidationError as error:
            self.add_error("value", error)
        return data

    def _condition(self, data) -> dict | None:
        if not data.get("fact"):
            return None
        fact = ENTERPRISE.facts[data["fact"]]
        raw, op = (data.get("value") or "").strip(), data.get("op") or "=="
        if fact.kind == BOOLEAN:
            value, op = raw not in ("否", "no", "false", "0", "False"), "is"
        elif op == "in":
            value = [
                _parse(v.strip(), fact) for v in raw.replace(",", "、").replace("，", "、").split("、") if v.strip()
            ]
        else:
            value = _parse(raw, fact)
        cond = {"fact": data["fact"], "op": op, "value": value}
        return {"not": cond} if data.get("negate") else cond


def _parse(raw: str, fact):
    if fact.kind == NUMBER:
        try:
            number = Decimal(raw)
        except (InvalidOperation, ValueError):
            raise ValidationError(_("“%(label)s”的取值必须是数字。") % {"label": fact.label}) from None
        return int(number) if number == number.to_integral() else float(number)
    if fact.choices:
        by_label = {str(label): code for code, label in fact.choices.items()}
        return by_label.get(raw, raw)
    return raw


ConditionFormSet = forms.formset_factory(ConditionForm, extra=2, max_num=30)


class RuleForm(_Bootstrap, forms.Form):
    combine = forms.ChoiceField(
        label=_("组合方式"), choices=[("all", _("全部满足（且）")), ("any", _("满足其一（或）"))], initial="all"
    )
    advanced = forms.CharField(
        label=_("高级：规则 JSON（可嵌套 all/any/not；填写后以此为准）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "font-monospace"}),
    )
    note = forms.CharField(label=_("修改说明"), max_length=300, required=False)

    def clean_advanced(self):
        raw = self.cleaned_data.get("advanced", "").strip()
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise ValidationError(_("不是有效的 JSON。")) from None


def initial_rows(conditions) -> tuple[str, list[dict], str]:
    """(combine, formset initial rows, advanced JSON) for an existing rule: a flat all/any list of
    conditions (each possibly negated) goes into the rows; anything deeper into the JSON box."""
    group = _group(conditions) if conditions is not None else ("all", [])
    if group is None or group[0] == "not":
        return "all", [], json.dumps(conditions, ensure_ascii=False)
    key, parts = group
    rows = []
    for part in parts:
        negate = isinstance(part, dict) and set(part) == {"not"}
        leaf = part["not"] if negate else part
        if _group(leaf) is not None:
            return "all", [], json.dumps(conditions, ensure_ascii=False)
        fact = ENTERPRISE.facts.get(leaf.get("fact"))
        value = leaf.get("value")
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "是" if value else "否"
        if fact and fact.choices and isinstance(value, str):
            value = "、".join(str(fact.choices.get(v, v)) for v in value.split("、"))
        rows.append({"negate": negate, "fact": leaf.get("fact"), "op": leaf.get("op"), "value": value})
    return key, rows, ""


class VisitorForm(_Bootstrap, forms.Form):
    revenue = forms.DecimalField(
        label=_("营业收入（万元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    rd_expenditure = forms.DecimalField(
        label=_("研发费用（万元）"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    staff = forms.IntegerField(label=_("从业人员（人）"), required=False, min_value=0)
    rd_staff = forms.IntegerField(label=_("研发人员（人）"), required=False, min_value=0)
    invention_patents = forms.IntegerField(label=_("有效发明专利（件）"), required=False, min_value=0)
    new_city = forms.ChoiceField(label=_("所在新城"), required=False, choices=[("", "—")] + list(NewCity.choices))
    has_tech_sme = forms.BooleanField(label=_("科技型中小企业"), required=False)
    has_high_tech = forms.BooleanField(label=_("高新技术企业"), required=False)
    has_srdi_sme = forms.BooleanField(label=_("专精特新中小企业"), required=False)
    has_little_giant = forms.BooleanField(label=_("专精特新“小巨人”"), required=False)


class ApplicationForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["statement", "attachment"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}


class ReasonForm(_Bootstrap, forms.Form):
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
