"""Fixtures for the network tests: Xi'an and Xianyang enterprises with pending demands, a
Xianyang sub-market operator, a Xi'an one, and a Baoji enterprise outside the joint libraries."""

import pytest


@pytest.fixture
def xianyang_org(make_org):
    return make_org(name="咸阳某新材料有限公司", prefecture_id="610400")


@pytest.fixture
def xian_org(make_org):
    return make_org(name="西安某光电有限公司", prefecture_id="610100")


@pytest.fixture
def baoji_org(make_org):
    return make_org(name="宝鸡某钛材有限公司", prefecture_id="610300")


@pytest.fixture
def xianyang_op(make_user):
    from network.models import SubMarket

    user = make_user(name="咸阳分市场运营")
    SubMarket.objects.get(code="xianyang").operators.add(user)
    return user


@pytest.fixture
def xian_op(make_user):
    from network.models import SubMarket

    user = make_user(name="西安分市场运营")
    SubMarket.objects.get(code="xian").operators.add(user)
    return user


@pytest.fixture
def pending_demand(make_record):
    from catalog.models import Demand

    def make(org, title, **fields):
        return make_record(Demand, owner_org=org, status="submitted", title=title, **fields)

    return make


def notified(user, kind: str) -> bool:
    """Whether ``user`` got a notification of ``kind`` (one helper, so the notifications app's
    arrival is a one-line change)."""
    from notifications.models import Notification

    return Notification.objects.filter(user=user, kind=kind).exists()
