"""咨询/留言 (issue 10, item 5): a thread about a record between the asker and the record's owner
side, rate-limited, notified both ways, and unreadable by anyone else (pages, API, counts, notices)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from consultations import selectors, services
from consultations.models import Message, Thread
from notifications.models import Notification

QUESTION = "请问该技术的中试设备可否到企业现场演示？"
ANSWER = "可以，下周二可安排现场演示。"


def recipients(kind):
    return {n.user for n in Notification.objects.filter(kind=kind).select_related("user")}


def test_opening_notifies_the_owner_side_only(expert, asker, owner, colleague, outsider, operator):
    thread = services.consultation_open(user=asker, record=expert, body=QUESTION)
    assert thread.owner_org == expert.owner_org and thread.asker == asker
    assert thread.messages.get().body == QUESTION
    # The owning organisation's members hear of it, with the text; nobody else does.
    assert recipients("consultations.asked") == {owner, colleague}
    assert all(QUESTION in n.body for n in Notification.objects.filter(kind="consultations.asked"))
    assert not Notification.objects.filter(user__in=[asker, outsider, operator]).exists()


def test_owner_answer_notifies_the_asker_and_counts_unread(expert, asker, owner, colleague, outsider):
    thread = services.consultation_open(user=asker, record=expert, body=QUESTION)
    assert selectors.unread_count(owner) == 1 and selectors.unread_count(colleague) == 1
    assert selectors.unread_count(asker) == 0
    services.consultation_reply(thread=thread, user=owner, body=ANSWER)
    assert recipients("consultations.answered") == {asker}
    assert selectors.unread_count(asker) == 1
    assert selectors.unread_count(owner) == 0  # the answering side has read up to its answer
    thread.refresh_from_db()
    assert thread.answered_at is not None
    services.mark_read(thread=thread, user=asker)
    assert selectors.unread_count(asker) == 0
    # A follow-up goes back to the owner side (not to the asker, not to outsiders).
    services.consultation_reply(thread=thread, user=asker, body="好的，需要提前准备什么？")
    assert recipients("consultations.followed_up") == {owner, colleague}
    assert selectors.unread_count(outsider) == 0
    assert not Notification.objects.filter(user=outsider).exists()


def test_record_without_owner_is_answered_by_operators(make_patent, asker, operator, make_user):
    leader = make_user(name="领导", roles=["leader"])
    patent = make_patent()
    thread = services.consultation_open(user=asker, record=patent, body="该专利是否可以许可？")
    assert thread.answered_by_operators
    assert recipients("consultations.asked") == {operator}
    services.consultation_reply(thread=thread, user=operator, body="可许可，请发起对接。")
    assert recipients("consultations.answered") == {asker}
    with pytest.raises(PermissionDenied):
        services.consultation_reply(thread=thread, user=leader, body="我也想说")


def test_talent_profile_is_answered_by_the_person(make_user, asker):
    from talent.models import TalentProfile

    person = make_user(name="陈研究员")
    profile = TalentProfile.objects.create(
        user=person, name="陈研究员", category="high_level", fields_of_work="燃料电池", status="verified"
    )
    thread = services.consultation_open(user=asker, record=profile, body="能否担任科技副总？")
    assert thread.owner_user == person and thread.owner_org is None
    assert recipients("consultations.asked") == {person}


@pytest.mark.parametrize(
    "body, message",
    [("", "请填写留言内容"), ("   ", "请填写留言内容"), ("字" * 1001, "不能超过")],
)
def test_bad_text_is_refused_and_nothing_is_written(expert, asker, body, message):
    with pytest.raises(ValidationError) as exc:
        services.consultation_open(user=asker, record=expert, body=body)
    assert message in str(exc.value)
    assert not Thread.objects.exists() and not Notification.objects.exists()


def test_own_record_draft_and_closed_thread_are_refused(expert, owner, asker, make_record, owner_org):
    from catalog.models import Expert

    with pytest.raises(ValidationError):
        services.consultation_open(user=owner, record=expert, body=QUESTION)
    draft = make_record(Expert, owner_org=owner_org, status="draft", title="草稿专家")
    with pytest.raises(ValidationError):
        services.consultation_open(user=asker, record=draft, body=QUESTION)
    thread = services.consultation_open(user=asker, record=expert, body=QUESTION)
    services.consultation_close(thread=thread, user=owner)
    with pytest.raises(ValidationError):
        services.consultation_reply(thread=thread, user=asker, body="还在吗？")
    assert Message.objects.count() == 1


# ---- pages --------------------------------------------------------------------------------------


def test_pages_flow_and_who_must_not_see(client, expert, asker, owner, outsider, operator, make_user):
    client.force_login(asker)
    page = client.get(expert.get_absolute_url())
    assert 'data-action="consult"' in page.content.decode()
    new_url = f"/consultations/new/?record=catalog.expert:{expert.pk}"
    assert client.get(new_url).status_code == 200
    response = client.post(new_url, {"record": f"catalog.expert:{expert.pk}", "body": QUESTION})
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()

    client.force_login(owner)
    assert QUESTION in client.get(thread.get_absolute_url()).content.decode()
    assert "周教授" in client.get("/consultations/?side=received").content.decode()
    client.post(thread.get_absolute_url(), {"body": ANSWER})
    assert thread.messages.filter(from_owner=True, body=ANSWER).exists()

    client.force_login(asker)
    listing = client.get("/consultations/?side=asked").content.decode()
    assert 'id="consult-unread"' in listing and "周教授" in listing
    assert ANSWER in client.get(thread.get_absolute_url()).content.decode()

    # Nobody else: an outsider, a leader, a reviewer, a broker get a 404 and an empty list.
    for role in (None, "leader", "reviewer", "broker"):
        other = outsider if role is None else make_user(roles=[role])
        client.force_login(other)
        assert client.get(thread.get_absolute_url()).status_code == 404
        assert client.post(thread.get_absolute_url(), {"body": "插话"}).status_code == 404
        assert client.post(f"/consultations/{thread.pk}/close/").status_code == 404
        body = client.get("/consultations/?moderation=1").content.decode()
        assert "周教授" not in body and QUESTION not in body
    assert Message.objects.count() == 2

    # Operators read for moderation (DESIGN.md §5) but cannot write in an owned thread.
    client.force_login(operator)
    body = client.get(thread.get_absolute_url()).content.decode()
    assert QUESTION in body and "reply-form" not in body
    assert client.post(thread.get_absolute_url(), {"body": "运营插话"}).status_code == 404
    assert "周教授" in client.get("/consultations/?moderation=1").content.decode()
    assert "周教授" not in client.get("/consultations/").content.decode()


def test_anonymous_is_sent_to_login(client, expert):
    page = client.get(expert.get_absolute_url()).content.decode()
    assert "登录后咨询" in page
    assert client.get(f"/consultations/new/?record=catalog.expert:{expert.pk}").status_code == 302


def test_unknown_or_invisible_record_is_404(client, asker, make_record, owner_org):
    from catalog.models import Expert

    draft = make_record(Expert, owner_org=owner_org, status="draft")
    client.force_login(asker)
    for key in (f"catalog.expert:{draft.pk}", "catalog.expert:99999", "accounts.user:1", "rubbish", ""):
        assert client.get(f"/consultations/new/?record={key}").status_code == 404


def test_web_form_is_rate_limited(client, expert, asker, monkeypatch):
    from consultations.throttles import ConsultationThrottle

    monkeypatch.setattr(ConsultationThrottle, "rate", "2/hour", raising=False)
    client.force_login(asker)
    url = f"/consultations/new/?record=catalog.expert:{expert.pk}"
    codes = [client.post(url, {"body": f"{QUESTION}{n}"}).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert Thread.objects.count() == 2
    assert "留言过于频繁" in client.post(url, {"body": QUESTION}).content.decode()


def test_the_owner_side_is_not_throttled(client, expert, asker, owner, monkeypatch):
    from consultations.throttles import ConsultationThrottle

    monkeypatch.setattr(ConsultationThrottle, "rate", "1/hour", raising=False)
    thread = services.consultation_open(user=asker, record=expert, body=QUESTION)
    client.force_login(owner)
    for n in range(3):
        assert client.post(thread.get_absolute_url(), {"body": f"{ANSWER}{n}"}).status_code == 302
    assert thread.messages.filter(from_owner=True).count() == 3


# ---- API ----------------------------------------------------------------------------------------


def test_api_flow_and_who_must_not_see(client, expert, asker, owner, outsider, operator, no_throttle_limit):
    client.force_login(asker)
    r = client.post(
        "/api/v1/consultations/",
        {"record": f"catalog.expert:{expert.pk}", "body": QUESTION},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    tid = r.json()["id"]
    assert r.json()["messages"][0]["body"] == QUESTION

    client.force_login(owner)
    assert client.get("/api/v1/consultations/unread-count/").json() == {"unread": 1}
    assert [t["id"] for t in client.get("/api/v1/consultations/?side=received").json()["results"]] == [tid]
    r = client.post(f"/api/v1/consultations/{tid}/reply/", {"body": ANSWER}, content_type="application/json")
    assert r.status_code == 201 and r.json()["from_owner"] is True

    client.force_login(asker)
    assert client.get("/api/v1/consultations/unread-count/").json() == {"unread": 1}
    detail = client.get(f"/api/v1/consultations/{tid}/").json()
    assert [m["body"] for m in detail["messages"]] == [QUESTION, ANSWER]
    assert client.get("/api/v1/consultations/unread-count/").json() == {"unread": 0}

    client.force_login(outsider)
    assert client.get(f"/api/v1/consultations/{tid}/").status_code == 404
    assert (
        client.post(f"/api/v1/consultations/{tid}/reply/", {"body": "x"}, content_type="application/json").status_code
        == 404
    )
    assert client.get("/api/v1/consultations/?moderation=1").json()["count"] == 0
    assert client.get("/api/v1/consultations/unread-count/").json() == {"unread": 0}
    assert not Notification.objects.filter(user=outsider).exists()

    client.force_login(operator)
    assert client.get(f"/api/v1/consultations/{tid}/").status_code == 200
    assert (
        client.post(f"/api/v1/consultations/{tid}/reply/", {"body": "x"}, content_type="application/json").status_code
        == 403
    )
    assert client.get("/api/v1/consultations/").json()["count"] == 0
    assert client.get("/api/v1/consultations/?moderation=1").json()["count"] == 1

    client.logout()
    assert client.get("/api/v1/consultations/").status_code in (401, 403)


def test_api_errors_are_structured(client, expert, asker, owner, monkeypatch):
    from consultations.throttles import ConsultationThrottle

    monkeypatch.setattr(ConsultationThrottle, "rate", "1/hour", raising=False)
    client.force_login(asker)
    post = lambda data: client.post("/api/v1/consultations/", data, content_type="application/json")  # noqa: E731
    fields = lambda r: (r.status_code, set(r.json()["error"]["fields"]))  # noqa: E731  (the platform's error envelope)
    assert fields(post({"record": "catalog.expert:99999", "body": QUESTION})) == (400, {"record"})
    assert fields(post({"record": f"catalog.expert:{expert.pk}", "body": ""})) == (400, {"body"})
    assert fields(post({"record": f"catalog.expert:{expert.pk}", "body": "字" * 1001})) == (400, {"body"})
    assert post({"record": f"catalog.expert:{expert.pk}", "body": QUESTION}).status_code == 201
    assert post({"record": f"catalog.expert:{expert.pk}", "body": QUESTION}).status_code == 429
    client.force_login(owner)
    own = post({"record": f"catalog.expert:{expert.pk}", "body": QUESTION})  # own record
    assert own.status_code == 400 and "无需咨询" in own.json()["error"]["message"]
    assert Thread.objects.count() == 1


def test_workbench_panel_for_both_sides(client, expert, asker, owner, outsider):
    services.consultation_open(user=asker, record=expert, body=QUESTION)
    for user in (asker, owner):
        client.force_login(user)
        assert 'data-panel="consultations.mine"' in client.get("/workbench/").content.decode()
    client.force_login(outsider)
    assert "consultations.mine" not in client.get("/workbench/").content.decode()


def test_english_pages(client, expert, asker, owner, make_record, enterprise):
    from catalog.models import Instrument

    thread = services.consultation_open(user=asker, record=expert, body=QUESTION)
    services.consultation_reply(thread=thread, user=owner, body=ANSWER)
    client.force_login(asker)
    client.cookies["django_language"] = "en"
    detail = client.get(expert.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ("Next step", "Ask a question", "Bookmark", "Copy link"):
        assert text in detail
    for cjk in ("下一步", "咨询/留言", "复制链接", ">收藏<"):
        assert cjk not in detail
    listing = client.get("/consultations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My questions" in listing and "Answered by" in listing and "我的咨询" not in listing
    page = client.get(thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Follow up" in page and "Close the question" in page
    assert "No bookmarks yet" in client.get("/bookmarks/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    product = make_record(Instrument, owner_org=enterprise)
    assert "Ask a question" in client.get(product.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_one_counter_for_the_page_and_the_api(client, expert, asker, monkeypatch):
    from consultations.throttles import ConsultationThrottle

    monkeypatch.setattr(ConsultationThrottle, "rate", "2/hour", raising=False)
    client.force_login(asker)
    key = f"catalog.expert:{expert.pk}"
    assert client.post(f"/consultations/new/?record={key}", {"body": QUESTION}).status_code == 302
    thread = Thread.objects.get()
    assert (
        client.post(
            f"/api/v1/consultations/{thread.pk}/reply/", {"body": "追问"}, content_type="application/json"
        ).status_code
        == 201
    )
    assert (
        client.post(
            "/api/v1/consultations/", {"record": key, "body": QUESTION}, content_type="application/json"
        ).status_code
        == 429
    )
    assert client.post(thread.get_absolute_url(), {"body": "再追问"}).status_code == 429
    assert Message.objects.count() == 2


def test_operators_reading_for_moderation_is_audited(client, expert, asker, owner, operator):
    from core.models import AuditEntry

    thread = services.consultation_open(user=asker, record=expert, body=QUESTION)
    for user in (asker, owner):  # the two sides are not audited for reading their own exchange
        client.force_login(user)
        client.get(thread.get_absolute_url())
    assert not AuditEntry.objects.filter(action="consultations.moderation_read").exists()
    client.force_login(operator)
    client.get(thread.get_absolute_url())
    client.get(f"/api/v1/consultations/{thread.pk}/")
    rows = AuditEntry.objects.filter(action="consultations.moderation_read")
    assert rows.count() == 2 and {r.actor for r in rows} == {operator} and rows[0].object_id == str(thread.pk)
