from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag
def snippet_for(record, highlights):
    """The search engine's highlighted snippet for ``record`` (already escaped HTML), if any."""
    if not highlights:
        return ""
    return highlights.get(record.pk, "")


@register.filter
def choice_labels(record, field_name: str) -> str:
    """The labels of a multiple-choice field, joined in the reader's language (、 in Chinese, a
    comma in English: "Joint development、Technology services" was the try-out's)."""
    field = record._meta.get_field(field_name)
    return pgettext("list separator", "、").join(field.get_choices_labels(getattr(record, field_name)))


@register.filter
def is_hidden(hidden: set, field_name: str) -> bool:
    return field_name in (hidden or set())


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs) -> str:
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    params.pop("page", None)
    return params.urlencode()
