"""Deal events in the notification centre (issue 10): who hears, and who does not."""

import pytest

from deals.services.deals import broker_assign, deal_transition
from notifications.messages import Message
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


# ---- the rest of the deal events (issue 10 item 1): the deal's parties and its broker, nobody else ----


@pytest.fixture
def followed_deal(open_deal, broker, operator):
    deal = open_deal()
    broker_assign(broker=broker, by=operator, deal=deal)
    Notification.objects.all().delete()  # start from the events below
    return deal


def test_message_tells_the_other_party_and_the_broker_not_the_author(
    followed_deal, broker, researcher, buyer, outsider, operator
):
    from deals.services.messages import message_post

    message_post(deal=followed_deal, by=researcher, body="样件下周寄出", files=[])
    assert _who("deals.message") == {buyer, broker.user}
    assert "样件" not in Notification.objects.filter(kind="deals.message").first().body  # the text stays on site


def test_trial_and_payment_reminders_tell_the_parties_and_the_broker_only(
    followed_deal, broker, researcher, buyer, outsider, operator
):
    import datetime as dt
    from decimal import Decimal

    from deals.services.contracts import contract_save, trial_decide, trial_reminders
    from deals.services.payments import instalment_add, payment_reminders

    contract = contract_save(
        deal=followed_deal,
        by=researcher,
        title="先使用后付费合同",
        contract_type="licence",
        total_amount=Decimal(50),
        tech_amount=Decimal(50),
        payment_mode="pay_after_use",
        trial_months=3,
        trial_start=dt.date(2026, 1, 10),
        payment_trigger="连续三个月良率≥95%",
    )
    everyone = {researcher, buyer, broker.user}
    trial_reminders(today=dt.date(2026, 4, 1))
    trial_reminders(today=dt.date(2026, 4, 11))
    assert _who("deals.trial_ending") == everyone and _who("deals.trial_overdue") == everyone
    trial_decide(contract=contract, by=buyer, decision="pay")
    assert _who("deals.trial_decision") == {researcher, broker.user}  # not the one who decided
    instalment_add(contract=contract, by=researcher, due_on=dt.date(2026, 5, 5), amount=20)
    payment_reminders(today=dt.date(2026, 5, 1))
    payment_reminders(today=dt.date(2026, 5, 6))
    assert _who("deals.payment_due") == everyone and _who("deals.payment_overdue") == everyone
    assert not Notification.objects.filter(user__in=[outsider, operator]).exists()


def test_notify_once_per_date_under_the_row_lock(followed_deal, broker, researcher, buyer, outsider):
    """The one mechanism behind the payment and trial reminders: a notice per value of the row's
    date, to the deal's audience only; a moved date is told again; the marker keeps the date told."""
    import datetime as dt
    from decimal import Decimal

    from deals.models import Instalment
    from deals.services.contracts import contract_save
    from deals.services.notifications import notify_once

    contract = contract_save(
        deal=followed_deal,
        by=researcher,
        title="先使用后付费合同",
        contract_type="licence",
        total_amount=Decimal(50),
        tech_amount=Decimal(50),
        payment_mode="pay_after_use",
        trial_months=3,
        trial_start=dt.date(2026, 1, 10),
        payment_trigger="连续三个月良率≥95%",
    )
    inst = Instalment.objects.create(contract=contract, seq=1, due_on=dt.date(2026, 5, 5), amount=Decimal(20))

    def tell():
        return notify_once(
            inst,
            deal=followed_deal,
            date_field="due_on",
            marker_field="reminded_for",
            kind="deals.payment_due",
            message=lambda locked: (Message("第%(n)s期 %(d)s", n=locked.seq, d=locked.due_on), ""),
        )

    assert tell() is True and tell() is False
    inst.refresh_from_db()
    assert inst.reminded_for == dt.date(2026, 5, 5)
    Instalment.objects.filter(pk=inst.pk).update(due_on=dt.date(2026, 6, 5))  # the date moved
    assert tell() is True and tell() is False
    titles = sorted(Notification.objects.filter(kind="deals.payment_due", user=buyer).values_list("title", flat=True))
    assert titles == ["第1期 2026-05-05", "第1期 2026-06-05"]
    assert _who("deals.payment_due") == {researcher, buyer, broker.user}
    assert not Notification.objects.filter(user=outsider).exists()
