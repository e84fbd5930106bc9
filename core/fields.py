"""A multi-choice model field stored as delimited text, so "offers 作价入股" filters with one
indexed LIKE on SQLite and PostgreSQL alike (``field__contains=",equity_in_kind,"``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.CharField):
    description = "A list of choice values stored as ',a,b,'"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, (list, tuple)):
            return list(value)
        return [item for item in value.split(",") if item]

    def get_prep_value(self, value):
        if isinstance(value, (list, tuple)):
            return "," + ",".join(value) + "," if value else ""
        return value

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {str(choice) for choice, _label in self.choices or []}
        bad = [item for item in value if item not in allowed]
        if bad:
            raise ValidationError(_("无效的选项：%(values)s"), params={"values": "、".join(bad)}, code="invalid_choice")
        if not self.blank and not value:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def get_choices_labels(self, value):
        labels = dict(self.choices or [])
        return [str(labels.get(item, item)) for item in value]

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    # CharField's check for choices would reject a list value; validation is done above.
    def _check_choices(self):
        return []

    def run_validators(self, value):
        return None


def contains_choice(field_name: str, value: str) -> dict:
    """The filter kwargs that select rows whose ChoiceListField holds ``value``."""
    return {f"{field_name}__contains": f",{value},"}
