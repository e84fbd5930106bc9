"""Who may open the governance pages, exports and API; the new city × chain cross-tab."""

import datetime as dt
from decimal import Decimal

import pytest

from monitoring import selectors
from monitoring.models import Meeting
from monitoring.services import rhythm

pytestmark = pytest.mark.django_db

LEDGER_PAGES = [
    "/monitoring/units/",
    "/monitoring/rhythm/",
    "/api/v1/monitoring/units/",
    "/api/v1/monitoring/meetings/",
]
LEADER_PAGES = ["/monitoring/analysis/", "/monitoring/per-mu/"]


@pytest.mark.parametrize("who", ["member", "broker"])
def test_members_and_brokers_are_refused(client, request, who, operator):
    meeting = rhythm.dispatch_prepare(by=operator)
    client.force_login(request.getfixturevalue(who))
    pages = (
        LEDGER_PAGES
        + LEADER_PAGES
        + [
            f"/monitoring/rhythm/{meeting.pk}/",
            f"/monitoring/rhythm/{meeting.pk}/export.pdf",
            f"/monitoring/rhythm/{meeting.pk}/export.xlsx",
            "/monitoring/units/1/",
        ]
    )
    for url in pages:
        assert client.get(url).status_code == 403, url
    assert client.post("/monitoring/rhythm/start/", {"kind": "monthly"}).status_code == 403


def test_reviewer_reads_the_rhythm_but_cannot_run_it(client, reviewer):
    client.force_login(reviewer)
    for url in LEDGER_PAGES:
        assert client.get(url).status_code == 200, url
    for url in LEADER_PAGES:
        assert client.get(url).status_code == 403, url
    assert client.post("/monitoring/rhythm/start/", {"kind": "monthly"}).status_code == 403
    assert not Meeting.objects.exists()


def test_operator_runs_the_month_and_exports_the_papers(client, operator):
    client.force_login(operator)
    response = client.post("/monitoring/rhythm/start/", {"kind": "monthly"})
    meeting = Meeting.objects.get(kind="monthly")
    assert response.status_code == 302 and response["Location"].endswith(f"/rhythm/{meeting.pk}/")
    page = client.get(f"/monitoring/rhythm/{meeting.pk}/").content.decode()
    assert "A04-2024" in page and "逾期任务" in page
    pdf = client.get(f"/monitoring/rhythm/{meeting.pk}/export.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    xlsx = client.get(f"/monitoring/rhythm/{meeting.pk}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # The weekly step (it refreshes every indicator) starts a background job, never runs in the request.
    response = client.post("/monitoring/rhythm/start/", {"kind": "weekly"})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    response = client.post("/monitoring/rhythm/start/", {"kind": "quarterly"})
    assert Meeting.objects.filter(kind="quarterly").exists()
    api = client.get("/api/v1/monitoring/meetings/?kind=monthly").json()
    assert api["results"][0]["agenda"]["overdue"] if "results" in api else api[0]["agenda"]["overdue"]


def test_crosstab_new_city_by_chain(signed_deal, operator, leader, client):
    from deals.services.contracts import contract_register
    from reference.models import IndustryChain, Park

    chain = IndustryChain.objects.get(slug="hydrogen")
    deal = signed_deal(tech=Decimal("300"), total=Decimal("300"), industry_chain=chain)
    contract_register(contract=deal.contract, registry="610000", by=operator)
    today = dt.date.today()
    table = selectors.crosstab(start=dt.date(today.year, 1, 1), end=today)
    turnover = next(t for t in table["tables"] if t["code"] == "tech_contract_turnover")
    assert turnover["cols"] == ["氢能"] and turnover["rows"][0]["label"] == "沣西新城"
    assert turnover["rows"][0]["cells"] == [Decimal("0.0300")]  # 300 万元 = 0.03 亿元
    other = selectors.crosstab(start=dt.date(today.year, 1, 1), end=today, new_city="qinhan")
    assert next(t for t in other["tables"] if t["code"] == "tech_contract_turnover")["rows"] == []
    park = Park.objects.filter(new_city="fengxi").first()
    if park is not None:
        park.industry_chains.set([chain])
        narrowed = selectors.crosstab(start=dt.date(today.year, 1, 1), end=today, park=park)
        assert next(t for t in narrowed["tables"] if t["code"] == "tech_contract_turnover")["grand"] == Decimal(
            "0.0300"
        )
    client.force_login(leader)
    page = client.get("/monitoring/analysis/", {"new_city": "fengxi"}).content.decode()
    assert "氢能" in page and "平台不作推测" in page


def test_pages_in_english(client, operator):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.force_login(operator)
    meeting = rhythm.dispatch_prepare(by=operator)
    page = client.get(f"/monitoring/rhythm/{meeting.pk}/").content.decode()
    assert "Overdue tasks" in page and "Targets at risk by trend" in page and "逾期任务" not in page
    assert "Prepare this period" in client.get("/monitoring/rhythm/").content.decode()
    page = client.get("/monitoring/per-mu/?year=2025").content.decode()
    assert "Differentiated allocation list" in page
