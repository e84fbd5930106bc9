"""Joining the libraries: applicants to Organisations by normalised name, inventors to Experts.

An inventor is linked to a published Expert of the same name when that name is unique among
published experts, or when the expert's organisation is one of the patent's applicants.
"""

from collections import defaultdict

from accounts.models import Organisation
from catalog.models import Expert

from ..models import Patent
from ..validators import normalise_name

CHUNK = 2000


def org_index() -> dict[str, int]:
    return {normalise_name(name): pk for pk, name in Organisation.objects.values_list("id", "name")}


def expert_index() -> dict[str, list[tuple[int, str]]]:
    index: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, name, org in Expert.objects.published().values_list("id", "title", "organisation_name"):
        index[normalise_name(name)].append((pk, normalise_name(org)))
    return index


def wanted_links(patent, orgs: dict[str, int], experts) -> tuple[set[int], set[int]]:
    applicants = {normalise_name(a) for a in patent.applicants}
    org_ids = {orgs[a] for a in applicants if a in orgs}
    expert_ids = set()
    for inventor in patent.inventors:
        candidates = experts.get(normalise_name(inventor), [])
        if len(candidates) == 1:
            expert_ids.add(candidates[0][0])
        else:
            expert_ids |= {pk for pk, org in candidates if org and org in applicants}
    return org_ids, expert_ids


def _sync_m2m(through, owner_field: str, target_field: str, wanted: dict[int, set[int]]) -> bool:
    existing: dict[int, dict[int, int]] = defaultdict(dict)
    ids = list(wanted)
    for start in range(0, len(ids), CHUNK):
        rows = through.objects.filter(**{f"{owner_field}__in": ids[start : start + CHUNK]}).values_list(
            "id", owner_field, target_field
        )
        for pk, owner, target in rows:
            existing[owner][target] = pk
    create, delete = [], []
    for owner, targets in wanted.items():
        have = existing.get(owner, {})
        create += [through(**{owner_field: owner, target_field: t}) for t in targets - have.keys()]
        delete += [pk for t, pk in have.items() if t not in targets]
    through.objects.bulk_create(create, batch_size=1000)
    if delete:
        through.objects.filter(id__in=delete).delete()
    return bool(create or delete)


def link_parties(patents: list[Patent]) -> set[int]:
    """Sync applicant and inventor links of these saved patents; returns the ids that changed."""
    orgs, experts = org_index(), expert_index()
    org_wanted, expert_wanted = {}, {}
    for patent in patents:
        org_wanted[patent.id], expert_wanted[patent.id] = wanted_links(patent, orgs, experts)
    changed = set()
    if _sync_m2m(Patent.applicant_orgs.through, "patent_id", "organisation_id", org_wanted):
        changed |= set(org_wanted)
    if _sync_m2m(Patent.inventor_experts.through, "patent_id", "expert_id", expert_wanted):
        changed |= set(expert_wanted)
    return changed


def relink_all() -> int:
    """Re-link every patent (after organisations or experts were added); returns patents touched."""
    qs = Patent.objects.only("id", "applicants", "inventors").order_by("id")
    touched = 0
    ids = list(qs.values_list("id", flat=True))
    for start in range(0, len(ids), CHUNK):
        touched += len(link_parties(list(qs.filter(id__in=ids[start : start + CHUNK]))))
    return touched
