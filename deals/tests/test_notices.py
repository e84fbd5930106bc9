"""Deal events in the notification centre (issue 10): who hears, and who does not."""

import pytest

from deals.services.deals import broker_assign, deal_transition
from notifications.models import Notification
from notifications.selectors import about

pytestmark = pytest.mark.django_db


def _who(kind):
    return {n.user for n in Notification.objects.filter(kind=kind)}


def test_opened_and_moved_tell_the_parties_not_the_actor_or_outsiders(open_deal, researcher, buyer, outsider):
    deal = open_deal()
    assert _who("deals.opened") == {buyer}
    deal_transition(deal=deal, action="negotiate", by=buyer)
    assert _who("deals.moved") == {researcher}
    assert about(deal).filter(user=outsider).count() == 0


def test_broker_assigned_tells_the_broker_only(open_deal, broker, operator, researcher, buyer, outsider):
    deal = open_deal()
    broker_assign(broker=broker, by=operator, deal=deal)
    assert _who("deals.broker_assigned") == {broker.user}


def test_workbench_panels_of_parties_and_brokers(open_deal, broker, operator, buyer, researcher, outsider):
    from core.workbench import panels_for
    from deals.services.messages import message_post

    deal = open_deal()
    message_post(deal=deal, by=researcher, body="样件下周寄出", files=[])
    broker_assign(broker=broker, by=operator, deal=deal)
    keys = {p["key"]: p for p in panels_for(broker.user)}
    assert "deals.broker" in keys and ("意向", 1) in [(f[0][:2], f[1]) for f in keys["deals.broker"]["figures"]]
    buyer_panels = {p["key"]: p for p in panels_for(buyer)}
    assert "deals.mine" in buyer_panels and "deals.broker" not in buyer_panels
    assert deal.title in str(buyer_panels["deals.mine"]["items"])  # a message they have not read
    assert not {"deals.mine", "deals.broker"} & {p["key"] for p in panels_for(outsider)}
