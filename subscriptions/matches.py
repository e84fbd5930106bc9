"""New strong matches for owners' published demands and achievements (issue 10 item 1), for the
daily collection. Uses the matching engine as the match panel does (stored vectors: a published
record is matched with its stored vector, nothing is embedded at request time).

Strong, and why this threshold: a match is announced only when the engine has topical evidence
for it (``Match.evidence``: a shared specific keyword, rare in the target library, or semantic
closeness that stands out from the other candidates, z ≥ 1.5: the tests that make the panel print
a reason) **and** its search rank, the fused part of the score (``Match.parts["fusion"]``: 1.0 =
first for both the keyword and the semantic retriever; first for the keyword side alone = 0.33 with
a semantic model on, 1.0 without one), is at least ``STRONG_RANK``. The structured parts (chain,
region, verified owner, recency ...) do not count towards it: they are facts, not evidence of fit.
``STRONG_RANK`` = 0.7 was chosen on the judged dev pairs (matching/eval, 53 demands × the first 10
patents, 97 useful of 530 with grade ≥ 2; ``manage.py evaluate_matching --reasons``, figures in
matching/README.md "Strong matches"): the former 0.5 flagged 351 of the 530 with precision 0.25
(recall 0.89), barely above the 0.18 base rate; 0.7 flags 140 with precision 0.46 and recall 0.67,
the best F1 of the grid (0.55), before precision levels off (0.8: 0.51, recall 0.44). Run that
command again after a change to the fusion (``engine.fuse``): the rank's scale moves with it.

Each (record, match) pair is announced once (``SentMatch``); only pairs where one side is newly
published count, so the first run does not replay every old match.
"""

import datetime as dt
import logging
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from catalog.libraries import LIBRARIES
from catalog.notices import owner_audience
from matching import organisation_sources
from matching.catalog_sources import catalog_model, document_of
from matching.engine import TARGETS, Engine, Viewer
from notifications.messages import Join, Message
from notifications.services import notify

from .models import SentMatch, Watermark

logger = logging.getLogger(__name__)

KIND = "subscriptions.new_matches"
SOURCE_KINDS = ("demands", "achievements")
STRONG_RANK = 0.7  # least Match.parts["fusion"] of a strong match (see above)
MATCH_LIMIT = 10  # matches of one record looked at (the panel shows 10)
REVERSE_LIMIT = 30  # owners' records a newly published record is checked against
LISTED = 5  # matches named in one notice
OVERLAP = dt.timedelta(hours=1)
FIRST_WINDOW = dt.timedelta(days=1)
WATERMARK = "matches"


def is_strong(match) -> bool:
    """The engine has topical evidence for the match (``Match.evidence``) and ranks it at least
    ``STRONG_RANK`` (``Match.parts["fusion"]``, 0-1; structured facts do not count)."""
    return bool(match.evidence) and match.parts.get("fusion", 0.0) >= STRONG_RANK


def _same_owner_q(record, prefix: str = "") -> Q:
    if record.owner_org_id:
        return Q(**{f"{prefix}owner_org_id": record.owner_org_id})
    if record.created_by_id:
        return Q(**{f"{prefix}created_by_id": record.created_by_id})
    return Q(pk__in=[])


def owner_viewer(record) -> Viewer:
    """The engine's view for the owners of ``record``: signed in, and reading confidential fields
    (a demand's budget) only of records their own owner holds, never of the other side's. Grants
    that a deal gives (a party reads the other's budget) are left out on purpose: a notice goes to
    every owner, not to the deal's contacts."""

    def confidential_ids(kind: str, ids: list[int]) -> set[int]:
        model = catalog_model(kind)
        if model is None or not ids:
            return set()
        return set(model.objects.filter(_same_owner_q(record), pk__in=ids).values_list("pk", flat=True))

    return Viewer(authenticated=True, confidential_ids=confidential_ids)


def allowed_for(record):
    """``allowed(kind, ids)``: published matches a signed-in owner may open, not their own records."""

    def allowed(kind: str, ids: list[int]) -> set[int]:
        if kind == organisation_sources.KIND:
            ok = organisation_sources.matchable_ids(ids)
            return ok - {record.owner_org_id}
        model = catalog_model(kind)
        if model is None:
            return set(ids)  # other sources index only what is public
        return set(
            model.objects.published().filter(pk__in=ids).exclude(_same_owner_q(record)).values_list("pk", flat=True)
        )

    return allowed


def _owned_published(kind: str, ids: list[int]) -> set[int]:
    model = catalog_model(kind)
    return set(
        model.objects.published()
        .filter(pk__in=ids)
        .filter(Q(owner_org__isnull=False) | Q(created_by__isnull=False))
        .values_list("pk", flat=True)
    )


