import pytest
from django.contrib import admin
from django.urls import reverse

from catalog.libraries import LIBRARIES
from catalog.models import Demand


@pytest.mark.django_db
def test_nav_groups_libraries_and_keeps_two_visible(client):
    html = client.get(reverse("core:home")).content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]
    assert "资源库" in nav
    for lib in LIBRARIES.values():
        assert f'href="{reverse("catalog:list", args=[lib.slug])}"' in nav
    assert (
        nav.count('class="nav-link" href="/achievements/"') == 1 and nav.count('class="nav-link" href="/demands/"') == 1
    )


@pytest.mark.django_db
def test_healthz(client):
    assert client.get(reverse("core:healthz")).json()["status"] == "ok"


@pytest.mark.django_db
def test_admin_registers_foundation_models():
    from accounts.models import Membership, Organisation, User
    from catalog.models import (
        Achievement,
        Attachment,
        Expert,
        FinancialProduct,
        Instrument,
        Policy,
        ReviewEvent,
        Scenario,
    )
    from core.models import AuditEntry
    from reference.models import IndustryChain, Park, Region

    for model in (
        User,
        Organisation,
        Membership,
        Achievement,
        Demand,
        Instrument,
        Policy,
        Expert,
        FinancialProduct,
        Scenario,
        ReviewEvent,
        Attachment,
        AuditEntry,
        Region,
        IndustryChain,
        Park,
    ):
        assert admin.site.is_registered(model), model


@pytest.mark.django_db
def test_admin_pages_render_for_staff(client, make_user, make_record, enterprise):
    staff = make_user(roles=["operator"], is_staff=True, is_superuser=True)
    make_record(Demand, owner_org=enterprise, status="submitted", title="待审需求")
    client.force_login(staff)
    names = [
        "accounts_user",
        "accounts_organisation",
        "accounts_membership",
        "reference_region",
        "reference_park",
        "core_auditentry",
        "catalog_reviewevent",
    ] + [f"catalog_{lib.model._meta.model_name}" for lib in LIBRARIES.values()]
    for name in names:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    for name in ("accounts_user", "accounts_organisation", "catalog_demand", "catalog_policy"):
        assert client.get(reverse(f"admin:{name}_add")).status_code == 200, name
    assert (
        client.get(reverse("admin:catalog_demand_changelist"), {"status__exact": "submitted", "q": "待审"}).status_code
        == 200
    )


@pytest.mark.django_db
def test_admin_approve_action_goes_through_workflow(client, make_user, make_record, enterprise):
    from catalog.models import ReviewEvent

    staff = make_user(roles=["operator"], is_staff=True, is_superuser=True)
    record = make_record(Demand, owner_org=enterprise, status="submitted", title="待审需求")
    client.force_login(staff)
    client.post(
        reverse("admin:catalog_demand_changelist"), {"action": "approve_selected", "_selected_action": [record.pk]}
    )
    record.refresh_from_db()
    assert record.status == "published" and ReviewEvent.objects.get(object_id=record.pk).actor == staff


@pytest.mark.django_db
def test_admin_user_add_creates_usable_login(client, make_user):
    from accounts.models import User

    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new@example.cn",
            "mobile": "",
            "name": "新运营",
            "roles": ["operator"],
            "password1": "Admin-made-2026",
            "password2": "Admin-made-2026",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    user = User.objects.get(email="new@example.cn")
    assert user.check_password("Admin-made-2026") and user.is_operator


@pytest.mark.django_db
def test_audit_trail_is_read_only_in_admin(client, make_user):
    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403


def test_format_character_table_is_every_cf_code_point_of_this_python():
    import sys
    import unicodedata

    from core.text import FORMAT_CHARACTER_RANGES, strip_format_characters

    table = {c for a, b in FORMAT_CHARACTER_RANGES for c in range(a, b + 1)}
    assert table == {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert strip_format_characters("燃料\u200b电池\u00ad\ufeff\U000e0041 A\u2060") == "燃料电池 A"
