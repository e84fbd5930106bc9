from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("人才云")
    default_auto_field = "django.db.models.BigAutoField"

    @staticmethod
    def _register_notification_kinds():
        from notifications.kinds import register_kind

        for kind, label in [
            ("talent.profile_verified", _("人才档案通过核验")),
            ("talent.profile_returned", _("人才档案被退回")),
            ("talent.contact_requested", _("有机构希望与您联系")),
            ("talent.contact_accepted", _("联系请求被接受")),
            ("talent.contact_declined", _("联系请求被婉拒")),
            ("talent.demand_applied", _("人才需求收到申请")),
            ("talent.placement_recorded", _("人才引进已登记")),
            ("talent.service_submitted", _("新的人才服务申请")),
            ("talent.service_updated", _("人才服务申请状态变化")),
        ]:
            register_kind(kind, label)

    def ready(self):
        self._register_notification_kinds()
        from core.nav import SERVICES_GROUP, register_nav

        from . import demo, facts, match_sources, metrics  # noqa: F401  (facts registers the "talent" fact set; demo its loader)

        match_sources.register()
        metrics.register_metrics()
        register_nav(_("人才云"), "talent:home", order=65, group=SERVICES_GROUP)
        register_nav(
            _("人才核验"),
            "talent:queue",
            order=66,
            place="user",
            visible=lambda user: user.is_authenticated and user.is_operator,
        )
        from . import next_steps

        next_steps.register()  # profiles as detail-page records; an expert's contact request in the action bar
