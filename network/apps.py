from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("服务网络")

    @staticmethod
    def _register_notification_kinds():
        from notifications.kinds import register_kind, register_kind_family, workflow_actions

        from .services import REVIEW

        register_kind_family("network.report_", _("载体年度报告：{}"), workflow_actions(REVIEW, ("accept", "return")))
        register_kind_family("network.case_", _("典型案例：{}"), workflow_actions(REVIEW, ("accept", "return")))
        register_kind("network.engagement_request", _("服务机构收到服务申请"))
        register_kind("network.engagement_completed", _("服务已完成，请评价"))

    def ready(self):
        self._register_notification_kinds()
        from catalog.access import register_review_scope
        from core.nav import SERVICES_GROUP, register_nav

        from . import access, demo, metrics  # noqa: F401 - demo registers its loader on import
        from .models import SubMarket

        register_review_scope(access.review_scope, depends_on=[SubMarket, SubMarket.operators.through])
        from programmes.eligibility import register_eligibility_check

        from .credit import eligibility_check

        register_eligibility_check(eligibility_check)
        group = SERVICES_GROUP
        register_nav(_("分市场"), "network:home", order=60, group=group)
        register_nav(_("西安—咸阳共享库"), "network:joint", order=61, group=group)
        register_nav(_("创新载体"), "network:carriers", order=62, group=group)
        register_nav(_("服务机构"), "network:agencies", order=63, group=group)
        register_nav(_("典型案例"), "network:cases", order=64, group=group)
        register_nav(_("项目库"), "network:projects", order=65, group=group)
        register_nav(_("产品库"), "network:products", order=66, group=group)
        register_nav(_("科研诚信记录"), "network:credit", order=91, visible=access.can_manage_registry, place="user")
        register_nav(_("分市场审核"), "network:review", order=90, visible=access.can_review_any, place="user")
        metrics.register_metrics()
