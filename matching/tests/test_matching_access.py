"""Matching must not let a viewer infer a field it may not read (DESIGN.md section 5; issue 9)."""

import pytest
from django.urls import reverse

from catalog.models import Achievement, Demand


@pytest.fixture
def secret_budget(make_record, make_org, enterprise, publish, chain):
    """A published demand with a budget of 50-200 万元 and a published achievement that answers it."""
    demand = make_record(
        Demand,
        owner_org=enterprise,
        status="submitted",
        title="氢燃料电池电堆寿命提升",
        problem="车用氢燃料电池电堆衰减快，需要提升电堆寿命",
        budget_min=50,
        budget_max=200,
        cooperation_modes=["transfer"],
    )
    demand.industry_chains.add(chain)
    publish(demand)
    return demand


def _matches(client, kind, pk, **params):
    response = client.get(reverse("matching-matches", kwargs={"kind": kind, "pk": pk}), params)
    assert response.status_code == 200, response.content
    return response.json()["matches"]


def _row(matches, kind, pk):
    return next(m for m in matches if m["kind"] == kind and m["id"] == pk)


def _structured(row) -> float:
    """The score less its fused-rank part (weight 1): what the structured signals added."""
    return round(row["score"] - row["parts"]["fusion"], 4)


@pytest.mark.django_db
def test_asking_price_probe_learns_nothing_about_a_budget(client, secret_budget, make_org, make_user):
    """The attack of issue 9: a member of an unverified organisation drafts an achievement and moves
    its asking price; the demand's parts and score must not change with it."""
    attacker_org = make_org(verified=False)
    attacker = make_user(org=attacker_org)
    draft = Achievement.objects.create(
        owner_org=attacker_org,
        created_by=attacker,
        status="draft",
        title="长寿命氢燃料电池电堆技术",
        body="电堆寿命提升",
        cooperation_modes=["transfer"],
    )
    client.force_login(attacker)
    seen = []
    for price in (120, 100000):  # inside the budget, far outside it
        Achievement.objects.filter(pk=draft.pk).update(asking_price=price)
        row = _row(_matches(client, "achievements", draft.pk, target="demands"), "demands", secret_budget.pk)
        assert "budget" not in row["parts"]
        assert not any("预算" in r for r in row["reasons"])
        seen.append((row["score"], row["parts"]))
    assert seen[0] == seen[1]


@pytest.mark.django_db
def test_budget_does_not_move_a_strangers_ranking(client, secret_budget, make_record, make_org, make_user, publish):
    """A stranger viewing the public demand's matches: an achievement priced inside the budget
    must not get a higher score (or an earlier place) than the same one priced outside it."""
    university = make_org(kind="university")
    fits, misses = [
        make_record(
            Achievement,
            owner_org=university,
            status="submitted",
            title="长寿命氢燃料电池电堆技术",
            body="电堆寿命提升",
            asking_price=price,
        )
        for price in (120, 100000)
    ]
    for record in (fits, misses):
        publish(record)
    client.force_login(make_user(org=make_org()))
    matches = _matches(client, "demands", secret_budget.pk)
    a, b = _row(matches, "achievements", fits.pk), _row(matches, "achievements", misses.pk)
    # The two records' texts are the same; only their places in the fused ranking differ.
    assert "budget" not in a["parts"] and _structured(a) == _structured(b)
    # The demand's owner may read the budget, so the fitting price counts for them.
    client.force_login(make_user(org=secret_budget.owner_org))
    matches = _matches(client, "demands", secret_budget.pk)
    a, b = _row(matches, "achievements", fits.pk), _row(matches, "achievements", misses.pk)
    assert a["parts"]["budget"] == 1.0 and _structured(a) > _structured(b)
    assert "意向价格在需求预算范围内" in a["reasons"]


@pytest.mark.django_db
def test_every_confidential_field_is_declared_to_the_engine():
    """Audit of the structured signals: a catalog document's extra keys copied from confidential
    fields are exactly the ones the source declares, so the engine drops each of them."""
    from catalog.libraries import LIBRARIES
    from matching.sources import get_source

    for slug, lib in LIBRARIES.items():
        assert set(get_source(slug).confidential) == set(lib.model.confidential_fields), slug


@pytest.mark.parametrize("target", ["./demands", "../../x", "x" * 300, "demands", "achievements/../demands"])
@pytest.mark.django_db
def test_target_accepts_only_registered_kinds(client, secret_budget, target):
    url = reverse("matching-matches", kwargs={"kind": "demands", "pk": secret_budget.pk})
    response = client.get(url, {"target": target})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and "target" in error["fields"]
    assert client.get(url, {"target": "achievements"}).status_code == 200
