"""The demo loader: idempotent, every programme labelled 演示, nothing published as a result."""

import io

import pytest
from django.core.management import call_command

from programmes.models import Call, Entry, PoolExpert

pytestmark = pytest.mark.django_db


def test_demo_programmes_are_labelled_and_idempotent(make_record):
    from accounts.demo import DEMO_ENTERPRISE
    from accounts.models import Organisation
    from catalog.models import Demand

    call_command("load_demo", only=["accounts"], force=True, stdout=io.StringIO())
    make_record(
        Demand,
        owner_org=Organisation.objects.get(name=DEMO_ENTERPRISE),
        title="（演示）氢燃料电池低温启动",
        is_bottleneck=True,
    )
    for _ in range(2):
        call_command("load_demo", only=["accounts", "programmes"], force=True, stdout=io.StringIO())
    calls = list(Call.objects.all())
    assert len(calls) == 6
    assert all("演示" in c.title for c in calls)
    assert {c.kind for c in calls} == {
        "challenge",
        "roadshow",
        "funding",
        "scenario_selection",
        "opportunity_list",
        "scenario_list",
    }
    assert not Call.objects.filter(stage__in=["results", "closed"]).exists()
    challenge = Call.objects.get(kind="challenge")
    assert challenge.race and challenge.is_bottleneck and challenge.milestones.count() == 2
    assert Entry.objects.filter(call=challenge, status="submitted").count() == 1
    assert PoolExpert.objects.count() == 3
