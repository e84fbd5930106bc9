"""Who must NOT see entries and scores: other entrants, the public, unassigned or avoiding experts,
other reviewers; and no leak through counts, order or the statistics widget."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from programmes import access, selectors
from programmes.models import Assignment
from programmes.services.calls import call_transition
from programmes.services.entries import entry_create
from programmes.services.reviews import assignment_answer, draw_reviewers, entry_score

pytestmark = pytest.mark.django_db


def _titles(user, call):
    return set(access.entries_visible_to(user, call).values_list("title", flat=True))


def _review(operator, call, seed=2):
    call = call_transition(call=call, action="close_entries", by=operator)
    draw = draw_reviewers(call=call, by=operator, wanted=3, seed=seed)
    for a in Assignment.objects.filter(call=call).select_related("expert__user"):
        assignment_answer(assignment=a, by=a.expert.user, accept=True)
    return call, draw


def test_entrants_see_only_their_own_entries_until_results(two_entries, teams, make_user):
    call = two_entries.call
    assert _titles(teams.alice, call) == {"甲方案"}
    assert _titles(teams.bob, call) == {"乙方案"}
    assert _titles(AnonymousUser(), call) == set()
    assert _titles(make_user(), call) == set()
    assert not access.can_read_entry(teams.bob, two_entries.a)


def test_drafts_are_the_entrants_alone(make_call, teams, operator):
    call = make_call()
    entry_create(call=call, by=teams.alice, title="甲草稿", summary="s")
    assert _titles(teams.alice, call) == {"甲草稿"}
    assert _titles(operator, call) == set()


def test_reviewers_see_submitted_entries_except_those_they_must_avoid(operator, pool, two_entries):
    call, draw = _review(operator, two_entries.call)
    reviewer = Assignment.objects.filter(call=call).first().expert.user
    assert _titles(reviewer, call) == {"甲方案", "乙方案"}
    # an expert of the pool who was not drawn sees nothing
    undrawn = [e for e in (pool.firm1, pool.firm2, pool.uni1, pool.uni2) if e.pk not in draw.drawn]
    assert len(undrawn) == 1 and _titles(undrawn[0].user, call) == set()
    # an expert from team A's organisation, even if added by hand, never reads the rival entry
    # (A's own entry they see as a member of A, not as a reviewer)
    Assignment.objects.create(call=call, expert=pool.at_a, status="accepted")
    assert _titles(pool.at_a.user, call) == {"甲方案"}
    Assignment.objects.create(call=call, expert=pool.conflict_b, status="accepted")
    assert _titles(pool.conflict_b.user, call) == set()


def test_scores_visible_to_managers_and_their_own_reviewer_only(operator, pool, two_entries, teams):
    call, _draw = _review(operator, two_entries.call)
    reviewers = [a.expert.user for a in Assignment.objects.filter(call=call).select_related("expert__user")]
    c1, c2 = call.criteria.all()
    for n, user in enumerate(reviewers):
        entry_score(entry=two_entries.a, by=user, values={c1.pk: 5 + n, c2.pk: 5}, comments={c1.pk: f"评语{n}"})
    assert selectors_scores(operator, call) == 6
    assert selectors_scores(reviewers[0], call) == 2
    assert set(access.scores_visible_to(reviewers[0], call).values_list("assignment__expert__user", flat=True)) == {
        reviewers[0].pk
    }
    assert selectors_scores(teams.alice, call) == 0
    assert selectors_scores(AnonymousUser(), call) == 0


def selectors_scores(user, call):
    return access.scores_visible_to(user, call).count()


def test_no_rank_or_score_order_before_results(operator, pool, two_entries, teams):
    call, _draw = _review(operator, two_entries.call)
    reviewers = [a.expert.user for a in Assignment.objects.filter(call=call).select_related("expert__user")]
    c1, c2 = call.criteria.all()
    for user in reviewers:
        entry_score(entry=two_entries.a, by=user, values={c1.pk: 2, c2.pk: 2})
        entry_score(entry=two_entries.b, by=user, values={c1.pk: 9, c2.pk: 9})
    from programmes.services.reviews import call_rank

    call_rank(call=call)
    # a reviewer's list is in id order, not score order; entrants see no score before results
    assert [e.title for e in selectors.results(call, reviewers[0])] == ["甲方案", "乙方案"]
    entry = selectors.results(call, teams.alice).get()
    assert not access.can_see_result_of(teams.alice, entry)
    assert access.can_see_result_of(operator, entry)


def test_after_results_selected_are_public_the_others_stay_private(operator, pool, two_entries, teams, make_user):
    call = two_entries.call
    call.publicity_days = 0
    call.save()
    call, _draw = _review(operator, call)
    reviewers = [a.expert.user for a in Assignment.objects.filter(call=call).select_related("expert__user")]
    c1, c2 = call.criteria.all()
    for user in reviewers:
        entry_score(entry=two_entries.a, by=user, values={c1.pk: 9, c2.pk: 9})
        entry_score(entry=two_entries.b, by=user, values={c1.pk: 3, c2.pk: 3})
    call = call_transition(call=call, action="publicise", by=operator)
    assert _titles(AnonymousUser(), call) == {"甲方案"}  # the proposed result, for objections
    call = call_transition(call=call, action="publish_results", by=operator)
    assert _titles(AnonymousUser(), call) == {"甲方案"}
    assert _titles(make_user(), call) == {"甲方案"}
    assert _titles(teams.bob, call) == {"甲方案", "乙方案"}  # B sees its own, not-selected entry
    b = call.entries.get(title="乙方案")
    assert access.can_see_result_of(teams.bob, b) and b.final_score == Decimal("30.00")
    assert not access.can_see_result_of(teams.alice, b)


def test_statistics_widget_counts_without_naming_any_entrant(two_entries, make_org, make_user, operator):
    from reference.models import IndustryChain

    chain = IndustryChain.objects.first()
    two_entries.a.entrant_org.industry_chains.add(chain)
    stats = selectors.call_statistics(two_entries.call)
    assert stats["joined"] == 2 and stats["submitted"] == 2
    # one entrant in a field is not enough to name the field
    assert chain.name not in [name for name, _n in stats["fields"]]
    for n in range(3):
        org = make_org(name=f"同领域{n}")
        org.industry_chains.add(chain)
        entry = entry_create(call=two_entries.call, by=make_user(org=org), title=f"t{n}", summary="s")
        from programmes.services.entries import entry_submit

        entry_submit(entry=entry, by=entry.submitted_by)
    stats = selectors.call_statistics(two_entries.call)
    assert (chain.name, 4) in stats["fields"]
    assert set(stats) == {"joined", "submitted", "fields"}  # no titles, no scores


def test_draft_calls_are_hidden_from_the_public(make_call, teams, operator):
    draft = make_call(publish=False, title="未发布榜单")
    assert not selectors.call_list(AnonymousUser()).filter(pk=draft.pk).exists()
    assert not selectors.call_list(teams.alice).filter(pk=draft.pk).exists()
    assert selectors.call_list(operator).filter(pk=draft.pk).exists()
    assert selectors.call_statistics(draft) is None
