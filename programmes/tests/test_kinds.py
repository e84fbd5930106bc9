"""The kinds on the engine: challenges from demands with races, roadshows, lists, funding; metrics."""

import datetime as dt
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from programmes import access
from programmes.models import Assignment, Entry, EntryStatus, ListItem, Milestone, Stage
from programmes.services.calls import call_transition, challenge_from_demand
from programmes.services.entries import entry_create, entry_submit
from programmes.services.outcomes import entry_pair, interest_mark, milestone_check, race_finish
from programmes.services.reviews import assignment_answer, draw_reviewers, entry_score

pytestmark = pytest.mark.django_db

RUBRIC = [{"name": "技术方案", "weight": 60, "max_score": 10}, {"name": "团队能力", "weight": 40, "max_score": 10}]


def _score_all(call, marks: dict):
    """Every accepted reviewer gives each entry (by title) the same marks on both criteria."""
    c1, c2 = call.criteria.all()
    for a in Assignment.objects.filter(call=call, status="accepted").select_related("expert__user"):
        for entry in call.entries.filter(status=EntryStatus.SUBMITTED):
            mark = marks[entry.title]
            entry_score(entry=entry, by=a.expert.user, values={c1.pk: mark, c2.pk: mark})


def _draw_and_accept(call, operator, wanted=3, seed=9):
    draw_reviewers(call=call, by=operator, wanted=wanted, seed=seed)
    for a in Assignment.objects.filter(call=call, status="invited").select_related("expert__user"):
        assignment_answer(assignment=a, by=a.expert.user, accept=True)


def test_challenge_from_a_published_demand_makes_its_owner_the_setter(operator, make_record, make_user, enterprise):
    from catalog.models import Demand

    owner = make_user(org=enterprise)
    demand = make_record(Demand, owner_org=enterprise, is_bottleneck=True, budget_max=Decimal("500"), created_by=owner)
    call = challenge_from_demand(
        demand=demand,
        by=operator,
        criteria=RUBRIC,
        award_wan=Decimal("300"),
        ip_terms="成果归出题方，团队享有署名权",
        closes_at=timezone.now() + timedelta(days=20),
        race=True,
        places=2,
    )
    assert call.kind == "challenge" and call.is_bottleneck and call.source_demand == demand
    assert call.owner_org == enterprise and call.budget_wan is None  # the demand's confidential budget is not copied
    assert access.is_manager(owner, call)
    draft = make_record(Demand, owner_org=enterprise, status="draft")
    with pytest.raises(ValidationError):
        challenge_from_demand(demand=draft, by=operator, criteria=RUBRIC)


def test_race_runs_milestones_and_ends_with_the_best(operator, pool, teams, make_call):
    call = make_call(race=True, places=2, publicity_days=0)
    m1 = Milestone.objects.create(call=call, order=1, title="样机", due_on=dt.date(2027, 3, 1))
    a = entry_submit(entry=entry_create(call=call, by=teams.alice, title="甲", summary="s"), by=teams.alice)
    b = entry_submit(entry=entry_create(call=call, by=teams.bob, title="乙", summary="s"), by=teams.bob)
    call = call_transition(call=call, action="close_entries", by=operator)
    _draw_and_accept(call, operator)
    _score_all(call, {"甲": 9, "乙": 8})
    call = call_transition(call=call, action="publish_results", by=operator)
    assert set(call.entries.values_list("status", flat=True)) == {EntryStatus.SELECTED}
    with pytest.raises(ValidationError):
        milestone_check(milestone=m1, entry=a, outcome="passed", by=operator)  # not racing yet
    call = call_transition(call=call, action="start_race", by=operator)
    with pytest.raises(PermissionDenied):
        milestone_check(milestone=m1, entry=a, outcome="passed", by=teams.alice)
    milestone_check(milestone=m1, entry=a, outcome="failed", by=operator, note="指标未达")
    milestone_check(milestone=m1, entry=b, outcome="passed", by=operator)
    call = race_finish(call=call, winner=Entry.objects.get(pk=b.pk), by=operator)
    assert call.stage == Stage.CLOSED
    assert Entry.objects.get(pk=b.pk).status == EntryStatus.WINNER
    assert Entry.objects.get(pk=a.pk).status == EntryStatus.RACE_ENDED


def test_race_needs_two_selected_teams(operator, pool, teams, make_call):
    call = make_call(race=True, places=1, publicity_days=0)
    for user, title in ((teams.alice, "甲"), (teams.bob, "乙")):
        entry_submit(entry=entry_create(call=call, by=user, title=title, summary="s"), by=user)
    call = call_transition(call=call, action="close_entries", by=operator)
    _draw_and_accept(call, operator)
    _score_all(call, {"甲": 9, "乙": 8})
    call = call_transition(call=call, action="publish_results", by=operator)
    with pytest.raises(ValidationError):
        call_transition(call=call, action="start_race", by=operator)


