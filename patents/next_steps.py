"""Patents as detail-page records (core.records): every patent page is public and a patent record
has no owning organisation on the platform, so the platform's operators answer consultations."""

from core.records import register_record

from .models import Patent


def register() -> None:
    register_record(Patent, visible=lambda user: Patent.objects.all(), owner=lambda record: (None, None))
