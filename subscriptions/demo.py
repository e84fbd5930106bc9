"""Demo loader of subscriptions: mark the demo's records as already checked for new matches.

``load_demo`` publishes thousands of records at once; without a watermark the first
``collect_subscriptions`` after it treats all of them as new (FIRST_WINDOW looks back one day)
and matches every one (over 10 minutes on the 2-core machine), telling demo owners about
matches nobody asked for. Runs last, after every loader that publishes records."""

from django.utils import timezone

from core.demo import register_demo


@register_demo("subscriptions", order=1000)
def load(context, stdout):
    from .matches import OVERLAP, WATERMARK
    from .models import Watermark

    # A run starts OVERLAP before the watermark; place it so that the first run starts exactly at
    # the end of loading (a run within the hour after loading would otherwise see the demo again).
    Watermark.objects.update_or_create(name=WATERMARK, defaults={"at": timezone.now() + OVERLAP})
