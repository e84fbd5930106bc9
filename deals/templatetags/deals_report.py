"""Filters of the monthly statistics report (deals.monthly_report)."""

from django import template

register = template.Library()


@register.filter
def change(value) -> str:
    """A change in % with its sign ("+12.5%", "-3.0%"); "—" without a base (previous figure zero)."""
    if value is None:
        return "—"
    return f"{value:+.1f}%"


@register.filter
def wan(value) -> str:
    """An amount in 万元 with two decimals and thousands separators."""
    return f"{value:,.2f}"
