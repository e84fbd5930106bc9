"""Policy fulfilment in the action bar: a policy's next step is the 政策计算器 (what my firm qualifies for)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.actions import Action


def calculator_action(request, record):
    from catalog.models import Policy

    if not isinstance(record, Policy):
        return None
    return Action("fulfilment.calculator", _("测算可享政策"), reverse("fulfilment:calculator"), primary=True)
