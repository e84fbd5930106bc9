"""``{{ record.prefecture|place:record.county }}``: a place in the reader's language."""

from django import template

from reference.models import place_name

register = template.Library()


@register.filter
def place(prefecture, county=None) -> str:
    """``reference.models.place_name`` of a prefecture and an optional county (Region or None)."""
    return place_name(prefecture or None, county or None)