def test_roadshow_live_scoring_audience_and_investor_interest(operator, pool, teams, make_call, make_user, make_org):
    from programmes.models import Event
    from programmes.services.events import event_register

    call = make_call(kind="roadshow", places=1, award_wan=Decimal("50"), event_at=timezone.now() + timedelta(days=3))
    event = Event.objects.create(
        title="路演观众报名",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
        capacity=50,
        call=call,
        published=True,
    )
    a = entry_submit(
        entry=entry_create(call=call, by=teams.alice, title="甲成果", summary="s", item_type="achievement"),
        by=teams.alice,
    )
    entry_submit(
        entry=entry_create(call=call, by=teams.bob, title="乙团队", summary="s", item_type="team"), by=teams.bob
    )
    investor = make_user(org=make_org(name="某创投", kind="financial"))
    stranger = make_user()
    event_register(event=event, by=investor, audience_kind="investor")
    call = call_transition(call=call, action="close_entries", by=operator)  # the show starts
    assert access.can_read_entry(investor, a) and not access.can_read_entry(stranger, a)
    interest_mark(entry=a, by=investor, note="希望进一步洽谈投资")
    with pytest.raises(PermissionDenied):
        interest_mark(entry=a, by=stranger)
    with pytest.raises(PermissionDenied):
        interest_mark(entry=a, by=teams.alice)  # own item
    assert list(a.interests.values_list("user", flat=True)) == [investor.pk]
    _draw_and_accept(call, operator)
    _score_all(call, {"甲成果": 9, "乙团队": 6})
    call = call_transition(call=call, action="publish_results", by=operator)  # 以演代评: no 公示
    a.refresh_from_db()
    assert a.status == EntryStatus.SELECTED and a.award_wan == Decimal("50")


def test_opportunity_list_responses_and_pairings(operator, teams, make_call, make_org):
    from programmes.metrics import list_pairings

    big = make_org(name="陕汽集团（演示）", kind="state_owned")
    call = make_call(kind="opportunity_list", criteria=[], owner_org=big)
    item = ListItem.objects.create(call=call, number=1, category="supply_chain", title="车桥轻量化零部件配套")
    other = make_call(kind="opportunity_list", criteria=[])
    foreign = ListItem.objects.create(call=other, number=1, category="rd", title="别的清单")
    with pytest.raises(ValidationError):
        entry_create(call=call, by=teams.alice, title="响应", summary="s", list_item=foreign)
    response = entry_submit(
        entry=entry_create(call=call, by=teams.alice, title="轻量化车桥方案", summary="s", list_item=item),
        by=teams.alice,
    )
    with pytest.raises(PermissionDenied):
        entry_pair(entry=response, by=teams.bob)
    entry_pair(entry=response, by=operator)
    today = timezone.localdate()
    assert list_pairings(today, today) == 1


def test_funding_call_awards_amounts_and_counts(operator, pool, teams, make_call):
    from programmes.metrics import funded_projects

    call = make_call(kind="funding", title="概念验证项目征集", award_wan=Decimal("30"), places=1, publicity_days=0)
    with pytest.raises(ValidationError) as refused:  # more than the call funds
        entry_create(call=call, by=teams.alice, title="超额", summary="s", amount_requested_wan=Decimal("9999"))
    assert "amount_requested_wan" in refused.value.message_dict
    for user, title in ((teams.alice, "甲"), (teams.bob, "乙")):
        entry = entry_create(call=call, by=user, title=title, summary="s", amount_requested_wan=Decimal("30"))
        entry_submit(entry=entry, by=user)
    call = call_transition(call=call, action="close_entries", by=operator)
    _draw_and_accept(call, operator)
    _score_all(call, {"甲": 6, "乙": 9})
    call = call_transition(call=call, action="publicise", by=operator)
    call = call_transition(call=call, action="publish_results", by=operator)
    assert call.entries.get(title="乙").award_wan == Decimal("30")
    today = timezone.localdate()
    assert funded_projects(today, today) == 1


def test_metrics_are_registered_for_monitoring():
    from monitoring.metrics import metrics

    codes = set(metrics())
    assert {
        "challenge_projects",
        "roadshows_held",
        "roadshow_items",
        "first_use_scenarios",
        "funded_projects",
        "opportunity_pairings",
    } <= codes


def test_challenge_projects_and_roadshows_held(operator, pool, teams, make_call):
    from programmes.metrics import challenge_projects, roadshows_held

    today = timezone.localdate()
    make_call(kind="roadshow", event_at=timezone.now())
    make_call(kind="roadshow", publish=False, event_at=timezone.now())  # a draft is not held
    assert roadshows_held(today, today) == 1
    call = make_call(places=1, publicity_days=0)
    entry_submit(entry=entry_create(call=call, by=teams.alice, title="甲", summary="s"), by=teams.alice)
    call = call_transition(call=call, action="close_entries", by=operator)
    _draw_and_accept(call, operator)
    _score_all(call, {"甲": 7})
    assert challenge_projects(today, today) == 0
    call_transition(call=call, action="publish_results", by=operator)
    assert challenge_projects(today, today) == 1


def test_the_publisher_cannot_take_up_its_own_call(make_call, teams):
    """出题者不能揭榜: the organisation that published a challenge is not an eligible entrant."""
    call = make_call(owner_org=teams.org_a)
    with pytest.raises(ValidationError) as refused:
        entry_create(call=call, by=teams.alice, title="自己揭榜", summary="s")
    assert "eligibility" in refused.value.message_dict
    assert entry_create(call=call, by=teams.bob, title="他方揭榜", summary="s").entrant_org == teams.org_b
