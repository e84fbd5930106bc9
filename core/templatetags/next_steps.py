"""``{% action_bar record %}``: the shared "下一步" bar of every detail page (core.actions)."""

from django import template

from core import records
from core.actions import actions_for

register = template.Library()


@register.inclusion_tag("core/_action_bar.html", takes_context=True)
def action_bar(context, record):
    request = context["request"]
    return {
        "request": request,
        "user": request.user,
        "record": record,
        "actions": actions_for(request, record) if records.kind_for(record) else [],
        "share_url": request.build_absolute_uri(record.get_absolute_url()),
        "csrf_token": context.get("csrf_token"),
    }
