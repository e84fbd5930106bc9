"""accounts.selectors.members_of and operators: the one place apps get the audience of an
organisation's or the operators' notices (finance, fulfilment, network, sharing, talent)."""

import pytest

from accounts.selectors import members_of, operators

pytestmark = pytest.mark.django_db


def test_members_of_lists_active_members_once_and_nobody_else(make_org, make_user):
    org, other = make_org(), make_org()
    member = make_user(org=org)
    make_user(org=org, is_active=False)
    make_user(org=other)
    outsider = make_user()
    from accounts.models import Membership

    Membership.objects.get_or_create(user=member, organisation=other)
    assert members_of(org.pk) == [member]
    assert outsider not in members_of(other.pk)
    assert members_of(None) == []


def test_operators_are_the_active_operators_and_superusers_only(make_user):
    operator = make_user(roles=["operator"])
    make_user(roles=["operator"], is_active=False)
    broker = make_user(roles=["broker"])
    root = make_user(is_superuser=True)
    found = operators()
    assert operator in found and root in found
    assert broker not in found and all(u.is_active for u in found)
