import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from talent import access, services
from talent.models import ContactStatus, Placement, ServiceStatus

from .conftest import notifications

PHONE, EMAIL = "13900001111", "chen.private@example.cn"


def _xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    return "\n".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None)


def _sees_contact(client, user, profile) -> dict:
    client.force_login(user)
    page = client.get(reverse("talent:profile", kwargs={"pk": profile.pk})).content.decode()
    api = client.get(f"/api/v1/talent/people/{profile.pk}/").json()
    listing = client.get("/api/v1/talent/people/").content.decode()
    export = _xlsx_text(client.get(reverse("talent:export")).content)
    return {
        "page": PHONE in page or EMAIL in page,
        "api": api.get("phone") == PHONE or api.get("email") == EMAIL,
        "list": PHONE in listing or EMAIL in listing,
        "export": PHONE in export or EMAIL in export,
    }


@pytest.mark.django_db
def test_contact_details_hidden_until_the_person_accepts(client, verified, demand, employer, stranger, researcher):
    nothing = {"page": False, "api": False, "list": False, "export": False}
    assert _sees_contact(client, employer, verified) == nothing
    assert _sees_contact(client, stranger, verified) == nothing
    client.logout()
    assert client.get(reverse("talent:profile", kwargs={"pk": verified.pk})).status_code == 302  # login first
    assert client.get("/api/v1/talent/people/").status_code in (401, 403)

    contact = services.contact_request(by=employer, profile=verified, demand=demand, message="想请您担任科技副总")
    assert notifications(researcher, "talent.contact_requested")
    assert not notifications(stranger)
    assert _sees_contact(client, employer, verified) == nothing  # still pending
    with pytest.raises(PermissionDenied):
        services.contact_answer(by=employer, contact=contact, accept=True)  # only the person answers

    services.contact_answer(by=researcher, contact=contact, accept=True)
    assert notifications(employer, "talent.contact_accepted")
    everywhere = {"page": True, "api": True, "list": True, "export": True}
    assert _sees_contact(client, employer, verified) == everywhere
    assert _sees_contact(client, stranger, verified) == nothing  # acceptance is for the requester only
    assert _sees_contact(client, researcher, verified) == everywhere


@pytest.mark.django_db
def test_contact_declined_keeps_details_hidden_and_no_placement(verified, demand, employer):
    contact = services.contact_request(by=employer, profile=verified, demand=demand, message="您好")
    services.contact_answer(by=verified.user, contact=contact, accept=False)
    assert not access.contact_visible(employer, verified)
    with pytest.raises(ValidationError):
        services.placement_record(by=employer, contact=contact, started_on=dt.date(2026, 3, 1))


@pytest.mark.django_db
def test_points_recomputed_by_hand(verified):
    """陈研究员: 高层次人才, B (rank 4), 博士 (3), 正高 (3), no patents, no overseas experience."""
    points = verified.points
    # bands: level 4 → 80; degree 3 → 100; title 3 → 100; invention 0 → 0; patents 0 → 0; overseas no → 0
    # weights for high_level: 40, 10, 20, 15, 10, 5
    by_hand = Decimal(80 * 40 + 100 * 10 + 100 * 20 + 0 * 15 + 0 * 10 + 0 * 5) / 100
    assert points.total == by_hand.quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal("62.00")
    parts = {p["indicator"]: p for p in points.breakdown}
    assert parts["level_rank"]["band_score"] == 80 and parts["level_rank"]["weight"] == 40
    assert sum(Decimal(str(p["points"])) for p in points.breakdown) == points.total


@pytest.mark.django_db
def test_points_follow_category_and_reverification(verified, operator):
    services.profile_save(user=verified.user, profile=verified, data={"category": "doctor"})
    verified.refresh_from_db()
    assert verified.status == "submitted" and not hasattr(verified, "points") or verified.points is None
    services.profile_verify(by=operator, profile=verified, approve=True)
    verified.refresh_from_db()
    # doctor weights: 15, 40, 15, 15, 10, 5 → 80*.15 + 100*.40 + 100*.15 = 67
    assert verified.points.total == Decimal("67.00")


