import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from deals.services.contracts import contract_save, trial_decide, trial_reminders
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial(open_deal, researcher):
    deal = open_deal()
    return contract_save(
        deal=deal,
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


def test_reminder_before_trial_end_sent_once(trial, buyer, researcher, outsider):
    assert trial.trial_end == dt.date(2026, 4, 10)
    assert trial_reminders(today=dt.date(2026, 3, 1)) == {"ending": 0, "overdue": 0}  # too early
    assert trial_reminders(today=dt.date(2026, 4, 1)) == {"ending": 1, "overdue": 0}
    assert trial_reminders(today=dt.date(2026, 4, 2)) == {"ending": 0, "overdue": 0}  # once only
    for user in (buyer, researcher):
        assert Notification.objects.filter(user=user, kind="deals.trial_ending").count() == 1
    assert not Notification.objects.filter(user=outsider).exists()


def test_overdue_and_decision(trial, buyer):
    assert trial_reminders(today=dt.date(2026, 4, 11))["overdue"] == 1
    trial_decide(contract=trial, by=buyer, decision="extend", extend_months=2)
    trial.refresh_from_db()
    assert trial.trial_end == dt.date(2026, 6, 10)
    # The extension gets its own reminder.
    assert trial_reminders(today=dt.date(2026, 6, 1))["ending"] == 1
    trial_decide(contract=trial, by=buyer, decision="pay")
    assert trial_reminders(today=dt.date(2026, 7, 1)) == {"ending": 0, "overdue": 0}


def test_outsider_cannot_decide(trial, outsider):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        trial_decide(contract=trial, by=outsider, decision="pay")


def test_command(trial, capsys):
    call_command("deals_trial_reminders", "--today", "2026-04-05", "--days", "7")
    assert "1 ending soon" in capsys.readouterr().out


def test_pilots_page(client, achievement, trial, buyer, outsider):
    page = client.get("/deals/pay-after-use/").content.decode()
    assert achievement.title in page
    client.force_login(buyer)
    assert "连续三个月良率" in client.get("/deals/pay-after-use/").content.decode()
    client.force_login(outsider)
    assert "连续三个月良率" not in client.get("/deals/pay-after-use/").content.decode()
