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


def bootstrapify(form) -> None:
    """Give every widget Bootstrap's classes, and mark the fields that need a full row."""
    from django import forms

    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect, forms.CheckboxInput)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")
        field.wide = isinstance(widget, (forms.Textarea, forms.CheckboxSelectMultiple, forms.CheckboxInput)) or name in (
            "summary", "title",
        )
        field.is_checkbox = isinstance(widget, forms.CheckboxInput)


class BootstrapFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)
