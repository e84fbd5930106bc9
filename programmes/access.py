"""Who may see and do what in a programme (DESIGN.md section 5). Pages, API and exports ask here.

Entries and review scores are confidential until results:
- an entry: the entrant organisation's members, the call's managers (platform operators and the
  call's named managers, e.g. a challenge's 出题者), and the call's accepted reviewers (submitted
  entries only, and none at all for an expert who must avoid any entrant of the call). A roadshow's registered
  audience sees the items on show while the live scoring runs. After results, the selected
  entries are public; the others stay with the entrant and the managers.
- a score: the call's managers, and the reviewer who gave it. Entrants see their own entry's
  aggregate score and rank once results are published, never single reviewers' scores.
Nothing on a page a viewer may open (counts, order, statistics) depends on entries they may not read:
lists of entries come from ``entries_visible_to`` and the statistics widget counts only what it
declares public (see selectors.call_statistics).
"""

from django.db.models import Q, QuerySet

from .models import Assignment, Call, Entry, EntryStatus, Kind, PoolExpert, Score, Stage

# Statuses of entries that are in the call (not drafts, not withdrawn).
ACTIVE = (
    EntryStatus.SUBMITTED,
    EntryStatus.SELECTED,
    EntryStatus.NOT_SELECTED,
    EntryStatus.PAIRED,
    EntryStatus.WINNER,
    EntryStatus.RACE_ENDED,
)
# Statuses the published result makes public.
PUBLIC_RESULT = (EntryStatus.SELECTED, EntryStatus.WINNER, EntryStatus.RACE_ENDED)


def is_operator(user) -> bool:
    """A signed-in platform operator (visitors have no roles)."""
    return bool(user and user.is_authenticated and user.has_role("operator"))


def is_manager(user, call: Call) -> bool:
    if not user or not user.is_authenticated:
        return False
    if user.has_role("operator"):
        return True
    return call.managers.filter(pk=user.pk).exists()


def actor_kinds(user, call: Call) -> set[str]:
    if user is None:
        return {"system"}
    return {"manager"} if is_manager(user, call) else set()


def accepted_assignment(user, call: Call) -> Assignment | None:
    if not user or not user.is_authenticated:
        return None
    return (
        Assignment.objects.filter(call=call, expert__user=user, status=Assignment.Status.ACCEPTED)
        .select_related("expert")
        .first()
    )


def avoided_org_ids(expert: PoolExpert) -> set[int]:
    """Organisations an expert must never review: their own and the declared conflicts."""
    ids = set(expert.conflicts.values_list("pk", flat=True))
    if expert.organisation_id:
        ids.add(expert.organisation_id)
    return ids


def must_avoid_call(expert: PoolExpert, call: Call) -> bool:
    """An expert who must avoid any entrant of the call reviews none of it: a reviewer from one
    competing team must not read or score the others either."""
    return Entry.objects.filter(call=call, status__in=ACTIVE, entrant_org_id__in=avoided_org_ids(expert)).exists()


def calls_visible_to(user) -> QuerySet:
    """Calls a user may open: every call past its draft; drafts to operators and their managers."""
    qs = Call.objects.all()
    if user.is_authenticated and user.has_role("operator"):
        return qs
    public = ~Q(stage=Stage.DRAFT)
    if user.is_authenticated:
        return qs.filter(public | Q(managers=user)).distinct()
    return qs.filter(public)


def entries_visible_to(user, call: Call) -> QuerySet:
    """The entries of ``call`` that ``user`` may read (see the module docstring)."""
    qs = Entry.objects.filter(call=call)
    if is_manager(user, call):
        return qs.exclude(status=EntryStatus.DRAFT)
    condition = Q(pk__in=[])
    if user.is_authenticated:
        condition |= Q(entrant_org_id__in=user.organisation_ids())
        assignment = accepted_assignment(user, call)
        if assignment is not None and call.stage != Stage.DRAFT and not must_avoid_call(assignment.expert, call):
            condition |= Q(status__in=ACTIVE)
        if call.kind == Kind.ROADSHOW and call.stage == Stage.REVIEW and _is_registered_audience(user, call):
            condition |= Q(status__in=ACTIVE)
    if call.stage == Stage.PUBLICITY:
        # The proposed result is public during 公示 so that objections can be raised.
        condition |= Q(status=EntryStatus.SUBMITTED, rank__isnull=False, rank__lte=call.places)
    if call.results_public:
        condition |= Q(status__in=PUBLIC_RESULT)
    return qs.filter(condition)


def _is_registered_audience(user, call: Call) -> bool:
    from .models import Registration

    return Registration.objects.filter(event__call=call, user=user, status=Registration.Status.CONFIRMED).exists()


def is_entrant(user, entry: Entry) -> bool:
    return bool(user and user.is_authenticated and entry.entrant_org_id in user.organisation_ids())


def can_read_entry(user, entry: Entry) -> bool:
    call = Call.objects.get(pk=entry.call_id)  # the call's current stage decides
    return entries_visible_to(user, call).filter(pk=entry.pk).exists()


def scores_visible_to(user, call: Call) -> QuerySet:
    """Single reviewers' scores: all to managers, a reviewer's own to that reviewer, none to others."""
    qs = Score.objects.filter(entry__call=call)
    if is_manager(user, call):
        return qs
    if user.is_authenticated:
        return qs.filter(assignment__expert__user=user)
    return qs.none()


def can_see_result_of(user, entry: Entry) -> bool:
    """Aggregate score and rank: managers at any time after ranking; everyone who may read the
    entry once results are published (entrants their own; the public the selected ones)."""
    call = Call.objects.get(pk=entry.call_id)
    if is_manager(user, call):
        return True
    return call.results_public and can_read_entry(user, entry)
