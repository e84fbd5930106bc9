from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("监测与台账")

    @staticmethod
    def _register_notification_kinds():
        from notifications.kinds import register_kind

        for kind, label in [
            ("monitoring.task_assigned", _("台账任务已交办")),
            ("monitoring.task_due", _("台账任务即将到期")),
            ("monitoring.task_overdue", _("台账任务已逾期")),
            ("monitoring.task_met", _("台账任务已达标待复核")),
            ("monitoring.action_assigned", _("调度督办事项")),
        ]:
            register_kind(kind, label)

    @staticmethod
    def _connect_cache_receivers():
        from django.db.models.signals import post_delete, post_save

        from .models import Indicator, Observation, PlanDocument, Target
        from .selectors import forget_indicator_rows

        for model in (Indicator, Target, Observation, PlanDocument):
            for signal in (post_save, post_delete):
                signal.connect(forget_indicator_rows, sender=model, dispatch_uid=f"monitoring.rows.{model.__name__}")

    def ready(self):
        self._register_notification_kinds()
        self._connect_cache_receivers()
        from core.nav import register_nav

        from . import demo  # noqa: F401  registers the demo loader
        from .catalog_metrics import register_catalog_metrics

        register_catalog_metrics()
        register_nav(
            pgettext_lazy("nav", "监测大屏"),
            "monitoring:dashboard",
            order=80,
            visible=lambda u: u.is_authenticated and u.is_leader,
        )
        from core.workbench import register_panel

        from . import workbench

        register_panel("monitoring.leader", workbench.leader, order=60)

        from notifications.kinds import register_kind

        register_kind("monitoring.task_assigned", _("台账任务交办"))
        register_kind("monitoring.task_due", _("台账任务即将到期（7 天内）"))
        register_kind("monitoring.task_overdue", _("台账任务已逾期"))