@pytest.mark.django_db
def test_talent_fact_set_bulk_and_per_person_agree(verified, researcher):
    from core.rules import evaluate, fact_set, filter_queryset
    from talent.facts import context
    from talent.models import TalentProfile

    talent = fact_set("talent")
    rule = [
        {"fact": "points", "op": ">=", "value": 60},
        {"fact": "degree_rank", "op": ">=", "value": 3},
        {"fact": "verified", "op": "is", "value": True},
    ]
    ctx = context()
    assert list(filter_queryset(talent, rule, TalentProfile.objects.all(), ctx)) == [verified]
    result = evaluate(talent, rule, verified, ctx)
    assert result.passed and "人才积分" in result.explanations[0]
    assert not evaluate(talent, [{"fact": "points", "op": ">=", "value": 70}], verified, ctx).passed


@pytest.mark.django_db
def test_unverified_profile_is_neither_visible_nor_scored(researcher, profile_data, employer):
    profile = services.profile_save(user=researcher, data=profile_data)
    assert not access.can_see_profile(employer, profile)
    assert not hasattr(profile, "points") or profile.points is None
    with pytest.raises(ValidationError):
        services.contact_request(by=employer, profile=profile, message="hi")


@pytest.mark.django_db
def test_returning_needs_a_reason_and_only_operators_verify(researcher, profile_data, operator, employer):
    profile = services.profile_save(user=researcher, data=profile_data)
    services.profile_submit(by=researcher, profile=profile)
    with pytest.raises(PermissionDenied):
        services.profile_verify(by=employer, profile=profile, approve=True)
    with pytest.raises(ValidationError):
        services.profile_verify(by=operator, profile=profile, approve=False, note="")
    services.profile_verify(by=operator, profile=profile, approve=False, note="缺少聘书")
    assert notifications(researcher, "talent.profile_returned")


@pytest.mark.django_db
def test_expert_record_is_linked_not_copied(researcher, profile_data, operator, make_record, university, make_user):
    from catalog.models import Expert

    expert = make_record(Expert, owner_org=university, title="陈研究员")
    profile = services.profile_save(user=researcher, data=profile_data)
    services.profile_submit(by=researcher, profile=profile)
    services.profile_verify(by=operator, profile=profile, approve=True, expert=expert)
    assert expert.talent_profile == profile and Expert.objects.count() == 1
    other = services.profile_save(user=make_user(), data={**profile_data, "name": "另一人"})
    with pytest.raises(ValidationError):
        services.expert_link(by=operator, profile=other, expert=expert)


@pytest.mark.django_db
def test_demand_matches_talent_with_reasons_and_no_contact(client, verified, demand, employer, stranger):
    from matching.selectors import matches_for

    matches = matches_for(kind="talent_demands", pk=demand.pk, user=employer)
    assert [m.id for m in matches if m.kind == "talents"] == [verified.pk]
    reasons = "；".join(matches[0].reasons)
    assert "人才类别相符" in reasons and "人才层次满足要求" in reasons and "接受该引才方式" in reasons
    assert PHONE not in str(matches[0].as_dict()) and EMAIL not in str(matches[0].as_dict())
    # The reverse pair: the talent finds the demand.
    back = matches_for(kind="talents", pk=verified.pk, user=verified.user)
    assert demand.pk in [m.id for m in back if m.kind == "talent_demands"]
    # Only the owning organisation sees the match list of its demand.
    client.force_login(stranger)
    assert client.get(f"/api/v1/talent/demands/{demand.pk}/matches/").status_code == 403
    client.force_login(employer)
    body = client.get(f"/api/v1/talent/demands/{demand.pk}/matches/").json()
    assert body[0]["id"] == verified.pk and PHONE not in str(body)


