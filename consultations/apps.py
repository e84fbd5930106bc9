from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("咨询留言")

    def ready(self):
        from core.actions import register_action
        from core.nav import register_nav
        from core.workbench import register_panel
        from notifications.kinds import register_kind

        from . import actions, workbench

        register_kind("consultations.asked", _("收到新咨询"))
        register_kind("consultations.followed_up", _("咨询人追问"))
        register_kind("consultations.answered", _("咨询得到答复"))
        register_panel("consultations.mine", workbench.my_consultations, order=15)
        register_action("consultations.consult", actions.consult_action, order=50)
        register_nav(
            _("我的咨询"), "consultations:list", order=90, place="user", visible=lambda user: user.is_authenticated
        )
