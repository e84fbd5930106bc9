from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_validation_error(form, exc: ValidationError) -> None:
    """Put a service's ValidationError onto a form, field by field where it names fields."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target if field != NON_FIELD_ERRORS else None, error)
    else:
        form.add_error(None, exc)


class ServiceOutcome:
    """What ``form_service`` did: true when the service went through, its return value in ``value``."""

    __slots__ = ("ok", "value")

    def __init__(self, ok: bool, value=None):
        self.ok, self.value = ok, value

    def __bool__(self) -> bool:
        return self.ok


def form_service(form, call) -> ServiceOutcome:
    """Run a service for a valid bound form, the server-rendered form pages' one shape: a
    ValidationError goes onto the form field by field (``apply_validation_error``), a
    PermissionDenied as a form-wide error with its reason (re-raised as 403 when it has none).
    Returns a ``ServiceOutcome``: true with the service's result in ``.value`` when the call went
    through, false when its errors are on the form. Nothing else is caught."""
    from django.core.exceptions import PermissionDenied

    try:
        result = call()
    except ValidationError as exc:
        apply_validation_error(form, exc)
    except PermissionDenied as exc:
        if not str(exc):
            raise
        form.add_error(None, str(exc))
    else:
        return ServiceOutcome(True, result)
    return ServiceOutcome(False)


def bootstrapify(form) -> None:
    """Give every widget Bootstrap's classes, and mark the fields that need a full row."""
    from django import forms
    from django.utils.translation import gettext_lazy as _

    for name, field in form.fields.items():
        widget = field.widget
        # Django's "---------" placeholder reads as a glitch in a Chinese form.
        if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
            field.empty_label = _("请选择")
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            choices = list(field.choices)
            if choices and choices[0] == ("", "---------"):
                field.choices = [("", _("请选择"))] + choices[1:]
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
            # Django puts these attrs on the wrapping <div> as well as on every <input>, so a
            # Bootstrap class here would turn the wrapper into a tiny floated box; the inputs are
            # styled by .checkbox-list in site.css instead.
            widget.attrs.pop("class", None)
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
        field.wide = isinstance(
            widget, (forms.Textarea, forms.CheckboxSelectMultiple, forms.CheckboxInput)
        ) or name in (
            "summary",
            "title",
        )
        field.is_checkbox = isinstance(widget, forms.CheckboxInput)


class BootstrapFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)
