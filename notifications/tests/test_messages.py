"""Notices are read in the reader's language, not in the language of the request that caused them."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.membership import set_role
from accounts.models import Membership
from accounts.services import organisation_verify
from notifications.messages import Join, Message
from notifications.models import Channel, Notification
from notifications.services import PlainTextTitle, notify, send_digests, send_emails

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]")


def _inbox(client, user, language=None):
    client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    else:
        client.cookies.pop("django_language", None)
    return client.get(reverse("notifications:inbox")).content.decode()


def _api_titles(client, user, language=None):
    client.force_login(user)
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    if language:
        client.cookies["django_language"] = language
    else:
        client.cookies.pop("django_language", None)
    return [(n["title"], n["body"]) for n in client.get("/api/v1/notifications/", **headers).json()["results"]]


def test_an_operator_in_english_refuses_and_each_member_reads_it_in_their_own_language(
    client, operator, enterprise, member, make_user
):
    english_reader = make_user(name="English reader", org=enterprise)
    with translation.override("en"):  # the operator's request is in English
        organisation_verify(organisation=enterprise, by=operator, approve=False, note="缺少营业执照")
    row = Notification.objects.get(user=member, kind="accounts.organisation_refused")
    # The stored text is in the platform's default language (admin, search)
    assert row.title == f"机构“{enterprise.name}”未通过认证"
    assert row.body == "原因：缺少营业执照。请修改机构信息后重新提交认证。"

    page = _inbox(client, member)
    assert f"机构“{enterprise.name}”未通过认证" in page
    assert "was not verified" not in page
    assert _api_titles(client, member) == [
        (f"机构“{enterprise.name}”未通过认证", "原因：缺少营业执照。请修改机构信息后重新提交认证。")
    ]

    page = _inbox(client, english_reader, "en")
    assert f"Organisation “{enterprise.name}” was not verified" in page
    assert "未通过认证" not in page
    ((title, body),) = _api_titles(client, english_reader, "en")
    assert title == f"Organisation “{enterprise.name}” was not verified"
    assert body.startswith("Reason: 缺少营业执照.")  # what the operator wrote stays as written


def test_a_label_parameter_is_translated_for_the_reader(client, operator, enterprise, member):
    with translation.override("en"):
        set_role(organisation=enterprise, user=member, role=Membership.Role.ADMIN, by=operator)
    row = Notification.objects.get(user=member, kind="accounts.membership_changed")
    assert row.title == f"您在“{enterprise.name}”的角色改为管理员"
    assert row.message["title"]["params"]["r"] == {"msgid": "管理员", "params": {}}  # stored as a msgid
    assert row.title_in("en") == f"Your role in “{enterprise.name}” is now Administrator"
    assert f"您在“{enterprise.name}”的角色改为管理员" in _inbox(client, member)
    assert f"Your role in “{enterprise.name}” is now Administrator" in _inbox(client, member, "en")


def test_the_workbench_lists_notices_in_the_readers_language(client, operator, enterprise, member):
    with translation.override("zh-hans"):
        set_role(organisation=enterprise, user=member, role=Membership.Role.ADMIN, by=operator)
    client.force_login(member)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("core:workbench")).content.decode()
    assert f"Your role in “{enterprise.name}” is now Administrator" in page


def test_the_email_follows_the_recipients_chosen_language_not_the_senders(
    client, operator, enterprise, member, make_user, settings
):
    settings.NOTIFICATIONS_EMAIL = False  # sent by hand below
    english_reader = make_user(name="English reader", org=enterprise)
    client.force_login(english_reader)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # remembered on the account
    english_reader.refresh_from_db()
    member.refresh_from_db()
    assert (english_reader.language, member.language) == ("en", "")
    with translation.override("en"):  # the operator's request is in English
        organisation_verify(organisation=enterprise, by=operator, approve=False, note="缺少营业执照")
    rows = Notification.objects.filter(kind="accounts.organisation_refused", channel=Channel.EMAIL)
    assert rows.count() == 2
    with translation.override("zh-hans"):  # whatever language the sending worker runs in
        send_emails([n.pk for n in rows])
    sent = {m.to[0]: m for m in mail.outbox}
    chinese, english = sent[member.email], sent[english_reader.email]
    assert f"机构“{enterprise.name}”未通过认证" in chinese.subject
    assert "原因：缺少营业执照" in chinese.body and "Reason" not in chinese.body
    assert f"Organisation “{enterprise.name}” was not verified" in english.subject
    assert "Reason: 缺少营业执照." in english.body and not HAN.search(english.body.replace("缺少营业执照", ""))


def test_switching_language_changes_only_the_signed_in_users_own_language(client, member, colleague):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # anonymous: nothing to remember
    client.force_login(member)
    r = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert r.status_code == 302 and r.cookies["django_language"].value == "en"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not a site language: ignored
    member.refresh_from_db()
    colleague.refresh_from_db()
    assert (member.language, colleague.language) == ("en", "")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    member.refresh_from_db()
    assert member.language == "zh-hans"


def test_the_digest_is_written_in_the_recipients_language(member, colleague):
    colleague.language = "en"
    colleague.save(update_fields=["language"])
    with translation.override("en"):
        notify(
            users=[member, colleague],
            kind="catalog.review_requested",
            title=Message(
                gettext_noop("%(library)s《%(title)s》被退回修改"), library=gettext_lazy("技术需求"), title="氢能"
            ),
        )
        Notification.objects.filter(user__in=[member, colleague]).update(channel=Channel.DIGEST)
        assert send_digests() == 2
    sent = {m.to[0]: m for m in mail.outbox}
    chinese, english = sent[member.email], sent[colleague.email]
    assert "技术需求《氢能》被退回修改" in chinese.body and "returned" not in chinese.body
    assert HAN.search(chinese.subject)
    assert "“氢能” returned for changes" in english.body and "被退回修改" not in english.body
    assert not HAN.search(english.subject.replace("秦创原科技大市场", ""))


def test_a_plain_str_title_is_refused_in_tests_and_stored_as_is_in_production(member, settings):
    with pytest.raises(PlainTextTitle):
        notify(users=[member], kind="catalog.approved", title="已通过")
    settings.NOTIFICATION_MESSAGES_STRICT = False
    (row,) = notify(users=[member], kind="catalog.approved", title="已通过", body="正文")
    assert (row.title, row.body, row.message) == ("已通过", "正文", {})
    with translation.override("en"):
        assert (row.shown_title, row.shown_body) == ("已通过", "正文")


def test_old_rows_without_a_message_show_their_stored_text(client, member):
    Notification.objects.create(user=member, kind="catalog.approved", title="旧通知标题", body="旧通知正文")
    page = _inbox(client, member, "en")
    assert "旧通知标题" in page and "旧通知正文" in page
    assert _api_titles(client, member, "en") == [("旧通知标题", "旧通知正文")]


def test_a_message_survives_json_and_renders_nested_lazy_and_joined_parts():
    from django.utils.text import format_lazy

    kind_label = format_lazy(gettext_lazy("兑现申请：{}"), gettext_lazy("管理员"))
    msg = Message(gettext_noop("%(library)s《%(title)s》被退回修改"), library=kind_label, title="氢能") + "\n" + "附言"
    back = Message.from_json(json.loads(json.dumps(msg.to_json())))
    assert isinstance(back, Join)
    assert back.render("zh-hans") == "兑现申请：管理员《氢能》被退回修改\n附言"
    assert back.render("en").startswith("Fulfilment application: Administrator “氢能”")
    with pytest.raises(TypeError):
        Message(gettext_lazy("管理员"))  # a msgid is marked with gettext_noop, not translated


def test_every_app_keeps_its_english_translation_of_the_msgids_passed_to_notify():
    """The msgids did not change: each app's .po entry still translates the notices."""
    cases = [
        Message(gettext_noop("%(library)s《%(title)s》被退回修改"), library=gettext_lazy("技术需求"), title="x"),
        Message(gettext_noop("对接“%(t)s”有新消息"), t="x"),
        Message(gettext_noop("台账任务已交办：%(code)s"), code="T-1"),
        Message(gettext_noop("兑现申请待审核：%(clause)s"), clause="x"),
        Message(gettext_noop("您的人才档案已通过核验")),
        Message(gettext_noop("新的检测委托：%(t)s"), t="x"),
        Message(gettext_noop("融资申请已批准：%(product)s"), product="x"),
        Message(gettext_noop("“%(o)s”邀请您加入"), o="x"),
    ]
    for msg in cases:
        assert HAN.search(msg.render("zh-hans")), msg
        assert not HAN.search(msg.render("en")), (msg, msg.render("en"))


