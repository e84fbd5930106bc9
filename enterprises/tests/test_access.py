"""Who must NOT see an enterprise's figures, points and pool positions: pages, API, exports."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from enterprises import points, pools, services

SECRET_REVENUE = "4321.00"  # 万元; must not appear for those who may not see it


@pytest.fixture
def setup(firm, verified_report, verified_qualification, operator):
    verified_report(firm, 2024, revenue=Decimal("4000"))
    verified_report(firm, 2025, revenue=Decimal(SECRET_REVENUE), rd_expenditure=Decimal("400"), staff=50, rd_staff=10)
    verified_qualification(firm, "high_tech", issued=dt.date(2024, 1, 1), number="GR2024")
    run = points.score_year(year=2025, by=operator)
    points.publish_run(run=run, by=operator)
    pools.propose_year(year=2025, by=operator)
    return firm, run


@pytest.fixture
def viewers(make_user, make_org, firm):
    bank = make_org(name="示例银行", kind="financial")
    return {
        "other_enterprise": make_user(org=make_org(name="别家企业")),
        "broker": make_user(roles=["broker"]),
        "leader": make_user(roles=["leader"]),
        "bank_without_consent": make_user(org=bank),
        "_bank_org": bank,
    }


def _portrait(client, firm):
    return client.get(reverse("enterprises:portrait", args=[firm.organisation_id]))


def _api(client, firm, suffix=""):
    return client.get(f"/api/v1/enterprises/{firm.organisation_id}/{suffix}")


@pytest.mark.parametrize("who", ["anonymous", "other_enterprise", "broker", "leader", "bank_without_consent"])
def test_figures_hidden(client, setup, viewers, who):
    firm, run = setup
    if who != "anonymous":
        client.force_login(viewers[who])
    page = _portrait(client, firm)
    assert page.status_code == 200
    html = page.content.decode()
    assert "4321" not in html and "GR2024" in html  # verified qualification is public, the revenue is not
    assert "年度经营数据、创新积分和培育库信息仅本企业成员" in html
    body = _api(client, firm).json()
    assert body["confidential"] is False and "reports" not in body and "points" not in body and "pools" not in body
    assert _api(client, firm, "reports/").status_code in (401, 403)
    assert _api(client, firm, "qualifications/").status_code in (401, 403)
    assert client.get(reverse("enterprises:points_export", args=[run.pk])).status_code in (302, 403)
    assert client.get(reverse("enterprises:pools_export") + "?year=2025").status_code in (302, 403)
    assert client.get(f"/api/v1/points-runs/{run.pk}/scores/").status_code in (401, 403)
    assert client.get("/api/v1/pool-proposals/?year=2025").status_code in (401, 403)


def test_leader_sees_aggregates_not_firms(client, setup, viewers):
    firm, run = setup
    client.force_login(viewers["leader"])
    page = client.get(reverse("enterprises:points"))
    assert page.status_code == 200
    html = page.content.decode()
    assert firm.organisation.name not in html  # no per-firm rows
    # a single scored firm forms a group under 3: folded away, no average that is its score
    assert str(run.scores.get().total) not in html
    dist = client.get(f"/api/v1/points-runs/{run.pk}/distribution/").json()
    assert dist["new_city"] == [] and dist["chain"] == []
    assert client.get(reverse("enterprises:pools")).status_code == 200


def test_members_operators_and_consenting_bank_see(client, setup, viewers, member, operator, firm_admin):
    firm, run = setup
    bank_user = viewers["bank_without_consent"]
    services.consent_grant(profile=firm, by=firm_admin, bank=viewers["_bank_org"], purpose="研发贷")
    for user in (member, operator, bank_user):
        client.force_login(user)
        assert "4,321" in _portrait(client, firm).content.decode() or "4321" in _portrait(client, firm).content.decode()
        body = _api(client, firm).json()
        assert body["confidential"] is True and body["reports"][-1]["revenue"] == SECRET_REVENUE
        assert body["points"]["total"] == str(run.scores.get().total)
    consent = firm.consents.get()
    services.consent_revoke(consent=consent, by=firm_admin)
    client.force_login(bank_user)
    assert _api(client, firm).json()["confidential"] is False


def test_draft_points_hidden_from_the_enterprise(client, firm, verified_report, operator, member):
    verified_report(firm, 2025, revenue=Decimal("100"))
    points.score_year(year=2025, by=operator)  # not published
    client.force_login(member)
    assert _api(client, firm).json()["points"] is None
    client.force_login(operator)
    assert _api(client, firm).json()["points"] is not None


def test_unverified_enterprise_portrait_404_for_others(client, make_org, make_user):
    org = make_org(verified=False)
    services.profile_for(org)
    client.force_login(make_user())
    assert client.get(reverse("enterprises:portrait", args=[org.pk])).status_code == 404
    assert client.get(f"/api/v1/enterprises/{org.pk}/").status_code == 404


def test_consent_granted_and_revoked_on_the_page(client, firm, firm_admin, viewers):
    bank = viewers["_bank_org"]
    client.force_login(firm_admin)
    url = reverse("enterprises:edit", args=[firm.organisation_id])
    assert client.post(url, {"form": "consent", "c-bank": bank.pk, "c-purpose": "研发贷"}).status_code == 302
    consent = firm.consents.get()
    client.force_login(viewers["bank_without_consent"])
    assert _api(client, firm).json()["confidential"] is True
    client.force_login(viewers["other_enterprise"])
    assert (
        client.post(reverse("enterprises:consent_revoke", args=[firm.organisation_id, consent.pk])).status_code == 403
    )
    client.force_login(firm_admin)
    client.post(reverse("enterprises:consent_revoke", args=[firm.organisation_id, consent.pk]))
    client.force_login(viewers["bank_without_consent"])
    assert _api(client, firm).json()["confidential"] is False
