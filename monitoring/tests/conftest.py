import pytest

from deals.tests.conftest import (  # noqa: F401  contracts for the measurable tasks and the cross-tab
    achievement,
    buyer,
    company,
    demand,
    open_deal,
    researcher,
    signed_deal,
    university,
)


@pytest.fixture
def leader(make_user):
    return make_user(name="领导", roles=["leader"])


@pytest.fixture
def reviewer(make_user):
    return make_user(name="审核员", roles=["reviewer"])


@pytest.fixture
def operator2(make_user):
    return make_user(name="运营人员二", roles=["operator"])


@pytest.fixture
def broker(make_user):
    return make_user(name="经纪人", roles=["broker"])