def _noop_msgids() -> dict[str, str]:
    """Every gettext_noop("…") literal in the non-test modules that build notification Messages,
    with the file it is in."""
    import ast
    from pathlib import Path

    from django.conf import settings

    found = {}
    for path in Path(settings.BASE_DIR).glob("*/**/*.py"):
        rel = path.relative_to(settings.BASE_DIR)
        if rel.parts[0] in (".venv", "node_modules") or "tests" in rel.parts or "migrations" in rel.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "notifications.messages import" not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "gettext_noop"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found[node.args[0].value] = str(rel)
    return found


def test_makemessages_finds_the_notice_msgids_and_their_english_translations_still_apply():
    """Callers mark msgids with gettext_noop under that name (makemessages' keyword; an alias such
    as N_ is not extracted, and its .po entries would go obsolete), and each keeps its English."""
    from pathlib import Path

    found = _noop_msgids()
    assert len(found) > 60, len(found)
    for path in Path(__file__).resolve().parents[2].glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        assert "gettext_noop as" not in path.read_text(encoding="utf-8"), path  # any module, not only notices
    untranslated = []
    for msgid, where in found.items():
        with translation.override("en"):
            english = translation.gettext(msgid)
        if english == msgid or HAN.search(english.replace("%(", "")):
            untranslated.append((where, msgid))
    assert untranslated == []


def test_a_stored_message_that_no_longer_fits_its_msgid_shows_the_source_not_an_error(client, member):
    (row,) = notify(
        users=[member],
        kind="catalog.approved",
        title=Message(gettext_noop("待审核：%(library)s《%(title)s》"), library="需求", title="氢能"),
    )
    row.message["title"]["params"] = {"library": "需求"}  # e.g. a row stored before a parameter was added
    row.save(update_fields=["message"])
    row.refresh_from_db()
    assert row.title_in("en") == "待审核：%(library)s《%(title)s》"
    assert client.get(reverse("notifications:inbox")).status_code == 302  # anonymous: login
    assert "待审核：%(library)s《%(title)s》" in _inbox(client, member, "en")
