import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from deals.models import DealEvent
from deals.services.contracts import contract_register, contract_save
from deals.services.deals import available_transitions, deal_transition
from deals.stages import TRANSITIONS
from notifications.models import Notification
from notifications.selectors import about

from .conftest import pdf

pytestmark = pytest.mark.django_db


def test_transition_table_covers_every_stage():
    from deals.models.deals import OPEN_STAGES, Stage

    targets = {t.target for t in TRANSITIONS.values()}
    assert targets == {s for s in Stage.values if s != Stage.INTENT}
    # Every open stage can end: by 终止 before registration, by 解除登记 (registrar only) after (issue 16).
    assert set(TRANSITIONS["terminate"].sources) | set(TRANSITIONS["dissolve"].sources) == set(OPEN_STAGES)
    assert not set(TRANSITIONS["terminate"].sources) & set(TRANSITIONS["dissolve"].sources)
    assert TRANSITIONS["dissolve"].actors == ("operator",)
    assert TRANSITIONS["register"].actors == ("operator",)


def test_open_writes_event_and_notifies_other_party(open_deal, buyer, researcher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deal = open_deal()
    assert deal.stage == "intent"
    assert DealEvent.objects.filter(deal=deal, action="open").exists()
    assert about(deal).filter(user=buyer).count() == 1
    assert not Notification.objects.filter(user=researcher).exists()  # not the opener
    assert [m.to for m in mail.outbox] == [[buyer.email]]


def test_outsider_cannot_open_deal_between_others(university, company, outsider):
    from deals.services.deals import deal_open

    with pytest.raises(PermissionDenied):
        deal_open(by=outsider, supply_org=university, demand_org=company, title="x")


def test_full_path_to_completed(signed_deal, operator, buyer):
    deal = signed_deal()
    assert deal.stage == "signed"
    contract_register(contract=deal.contract, registry="610000", by=operator)
    deal.refresh_from_db()
    assert deal.stage == "registered"
    deal = deal_transition(deal=deal, action="perform", by=buyer)
    deal = deal_transition(deal=deal, action="complete", by=buyer)
    assert deal.stage == "completed"
    actions = list(deal.events.values_list("action", flat=True))
    assert actions == ["open", "negotiate", "sign", "register", "perform", "complete"]


def test_cannot_sign_without_signed_contract(open_deal, researcher, buyer):
    deal = open_deal()
    deal_transition(deal=deal, action="negotiate", by=buyer)
    with pytest.raises(ValidationError, match="合同"):
        deal_transition(deal=deal, action="sign", by=researcher)
    contract_save(
        deal=deal,
        by=researcher,
        title="合同",
        contract_type="service",
        total_amount=Decimal(10),
        tech_amount=Decimal(10),
        payment_mode="lump_sum",
    )
    with pytest.raises(ValidationError, match="扫描件"):
        deal_transition(deal=deal, action="sign", by=researcher)


def test_no_registration_without_signed_contract(open_deal, researcher, buyer, operator):
    deal = open_deal()
    deal_transition(deal=deal, action="negotiate", by=buyer)
    contract = contract_save(
        deal=deal,
        by=researcher,
        title="合同",
        contract_type="service",
        total_amount=Decimal(10),
        tech_amount=Decimal(5),
        payment_mode="lump_sum",
    )
    with pytest.raises(ValidationError):
        contract_register(contract=contract, registry="610000", by=operator)
    # Nor can the stage machine be pushed to 登记 directly, even by an operator.
    with pytest.raises(ValidationError):
        deal_transition(deal=deal, action="register", by=operator)
    deal.refresh_from_db()
    assert deal.stage == "negotiation"
    assert contract.registration_number is None


def test_register_transition_without_number_refused(signed_deal, operator):
    deal = signed_deal()
    with pytest.raises(ValidationError, match="认定登记"):
        deal_transition(deal=deal, action="register", by=operator)


def test_only_operator_registers(signed_deal, researcher, buyer, broker, operator):
    deal = signed_deal()
    for user in (researcher, buyer, broker.user):
        with pytest.raises(PermissionDenied):
            contract_register(contract=deal.contract, registry="610000", by=user)


def test_outsider_cannot_move_deal(open_deal, outsider, make_user):
    deal = open_deal()
    leader = make_user(roles=["leader"])
    for user in (outsider, leader):
        with pytest.raises(PermissionDenied):
            deal_transition(deal=deal, action="negotiate", by=user)
    assert available_transitions(outsider, deal) == []


def test_broker_and_operator_may_move(open_deal, broker, operator):
    from deals.services.deals import broker_assign

    deal = open_deal()
    with pytest.raises(PermissionDenied):
        deal_transition(deal=deal, action="negotiate", by=broker.user)
    broker_assign(broker=broker, by=operator, deal=deal)
    # An assigned broker advises but does not consent for a party (issue 9).
    assert "negotiate" not in [t.action for t in available_transitions(broker.user, deal)]
    with pytest.raises(PermissionDenied):
        deal_transition(deal=deal, action="negotiate", by=broker.user)
    deal = deal_transition(deal=deal, action="negotiate", by=operator)
    assert deal.stage == "negotiation"
    deal = deal_transition(deal=deal, action="terminate", by=broker.user, reason="企业转向其他方案")
    assert deal.stage == "terminated" and deal.terminated_reason == "企业转向其他方案"
    assert deal.assignments.get().first_response_at is not None


def test_terminate_needs_reason_and_closed_deals_stay_closed(open_deal, researcher):
    deal = open_deal()
    with pytest.raises(ValidationError):
        deal_transition(deal=deal, action="terminate", by=researcher, reason="  ")
    deal = deal_transition(deal=deal, action="terminate", by=researcher, reason="价格谈不拢")
    for action in ("negotiate", "terminate"):
        with pytest.raises(ValidationError):
            deal_transition(deal=deal, action=action, by=researcher, reason="再次")


def test_wrong_order_refused(open_deal, researcher):
    deal = open_deal()
    with pytest.raises(ValidationError):
        deal_transition(deal=deal, action="complete", by=researcher)


def test_contract_rules(open_deal, researcher):
    deal = open_deal()
    base = {"title": "合同", "contract_type": "licence", "total_amount": Decimal(100)}
    with pytest.raises(ValidationError) as err:
        contract_save(deal=deal, by=researcher, tech_amount=Decimal(120), payment_mode="lump_sum", **base)
    assert "tech_amount" in err.value.error_dict
    with pytest.raises(ValidationError) as err:
        contract_save(deal=deal, by=researcher, tech_amount=Decimal(80), payment_mode="pay_after_use", **base)
    assert {"trial_months", "payment_trigger"} <= set(err.value.error_dict)
    with pytest.raises(ValidationError) as err:
        contract_save(deal=deal, by=researcher, tech_amount=Decimal(80), payment_mode="invest_then_equity", **base)
    assert {"investment_amount", "conversion_terms"} <= set(err.value.error_dict)
    contract = contract_save(
        deal=deal,
        by=researcher,
        tech_amount=Decimal(80),
        payment_mode="pay_after_use",
        trial_months=6,
        trial_start=dt.date(2026, 1, 31),
        payment_trigger="良率达到95%",
        **base,
    )
    assert contract.trial_end == dt.date(2026, 7, 31)
    assert contract.supply_role.startswith("出让方") and contract.demand_role.startswith("受让方")


def test_registered_contract_is_frozen(signed_deal, operator, researcher):
    deal = signed_deal()
    contract_register(contract=deal.contract, registry="610000", by=operator)
    with pytest.raises(ValidationError):
        contract_save(deal=deal, by=researcher, title="改名")


def test_bad_scan_refused(open_deal, researcher):
    from django.core.files.uploadedfile import SimpleUploadedFile

    deal = open_deal()
    fake = SimpleUploadedFile("scan.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        contract_save(
            deal=deal,
            by=researcher,
            title="合同",
            contract_type="service",
            total_amount=Decimal(1),
            tech_amount=Decimal(1),
            payment_mode="lump_sum",
            signed_scan=fake,
        )
    assert pdf  # the helper stays importable for other modules


def test_opener_cannot_accept_own_deal(open_deal, researcher, buyer):
    """意向 → 洽谈 is the other side's consent; the opener only knocks."""
    deal = open_deal(by=researcher)
    assert "negotiate" not in [t.action for t in available_transitions(researcher, deal)]
    with pytest.raises(PermissionDenied):
        deal_transition(deal=deal, action="negotiate", by=researcher)
    assert "negotiate" in [t.action for t in available_transitions(buyer, deal)]
    assert deal_transition(deal=deal, action="negotiate", by=buyer).stage == "negotiation"


def test_broker_opened_deal_needs_the_demand_side(demand, university, company, researcher, buyer, broker, outsider):
    """Issue 9, leak 2: a broker opens a deal about a demand between two organisations and is
    auto-assigned; neither the broker nor the supply side may accept it, only the demand's
    organisation, and until then the supply side does not read the demand's budget."""
    from catalog.access import can_see_confidential
    from deals.services.deals import deal_open

    deal = deal_open(by=broker.user, supply_org=university, demand_org=company, title="经纪人撮合", demand=demand)
    assert deal.assignments.filter(broker=broker).exists()
    for user in (broker.user, researcher):
        assert "negotiate" not in [t.action for t in available_transitions(user, deal)]
        with pytest.raises(PermissionDenied):
            deal_transition(deal=deal, action="negotiate", by=user)
    researcher = type(researcher).objects.get(pk=researcher.pk)
    assert not can_see_confidential(researcher, demand)
    deal = deal_transition(deal=deal, action="negotiate", by=buyer)
    researcher = type(researcher).objects.get(pk=researcher.pk)  # grants are cached per user object
    assert deal.stage == "negotiation" and can_see_confidential(researcher, demand)
