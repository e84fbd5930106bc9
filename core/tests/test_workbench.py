"""我的工作台 (issue 10): each role sees its panels and no one else's; menus fit the user."""

import pytest
from django.urls import reverse

from catalog.models import Demand

pytestmark = pytest.mark.django_db


def panels(client, user):
    client.force_login(user)
    response = client.get(reverse("core:workbench"))
    assert response.status_code == 200
    return {p["key"] for p in response.context["panels"]}, response.content.decode()


def test_enterprise_member_sees_records_and_organisation_not_operator_panels(client, member, enterprise, make_record):
    make_record(Demand, owner_org=enterprise, status="returned", title="要修改的需求")
    keys, html = panels(client, member)
    assert {"notifications.unread", "catalog.mine", "accounts.organisations"} <= keys
    assert not keys & {
        "catalog.review",
        "accounts.verification",
        "jobs.operations",
        "monitoring.leader",
        "deals.broker",
    }
    assert "要修改的需求" in html and "本机构的" in html


def test_user_without_organisation_is_offered_to_join(client, make_user):
    keys, html = panels(client, make_user(name="新用户"))
    assert "accounts.organisations" in keys and "catalog.mine" not in keys
    assert "本机构的" not in html  # no "my organisation's …" menu entries without an organisation


def test_operator_and_leader_panels(client, operator, make_user):
    keys, _ = panels(client, operator)
    assert {"catalog.review", "accounts.verification", "jobs.operations", "monitoring.leader"} <= keys
    keys, _ = panels(client, make_user(name="领导", roles=["leader"]))
    assert "monitoring.leader" in keys and "catalog.review" not in keys and "jobs.operations" not in keys


def test_login_lands_on_the_workbench(client, member):
    response = client.post(reverse("accounts:login"), {"username": member.email, "password": "Secret-pass-1"})
    assert response.status_code == 302 and response["Location"] == reverse("core:workbench")
