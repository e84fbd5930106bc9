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
