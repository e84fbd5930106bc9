"""机构资料: an organisation's admins and operators edit its profile (the credit code and region that
contract registration needs); identity changes by the admin re-open verification."""

import pytest
from django.urls import reverse

from accounts.models import Organisation
from core.models import AuditEntry
from notifications.models import Notification
from reference.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user, enterprise):
    return make_user(name="机构管理员", org=enterprise, org_role="admin")


def _form(org, **changes):
    data = {
        "kind": org.kind,
        "name": org.name,
        "credit_code": org.credit_code,
        "prefecture": org.prefecture_id or "",
        "county": org.county_id or "",
        "new_city": org.new_city,
        "address": org.address,
        "website": org.website,
        "description": org.description,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_fills_the_region_and_the_status_stays(client, admin, enterprise):
    region = Region.objects.filter(level="prefecture").first() or Region.objects.first()
    client.force_login(admin)
    page = client.get(reverse("accounts:organisation_detail", args=[enterprise.pk]))
    assert reverse("accounts:organisation_edit", args=[enterprise.pk]).encode() in page.content
    response = client.post(
        reverse("accounts:organisation_edit", args=[enterprise.pk]),
        _form(enterprise, prefecture=region.pk, address="西咸新区沣东新城"),
    )
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.address == "西咸新区沣东新城" and enterprise.is_verified
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.data["changed"]["address"] == ["", "西咸新区沣东新城"] and entry.data["reopened"] is False


def test_identity_change_by_the_admin_reopens_verification_and_tells_operators(client, admin, enterprise, operator):
    client.force_login(admin)
    response = client.post(
        reverse("accounts:organisation_edit", args=[enterprise.pk]), _form(enterprise, name="陕西新名称科技有限公司")
    )
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.verification_status == Organisation.Verification.PENDING
    notice = Notification.objects.get(kind="accounts.organisation_reverify")
    assert notice.user == operator
    assert not Notification.objects.filter(kind="accounts.organisation_reverify", user=admin).exists()


def test_operator_edit_keeps_verification(client, operator, enterprise):
    client.force_login(operator)
    client.post(reverse("accounts:organisation_edit", args=[enterprise.pk]), _form(enterprise, name="运营更正的名称"))
    enterprise.refresh_from_db()
    assert enterprise.name == "运营更正的名称" and enterprise.is_verified


def test_members_and_outsiders_cannot_edit(client, member, enterprise, make_user, make_org):
    other_admin = make_user(org=make_org(), org_role="admin")
    url = reverse("accounts:organisation_edit", args=[enterprise.pk])
    for user in (member, other_admin):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, _form(enterprise, name="篡改")).status_code == 403
        page = client.get(reverse("accounts:organisation_detail", args=[enterprise.pk]))
        assert url.encode() not in page.content
    client.logout()
    assert client.get(url).status_code == 302  # to login
    enterprise.refresh_from_db()
    assert enterprise.name != "篡改"
    assert not AuditEntry.objects.filter(action="organisation.update").exists()


def test_bad_credit_code_writes_nothing(client, admin, enterprise):
    client.force_login(admin)
    response = client.post(
        reverse("accounts:organisation_edit", args=[enterprise.pk]), _form(enterprise, credit_code="12345")
    )
    assert response.status_code == 200
    assert "统一社会信用代码" in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.is_verified and enterprise.credit_code != "12345"
    assert not AuditEntry.objects.filter(action="organisation.update").exists()
