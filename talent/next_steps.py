"""The talent cloud in the action bar (core.records, core.actions): a verified talent profile is
consulted by the person; an expert-library record linked to a verified profile gets the talent
cloud's contact request (联系请求) as its own next step."""

from django.utils.translation import gettext as _

from core.actions import Action, register_action
from core.records import register_record

from . import access
from .models import ProfileStatus, TalentProfile


def expert_contact_action(request, record):
    from catalog.models import Expert

    if not isinstance(record, Expert) or not request.user.is_authenticated:
        return None
    profile = TalentProfile.objects.filter(expert=record, status=ProfileStatus.VERIFIED).first()
    if profile is None or profile.user_id == request.user.pk:
        return None
    return Action(
        "talent.contact", _("人才对接（申请联系方式）"), profile.get_absolute_url() + "#contact-box", primary=True
    )


def register() -> None:
    register_record(
        TalentProfile,
        visible=access.profiles_visible_to,
        owner=lambda profile: (None, profile.user),
        interactive=lambda profile: profile.is_verified,
    )
    register_action("talent.expert_contact", expert_contact_action, order=10)
