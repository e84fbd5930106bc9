"""Template filters over ``core.text``: ``{% load text %}``, ``{{ q|has_chinese }}``."""

from django import template

from core import text

register = template.Library()


@register.filter
def has_chinese(value) -> bool:
    """``core.text.has_chinese`` for a template (a query without Chinese gets a hint)."""
    return text.has_chinese(str(value or ""))
