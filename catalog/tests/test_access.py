"""DESIGN.md section 5: who must NOT see each confidential field, on every surface that shows a
record: detail page, list page, API list and detail, and the XLSX export."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from catalog.models import Demand, Expert

SECRET_BUDGET_MIN = Decimal("123.45")
SECRET_BUDGET_MAX = Decimal("678.90")
SECRET_DETAILS = "电堆膜电极配方参数ZX-7731"
SECRET_PHONE = "13911112222"
SECRET_EMAIL = "secret.expert@example.cn"


@pytest.fixture
def demand(make_record, enterprise):
    return make_record(
        Demand,
        owner_org=enterprise,
        title="氢燃料电池电堆寿命提升",
        problem="寿命不足",
        budget_min=SECRET_BUDGET_MIN,
        budget_max=SECRET_BUDGET_MAX,
        confidential_details=SECRET_DETAILS,
        contact_name="王经理",
        contact_phone="02988886666",
        contact_email="wang@example.cn",
    )


@pytest.fixture
def expert(make_record, enterprise):
    return make_record(
        Expert,
        owner_org=enterprise,
        title="李教授",
        fields_of_work="氢能",
        private_phone=SECRET_PHONE,
        private_email=SECRET_EMAIL,
    )


def _secrets_of(record):
    if isinstance(record, Demand):
        return ["123.45", "678.90", SECRET_DETAILS]
    return [SECRET_PHONE, SECRET_EMAIL]


def _surfaces(client, record):
    """Every text a client can get about the record."""
    lib = record.library
    texts = {
        "detail": client.get(record.get_absolute_url()).content.decode(),
        "list": client.get(reverse("catalog:list", args=[lib])).content.decode(),
        "search": client.get(reverse("core:search"), {"q": record.title}).content.decode(),
        "api_list": client.get(f"/api/v1/{lib}/").content.decode(),
        "api_detail": client.get(f"/api/v1/{lib}/{record.pk}/").content.decode(),
    }
    workbook = load_workbook(io.BytesIO(client.get(reverse("catalog:export", args=[lib])).content))
    # Amounts are number cells (core.xlsx): written out with their two decimals, as shown elsewhere.
    texts["export"] = "\n".join(
        f"{cell:.2f}" if isinstance(cell, float) else str(cell)
        for row in workbook.active.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    return texts


def _assert_hidden(client, record):
    texts = _surfaces(client, record)
    assert record.title in texts["detail"] and record.title in texts["api_list"] and record.title in texts["export"]
    for surface, text in texts.items():
        for secret in _secrets_of(record):
            assert secret not in text, f"{secret} leaked on {surface}"


def _assert_visible(client, record):
    texts = _surfaces(client, record)
    for surface in ("detail", "api_detail", "export"):
        for secret in _secrets_of(record):
            assert secret in texts[surface], f"{secret} missing on {surface}"


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["demand", "expert"])
def test_visitor_does_not_see_confidential_fields(client, request, which):
    _assert_hidden(client, request.getfixturevalue(which))


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["demand", "expert"])
def test_other_enterprise_member_does_not_see_confidential_fields(client, request, which, make_org, make_user):
    record = request.getfixturevalue(which)
    client.force_login(make_user(org=make_org(name="另一家企业")))
    _assert_hidden(client, record)


@pytest.mark.django_db
@pytest.mark.parametrize("roles", [["broker"], ["leader"], ["reviewer"], []])
def test_platform_roles_other_than_operator_do_not_see_demand_budget(client, demand, make_user, roles):
    # A broker sees confidential fields only when a deal grants it (deals app); a leader reads
    # aggregates; a reviewer reviews the public part.
    client.force_login(make_user(roles=roles))
    texts = _surfaces(client, demand)
    for surface in ("detail", "api_detail", "api_list", "export"):
        assert SECRET_DETAILS not in texts[surface] and "678.90" not in texts[surface], surface


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["demand", "expert"])
def test_owner_member_sees_confidential_fields(client, request, which, member):
    record = request.getfixturevalue(which)
    client.force_login(member)
    _assert_visible(client, record)


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["demand", "expert"])
def test_operator_sees_confidential_fields(client, request, which, operator):
    record = request.getfixturevalue(which)
    client.force_login(operator)
    _assert_visible(client, record)


@pytest.mark.django_db
def test_confidential_grant_extension_point(client, demand, make_user):
    from catalog import access

    broker = make_user(roles=["broker"])

    def grant(user, record):
        return user.pk == broker.pk and record.pk == demand.pk

    access.register_confidential_grant(grant)
    try:
        client.force_login(broker)
        assert SECRET_DETAILS in client.get(demand.get_absolute_url()).content.decode()
    finally:
        access._GRANTS.remove(grant)
    assert SECRET_DETAILS not in client.get(demand.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_contact_details_are_for_signed_in_users(client, demand, make_user):
    texts = _surfaces(client, demand)
    for surface in ("detail", "api_detail", "api_list", "export"):
        assert "02988886666" not in texts[surface] and "wang@example.cn" not in texts[surface], surface
    assert "王经理" in texts["detail"]
    client.force_login(make_user())
    assert "02988886666" in client.get(demand.get_absolute_url()).content.decode()
    assert client.get(f"/api/v1/demands/{demand.pk}/").json()["contact_phone"] == "02988886666"


# ---- status and visibility --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "archived"])
def test_unpublished_records_are_never_public(client, make_record, enterprise, make_org, make_user, status):
    record = make_record(Demand, owner_org=enterprise, status=status, title=f"未发布需求{status}")
    stranger = make_user(org=make_org())
    for user in (None, stranger):
        if user:
            client.force_login(user)
        assert client.get(record.get_absolute_url()).status_code == 404
        assert record.title not in client.get(reverse("catalog:list", args=["demands"])).content.decode()
        assert client.get(f"/api/v1/demands/{record.pk}/").status_code == 404
        assert record.title not in client.get("/api/v1/demands/", {"scope": "all"}).content.decode()
        search_page = client.get(reverse("core:search"), {"q": "未发布需求"}).content.decode()
        assert f'href="{record.get_absolute_url()}"' not in search_page
        export = client.get(reverse("catalog:export", args=["demands"]), {"scope": "mine"}).content
        assert record.title not in str(
            [c for r in load_workbook(io.BytesIO(export)).active.iter_rows(values_only=True) for c in r]
        )


@pytest.mark.django_db
def test_owner_sees_own_draft_but_not_in_public_list(client, make_record, enterprise, member):
    record = make_record(Demand, owner_org=enterprise, status="draft", title="自己的草稿")
    client.force_login(member)
    assert client.get(record.get_absolute_url()).status_code == 200
    assert "自己的草稿" not in client.get(reverse("catalog:list", args=["demands"])).content.decode()
    assert "自己的草稿" in client.get(reverse("catalog:mine", args=["demands"])).content.decode()
    assert client.get("/api/v1/demands/", {"scope": "mine"}).json()["count"] == 1


@pytest.mark.django_db
def test_expired_record_is_not_public(client, make_record, enterprise):
    from datetime import timedelta

    from django.utils import timezone

    record = make_record(Demand, owner_org=enterprise, title="过期需求")
    Demand.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert client.get(record.get_absolute_url()).status_code == 404
    assert "过期需求" not in client.get(reverse("catalog:list", args=["demands"])).content.decode()


@pytest.mark.django_db
def test_members_only_records(client, make_record, enterprise, make_user):
    record = make_record(Demand, owner_org=enterprise, title="会员可见需求", visibility="members")
    assert client.get(record.get_absolute_url()).status_code == 404
    assert "会员可见需求" not in client.get(reverse("catalog:list", args=["demands"])).content.decode()
    assert client.get("/api/v1/demands/").json()["count"] == 0
    assert "会员可见需求" not in client.get(reverse("core:home")).content.decode()
    client.force_login(make_user())
    assert client.get(record.get_absolute_url()).status_code == 200
    assert "会员可见需求" in client.get(reverse("catalog:list", args=["demands"])).content.decode()
    assert client.get("/api/v1/demands/").json()["count"] == 1


@pytest.mark.django_db
def test_stranger_cannot_edit_or_transition(client, make_record, enterprise, make_user, make_org):
    record = make_record(Demand, owner_org=enterprise, title="别人的需求")
    client.force_login(make_user(org=make_org()))
    response = client.get(reverse("catalog:edit", args=["demands", record.pk]))
    assert response.status_code == 302  # bounced back to the detail page with a message
    response = client.post(
        reverse("catalog:transition", args=["demands", record.pk]), {"action": "withdraw"}, follow=True
    )
    assert "无权" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "published"
    response = client.patch(f"/api/v1/demands/{record.pk}/", {"title": "改掉"}, content_type="application/json")
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.title == "别人的需求"
