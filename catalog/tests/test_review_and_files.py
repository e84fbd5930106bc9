from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalog import workflow
from catalog.models import Attachment, Demand, ReviewEvent


def transition(client, record, action, **extra):
    return client.post(
        reverse("catalog:transition", args=[record.library, record.pk]), {"action": action, **extra}, follow=True
    )


@pytest.fixture
def draft(make_record, enterprise, member):
    return make_record(Demand, owner_org=enterprise, status="draft", title="高精度减速器回差", created_by=member)


@pytest.mark.django_db
def test_review_flow_through_pages(client, draft, member, operator):
    client.force_login(member)
    assert "提交审核" in client.get(draft.get_absolute_url()).content.decode()
    assert "操作成功" in transition(client, draft, "submit").content.decode()
    client.force_login(operator)
    queue = client.get(reverse("catalog:review_queue")).content.decode()
    assert "高精度减速器回差" in queue
    page = client.post(
        reverse("catalog:transition", args=["demands", draft.pk]), {"action": "return", "next": "review"}, follow=True
    )
    assert "请填写原因" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == "submitted"
    transition(client, draft, "return", reason="请补充回差指标", next="review")
    draft.refresh_from_db()
    assert draft.status == "returned"
    client.force_login(member)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "请补充回差指标" in page
    assert "请补充回差指标" in client.get(reverse("catalog:mine", args=["demands"])).content.decode()
    response = client.post(
        reverse("catalog:edit", args=["demands", draft.pk]),
        {"title": "高精度减速器回差", "problem": "回差大于1弧分", "targets": "回差≤1弧分", "visibility": "public"},
    )
    assert response.status_code == 302
    transition(client, draft, "submit")
    client.force_login(operator)
    response = client.post(
        reverse("catalog:transition", args=["demands", draft.pk]), {"action": "approve", "next": "review"}
    )
    assert response.status_code == 302 and response.url == reverse("catalog:review_queue")
    assert "高精度减速器回差" not in client.get(reverse("catalog:review_queue")).content.decode()
    client.logout()
    assert "高精度减速器回差" in client.get(reverse("catalog:list", args=["demands"]), {"q": "减速器"}).content.decode()
    # Withdraw → draft hides it again; archive and reopen.
    client.force_login(member)
    transition(client, draft, "withdraw")
    draft.refresh_from_db()
    assert draft.status == "draft" and not Demand.objects.published().filter(pk=draft.pk).exists()
    transition(client, draft, "archive")
    transition(client, draft, "reopen")
    draft.refresh_from_db()
    assert draft.status == "draft"
    actions = list(ReviewEvent.objects.filter(object_id=draft.pk).values_list("action", flat=True))
    assert actions == ["submit", "return", "submit", "approve", "withdraw", "archive", "reopen"]


@pytest.mark.django_db
def test_review_queue_only_for_reviewers(client, member, make_user):
    url = reverse("catalog:review_queue")
    assert client.get(url).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(make_user(roles=["broker"]))
    assert client.get(url).status_code == 403
    client.force_login(make_user(roles=["reviewer"]))
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_published_record_cannot_be_edited_until_withdrawn(client, make_record, enterprise, member):
    record = make_record(Demand, owner_org=enterprise, title="已发布")
    client.force_login(member)
    response = client.post(
        reverse("catalog:edit", args=["demands", record.pk]),
        {"title": "改", "problem": "p", "visibility": "public"},
        follow=True,
    )
    assert "已发布的请先撤回" in response.content.decode()
    record.refresh_from_db()
    assert record.title == "已发布"


@pytest.mark.django_db
def test_renew_extends_expiry(draft, member, operator, settings):
    workflow.transition(record=draft, action="submit", by=member)
    record = workflow.transition(record=draft, action="approve", by=operator)
    Demand.objects.filter(pk=record.pk).update(expires_at=timezone.now() + timedelta(days=3))
    record = workflow.transition(record=record, action="renew", by=member)
    assert record.expires_at > timezone.now() + timedelta(days=settings.RECORD_TTL_DAYS - 1)


