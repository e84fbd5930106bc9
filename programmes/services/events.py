"""News and notices (sanitised rich text), events with registration, capacity, waiting list,
check-in and an .ics file (信息发布…线上交流, action plan 三(一)5②)."""

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Article, Event, Registration

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
}


def sanitise(html: str) -> str:
    """Rich text as operators paste it, reduced by nh3 to safe tags (no scripts, styles or handlers)."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, link_rel="noopener noreferrer")


def _require_operator(by) -> None:
    if not (by and by.is_authenticated and by.has_role("operator")):
        raise PermissionDenied(_("只有平台运营人员可以发布信息。"))


@transaction.atomic
def article_save(*, by, article: Article | None = None, publish: bool = False, **fields) -> Article:
    """Create or edit a news item or notice; the body is sanitised before it is stored."""
    _require_operator(by)
    article = article or Article(created_by=by)
    for name, value in fields.items():
        setattr(article, name, value)
    article.body_html = sanitise(article.body_html)
    if publish and not article.published:
        article.published = True
        article.published_at = timezone.now()
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def event_save(*, by, event: Event | None = None, **fields) -> Event:
    _require_operator(by)
    event = event or Event(created_by=by)
    for name, value in fields.items():
        setattr(event, name, value)
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        raise ValidationError({"ends_at": _("结束时间必须晚于开始时间。")})
    event.full_clean()
    event.save()
    return event


def event_register(*, event: Event, by, audience_kind: str = Registration.AudienceKind.OTHER) -> Registration:
    """Register ``by``: confirmed while places remain, otherwise on the waiting list.

    The event row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises writers), so
    parallel registrations never confirm more people than the capacity. Raises ValidationError
    (not published, registration closed, already registered).
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not event.published:
            raise ValidationError({"event": _("活动尚未发布。")})
        now = timezone.now()
        if (event.registration_closes_at and now >= event.registration_closes_at) or now >= event.starts_at:
            raise ValidationError({"event": _("报名已截止。")})
        existing = Registration.objects.filter(event=event, user=by).first()
        if existing and existing.status != Registration.Status.CANCELLED:
            raise ValidationError({"event": _("您已报名该活动。")})
        confirmed = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
        status = Registration.Status.CONFIRMED if confirmed < event.capacity else Registration.Status.WAITING
        if existing:
            existing.status, existing.audience_kind = status, audience_kind
            existing.save(update_fields=["status", "audience_kind"])
            return existing
        return Registration.objects.create(event=event, user=by, status=status, audience_kind=audience_kind)


def registration_cancel(*, registration: Registration, by) -> Registration:
    """Cancel a registration; the first on the waiting list takes the freed place."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.user_id != by.pk and not by.has_role("operator"):
            raise PermissionDenied(_("只能取消本人的报名。"))
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
        if was_confirmed:
            nxt = (
                Registration.objects.filter(event=event, status=Registration.Status.WAITING)
                .order_by("created_at", "id")
                .first()
            )
            if nxt:
                nxt.status = Registration.Status.CONFIRMED
                nxt.save(update_fields=["status"])
        return registration


def registration_check_in(*, registration: Registration, by) -> Registration:
    _require_operator(by)
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError({"status": _("只有报名成功的参会人可以签到。")})
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    return registration


def event_ics(event: Event) -> bytes:
    """The event as an iCalendar file (RFC 5545) for the attendee's calendar."""
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    cal = Calendar()
    cal.add("prodid", "-//Qinchuangyuan Technology Market//programmes//ZH")
    cal.add("version", "2.0")
    item = IcsEvent()
    item.add("uid", f"event-{event.pk}@qinchuangyuan")
    item.add("summary", event.title)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("dtstamp", timezone.now())
    item.add("location", _("线上") if event.online and not event.place else event.place)
    item.add("description", event.description)
    cal.add_component(item)
    return cal.to_ical()