def _new(kind: str, since, until):
    return catalog_model(kind).objects.published().filter(published_at__gt=since, published_at__lte=until)


def candidate_sources(*, since, until, engine: Engine) -> tuple[dict, set]:
    """({(kind, id): record} of owners' published demands and achievements that may have a new
    match, {(kind, id)} of the records published in the window). A newly published source is a
    candidate; so is every source that a newly published record of a kind it looks for matches
    (found by matching the new record the other way: one engine call per new record)."""
    new: set[tuple[str, int]] = set()
    wanted: dict[str, set[int]] = defaultdict(set)
    for kind in SOURCE_KINDS:
        for pk in _new(kind, since, until).values_list("pk", flat=True):
            wanted[kind].add(pk)
            new.add((kind, pk))
    looked_for_by = defaultdict(list)
    for source_kind in SOURCE_KINDS:
        for target_kind in TARGETS.get(source_kind, ()):
            if target_kind in LIBRARIES:
                looked_for_by[target_kind].append(source_kind)
    for target_kind, source_kinds in looked_for_by.items():
        for record in _new(target_kind, since, until).select_related("owner_org"):
            new.add((target_kind, record.pk))
            for m in engine.match(
                document_of(record),
                targets=source_kinds,
                limit=REVERSE_LIMIT,
                viewer=Viewer(authenticated=True),
                allowed=lambda kind, ids: _owned_published(kind, ids),
            ):
                wanted[m.kind].add(m.id)
    sources = {}
    for kind, ids in wanted.items():
        for record in catalog_model(kind).objects.published().filter(pk__in=ids).select_related("owner_org"):
            sources[(kind, record.pk)] = record
    return sources, new


def announce(record, *, new: set, engine: Engine) -> int:
    """Tell the owners of ``record`` its strong matches not told before where one side is new.
    Returns how many matches were announced."""
    kind = record.library
    matches = engine.match(
        document_of(record), viewer=owner_viewer(record), allowed=allowed_for(record), limit=MATCH_LIMIT
    )
    source_new = (kind, record.pk) in new
    strong = [m for m in matches if is_strong(m) and (source_new or (m.kind, m.id) in new)]
    if not strong:
        return 0
    owners = owner_audience(record)
    if not owners:
        return 0
    with transaction.atomic():
        # The unique (source, target) row is the arbiter: a pair is fresh only for the run that
        # inserts it (a second run at the same time waits on the index, then finds it taken).
        fresh = []
        for m in strong:
            try:
                with transaction.atomic():
                    SentMatch.objects.create(
                        source_kind=kind, source_id=record.pk, target_kind=m.kind, target_id=m.id, score=m.score
                    )
            except IntegrityError:
                continue
            fresh.append(m)
        if not fresh:
            return 0
        lines = []
        for m in fresh[:LISTED]:
            reasons = "；".join(m.reasons[:2])
            lines.append(f"· [{m.kind_label}] {m.title}" + (f"\n  {reasons}" if reasons else ""))
        if len(fresh) > LISTED:
            lines.append(Message(gettext_noop("……另有 %(n)d 条"), n=len(fresh) - LISTED))
        lib = LIBRARIES[kind]
        notify(
            users=owners,
            kind=KIND,
            obj=record,
            url=record.get_absolute_url(),
            title=Message(
                gettext_noop("您发布的%(library)s《%(title)s》有 %(n)d 条新的强匹配"),
                library=lib.label,
                title=record.title,
                n=len(fresh),
            ),
            body=Join(lines, sep="\n"),
        )
    return len(fresh)


def collect_new_matches(*, now=None) -> dict:
    """The daily run: from where the last one stopped (less ``OVERLAP``; the first run looks back
    one day) to ``now``. Returns {"sources": records checked, "matches": matches announced}. A
    record whose matching fails is logged and skipped."""
    now = now or timezone.now()
    mark = Watermark.objects.filter(name=WATERMARK).first()
    since = (mark.at - OVERLAP) if mark else now - FIRST_WINDOW
    engine = Engine()
    sources, new = candidate_sources(since=since, until=now, engine=engine)
    announced = 0
    for (kind, pk), record in sorted(sources.items()):
        try:
            announced += announce(record, new=new, engine=engine)
        except Exception:
            logger.exception("matches not announced", extra={"kind": kind, "record": pk})
    Watermark.objects.update_or_create(name=WATERMARK, defaults={"at": now})
    return {"sources": len(sources), "matches": announced}
