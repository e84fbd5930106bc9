"""Notification kinds: a dotted "APP.event" string, a label for the preferences page and a default channel.

Apps register their kinds with ``register_kind`` (in AppConfig.ready, or here for the platform's
own events); a kind nobody registered still works and is delivered on site and by e-mail.
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


def label_for(kind: str) -> str:
    """The kind's registered label; for an unregistered "APP.event" kind, the emitting app's name
    (e.g. "政策兑现"), so that no raw code reaches the inbox or the preferences page."""
    if kind in KINDS:
        return str(KINDS[kind].label)
    from django.apps import apps

    app_label = kind.split(".", 1)[0]
    if "." in kind and apps.is_installed(app_label):
        return str(apps.get_app_config(app_label).verbose_name)
    return kind


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
