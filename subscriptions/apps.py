from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("订阅")

    def ready(self):
        from accounts.panels import register_panel as register_org_panel
        from catalog.panels import register_list_action
        from core.nav import register_nav
        from notifications.kinds import register_kind
        from notifications.models import Channel

        from . import views

        register_kind("subscriptions.new_records", _("订阅的产业链、机构或搜索有新发布"), Channel.DIGEST)
        register_kind("subscriptions.new_matches", _("我发布的需求、成果有新的强匹配"), Channel.DIGEST)
        register_list_action(views.save_search_control)
        register_org_panel(views.follow_organisation_panel)
        register_nav(
            _("我的订阅"), "subscriptions:mine", order=15, visible=lambda user: user.is_authenticated, place="user"
        )
