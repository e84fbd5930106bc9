from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def num(value) -> str:
    """A figure without trailing zeros and with thousands separators; 暂无数据 when missing."""
    if value is None or value == "":
        return _("暂无数据")
    value = Decimal(str(value))
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text


@register.filter
def bar(percent) -> str:
    """Width of a progress bar (0-100) for a completion percentage."""
    if percent is None:
        return "0"
    return str(max(0, min(100, float(percent))))


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
