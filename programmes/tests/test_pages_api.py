"""Pages and API: what each viewer gets, errors as the platform's JSON, exports for managers only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from programmes.models import Assignment, Entry, EntryStatus
from programmes.services.calls import call_transition
from programmes.services.reviews import assignment_answer, draw_reviewers

pytestmark = pytest.mark.django_db


def _review(operator, call):
    call = call_transition(call=call, action="close_entries", by=operator)
    draw_reviewers(call=call, by=operator, wanted=3, seed=4)
    for a in Assignment.objects.filter(call=call).select_related("expert__user"):
        assignment_answer(assignment=a, by=a.expert.user, accept=True)
    return call


def test_pages_render_for_visitors_and_hide_entries(client, two_entries):
    call = two_entries.call
    for url in ("/programmes/", "/programmes/?kind=challenge", f"/programmes/{call.pk}/", "/programmes/news/"):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/programmes/{call.pk}/").content.decode()
    assert "甲方案" not in page and "乙方案" not in page
    assert 'id="stats"' in page
    assert client.get(f"/programmes/entries/{two_entries.a.pk}/").status_code == 404


def test_other_entrant_gets_404_and_own_entry_shows(client, two_entries, teams):
    client.force_login(teams.bob)
    assert client.get(f"/programmes/entries/{two_entries.a.pk}/").status_code == 404
    page = client.get(f"/programmes/{two_entries.call.pk}/").content.decode()
    assert "乙方案" in page and "甲方案" not in page
    assert client.get(f"/programmes/entries/{two_entries.b.pk}/").status_code == 200


def test_entry_form_page_creates_and_submits(client, make_call, teams):
    call = make_call(entry_form=[{"name": "leader", "label": "负责人", "required": True}])
    client.force_login(teams.alice)
    response = client.post(f"/programmes/{call.pk}/enter/", {"title": "甲", "summary": "路线", "submit_now": "1"})
    assert response.status_code == 200 and "负责人" in response.content.decode()
    assert not Entry.objects.exists()  # all or nothing
    response = client.post(
        f"/programmes/{call.pk}/enter/", {"title": "甲", "summary": "路线", "answer_leader": "张工", "submit_now": "1"}
    )
    entry = Entry.objects.get()
    assert response.status_code == 302 and entry.status == EntryStatus.SUBMITTED


def test_reviewer_scores_on_the_page_and_others_cannot(client, operator, pool, two_entries, teams):
    call = _review(operator, two_entries.call)
    reviewer = Assignment.objects.filter(call=call).first().expert.user
    c1, c2 = call.criteria.all()
    client.force_login(reviewer)
    page = client.get(f"/programmes/entries/{two_entries.a.pk}/").content.decode()
    assert 'id="score-form"' in page
    client.post(f"/programmes/entries/{two_entries.a.pk}/score/", {f"score_{c1.pk}": "8", f"score_{c2.pk}": "7"})
    assert two_entries.a.scores.count() == 2
    client.force_login(teams.bob)
    response = client.post(
        f"/programmes/entries/{two_entries.a.pk}/score/", {f"score_{c1.pk}": "1", f"score_{c2.pk}": "1"}
    )
    assert response.status_code == 404 and two_entries.a.scores.count() == 2


def test_export_is_for_managers_only(client, operator, two_entries, teams):
    client.force_login(teams.alice)
    assert client.get(f"/programmes/{two_entries.call.pk}/export/").status_code == 403
    client.force_login(operator)
    response = client.get(f"/programmes/{two_entries.call.pk}/export/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_api_lists_only_visible_entries_and_hides_results_before_publication(
    client, operator, pool, two_entries, teams
):
    call = two_entries.call
    client.force_login(teams.bob)
    rows = client.get(f"/api/v1/programmes/{call.pk}/entries/").json()
    assert [r["title"] for r in rows] == ["乙方案"]
    assert client.get(f"/api/v1/programme-entries/{two_entries.a.pk}/").status_code == 404
    stats = client.get(f"/api/v1/programmes/{call.pk}/statistics/").json()
    assert stats["joined"] == 2 and stats["submitted"] == 2
    client.logout()
    assert client.get(f"/api/v1/programmes/{call.pk}/entries/").json() == []


def test_api_entry_errors_are_structured(client, make_call, teams):
    call = make_call(closes_at=timezone.now() + timedelta(days=1))
    client.force_login(teams.alice)
    response = client.post(
        "/api/v1/programme-entries/", {"call": call.pk, "title": "", "summary": "s"}, content_type="application/json"
    )
    assert response.status_code == 400 and "title" in response.json()["error"]["fields"]
    response = client.post(
        "/api/v1/programme-entries/",
        {"call": call.pk, "title": "甲", "summary": "s", "submit": True},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "submitted"
    response = client.post(
        "/api/v1/programme-entries/",
        {"call": call.pk, "title": "甲二", "summary": "s"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "eligibility" in response.json()["error"]["fields"]


def test_api_score_and_transition_permissions(client, operator, pool, two_entries, teams):
    call = _review(operator, two_entries.call)
    c1, c2 = call.criteria.all()
    client.force_login(teams.alice)
    response = client.post(
        f"/api/v1/programmes/{call.pk}/transition/", {"action": "publicise"}, content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    reviewer = Assignment.objects.filter(call=call).first().expert.user
    client.force_login(reviewer)
    response = client.post(
        f"/api/v1/programme-entries/{two_entries.b.pk}/score/",
        {"values": {str(c1.pk): 20, str(c2.pk): 5}},
        content_type="application/json",
    )
    assert response.status_code == 400 and f"criterion_{c1.pk}" in response.json()["error"]["fields"]


def test_events_pages_register_and_ics(client, operator, make_user):
    from programmes.services.events import event_save

    start = timezone.now() + timedelta(days=5)
    event = event_save(
        by=operator, title="场景沙龙", starts_at=start, ends_at=start + timedelta(hours=2), capacity=1, published=True
    )
    user = make_user()
    client.force_login(user)
    client.post(f"/programmes/events/{event.pk}/register/", {"audience_kind": "enterprise"})
    assert event.registrations.get().status == "confirmed"
    response = client.get(f"/programmes/events/{event.pk}/calendar.ics")
    assert response.status_code == 200 and b"BEGIN:VCALENDAR" in response.content


def test_openapi_schema_includes_programmes(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/programmes/" in text and "/api/v1/programme-entries/{id}/score/" in text


@pytest.fixture
def _restore_language():
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)  # the locale middleware leaves English active in this thread


def test_english_pages_use_the_apps_translations(client, two_entries, teams, _restore_language):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/programmes/{two_entries.call.pk}/").content.decode()
    assert "Review rules" in page and "Participation" in page and "评审规则" not in page
    client.force_login(teams.alice)
    page = client.get(f"/programmes/{two_entries.call.pk}/").content.decode()
    assert "Take up the challenge" in page
    assert "Programmes" in client.get("/programmes/").content.decode()


def test_api_entry_edit_by_its_entrant_only(client, two_entries, teams):
    url = f"/api/v1/programme-entries/{two_entries.a.pk}/"
    client.force_login(teams.bob)
    assert client.patch(url, {"title": "乙改甲"}, content_type="application/json").status_code == 404
    client.force_login(teams.alice)
    response = client.patch(url, {"summary": "截止前修改"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["summary"] == "截止前修改"
    two_entries.a.refresh_from_db()
    assert two_entries.a.title == "甲方案"
