import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone


@pytest.fixture
def owner_org(make_org):
    from reference.models import Region

    return make_org(name="西安某研究院", kind="institute", prefecture=Region.objects.filter(code="610100").first())


@pytest.fixture
def owner(make_user, owner_org):
    return make_user(name="成果负责人", org=owner_org)


@pytest.fixture
def bidders(make_org, make_user):
    from reference.models import Region

    region = Region.objects.filter(code="610400").first()
    out = []
    for i in range(3):
        org = make_org(name=f"竞买企业{i + 1}", kind="enterprise", prefecture=region)
        out.append((org, make_user(name=f"竞买人{i + 1}", org=org)))
    return out


@pytest.fixture
def listing(owner, owner_org):
    from listings.services import listing_create

    today = timezone.localdate()
    return listing_create(
        by=owner,
        owner_org=owner_org,
        title="固态电解质制备专利包（演示）",
        offer="sale",
        price_model="auction",
        publicity_start=today - dt.timedelta(days=12),
        publicity_end=today - dt.timedelta(days=2),
        patent_numbers="ZL2023XXXXXXXX.X",
    )


@pytest.fixture
def auction(listing, operator, bidders):
    from listings.services import auction_create, deposit_record

    now = timezone.now()
    a = auction_create(
        listing=listing,
        by=operator,
        kind="english",
        starting_price=Decimal("100"),
        increment=Decimal("5"),
        deposit=Decimal("10"),
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
    )
    for org, _user in bidders:
        deposit_record(auction=a, by=operator, org=org, amount=Decimal("10"), paid_on=timezone.localdate())
    return a
