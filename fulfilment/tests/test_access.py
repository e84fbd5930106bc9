"""Confidential: an enterprise's eligibility, applications and grants are visible to the enterprise
itself, operators and leaders only; not to other firms, banks (even with figures consent), brokers
or the public (pages, API, export, counts)."""

import pytest

from fulfilment import services
from fulfilment.models import Grant


@pytest.fixture
def granted(terms, firms, operator, reviewer):
    run = services.auto_run_propose(terms=terms, by=operator, year=2025)
    services.auto_run_decide(run=run, by=reviewer, approve=True)
    return Grant.objects.get()


@pytest.fixture
def people(firms, make_user, make_org, operator, leader):
    from enterprises.services import consent_grant

    bank = make_org(name="测试银行", kind="financial")
    yes_admin = make_user(org=firms["yes"].organisation, org_role="admin")
    banker = make_user(name="银行客户经理", org=bank)
    consent_grant(profile=firms["yes"], by=yes_admin, bank=bank, purpose="研发贷")
    return {
        "own": make_user(org=firms["yes"].organisation),
        "operator": operator,
        "leader": leader,
        "other_firm": make_user(org=firms["no"].organisation),
        "bank_with_consent": banker,
        "broker": make_user(name="经纪人", roles=["broker"]),
    }


ALLOWED = {"own", "operator", "leader"}


@pytest.mark.parametrize("who", ["own", "operator", "leader", "other_firm", "bank_with_consent", "broker", "anonymous"])
def test_calculator_and_evaluation_api(client, who, people, firms, terms):
    org = firms["yes"].organisation
    if who != "anonymous":
        client.force_login(people[who])
    page = client.get(f"/fulfilment/calculator/{org.pk}/?year=2025")
    api = client.get(f"/api/v1/fulfilment/evaluation/{org.pk}/?year=2025")
    if who in ALLOWED:
        assert page.status_code == 200 and "研发投入奖补" in page.content.decode()
        assert api.status_code == 200 and api.json()["clauses"][0]["verdict"] == "qualifies"
    else:
        assert page.status_code in (302, 403)
        assert api.status_code in (401, 403)
        assert "研发费用占营业收入比例" not in page.content.decode()


@pytest.mark.parametrize("who", ["own", "operator", "leader", "other_firm", "bank_with_consent", "broker"])
def test_grants_ledger_page_api_and_export(client, who, people, firms, granted):
    client.force_login(people[who])
    org = firms["yes"].organisation
    page = client.get(f"/fulfilment/grants/?org={org.pk}")
    api = client.get(f"/api/v1/fulfilment/grants/?organisation={org.pk}")
    export = client.get("/fulfilment/grants/export.xlsx")
    listing = client.get("/api/v1/fulfilment/grants/")
    if who in ALLOWED:
        assert org.name in page.content.decode()
        assert api.status_code == 200 and api.json()[0]["amount"] == "30.00"
    else:
        # another firm lands on its own (empty) ledger; others are refused
        assert org.name not in page.content.decode() and "30.00" not in page.content.decode()
        assert api.status_code == 403
    if who in ("operator", "leader"):
        assert export.status_code == 200 and listing.status_code == 200 and len(listing.json()) == 1
    else:
        assert export.status_code == 403 and listing.status_code == 403


def test_run_list_and_application_not_visible_to_others(client, people, firms, clause, terms_factory, terms, operator):
    run = services.auto_run_propose(terms=terms, by=operator, year=2025)
    client.force_login(people["other_firm"])
    assert client.get(f"/fulfilment/runs/{run.pk}/").status_code == 403
    assert client.get("/fulfilment/").status_code == 403
    from catalog.models import PolicyClause

    second = PolicyClause.objects.create(
        policy=clause.policy, order=2, title="审核类", benefit="…", subject_kind="enterprise"
    )
    review = terms_factory(second, mode="review")
    application = services.application_create(
        terms=review, organisation=firms["yes"].organisation, by=people["own"], year=2025
    )
    for who in ("other_firm", "bank_with_consent", "broker"):
        client.force_login(people[who])
        assert client.get(f"/fulfilment/applications/{application.pk}/").status_code == 403
        assert firms["yes"].organisation.name not in client.get("/fulfilment/applications/").content.decode()
        assert all(a["id"] != application.pk for a in client.get("/api/v1/fulfilment/applications/").json())
    client.force_login(people["own"])
    assert client.get(f"/fulfilment/applications/{application.pk}/").status_code == 200


def test_visitor_calculator_is_public_and_reads_no_firm(client, terms, firms):
    page = client.get("/fulfilment/calculator/?visitor=1&revenue=1000&rd_expenditure=50&has_high_tech=on&year=2025")
    body = page.content.decode()
    assert page.status_code == 200 and "研发投入奖补" in body and "5.00" in body
    assert firms["yes"].organisation.name not in body
    assert client.get("/api/v1/fulfilment/clauses/").json()[0]["rule"]["version"] == 1


def test_api_rules_and_run_two_person_rule(client, terms, firms, operator, reviewer, member):
    url = f"/api/v1/fulfilment/clauses/{terms.clause_id}/rules/"
    client.force_login(member)
    assert client.post(url, {"conditions": []}, content_type="application/json").status_code == 403
    client.force_login(operator)
    bad = client.post(
        url, {"conditions": [{"fact": "rd_ratio", "op": ">=", "value": "x"}]}, content_type="application/json"
    )
    assert bad.status_code == 400 and "取值必须是数字" in str(bad.json())
    ok = client.post(
        url,
        {"conditions": {"all": [{"fact": "has_high_tech", "op": "is", "value": True}]}, "note": "放宽"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()[0]["version"] == 2
    run = client.post(
        f"/api/v1/fulfilment/clauses/{terms.clause_id}/runs/", {"year": 2025}, content_type="application/json"
    )
    assert run.status_code == 201 and run.json()["items"] == 3  # yes, almost, unknown now qualify
    decide = f"/api/v1/fulfilment/runs/{run.json()['run']}/decide/"
    assert client.post(decide, {"approve": True}, content_type="application/json").status_code == 403
    client.force_login(reviewer)
    assert client.post(decide, {"approve": True}, content_type="application/json").json()["grants"] == 3
    share = client.get("/api/v1/fulfilment/share/").json()
    assert share == {"share": "100.0", "target": "80", "unit": "%"}
