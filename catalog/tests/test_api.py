import re

import pytest

from catalog.models import Achievement, Demand, ReviewEvent


def error(response):
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]


@pytest.mark.django_db
def test_create_demand_and_structured_field_errors(client, member, enterprise):
    client.force_login(member)
    response = client.post(
        "/api/v1/demands/",
        {"title": "预算倒挂", "problem": "x", "budget_min": "100", "budget_max": "10"},
        content_type="application/json",
    )
    assert response.status_code == 400
    err = error(response)
    assert err["fields"]["budget_max"] == ["预算上限不能低于下限。"] and "budget_max" in err["message"]
    response = client.post("/api/v1/demands/", {"title": "缺问题"}, content_type="application/json")
    assert response.status_code == 400 and "problem" in error(response)["fields"]
    response = client.post(
        "/api/v1/demands/",
        {
            "title": "好需求",
            "problem": "回差大",
            "budget_min": "10",
            "budget_max": "100",
            "industry_chains": ["hydrogen"],
            "cooperation_modes": ["transfer", "licence"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["owner_org"] == enterprise.pk and body["budget_max"] == "100.00"
    assert body["industry_chains"] == ["hydrogen"] and sorted(body["cooperation_modes"]) == ["licence", "transfer"]
    response = client.post(
        "/api/v1/demands/",
        {"title": "x", "problem": "y", "cooperation_modes": ["barter"]},
        content_type="application/json",
    )
    assert "cooperation_modes" in error(response)["fields"]


@pytest.mark.django_db
def test_user_without_organisation_cannot_create(client, make_user):
    client.force_login(make_user())
    response = client.post("/api/v1/demands/", {"title": "t", "problem": "p"}, content_type="application/json")
    assert response.status_code == 400 and "owner_org" in error(response)["fields"]


@pytest.mark.django_db
def test_anonymous_writes_are_refused_with_json(client):
    response = client.post("/api/v1/demands/", {"title": "t", "problem": "p"}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert error(response)["code"] in ("not_authenticated", "permission_denied")


@pytest.mark.django_db
def test_workflow_through_api(client, member, operator, enterprise):
    client.force_login(member)
    pk = client.post("/api/v1/demands/", {"title": "接口需求", "problem": "p"}, content_type="application/json").json()[
        "id"
    ]
    url = f"/api/v1/demands/{pk}/transition/"
    response = client.post(url, {"action": "teleport"}, content_type="application/json")
    assert response.status_code == 400 and "action" in error(response)["fields"]
    response = client.post(url, {"action": "approve"}, content_type="application/json")
    assert response.status_code == 400 and "status" in error(response)["fields"]  # a draft cannot be approved
    assert client.post(url, {"action": "submit"}, content_type="application/json").json()["status"] == "submitted"
    response = client.post(url, {"action": "approve"}, content_type="application/json")
    assert response.status_code == 403 and error(response)["code"] == "permission_denied"
    client.force_login(operator)
    response = client.post(url, {"action": "return"}, content_type="application/json")
    assert response.status_code == 400 and error(response)["fields"]["reason"] == ["请填写原因。"]
    assert (
        client.post(url, {"action": "return", "reason": "请补充指标"}, content_type="application/json").json()[
            "return_reason"
        ]
        == "请补充指标"
    )
    client.force_login(member)
    client.patch(f"/api/v1/demands/{pk}/", {"targets": "寿命 10000 小时"}, content_type="application/json")
    client.post(url, {"action": "submit"}, content_type="application/json")
    client.force_login(operator)
    body = client.post(url, {"action": "approve"}, content_type="application/json").json()
    assert body["status"] == "published" and body["expires_at"]
    history = client.get(f"/api/v1/demands/{pk}/history/").json()
    assert [h["action"] for h in history] == ["submit", "return", "submit", "approve"]
    client.force_login(member)
    response = client.patch(f"/api/v1/demands/{pk}/", {"title": "改已发布"}, content_type="application/json")
    assert response.status_code == 403  # published records are withdrawn before editing
    assert client.post(url, {"action": "renew"}, content_type="application/json").status_code == 200
    assert client.post(url, {"action": "archive"}, content_type="application/json").json()["status"] == "archived"
    assert ReviewEvent.objects.filter(object_id=pk).count() == 6


@pytest.mark.django_db
def test_history_hidden_from_strangers(client, make_record, enterprise, make_user):
    record = make_record(Demand, owner_org=enterprise)
    client.force_login(make_user())
    assert client.get(f"/api/v1/demands/{record.pk}/history/").status_code == 403


@pytest.mark.django_db
def test_token_auth(client, member):
    response = client.post("/api/v1/auth/token/", {"username": member.email, "password": "Secret-pass-1"})
    assert response.status_code == 200
    token = response.json()["token"]
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200 and response.json()["email"] == member.email
    response = client.post(
        "/api/v1/demands/",
        {"title": "令牌需求", "problem": "p"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 201
    bad = client.post("/api/v1/auth/token/", {"username": member.email, "password": "nope"})
    assert bad.status_code == 400 and error(bad)["fields"]
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token wrong")
    # Session auth is listed first, so DRF answers 403 (no WWW-Authenticate challenge), still JSON.
    assert response.status_code in (401, 403) and error(response)["code"] == "authentication_failed"


@pytest.mark.django_db
def test_token_by_mobile(client, make_user):
    make_user(mobile="13600000003")
    assert (
        client.post("/api/v1/auth/token/", {"username": "13600000003", "password": "Secret-pass-1"}).status_code == 200
    )


@pytest.mark.django_db
def test_pagination_and_filters(client, make_record, enterprise):
    from reference.models import IndustryChain

    hydrogen = IndustryChain.objects.get(slug="hydrogen")
    for n in range(25):
        record = make_record(
            Achievement,
            owner_org=enterprise,
            title=f"成果{n}",
            stage="pilot" if n % 5 == 0 else "lab",
            cooperation_modes=["licence"] if n < 3 else ["transfer"],
            new_city="fengxi" if n == 7 else "",
        )
        if n % 2 == 0:
            record.industry_chains.add(hydrogen)
    page1 = client.get("/api/v1/achievements/").json()
    assert page1["count"] == 25 and len(page1["results"]) == 20 and page1["next"]
    assert len(client.get(page1["next"]).json()["results"]) == 5
    assert len(client.get("/api/v1/achievements/", {"page_size": 5}).json()["results"]) == 5
    assert client.get("/api/v1/achievements/", {"stage": "pilot"}).json()["count"] == 5
    assert client.get("/api/v1/achievements/", {"chain": "hydrogen"}).json()["count"] == 13
    assert client.get("/api/v1/achievements/", {"mode": "licence"}).json()["count"] == 3
    assert client.get("/api/v1/achievements/", {"new_city": "fengxi"}).json()["results"][0]["title"] == "成果7"
    assert client.get("/api/v1/achievements/", {"q": "成果1"}).json()["count"] == 11  # 成果1, 成果10-19
    response = client.get("/api/v1/achievements/", {"page": 99})
    assert response.status_code == 404 and error(response)["code"] == "not_found"


@pytest.mark.django_db
def test_region_filter(client, make_record, enterprise):
    from reference.models import Region

    make_record(
        Demand,
        owner_org=enterprise,
        title="西安需求",
        prefecture=Region.objects.get(code="610100"),
        county=Region.objects.get(code="610113"),
    )
    make_record(Demand, owner_org=enterprise, title="咸阳需求", prefecture=Region.objects.get(code="610400"))
    assert [r["title"] for r in client.get("/api/v1/demands/", {"region": "610100"}).json()["results"]] == ["西安需求"]
    assert [r["title"] for r in client.get("/api/v1/demands/", {"region": "610113"}).json()["results"]] == ["西安需求"]
    assert client.get("/api/v1/demands/", {"region": "610200"}).json()["count"] == 0


@pytest.mark.django_db
def test_openapi_schema_and_swagger_ui_from_installed_static(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = response.content.decode()
    for path in ("/api/v1/demands/", "/api/v1/demands/{id}/transition/", "/api/v1/auth/token/", "/api/v1/regions/"):
        assert path in schema
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    links = re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert scripts, html
    assert not [url for url in scripts + links if url.startswith(("http:", "https:", "//"))], scripts + links
    for url in scripts:
        assert client.get(url).status_code == 200, url  # served by the app itself


@pytest.mark.django_db
def test_me_requires_login(client):
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403) and error(response)["message"]


@pytest.mark.django_db
def test_organisation_api_lists_verified_only_and_creates_pending(client, make_org, make_user):
    from accounts.validators import credit_code_check_char

    make_org(name="已认证机构")
    make_org(name="待认证机构", verified=False)
    names = [o["name"] for o in client.get("/api/v1/organisations/").json()["results"]]
    assert names == ["已认证机构"]
    user = make_user()
    client.force_login(user)
    first17 = "91610131MA6TX4321"
    response = client.post(
        "/api/v1/organisations/",
        {"kind": "enterprise", "name": "接口机构", "credit_code": first17 + "A"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "credit_code" in error(response)["fields"]
    response = client.post(
        "/api/v1/organisations/",
        {
            "kind": "enterprise",
            "name": "接口机构",
            "credit_code": first17 + credit_code_check_char(first17),
            "verification_status": "verified",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["verification_status"] == "pending"
    assert {o["name"] for o in client.get("/api/v1/organisations/").json()["results"]} == {"已认证机构", "接口机构"}
