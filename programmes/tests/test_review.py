"""Expert draws under avoidance, invitations, scoring, the trimmed aggregate, ranking and results."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programmes.models import Assignment, Draw, Entry, EntryStatus, Stage
from programmes.scoring import aggregate
from programmes.services.calls import call_transition
from programmes.services.reviews import (
    assignment_answer,
    call_rank,
    draw_replay,
    draw_reviewers,
    entry_score,
    pool_expert_add,
)

pytestmark = pytest.mark.django_db


def _accept_all(call):
    for a in Assignment.objects.filter(call=call, status=Assignment.Status.INVITED).select_related("expert__user"):
        assignment_answer(assignment=a, by=a.expert.user, accept=True)


def _crit(call):
    return list(call.criteria.all())


def _score(entry, user, a, b):
    c1, c2 = _crit(entry.call)
    return entry_score(entry=entry, by=user, values={c1.pk: a, c2.pk: b})


def test_avoidance_never_assigns_the_entrants_own_or_declared_conflicts(operator, pool, two_entries):
    call = call_transition(call=two_entries.call, action="close_entries", by=operator)
    for seed in range(40):
        Assignment.objects.filter(call=call).delete()
        draw = draw_reviewers(call=call, by=operator, wanted=4, seed=seed)
        assert pool.at_a.pk not in draw.drawn
        assert pool.conflict_b.pk not in draw.drawn
    assert draw.excluded[str(pool.at_a.pk)] == "same_org"
    assert draw.excluded[str(pool.conflict_b.pk)] == "declared"
    with pytest.raises(ValidationError):
        Assignment.objects.filter(call=call).delete()
        draw_reviewers(call=call, by=operator, wanted=5, seed=1)  # only four may review
    assert not Assignment.objects.filter(call=call).exists()


def test_recent_co_operation_from_deals_is_avoided(operator, pool, two_entries):
    from deals.models import Deal

    Deal.objects.create(title="往来合作", supply_org=pool.firm1.organisation, demand_org=two_entries.a.entrant_org)
    call = call_transition(call=two_entries.call, action="close_entries", by=operator)
    draw = draw_reviewers(call=call, by=operator, wanted=3, seed=7)
    assert pool.firm1.pk not in draw.drawn
    assert draw.excluded[str(pool.firm1.pk)] == "co_operation"


def test_draw_is_logged_and_reproducible_and_meets_the_enterprise_share(operator, pool, two_entries):
    call = two_entries.call
    call.min_enterprise_reviewer_pct = 60
    call.save()
    call = call_transition(call=call, action="close_entries", by=operator)
    draw = draw_reviewers(call=call, by=operator, wanted=3, seed=20261130)
    assert draw_replay(Draw.objects.get(pk=draw.pk)) == draw.drawn
    enterprise = {pool.firm1.pk, pool.firm2.pk}
    assert enterprise <= set(draw.drawn)  # ceil(3 × 60%) = 2 enterprise experts
    assert Assignment.objects.filter(call=call, status="invited").count() == 3


def test_decline_draws_a_replacement_under_the_same_avoidance(operator, pool, two_entries):
    call = call_transition(call=two_entries.call, action="close_entries", by=operator)
    draw = draw_reviewers(call=call, by=operator, wanted=3, seed=3)
    first = Assignment.objects.get(call=call, expert_id=draw.drawn[0])
    with pytest.raises(PermissionDenied):
        assignment_answer(assignment=first, by=operator, accept=False)
    assignment_answer(assignment=first, by=first.expert.user, accept=False)
    live = Assignment.objects.filter(call=call, status__in=["invited", "accepted"])
    assert live.count() == 3
    assert first.expert_id not in set(live.values_list("expert_id", flat=True))
    assert not live.filter(expert__in=[pool.at_a, pool.conflict_b]).exists()
    assert Draw.objects.filter(call=call, replacing=first).count() == 1


def test_scores_need_an_accepted_reviewer_in_review_and_the_whole_rubric(operator, pool, two_entries):
    call = call_transition(call=two_entries.call, action="close_entries", by=operator)
    draw = draw_reviewers(call=call, by=operator, wanted=3, seed=5)
    reviewer = Assignment.objects.get(call=call, expert_id=draw.drawn[0]).expert.user
    with pytest.raises(PermissionDenied):
        _score(two_entries.a, reviewer, 8, 8)  # invited, not yet accepted
    _accept_all(call)
    c1, c2 = _crit(call)
    with pytest.raises(ValidationError) as exc:
        entry_score(entry=two_entries.a, by=reviewer, values={c1.pk: 8})
    assert f"criterion_{c2.pk}" in exc.value.message_dict
    with pytest.raises(ValidationError):
        entry_score(entry=two_entries.a, by=reviewer, values={c1.pk: 8, c2.pk: 11})
    assert not two_entries.a.scores.exists()
    _score(two_entries.a, reviewer, 8, 6)
    with pytest.raises(PermissionDenied):
        _score(two_entries.a, pool.at_a.user, 10, 10)  # never drawn (and must avoid A)


def test_a_reviewer_added_by_hand_still_cannot_score_an_avoided_entrant(operator, pool, two_entries):
    call = call_transition(call=two_entries.call, action="close_entries", by=operator)
    Assignment.objects.create(call=call, expert=pool.at_a, status="accepted")
    with pytest.raises(PermissionDenied):
        _score(two_entries.a, pool.at_a.user, 10, 10)


def test_trimmed_aggregate_as_stated():
    totals = [Decimal(x) for x in (90, 70, 80, 20, 85)]
    result = aggregate(totals, trim_min=5)
    # drop 90 and 20 → mean(70, 80, 85) = 78.33
    assert result.trimmed and result.score == Decimal("78.33") and result.spread == Decimal("70.00")
    short = aggregate(totals[:4], trim_min=5)
    assert not short.trimmed and short.score == Decimal("65.00")
    assert aggregate([], trim_min=5).score is None


def test_rank_weights_trims_flags_disagreement_and_breaks_ties(operator, make_user, make_org, teams, make_call):
    from programmes.services.entries import entry_create, entry_submit

    call = make_call(trim_min_reviewers=3, disagreement_points=30, places=1)
    entries = []
    for name in ("甲", "乙", "丙"):
        org = make_org(name=f"{name}公司")
        user = make_user(org=org)
        entries.append(entry_submit(entry=entry_create(call=call, by=user, title=name, summary="s"), by=user))
    experts = []
    for n in range(3):
        org = make_org(name=f"评审单位{n}")
        experts.append(pool_expert_add(by=operator, user=make_user(org=org), organisation=org))
    call = call_transition(call=call, action="close_entries", by=operator)
    draw_reviewers(call=call, by=operator, wanted=3, seed=1)
    _accept_all(call)
    first, second, third = entries
    # first: totals 100, 60, 20 → trimmed mean 60, spread 80 (disagreement)
    for expert, (a, b) in zip(experts, [(10, 10), (6, 6), (2, 2)], strict=True):
        _score(first, expert.user, a, b)
    # second and third tie at 60 with no spread; third was submitted later
    for expert in experts:
        _score(second, expert.user, 6, 6)
        _score(third, expert.user, 6, 6)
    ranked = call_rank(call=call)
    first.refresh_from_db()
    assert first.final_score == Decimal("60.00") and first.disagreement
    assert [e.title for e in ranked] == ["甲", "乙", "丙"]  # all 60: earlier submission first
    assert [e.rank for e in ranked] == [1, 2, 3]


def test_publicity_then_results_select_the_top_places(operator, pool, two_entries):
    call = two_entries.call
    call.award_wan = Decimal("200")
    call.publicity_days = 0
    call.save()
    call = call_transition(call=call, action="close_entries", by=operator)
    with pytest.raises(ValidationError):
        call_transition(call=call, action="publicise", by=operator)  # nobody scored yet
    draw_reviewers(call=call, by=operator, wanted=3, seed=11)
    _accept_all(call)
    for a in Assignment.objects.filter(call=call, status="accepted"):
        _score(two_entries.a, a.expert.user, 9, 9)
        _score(two_entries.b, a.expert.user, 5, 5)
    call = call_transition(call=call, action="publicise", by=operator)
    assert call.stage == Stage.PUBLICITY
    call = call_transition(call=call, action="publish_results", by=operator)
    a, b = Entry.objects.get(pk=two_entries.a.pk), Entry.objects.get(pk=two_entries.b.pk)
    assert (a.status, a.rank, a.award_wan) == (EntryStatus.SELECTED, 1, Decimal("200"))
    assert (b.status, b.rank, b.award_wan) == (EntryStatus.NOT_SELECTED, 2, None)


def test_results_wait_for_the_publicity_period(operator, pool, two_entries):
    call = call_transition(call=two_entries.call, action="close_entries", by=operator)
    draw_reviewers(call=call, by=operator, wanted=3, seed=11)
    _accept_all(call)
    for a in Assignment.objects.filter(call=call, status="accepted"):
        _score(two_entries.a, a.expert.user, 9, 9)
    call = call_transition(call=call, action="publicise", by=operator)
    with pytest.raises(ValidationError) as exc:
        call_transition(call=call, action="publish_results", by=operator)
    assert "status" in exc.value.message_dict
    assert call.__class__.objects.get(pk=call.pk).stage == Stage.PUBLICITY
