"""Notification kinds: a dotted "APP.event" string, a label for the preferences page and a default channel.

Apps register their kinds with ``register_kind`` (in AppConfig.ready, or here for the platform's
own events); ``register_kind_family`` registers one kind per action of a core.workflow table or per status.
Every kind passed to ``notifications.services.notify`` must be registered: in DEBUG and under the
tests an unregistered kind raises (``check_registered``), in production it is logged and delivered
under its raw code (notifications/tests/test_kinds.py checks every kind the code base emits).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Channel


@dataclass(frozen=True)
class Kind:
    kind: str
    label: str
    default: str = Channel.EMAIL


KINDS: dict[str, Kind] = {}


def register_kind(kind: str, label, default: str = Channel.EMAIL) -> Kind:
    KINDS[kind] = Kind(kind, label, default)
    return KINDS[kind]


def register_kind_family(prefix: str, template, pairs, default: str = Channel.EMAIL) -> None:
    """One kind ``prefix + code`` per ``(code, label)`` of ``pairs`` (a model's status choices, or
    ``workflow_actions(WORKFLOW)``), labelled ``template`` (a lazy string with one ``{}``, e.g.
    ``_("兑现申请：{}")``) filled with the label: for kinds such as ``f"fulfilment.application_{action}"``."""
    from django.utils.text import format_lazy

    for code, label in pairs:
        register_kind(f"{prefix}{code}", format_lazy(template, label), default)


def workflow_actions(workflow, actions=None) -> list[tuple[str, str]]:
    """``(action, label)`` of a core.workflow.Workflow's transitions (of ``actions`` only, when given)."""
    return [(t.action, t.label) for t in workflow.transitions.values() if actions is None or t.action in actions]


class UnregisteredKind(LookupError):
    """notify() was given a kind that no app registered (raised in DEBUG and tests only)."""


def strict(setting: str) -> bool:
    """Whether a notify() check named by ``setting`` raises (True) or lets production go on: the
    setting when given, else DEBUG or TESTING."""
    from django.conf import settings

    return getattr(settings, setting, settings.DEBUG or getattr(settings, "TESTING", False))


def check_registered(kind: str) -> None:
    """Raise UnregisteredKind in DEBUG and tests (settings.NOTIFICATION_KINDS_STRICT, by default
    DEBUG or TESTING); elsewhere log a warning, so that a missed registration never loses a notice."""
    if kind in KINDS:
        return
    if strict("NOTIFICATION_KINDS_STRICT"):
        raise UnregisteredKind(f"notification kind {kind!r} is not registered (notifications.kinds.register_kind)")
    import logging

    logging.getLogger(__name__).warning("unregistered notification kind %s", kind)


def label_for(kind: str) -> str:
    """The kind's registered label (the raw code only for a kind nobody registered)."""
    return str(KINDS[kind].label) if kind in KINDS else kind


def default_channel(kind: str) -> str:
    return KINDS[kind].default if kind in KINDS else Channel.EMAIL


# The platform's events (the apps that emit them call notifications.services.notify).
for _kind, _label, _default in [
    ("catalog.submitted", _("发布信息已提交审核"), Channel.SITE),
    ("catalog.review_requested", _("有新的发布信息待审核"), Channel.DIGEST),
    ("catalog.approved", _("发布信息审核通过"), Channel.EMAIL),
    ("catalog.returned", _("发布信息被退回修改"), Channel.EMAIL),
    ("catalog.expiring", _("发布信息即将到期（30 天、7 天）"), Channel.EMAIL),
    ("catalog.expired", _("发布信息已到期下架"), Channel.EMAIL),
    ("accounts.organisation_verified", _("机构认证通过"), Channel.EMAIL),
    ("accounts.organisation_refused", _("机构认证未通过"), Channel.EMAIL),
    ("accounts.organisation_reverify", _("机构资料修改后待重新认证"), Channel.SITE),
    ("accounts.membership_requested", _("有人申请加入本机构"), Channel.EMAIL),
    ("accounts.membership_decided", _("加入机构的申请已处理"), Channel.EMAIL),
    ("accounts.membership_invited", _("机构邀请您加入"), Channel.EMAIL),
    ("accounts.membership_changed", _("机构成员或角色变动"), Channel.SITE),
    ("deals.opened", _("新的对接"), Channel.EMAIL),
    ("deals.moved", _("对接阶段变化"), Channel.EMAIL),
    ("deals.message", _("对接中的新消息"), Channel.DIGEST),
    ("deals.broker_assigned", _("指派技术经纪人"), Channel.EMAIL),
    ("deals.trial_decision", _("先使用后付费：试用结论"), Channel.EMAIL),
    ("deals.trial_ending", _("先使用后付费：试用期即将结束"), Channel.EMAIL),
    ("deals.trial_overdue", _("先使用后付费：试用期已过"), Channel.EMAIL),
    ("deals.payment_due", _("合同分期款即将到期"), Channel.EMAIL),
    ("deals.payment_overdue", _("合同分期款已逾期"), Channel.EMAIL),
    ("enterprises.qualification_expiry", _("企业资质即将到期"), Channel.EMAIL),
]:
    register_kind(_kind, _label, _default)
