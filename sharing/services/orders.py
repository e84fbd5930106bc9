"""Service orders (检测、实验外包): request → quotation → acceptance → report (attachment) → rating.

Seed 002 第六章第二节: 为科技企业和研究机构提供研发设计、实验外包、科研众包等服务."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.selectors import members_of
from catalog.models import Attachment
from catalog.models.base import validate_attachment
from notifications.messages import Message, choice_label
from notifications.services import notify

from .. import access
from ..models import OrderStatus, ServiceOrder


def _tell(order, org_id, by, title):
    notify(
        users=members_of(org_id),
        kind=f"sharing.order_{order.status}",
        title=title,
        url=order.get_absolute_url(),
        exclude=by,
    )


def order_request(
    *, by, organisation, provider, title, samples, requirements, sample_count=1, instrument=None
) -> ServiceOrder:
    """A member of ``organisation`` asks ``provider`` for a test or an outsourced experiment."""
    if organisation.pk not in by.organisation_ids():
        raise PermissionDenied(_("只能以本人所在机构的名义委托。"))
    if provider.pk == organisation.pk:
        raise ValidationError({"provider": _("不能委托本单位。")})
    errors = {
        k: _("此项必填。")
        for k, v in {"title": title, "samples": samples, "requirements": requirements}.items()
        if not (v or "").strip()
    }
    if errors:
        raise ValidationError(errors)
    if instrument is not None and instrument.owner_org_id != provider.pk:
        raise ValidationError({"instrument": _("所选仪器不属于该服务机构。")})
    order = ServiceOrder.objects.create(
        provider=provider,
        instrument=instrument,
        requester=by,
        organisation=organisation,
        title=title.strip(),
        samples=samples.strip(),
        sample_count=sample_count,
        requirements=requirements.strip(),
    )
    _tell(order, provider.pk, by, Message(gettext_noop("新的检测委托：%(t)s"), t=order.title))
    return order


def _step(order, by, side, statuses):
    order = ServiceOrder.objects.select_for_update().get(pk=order.pk)
    sides = access.order_sides(by, order)
    if side not in sides:
        raise PermissionDenied(_("无权操作此订单。"))
    if order.status not in statuses:
        raise ValidationError({"status": _("当前状态“%(s)s”不能执行此操作。") % {"s": order.get_status_display()}})
    return order


@transaction.atomic
def order_quote(*, order, by, amount, due_on=None, note="") -> ServiceOrder:
    """The provider quotes a price in 元 (and a delivery date); a new quote replaces an unanswered one."""
    order = _step(order, by, "provider", (OrderStatus.REQUESTED, OrderStatus.QUOTED))
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    except Exception as exc:  # noqa: BLE001 - any unparsable amount is the same user error
        raise ValidationError({"amount": _("请填写有效金额。")}) from exc
    if amount <= 0:
        raise ValidationError({"amount": _("报价须大于零。")})
    order.quote_amount, order.due_on, order.quote_note, order.status = amount, due_on, note, OrderStatus.QUOTED
    order.save()
    _tell(order, order.organisation_id, by, Message(gettext_noop("收到报价：%(t)s"), t=order.title))
    return order


@transaction.atomic
def order_answer(*, order, by, accept: bool, reason="") -> ServiceOrder:
    """The requester accepts the quotation (the fee is confirmed) or refuses it with a reason."""
    order = _step(order, by, "user", (OrderStatus.QUOTED,))
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("请填写拒绝原因。")})
    order.status = OrderStatus.ACCEPTED if accept else OrderStatus.DECLINED
    order.decline_reason = "" if accept else reason.strip()
    order.save()
    _tell(
        order,
        order.provider_id,
        by,
        Message(gettext_noop("报价%(s)s：%(t)s"), s=choice_label(order, "status"), t=order.title),
    )
    return order


@transaction.atomic
def order_decline(*, order, by, reason) -> ServiceOrder:
    order = _step(order, by, "provider", (OrderStatus.REQUESTED, OrderStatus.QUOTED))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写拒绝原因。")})
    order.status, order.decline_reason = OrderStatus.DECLINED, reason.strip()
    order.save()
    _tell(order, order.organisation_id, by, Message(gettext_noop("委托未被受理：%(t)s"), t=order.title))
    return order


@transaction.atomic
def order_deliver(*, order, by, report) -> ServiceOrder:
    """The provider delivers the report: an attachment checked like the catalog's (type, size, content)."""
    order = _step(order, by, "provider", (OrderStatus.ACCEPTED,))
    if report is None:
        raise ValidationError({"report": _("请上传检测报告。")})
    try:
        validate_attachment(report)
    except ValidationError as exc:
        raise ValidationError({"report": exc.messages}) from exc
    Attachment.objects.create(record=order, file=report, name=report.name[:200], size=report.size, uploaded_by=by)
    order.status = OrderStatus.DELIVERED
    order.save()
    _tell(order, order.organisation_id, by, Message(gettext_noop("检测报告已交付：%(t)s"), t=order.title))
    return order


@transaction.atomic
def order_rate(*, order, by, rating: int, comment="") -> ServiceOrder:
    order = _step(order, by, "user", (OrderStatus.DELIVERED,))
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("评分须为 1 到 5。")})
    order.rating, order.rating_comment, order.status = rating, (comment or "").strip()[:300], OrderStatus.RATED
    order.save()
    return order
