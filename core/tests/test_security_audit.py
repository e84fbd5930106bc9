"""Issue 9: the security audit trail (events, field history, retention, the operators' page)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core.audit import AuditEntry, audit

pytestmark = pytest.mark.django_db


def test_role_change_in_admin_records_old_and_new_values(client, make_user):
    admin = make_user(is_staff=True, is_superuser=True)
    target = make_user(email="promoted@example.cn")
    client.force_login(admin)
    response = client.get(f"/admin/accounts/user/{target.pk}/change/")
    assert response.status_code == 200
    target.roles = ["operator"]
    target.save()
    row = AuditEntry.objects.get(action="user.roles_change", object_id=str(target.pk))
    assert row.data == {"old": {"roles": []}, "new": {"roles": ["operator"]}}


def test_membership_changes_record_old_and_new_roles(make_user, make_org):
    from accounts.models import Membership

    org = make_org()
    user = make_user()
    membership = Membership.objects.create(user=user, organisation=org, role="member")
    membership.role = "admin"
    membership.save()
    membership.delete()
    rows = AuditEntry.objects.filter(action="membership.change").order_by("id")
    assert [(r.data["old"], r.data["new"]) for r in rows] == [(None, "member"), ("member", "admin"), ("admin", None)]


def test_organisation_verification_is_audited(operator, make_org):
    from accounts import services

    org = make_org(verified=False)
    services.organisation_verify(organisation=org, by=operator, approve=True)
    assert AuditEntry.objects.filter(action="organisation.verify", actor=operator, object_id=str(org.pk)).exists()
    assert org.history.count() >= 2  # field history: created, then verified


def test_user_history_keeps_no_password(make_user):
    user = make_user()
    user.name = "改名"
    user.save()
    history = user.history.order_by("history_date").last()
    assert history.name == "改名" and not hasattr(history, "password")


def test_policy_field_history(make_record):
    from catalog.models import Policy

    policy = make_record(Policy, title="旧标题")
    policy.title = "新标题"
    policy.save()
    assert [h.title for h in policy.history.order_by("history_date")] == ["旧标题", "新标题"]


def test_catalog_export_records_list_filter_rows_and_confidential_flag(client, make_record, enterprise, make_user):
    from catalog.models import Demand

    for n in range(3):
        make_record(Demand, owner_org=enterprise, title=f"需求{n}", budget_max=100)
    stranger = make_user()
    client.force_login(stranger)
    assert client.get("/demands/export.xlsx", {"q": "需求"}).status_code == 200
    row = AuditEntry.objects.get(action="export", actor=stranger)
    assert row.data["list"] == "catalog.demands" and row.data["filters"] == {"q": "需求"}
    assert row.data["rows"] == 3 and row.data["confidential"] is False
    owner = make_user(org=enterprise)
    client.force_login(owner)
    client.get("/demands/export.xlsx")
    assert AuditEntry.objects.get(action="export", actor=owner).data["confidential"] is True


def test_catalog_import_is_audited(client, operator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(operator)
    upload = SimpleUploadedFile("bad.csv", b"no,columns\n1,2\n", content_type="text/csv")
    client.post("/import/", {"library": "achievements", "file": upload})
    row = AuditEntry.objects.get(action="import")
    assert row.data["file"] == "bad.csv" and row.outcome == "failure" and row.data["rows"] == 0


def test_monitoring_export_is_audited(client, make_user):
    leader = make_user(roles=["leader"])
    client.force_login(leader)
    assert client.get("/monitoring/export.xlsx").status_code == 200
    row = AuditEntry.objects.get(action="export", actor=leader)
    assert row.data["list"] == "monitoring.dashboard" and row.data["format"] == "xlsx"


def test_deletions_are_audited_with_the_actor(client, make_user, make_record, enterprise):
    from catalog.models import Achievement

    admin = make_user(is_staff=True, is_superuser=True)
    record = make_record(Achievement, owner_org=enterprise, title="将被删除的成果")
    client.force_login(admin)
    response = client.post(f"/admin/catalog/achievement/{record.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    row = AuditEntry.objects.get(action="delete", data__model="catalog.achievement")
    assert row.actor == admin and "将被删除的成果" in row.note and row.ip == "127.0.0.1"


def test_purge_audit_refuses_less_than_180_days():
    old = audit(actor=None, action="auth.login_failed")
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    recent = audit(actor=None, action="auth.login_failed")
    with pytest.raises(CommandError):
        call_command("purge_audit", "--older-than", "179", stdout=StringIO())
    assert AuditEntry.objects.filter(pk=old.pk).exists()
    call_command("purge_audit", "--older-than", "365", stdout=StringIO())
    assert not AuditEntry.objects.filter(pk=old.pk).exists() and AuditEntry.objects.filter(pk=recent.pk).exists()


def test_trail_page_for_operators_filters_and_exports(client, operator, member):
    audit(actor=None, action="auth.login_failed", note="x@example.cn", outcome="failure")
    audit(actor=None, action="export", note="catalog.demands", outcome="success")
    client.force_login(member)
    assert client.get("/audit/").status_code == 403
    client.force_login(operator)
    page = client.get("/audit/", {"action": "auth.login_failed"}).content.decode()
    assert "x@example.cn" in page and "catalog.demands" not in page
    response = client.get("/audit/", {"action": "auth.", "format": "csv"})
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "auth.login_failed" in body and "catalog.demands" not in body
    row = AuditEntry.objects.filter(action="export", actor=operator).get()
    assert row.data["list"] == "core.audit" and row.data["filters"] == {"action": "auth."}
