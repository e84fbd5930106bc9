"""Read side of the programme engine: lists, a call's public statistics, results, a user's tasks."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from . import access
from .models import Assignment, Call, Entry, EntryStatus, Kind, Stage

# A field (industry chain) is named in the statistics only when at least this many entrants share
# it, so that the widget never points at one entrant's field (the rest are shown as 其他领域).
FIELD_MIN_COUNT = 3


def call_list(user, *, kind: str | None = None, stage: str | None = None):
    qs = access.calls_visible_to(user).select_related("owner_org").prefetch_related("industry_chains")
    if kind:
        qs = qs.filter(kind=kind)
    if stage:
        qs = qs.filter(stage=stage)
    return qs


def call_statistics(call: Call) -> dict | None:
    """The public statistics widget (InnoCentive's "how many joined and submitted"):

    {"joined": teams that started an entry (件), "submitted": entries in the call (件),
     "fields": [(field label, n)] with fields shared by fewer than FIELD_MIN_COUNT entrants merged
     into 其他领域}. None when the call does not publish statistics or is still a draft.
    It counts entries only, never shows which entrant or how an entry scored.
    """
    if not call.stats_public or call.stage == Stage.DRAFT:
        return None
    entries = Entry.objects.filter(call=call).exclude(status=EntryStatus.WITHDRAWN)
    joined = entries.values("entrant_org_id").distinct().count()
    submitted = entries.filter(status__in=access.ACTIVE).count()
    rows = (
        entries.filter(status__in=access.ACTIVE)
        .values("entrant_org__industry_chains__name")
        .annotate(n=Count("entrant_org", distinct=True))
    )
    fields, other = [], 0
    for row in rows:
        name = row["entrant_org__industry_chains__name"]
        if name and row["n"] >= FIELD_MIN_COUNT:
            fields.append((name, row["n"]))
        else:
            other += row["n"]
    fields.sort(key=lambda pair: (-pair[1], pair[0]))
    if other and fields:
        fields.append((_("其他领域"), other))
    return {"joined": joined, "submitted": submitted, "fields": fields}


def results(call: Call, user):
    """Entries the viewer may see, in result order once ranked and public; otherwise by id so
    that order says nothing about scores."""
    qs = access.entries_visible_to(user, call).select_related("entrant_org")
    if call.results_public or call.stage == Stage.PUBLICITY or access.is_manager(user, call):
        return qs.order_by(F("rank").asc(nulls_last=True), "id")
    return qs.order_by("id")


def my_entries(user):
    if not user.is_authenticated:
        return Entry.objects.none()
    return Entry.objects.filter(entrant_org_id__in=user.organisation_ids()).select_related("call").order_by("-id")


def my_assignments(user):
    if not user.is_authenticated:
        return Assignment.objects.none()
    return Assignment.objects.filter(expert__user=user).select_related("call").order_by("-id")


def yearly_counts(kind: str, start, end) -> int:
    """Calls of ``kind`` held (published and not cancelled) with their event or publication in [start, end]."""
    qs = Call.objects.filter(kind=kind).exclude(stage__in=(Stage.DRAFT, Stage.CANCELLED))
    date_field = "event_at" if kind == Kind.ROADSHOW else "published_at"
    return qs.filter(**{f"{date_field}__date__gte": start, f"{date_field}__date__lte": end}).count()


def pairings(start, end) -> int:
    """List responses taken up (机会清单/场景清单 对接) in [start, end], by the day of the update."""
    return Entry.objects.filter(
        Q(call__kind=Kind.OPPORTUNITY_LIST) | Q(call__kind=Kind.SCENARIO_LIST),
        status=EntryStatus.PAIRED,
        updated_at__date__gte=start,
        updated_at__date__lte=end,
    ).count()