@pytest.mark.django_db
def test_placement_recorded_counted_on_map_and_metric(client, verified, demand, employer, stranger, regions):
    from monitoring.metrics import get_metric
    from talent.selectors import map_data

    contact = services.contact_request(by=employer, profile=verified, demand=demand, message="您好")
    with pytest.raises(ValidationError):  # not accepted yet
        services.placement_record(by=employer, contact=contact, started_on=dt.date(2026, 3, 1))
    services.contact_answer(by=verified.user, contact=contact, accept=True)
    with pytest.raises(PermissionDenied):
        services.placement_record(by=stranger, contact=contact, started_on=dt.date(2026, 3, 1))
    placement = services.placement_record(by=employer, contact=contact, started_on=dt.date(2026, 3, 1))
    assert placement.prefecture == regions["610100"] and placement.kind == "tech_vp"
    with pytest.raises(ValidationError):
        services.placement_record(by=employer, contact=contact, started_on=dt.date(2026, 3, 1))
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert get_metric("talents_introduced").compute(*year) == 1
    assert get_metric("high_level_talents_introduced").compute(*year) == 1
    assert get_metric("talents_introduced").compute(dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == 0
    xian = next(p for p in map_data()["prefectures"] if p["code"] == "610100")
    assert xian == {"code": "610100", "name": "西安市", "talents": 1, "placements": 1}
    assert next(p for p in map_data(category="doctor")["prefectures"] if p["code"] == "610100")["talents"] == 0
    # API over the wire
    body = client.get("/api/v1/talent/map/").json()
    assert next(p for p in body["prefectures"] if p["code"] == "610100")["placements"] == 1
    assert PHONE not in str(body)
    page = client.get(reverse("talent:map")).content.decode()
    assert "shaanxi_prefectures.json" in page and "talent-map-data" in page


@pytest.mark.django_db
def test_contact_via_api_and_bad_input(client, verified, demand, employer):
    client.force_login(employer)
    assert (
        client.post(
            "/api/v1/talent/contacts/", {"profile": 999999, "message": "x"}, content_type="application/json"
        ).status_code
        == 400
    )
    r = client.post(
        "/api/v1/talent/contacts/",
        {"profile": verified.pk, "demand": demand.pk, "message": "您好"},
        content_type="application/json",
    )
    assert r.status_code == 201
    again = client.post(
        "/api/v1/talent/contacts/", {"profile": verified.pk, "message": "再次"}, content_type="application/json"
    )
    assert again.status_code == 400
    client.force_login(verified.user)
    assert client.post(f"/api/v1/talent/contacts/{r.json()['id']}/accept/").json()["status"] == ContactStatus.ACCEPTED
    client.force_login(employer)
    bad = client.post(
        f"/api/v1/talent/contacts/{r.json()['id']}/placement/", {"started_on": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400 and not Placement.objects.exists()
    ok = client.post(
        f"/api/v1/talent/contacts/{r.json()['id']}/placement/",
        {"started_on": "2026-03-01"},
        content_type="application/json",
    )
    assert ok.status_code == 201


@pytest.mark.django_db
def test_doctoral_board_is_a_published_dated_list(client, demand, operator, employer, employer_org):
    d2 = services.demand_save(
        by=employer, org=employer_org, data={"title": "草稿岗位", "kind": "full_time", "description": "x"}
    )
    with pytest.raises(ValidationError):
        services.board_publish(by=operator, title="榜", edition_date=dt.date(2026, 5, 1), demands=[d2])
    with pytest.raises(PermissionDenied):
        services.board_publish(by=employer, title="榜", edition_date=dt.date(2026, 5, 1), demands=[demand])
    board = services.board_publish(
        by=operator, title="2026年第1期秦创原博士招才引智榜", edition_date=dt.date(2026, 5, 1), demands=[demand]
    )
    page = client.get(board.get_absolute_url()).content.decode()
    assert "2026-05-01" in page and demand.title in page
    assert "草稿岗位" not in client.get(reverse("talent:demands")).content.decode()


@pytest.mark.django_db
def test_teams_need_scientist_and_engineer_and_count_against_90(
    verified, operator, employer_org, make_user, profile_data
):
    from monitoring.metrics import get_metric
    from talent.selectors import teams_progress

    eng_user = make_user(name="工程师甲")
    eng = services.profile_save(user=eng_user, data={**profile_data, "name": "工程师甲", "category": "skilled"})
    services.profile_submit(by=eng_user, profile=eng)
    eng = services.profile_verify(by=operator, profile=eng, approve=True)
    with pytest.raises(ValidationError):
        services.team_save(
            by=operator,
            org=employer_org,
            name="队",
            project="p",
            formed_on=dt.date(2025, 6, 1),
            members=[(verified, "scientist")],
        )
    services.team_save(
        by=operator,
        org=employer_org,
        name="氢能队伍",
        project="电堆",
        formed_on=dt.date(2025, 6, 1),
        members=[(verified, "scientist"), (eng, "engineer")],
    )
    progress = teams_progress()
    assert progress["count"] == 1 and progress["target"] == 90
    assert get_metric("sci_eng_teams").compute(dt.date(2024, 1, 1), dt.date(2025, 12, 31)) == 1
    assert get_metric("sci_eng_teams").compute(dt.date(2024, 1, 1), dt.date(2025, 5, 31)) == 0


@pytest.mark.django_db
def test_service_request_workflow_rating_and_who_sees_it(client, researcher, operator, stranger):
    req = services.service_request(by=researcher, kind="residence", detail="外籍配偶居留许可")
    assert req.responsible_unit == "西安市公安局西咸新区分局"
    assert notifications(operator, "talent.service_submitted") and not notifications(stranger)
    with pytest.raises(PermissionDenied):
        services.service_transition(by=stranger, request=req, action="accept")
    with pytest.raises(ValidationError):
        services.service_rate(by=researcher, request=req, rating=5)
    services.service_transition(by=operator, request=req, action="accept")
    with pytest.raises(ValidationError):
        services.service_transition(by=operator, request=req, action="complete", reason="")
    services.service_transition(by=operator, request=req, action="complete", reason="已告知办理流程")
    req.refresh_from_db()
    assert req.status == ServiceStatus.DONE and notifications(researcher, "talent.service_updated")
    with pytest.raises(ValidationError):
        services.service_rate(by=researcher, request=req, rating=9)
    services.service_rate(by=researcher, request=req, rating=5, comment="很快")
    client.force_login(stranger)
    assert client.get(req.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/talent/services/{req.pk}/").status_code == 404
    client.force_login(researcher)
    assert (
        client.post(
            "/api/v1/talent/services/", {"kind": "nope", "detail": "x"}, content_type="application/json"
        ).status_code
        == 400
    )


@pytest.mark.django_db
def test_pages_render(client, verified, demand, employer, operator):
    for user in (employer, operator, verified.user):
        client.force_login(user)
        for name in ("home", "me", "demands", "boards", "contacts", "teams", "map", "services"):
            assert client.get(reverse(f"talent:{name}")).status_code == 200, name
        assert client.get(demand.get_absolute_url()).status_code == 200
    client.force_login(operator)
    assert client.get(reverse("talent:queue")).status_code == 200
    client.force_login(employer)
    assert client.get(reverse("talent:queue")).status_code == 403


@pytest.mark.django_db
def test_english_strings(client, verified):
    client.force_login(verified.user)
    page = client.get(reverse("talent:map"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Talent map" in page


@pytest.mark.django_db
def test_demo_loader_is_idempotent(operator, employer_org):
    import io

    from talent.demo import load
    from talent.models import TalentProfile

    context = {"operator": operator, "demo_enterprise": employer_org, "logins": []}
    load(context, io.StringIO())
    n = TalentProfile.objects.count()
    load(context, io.StringIO())
    assert TalentProfile.objects.count() == n == 8
    assert all("演示" in p.biography for p in TalentProfile.objects.all())


@pytest.mark.django_db
def test_talent_applies_to_a_demand_and_the_employer_reads_contact(
    client, verified, demand, employer, stranger, researcher
):
    assert access.can_apply(researcher, demand) and not access.can_apply(employer, demand)
    client.force_login(researcher)
    r = client.post(
        reverse("talent:demand_action", kwargs={"pk": demand.pk, "action": "apply"}), {"message": "我想应聘"}
    )
    assert r.status_code == 302
    assert notifications(employer, "talent.demand_applied") and not notifications(stranger)
    assert access.contact_visible(employer, verified) and not access.contact_visible(stranger, verified)
    with pytest.raises(ValidationError):
        services.demand_apply(by=researcher, demand=demand, message="再次")
    contact = verified.contact_requests.get()
    assert contact.initiated_by_talent and contact.requester_org == demand.owner_org
    services.placement_record(by=employer, contact=contact, started_on=dt.date(2026, 4, 1))
    with pytest.raises(ValidationError):
        services.demand_apply(by=stranger, demand=demand, message="我也想")  # not a verified talent


@pytest.mark.django_db
def test_team_registered_on_the_page(client, verified, employer, operator, make_user, profile_data):
    from talent.models import Team

    eng_user = make_user(name="工程师乙")
    eng = services.profile_save(user=eng_user, data={**profile_data, "name": "工程师乙", "category": "skilled"})
    services.profile_submit(by=eng_user, profile=eng)
    services.profile_verify(by=operator, profile=eng, approve=True)
    client.force_login(employer)
    data = {"name": "电堆队伍", "project": "电堆国产化", "formed_on": "2026-02-01", "scientists": [verified.pk]}
    r = client.post(reverse("talent:teams"), {**data, "engineers": [verified.pk]})
    assert r.status_code == 200 and not Team.objects.exists()  # the same person cannot be both
    r = client.post(reverse("talent:teams"), {**data, "engineers": [eng.pk]})
    assert r.status_code == 302 and Team.objects.get().organisation == employer.primary_organisation
