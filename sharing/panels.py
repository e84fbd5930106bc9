"""The sharing panel on an instrument's detail page (registered with catalog.panels)."""

from catalog.models import Instrument

from . import access
from .models import SharingProfile


def instrument_panel(request, record):
    if not isinstance(record, Instrument):
        return None
    profile = SharingProfile.objects.filter(instrument=record).prefetch_related("prices", "hours", "closures").first()
    user = request.user
    manages = access.manages_instrument(user, record) or access.is_operator(user)
    if profile is None and not manages:
        return None
    return "sharing/_instrument_panel.html", {"record": record, "profile": profile, "manages": manages}
