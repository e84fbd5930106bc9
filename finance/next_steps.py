"""Finance in the action bar: a financial product is applied for through a financing need
(融资需求 → 申请), the finance app's own flow."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.actions import Action


def apply_action(request, record):
    from catalog.models import FinancialProduct
    from catalog.models.base import Status

    if not isinstance(record, FinancialProduct) or record.status != Status.PUBLISHED:
        return None
    return Action(
        "finance.apply",
        _("申请融资"),
        reverse("finance:need_create"),
        primary=True,
        note=_("先发布融资需求，再在需求页选择本产品提交申请（企业管理员）。"),
    )