@pytest.mark.django_db
def test_expire_records_command(make_record, enterprise):
    due = make_record(Demand, owner_org=enterprise, title="到期")
    fresh = make_record(Demand, owner_org=enterprise, title="未到期")
    Demand.objects.filter(pk=due.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    out = StringIO()
    call_command("expire_records", stdout=out)
    assert "1" in out.getvalue()
    due.refresh_from_db()
    fresh.refresh_from_db()
    assert due.status == "archived" and fresh.status == "published"
    event = ReviewEvent.objects.get(object_id=due.pk)
    assert event.action == "expire" and event.actor is None and event.reason
    call_command("expire_records", stdout=StringIO())
    assert ReviewEvent.objects.filter(object_id=due.pk).count() == 1  # idempotent


@pytest.mark.django_db
def test_signal_sent_on_publish_and_withdraw(draft, member, operator, django_capture_on_commit_callbacks):
    from catalog.signals import resource_changed

    seen = []

    def listener(sender, record, action, **kwargs):
        seen.append((sender, record.pk, action))

    resource_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            workflow.transition(record=draft, action="submit", by=member)
            workflow.transition(record=draft, action="approve", by=operator)
            workflow.transition(record=draft, action="withdraw", by=member)
    finally:
        resource_changed.disconnect(listener)
    assert seen == [(Demand, draft.pk, "published"), (Demand, draft.pk, "withdrawn")]


# ---- attachments ------------------------------------------------------------------------------

PDF = b"%PDF-1.7\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20


def upload(client, record, name, content):
    return client.post(
        reverse("catalog:attachment_upload", args=[record.library, record.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


@pytest.mark.django_db
def test_attachment_checks(client, draft, member, settings):
    client.force_login(member)
    assert "附件已上传" in upload(client, draft, "方案.pdf", PDF).content.decode()
    assert "附件已上传" in upload(client, draft, "照片.png", PNG).content.decode()
    page = upload(client, draft, "脚本.exe", b"MZ...").content.decode()
    assert "不支持的附件类型" in page
    page = upload(client, draft, "假的.pdf", b"<html>not a pdf</html>").content.decode()
    assert "内容与扩展名" in page
    page = upload(client, draft, "假的.docx", b"plain text").content.decode()
    assert "内容与扩展名" in page
    settings.ATTACHMENT_MAX_BYTES = 1024
    page = upload(client, draft, "大.pdf", PDF + b"0" * 2048).content.decode()
    assert "不能超过" in page
    assert sorted(Attachment.objects.values_list("name", flat=True)) == ["方案.pdf", "照片.png"]


@pytest.mark.django_db
def test_only_editors_upload(client, make_record, enterprise, make_user, make_org, member):
    record = make_record(Demand, owner_org=enterprise, title="已发布需求")
    client.force_login(make_user(org=make_org()))
    upload(client, record, "a.pdf", PDF)
    client.force_login(member)  # owner, but published records are withdrawn before changing
    assert "无权" in upload(client, record, "a.pdf", PDF).content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_attachment_download_follows_record_visibility(client, draft, member, make_user, make_org, operator):
    client.force_login(member)
    upload(client, draft, "方案.pdf", PDF)
    attachment = Attachment.objects.get()
    url = reverse("catalog:attachment_download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    client.logout()
    assert client.get(url).status_code == 404  # the record is a draft
    client.force_login(make_user(org=make_org()))
    assert client.get(url).status_code == 404
    client.force_login(operator)
    assert client.get(url).status_code == 200
    workflow.transition(record=draft, action="submit", by=member)
    workflow.transition(record=draft, action="approve", by=operator)
    client.logout()
    assert client.get(url).status_code == 200
    Demand.objects.filter(pk=draft.pk).update(visibility="members")
    assert client.get(url).status_code == 404
