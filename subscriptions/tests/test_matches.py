"""New strong matches for owners' published demands and achievements (issue 10 item 1): told
once, to the owners only, without the other record's confidential fields."""

import pytest

from catalog.models import Achievement, Demand
from matching.engine import Match
from notifications.models import Notification
from subscriptions.matches import STRONG_RANK, collect_new_matches, is_strong
from subscriptions.models import SentMatch

from .conftest import told

pytestmark = pytest.mark.django_db

KIND = "subscriptions.new_matches"


def test_strong_needs_topical_evidence_and_the_search_rank():
    def match(rank, signals, **parts):
        return Match(
            kind="demands",
            id=1,
            title="t",
            url="",
            score=rank + sum(parts.values()),
            parts={"fusion": rank, **parts},
            signals=signals,
        )

    assert is_strong(match(STRONG_RANK, ["both", "shared_keyword"]))
    assert is_strong(match(0.9, ["semantic_only", "semantic_standout"]))
    # a top rank with nothing in common is not a strong match, nor are facts such as the same chain
    assert not is_strong(match(1.0, ["both", "chain", "verified"], chain=1.0, verified=1.0))
    assert not is_strong(match(STRONG_RANK - 0.01, ["shared_keyword"]))
    # Facts do not lift a match over the threshold: the same chain, region and a verified, recent
    # owner add 0.29 to the score, not to the search rank (dev set: matching/README.md).
    weak = match(
        0.5, ["both", "shared_keyword", "chain", "region"], chain=0.15, region=0.08, verified=0.03, freshness=0.03
    )
    assert weak.score >= STRONG_RANK and not is_strong(weak)
    assert STRONG_RANK == 0.7  # chosen on the judged dev pairs; change it only with new figures


@pytest.fixture
def university(make_org):
    return make_org(name="西安某大学", kind="university")


@pytest.fixture
def researcher(make_user, university):
    return make_user(name="研究员", org=university)


@pytest.fixture
def demand(make_record, enterprise, member, chain, publish):
    record = make_record(
        Demand,
        owner_org=enterprise,
        status="submitted",
        title="氢燃料电池电堆寿命提升",
        problem="车用氢燃料电池电堆衰减快，需要提升电堆寿命",
        budget_min=50,
        budget_max=200,
        confidential_details="保密参数：衰减率每千小时百分之三",
        cooperation_modes=["transfer"],
    )
    record.industry_chains.add(chain)
    publish(record)
    return record


def test_owners_hear_of_a_new_strong_match_once_without_the_others_secrets(
    demand, make_record, make_user, university, researcher, enterprise, member, operator, chain, publish
):
    colleague = make_user(name="企业同事", org=enterprise)
    outsider = make_user(name="旁观者")
    assert collect_new_matches()["matches"] == 0  # the demand alone: nothing to match yet
    achievement = make_record(
        Achievement,
        owner_org=university,
        status="submitted",
        title="长寿命氢燃料电池电堆技术",
        body="提升车用燃料电池电堆寿命，衰减慢",
        asking_price=120,
        cooperation_modes=["transfer"],
    )
    achievement.industry_chains.add(chain)
    publish(achievement)

    collect_new_matches()

    assert told(KIND) == {member, colleague, researcher}  # not the operator, not outsiders
    to_demand = Notification.objects.get(kind=KIND, user=member)
    assert achievement.title in to_demand.body and demand.title in to_demand.title
    assert to_demand.url == demand.get_absolute_url()
    to_achievement = Notification.objects.get(kind=KIND, user=researcher)
    assert demand.title in to_achievement.body
    text = to_achievement.title + to_achievement.body
    for secret in ("预算", "50", "200", "保密参数", "衰减率"):
        assert secret not in text  # the demand's budget and confidential details stay hidden
    assert not Notification.objects.filter(user__in=[operator, outsider]).exists()
    assert set(SentMatch.objects.values_list("source_kind", "target_kind")) == {
        ("demands", "achievements"),
        ("achievements", "demands"),
        ("achievements", "organisations"),  # the firm that needs it (its public demand titles)
    }

    # The next day: the same matches are not told again.
    assert collect_new_matches()["matches"] == 0
    assert Notification.objects.filter(kind=KIND).count() == 3


def test_drafts_and_records_in_review_are_never_announced(demand, make_record, university, researcher, member, chain):
    collect_new_matches()
    draft = make_record(
        Achievement, owner_org=university, status="submitted", title="长寿命氢燃料电池电堆技术", body="电堆寿命"
    )
    draft.industry_chains.add(chain)
    collect_new_matches()
    assert not Notification.objects.filter(kind=KIND).exists()


def test_own_records_are_not_matches(demand, make_record, enterprise, member, chain, publish):
    collect_new_matches()
    own = make_record(
        Achievement, owner_org=enterprise, status="submitted", title="长寿命氢燃料电池电堆技术", body="电堆寿命"
    )
    own.industry_chains.add(chain)
    publish(own)
    collect_new_matches()
    assert not Notification.objects.filter(kind=KIND).exists()


def test_command_runs_both_collections(demand):
    from django.core.management import call_command

    call_command("collect_subscriptions")


def test_load_demo_marks_its_records_as_already_collected(db):
    """Found by using the demo: the first collect_subscriptions after load_demo took the whole demo
    (4,000+ records published at once) as new and ran for over 10 minutes."""
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from subscriptions.matches import OVERLAP, WATERMARK
    from subscriptions.models import Watermark

    before = timezone.now()
    call_command("load_demo", only=["subscriptions"], force=True, stdout=StringIO())
    assert Watermark.objects.get(name=WATERMARK).at - OVERLAP >= before  # the next run starts after loading
    call_command("load_demo", only=["subscriptions"], force=True, stdout=StringIO())  # idempotent
    assert Watermark.objects.filter(name=WATERMARK).count() == 1
