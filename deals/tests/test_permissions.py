"""Who must NOT see a deal's messages, contract amounts or the linked demand's confidential fields."""

from decimal import Decimal

import pytest
from django.urls import reverse

from deals.services.contracts import contract_save
from deals.services.deals import broker_assign
from deals.services.messages import message_post

from .conftest import pdf

pytestmark = pytest.mark.django_db

SECRET = "报价底线 77 万元，勿外传"


@pytest.fixture
def deal_with_secrets(open_deal, researcher, buyer):
    deal = open_deal()
    message_post(deal=deal, by=researcher, body=SECRET, files=[pdf("quote.pdf")])
    contract_save(
        deal=deal,
        by=buyer,
        title="保密合同",
        contract_type="transfer",
        total_amount=Decimal("123.45"),
        tech_amount=Decimal("99.87"),
        payment_mode="lump_sum",
    )
    return deal


def _login(client, user):
    client.force_login(user)
    return client


def test_outsider_and_leader_see_nothing_on_pages(client, deal_with_secrets, outsider, make_user):
    deal = deal_with_secrets
    attachment = deal.messages.get().attachments.get()
    for user in (outsider, make_user(roles=["leader"]), make_user(roles=["broker"])):
        _login(client, user)
        assert client.get(reverse("deals:detail", args=[deal.pk])).status_code == 404
        assert client.get(reverse("deals:contract", args=[deal.pk])).status_code == 404
        assert client.get(reverse("deals:attachment", args=[attachment.pk])).status_code == 404
        listing = client.get(reverse("deals:list")).content.decode()
        assert deal.title not in listing
        response = client.post(reverse("deals:message_post", args=[deal.pk]), {"body": "插话"})
        assert response.status_code == 404
    client.logout()
    assert client.get(reverse("deals:detail", args=[deal.pk])).status_code == 302  # to login


def test_outsider_sees_nothing_in_api(client, deal_with_secrets, outsider):
    deal = deal_with_secrets
    _login(client, outsider)
    assert client.get("/api/v1/deals/").json()["count"] == 0
    for url in (
        f"/api/v1/deals/{deal.pk}/",
        f"/api/v1/deals/{deal.pk}/messages/",
        f"/api/v1/deals/{deal.pk}/contract/",
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(f"/api/v1/deals/{deal.pk}/messages/", {"body": "x"}, content_type="application/json").status_code
        == 404
    )
    client.logout()
    assert client.get("/api/v1/deals/").status_code in (401, 403)


def test_parties_broker_operator_see_messages(client, deal_with_secrets, researcher, buyer, broker, operator):
    deal = deal_with_secrets
    broker_assign(broker=broker, by=operator, deal=deal)
    for user in (researcher, buyer, broker.user, operator):
        _login(client, user)
        page = client.get(reverse("deals:detail", args=[deal.pk])).content.decode()
        assert SECRET in page and "99.87" in page
        data = client.get(f"/api/v1/deals/{deal.pk}/messages/").json()
        assert data[0]["body"] == SECRET
        assert client.get(f"/api/v1/deals/{deal.pk}/contract/").json()["tech_amount"] == "99.87"


def test_unregistered_amounts_not_in_public_statistics(client, deal_with_secrets):
    page = client.get(reverse("deals:statistics")).content.decode()
    assert "99.87" not in page and "123.45" not in page
    data = client.get("/api/v1/deal-statistics/").json()
    assert data["totals"]["count"] == 0 and data["totals"]["tech_amount"] == 0


def test_messages_and_demand_secrets_not_in_search(client, deal_with_secrets, outsider, demand):
    _login(client, outsider)
    for q in ("报价底线", "980"):
        page = client.get(reverse("core:search"), {"q": q}).content.decode()
        assert SECRET not in page and "980 元每片" not in page
        api = client.get("/api/v1/demands/", {"q": q}).json()
        assert api["count"] == 0


def test_read_state_per_user(deal_with_secrets, researcher, buyer):
    from deals.services.messages import mark_thread_read, unread_messages

    deal = deal_with_secrets
    assert unread_messages(user=researcher, deal=deal).count() == 0  # own message
    assert unread_messages(user=buyer, deal=deal).count() == 1
    mark_thread_read(deal=deal, user=buyer)
    assert unread_messages(user=buyer, deal=deal).count() == 0


class TestConfidentialDemand:
    """The demand's budget and confidential details: only the owner, the deal's parties and brokers, operators."""

    def _detail(self, client, user, demand):
        if user:
            client.force_login(user)
        else:
            client.logout()
        return client.get(demand.get_absolute_url()).content.decode()

    def test_supply_party_gains_access_through_live_deal(self, client, open_deal, researcher, buyer, demand, outsider):
        before = self._detail(client, researcher, demand)
        assert "980 元每片" not in before
        api = client.get(f"/api/v1/demands/{demand.pk}/").json()
        assert "budget_max" not in api and "confidential_details" not in api
        deal = open_deal()
        # Opening a deal is only knocking: nothing opens up until the demand side accepts.
        assert "980 元每片" not in self._detail(client, researcher, demand)
        from deals.services.deals import deal_transition

        deal_transition(deal=deal, action="negotiate", by=buyer)
        after = self._detail(client, researcher, demand)
        assert "980 元每片" in after
        api = client.get(f"/api/v1/demands/{demand.pk}/").json()
        assert api["confidential_details"].startswith("现用供应商")
        for user in (outsider, None):
            page = self._detail(client, user, demand)
            assert "980 元每片" not in page
        client.force_login(outsider)
        assert "confidential_details" not in client.get(f"/api/v1/demands/{demand.pk}/").json()
        # Terminated deals no longer grant access.
        deal_transition(deal=deal, action="terminate", by=researcher, reason="不合适")
        assert "980 元每片" not in self._detail(client, researcher, demand)

    def test_assigned_broker_sees_demand_secrets(self, client, demand, broker, operator):
        assert "980 元每片" not in self._detail(client, broker.user, demand)
        broker_assign(broker=broker, by=operator, demand=demand)
        assert "980 元每片" in self._detail(client, broker.user, demand)


def test_notifications_are_private(client, open_deal, buyer, outsider):
    open_deal()
    client.force_login(outsider)
    assert client.get("/api/v1/notifications/").json()["count"] == 0
    client.force_login(buyer)
    assert client.get("/api/v1/notifications/").json()["count"] == 1
    page = client.get(reverse("deals:notifications"), follow=True).content.decode()
    assert "新的对接意向" in page
    client.post(reverse("deals:notifications_read"))
    assert client.get("/api/v1/notifications/?unread=1").json()["count"] == 0


def test_confidential_grant_costs_two_queries_for_any_number_of_demands(
    make_record, company, outsider, django_assert_max_num_queries
):
    """Lists and exports ask the grant for every record: it must not query per record."""
    from catalog.models import Demand
    from deals.access import demand_confidential_grant

    demands = [make_record(Demand, owner_org=company, title=f"需求{n}") for n in range(30)]
    with django_assert_max_num_queries(3):
        assert not any(demand_confidential_grant(outsider, demand) for demand in demands)
