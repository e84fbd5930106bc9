import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from core.testing import run_in_parallel
from sharing.models import Redemption, Voucher
from sharing.services.vouchers import (
    batch_issue,
    batch_reconciliation,
    batch_settle,
    eligible_organisations,
    voucher_redeem,
    vouchers_expire,
)


def test_issue_only_to_eligible_verified_enterprises_once(batch, operator, make_org, engineer):
    unverified = make_org(name="未认证企业", verified=False)
    university = make_org(name="某大学", kind="university")
    batch.eligible.add(unverified, university)
    assert list(eligible_organisations(batch)) == [
        batch.eligible.get(kind="enterprise", verification_status="verified")
    ]
    with pytest.raises(PermissionDenied):
        batch_issue(batch=batch, by=engineer)
    assert len(batch_issue(batch=batch, by=operator)) == 1
    assert batch_issue(batch=batch, by=operator) == []  # issuing again adds nothing
    voucher = batch.vouchers.get()
    assert voucher.balance == voucher.face_value == Decimal("1000.00")


def test_redeem_partially_within_share_then_exactly_once(confirmed, voucher, engineer):
    booking = confirmed()  # fee 1106.50 元
    redemption = voucher_redeem(voucher=voucher, by=engineer, booking=booking)
    assert redemption.amount == Decimal("553.25")  # 50% of the fee
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("446.75") and voucher.status == "active"
    with pytest.raises(ValidationError, match="已用于这笔费用"):
        voucher_redeem(voucher=voucher, by=engineer, booking=booking)
    second = confirmed(14, 15, hours="1", samples=0)  # 500 元
    assert voucher_redeem(voucher=voucher, by=engineer, booking=second, amount="100").amount == Decimal("100.00")
    with pytest.raises(ValidationError, match="最多可抵扣"):
        voucher_redeem(voucher=voucher, by=engineer, booking=confirmed(15, 16, hours="1", samples=0), amount="300")


def test_one_time_voucher_returns_what_it_did_not_pay(confirmed, voucher, engineer, batch):
    batch.partial = False
    batch.save()
    voucher_redeem(voucher=voucher, by=engineer, booking=confirmed(14, 15, hours="1", samples=0), amount="200")
    voucher.refresh_from_db()
    assert (voucher.status, voucher.balance, voucher.returned) == ("used", Decimal("0.00"), Decimal("800.00"))


def test_redeem_refused_before_confirmation_out_of_scope_region_or_for_others(
    book, confirmed, voucher, engineer, batch, stranger, owner_org, make_org
):
    with pytest.raises(ValidationError, match="双方确认"):
        voucher_redeem(voucher=voucher, by=engineer, booking=book(14, 15))
    booking = confirmed()
    with pytest.raises(PermissionDenied):
        voucher_redeem(voucher=voucher, by=stranger, booking=booking)
    batch.scopes = ["service_order"]
    batch.save()
    with pytest.raises(ValidationError, match="不能用于此类服务"):
        voucher_redeem(voucher=voucher, by=engineer, booking=booking)
    from reference.models import Region

    batch.scopes, batch.universal = ["booking"], False
    batch.save()
    batch.regions.add(Region.objects.filter(level="prefecture").first())
    with pytest.raises(ValidationError, match="指定地区"):
        voucher_redeem(voucher=voucher, by=engineer, booking=booking)
    owner_org.prefecture = batch.regions.first()
    owner_org.save()
    assert voucher_redeem(voucher=voucher, by=engineer, booking=booking).amount == Decimal("553.25")


def test_settle_expire_and_reconcile_to_the_yuan(confirmed, voucher, engineer, operator, batch, owner_org, company):
    voucher_redeem(voucher=voucher, by=engineer, booking=confirmed())  # 553.25
    with pytest.raises(PermissionDenied):
        batch_settle(batch=batch, provider=owner_org, by=engineer)
    settlement = batch_settle(batch=batch, provider=owner_org, by=operator)
    assert settlement.amount == Decimal("553.25")
    assert batch_settle(batch=batch, provider=owner_org, by=operator) is None  # nothing left to pay
    assert vouchers_expire(today=batch.valid_until) == 0  # still valid on its last day
    assert vouchers_expire(today=batch.valid_until + dt.timedelta(days=1)) == 1
    voucher.refresh_from_db()
    assert (voucher.status, voucher.balance, voucher.returned) == ("expired", Decimal("0.00"), Decimal("446.75"))
    report = batch_reconciliation(batch)
    assert report["issued"] == Decimal("1000.00")
    assert report["redeemed"] == report["settled"] == Decimal("553.25")
    assert report["expired_returned"] == Decimal("446.75") and report["outstanding"] == Decimal("0.00")
    assert report["balanced"] and report["unsettled"] == 0
    with pytest.raises(ValidationError, match="有效期"):
        voucher_redeem(voucher=voucher, by=engineer, booking=confirmed(14, 15, hours="1", samples=0))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL")
def test_parallel_redemptions_of_one_voucher_against_one_fee_succeed_once(
    confirmed, voucher, engineer, make_user, company
):
    booking = confirmed()
    users = [engineer] + [make_user(org=company) for _ in range(7)]
    made, errors = run_in_parallel(
        8, lambda i: voucher_redeem(voucher=voucher, by=users[i], booking=booking, amount="100")
    )
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert len(made) == 1 and len(errors) == 7
    assert Redemption.objects.filter(voucher=voucher).count() == 1
    assert Voucher.objects.get(pk=voucher.pk).balance == Decimal("900.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL")
def test_parallel_redemptions_across_fees_never_overspend(confirmed, voucher, engineer):
    bookings = [confirmed(h, h + 1, hours="1", samples=0) for h in (9, 10, 11, 14, 15, 16)]  # 500 元 each
    made, errors = run_in_parallel(
        len(bookings), lambda i: voucher_redeem(voucher=voucher, by=engineer, booking=bookings[i], amount="250")
    )
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert len(made) == 4 and len(errors) == 2  # 4 × 250 = the 1,000 元 face value
    assert Voucher.objects.get(pk=voucher.pk).balance == Decimal("0.00")


def test_listed_agencies_only_when_the_batch_lists_them(confirmed, voucher, engineer, batch, make_org, owner_org):
    booking = confirmed()
    batch.agencies.add(make_org(name="另一家检测机构", kind="service_agency"))
    with pytest.raises(ValidationError, match="所列服务机构"):
        voucher_redeem(voucher=voucher, by=engineer, booking=booking)
    batch.agencies.add(owner_org)
    assert voucher_redeem(voucher=voucher, by=engineer, booking=booking).amount == Decimal("553.25")


def test_requests_and_decisions_notify_the_other_side(book, staff, engineer):
    from notifications.models import Notification

    booking = book()
    assert Notification.objects.filter(user=staff, url=booking.get_absolute_url()).exists()
    from sharing.services.bookings import booking_decide

    booking_decide(booking=booking, by=staff, approve=False, reason="当天校准")
    note = Notification.objects.filter(user=engineer).latest("id")
    assert "已拒绝" in note.title and note.body == "当天校准"
    assert not Notification.objects.filter(user=staff, title__contains="已拒绝").exists()
