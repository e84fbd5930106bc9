"""Demo records for every library, loaded by ``manage.py load_demo`` after reference and accounts.

- policies: the seed documents that are policy texts (000, 001, 002) with their support clauses;
- achievements: the 1,000 CSL paper abstracts, owned by the placeholder university team;
- a few demands, instruments, experts, financial products and scenarios grounded in the documents.

Every record is published directly by the import (status, published_at, expires_at) with one
ReviewEvent (action "import") by the demo operator. Idempotent: a record whose title already
exists for its owner is skipped. Achievements are created in bulk and the matching engine is told
once per library, after commit, through matching.sources.documents_changed (not
catalog.signals.resource_changed per record, whose listener re-indexes one record at a time).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from catalog.models import Achievement, Policy, PolicyClause, ReviewEvent, Status
from core.demo import register_demo
from reference.models import IndustryChain

from . import papers
from .papers import achievement_for, chains_for, fits, read_papers, read_preprints
from .policies import POLICIES
from .samples import LIBRARY_SAMPLES, NOTE

IMPORT_REASON = "演示数据导入"


def _published_fields(now) -> dict:
    return {
        "status": Status.PUBLISHED,
        "published_at": now,
        "expires_at": now + timedelta(days=settings.RECORD_TTL_DAYS),
    }


def _log_import(model, records, *, operator, now) -> None:
    content_type = ContentType.objects.get_for_model(model)
    ReviewEvent.objects.bulk_create(
        ReviewEvent(
            content_type=content_type,
            object_id=record.pk,
            action="import",
            from_status=Status.DRAFT,
            to_status=Status.PUBLISHED,
            actor=operator,
            reason=IMPORT_REASON,
            created_at=now,
        )
        for record in records
    )


def _set_chains(model, chains_by_record: dict, chains: dict) -> None:
    """Add industry-chain links through the m2m's through model in one query."""
    through = model.industry_chains.through
    source = f"{model._meta.model_name}_id"
    through.objects.bulk_create(
        through(**{source: record.pk, "industrychain_id": chains[slug].pk})
        for record, slugs in chains_by_record.items()
        for slug in slugs
        if slug in chains
    )


def _announce(model, records) -> None:
    """Tell the matching engine once, after commit, about every new record of one library.

    One batched call instead of catalog.signals.resource_changed per record: its listener
    re-indexes one record at a time, which takes seconds each.
    """
    ids = [record.pk for record in records]
    if not ids:
        return
    try:
        from matching.sources import documents_changed
    except ImportError:  # the matching app is optional
        return
    transaction.on_commit(lambda: documents_changed(kind=model.library, ids=ids))


def _new_titles(model, owner, titles) -> set[str]:
    existing = set(model.objects.filter(owner_org=owner, title__in=titles).values_list("title", flat=True))
    return {title for title in titles if title not in existing}


def load_policies(*, owner, operator, chains, now) -> int:
    new = _new_titles(Policy, owner, [spec["title"] for spec in POLICIES])
    created, chains_by_record = [], {}
    for spec in POLICIES:
        if spec["title"] not in new:
            continue
        fields = {k: v for k, v in spec.items() if k not in ("chains", "clauses")}
        policy = Policy.objects.create(owner_org=owner, created_by=operator, **fields, **_published_fields(now))
        PolicyClause.objects.bulk_create(
            PolicyClause(policy=policy, order=order, title=title, benefit=benefit, subject_kind=subject)
            for order, (title, benefit, subject) in enumerate(spec["clauses"], start=1)
        )
        created.append(policy)
        chains_by_record[policy] = spec["chains"]
    _set_chains(Policy, chains_by_record, chains)
    _log_import(Policy, created, operator=operator, now=now)
    _announce(Policy, created)
    return len(created)


def _provenance_to_body(fields: dict) -> dict:
    """Keep the summary about the subject; the demo note and the document it is based on go to
    the end of the body, so they neither crowd list pages nor make every demo record "match"
    every other through the shared citation words."""
    summary = fields.get("summary", "")
    if not summary.startswith(NOTE):
        return fields
    source, sep, substance = summary[len(NOTE) :].partition("：")
    fields = dict(fields)
    fields["summary"] = substance if sep else source
    note = f"{NOTE}{source}。" if sep else NOTE
    fields["body"] = f"{fields.get('body', '')}\n\n{note}".strip()
    return fields


def load_samples(*, owners, operator, chains, now) -> dict[str, int]:
    counts = {}
    for model, samples in LIBRARY_SAMPLES:
        created, chains_by_record = [], {}
        for owner_key, slugs, fields in samples:
            owner = owners[owner_key]
            fields = _provenance_to_body(fields)
            if not _new_titles(model, owner, [fields["title"]]):
                continue
            record = model.objects.create(owner_org=owner, created_by=operator, **fields, **_published_fields(now))
            created.append(record)
            chains_by_record[record] = slugs
        _set_chains(model, chains_by_record, chains)
        _log_import(model, created, operator=operator, now=now)
        _announce(model, created)
        counts[model.library] = len(created)
    return counts


def load_achievements(*, team, operator, chains, now) -> int:
    papers = [p for p in read_papers() if fits(p)] + read_preprints()
    if not papers:
        return 0
    existing = set(Achievement.objects.filter(owner_org=team).values_list("title", flat=True))
    records, slugs = [], []
    for paper in papers:
        record = achievement_for(paper, team=team, team_name=team.name)
        if record.title in existing:
            continue
        existing.add(record.title)
        for name, value in _published_fields(now).items():
            setattr(record, name, value)
        record.created_by = operator
        records.append(record)
        slugs.append(chains_for(paper))
    created = Achievement.objects.bulk_create(records, batch_size=500)
    _set_chains(Achievement, dict(zip(created, slugs, strict=True)), chains)
    _log_import(Achievement, created, operator=operator, now=now)
    _announce(Achievement, created)
    return len(created)


@register_demo("catalog", order=30)
def load(context, stdout):
    operator = context["operator"]
    owners = {"enterprise": context["demo_enterprise"], "team": context["demo_team"], "bank": context["demo_bank"]}
    government = context["organisations"]["陕西省西咸新区开发建设管理委员会"]
    chains = {chain.slug: chain for chain in IndustryChain.objects.all()}
    now = timezone.now()

    policies = load_policies(owner=government, operator=operator, chains=chains, now=now)
    samples = load_samples(owners=owners, operator=operator, chains=chains, now=now)
    achievements = load_achievements(team=owners["team"], operator=operator, chains=chains, now=now)
    if not papers.DATA_FILE.exists():
        stdout.write(f"    achievements: skipped, {papers.DATA_FILE} not found")
    new = ", ".join(f"{library} {count}" for library, count in {"policies": policies, **samples}.items())
    stdout.write(f"    new records: {new}, achievements {achievements}")
