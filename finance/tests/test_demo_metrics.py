"""The demo loader (idempotent, marked 演示) and the registered indicators."""

import io

import pytest


@pytest.mark.django_db
def test_demo_loader_is_idempotent_and_marked(operator, make_record, make_org):
    from accounts.models import User
    from catalog.models import FinancialProduct
    from core.demo import loaders
    from finance.models import Fund, Investment, ProductTerms, RiskFundEntry

    bank = make_org(name="示例合作银行（演示）", kind="financial")
    make_record(FinancialProduct, owner_org=bank, title="科技型企业研发贷（演示）", product_type="rd_loan")
    make_org(name="演示企业01（演示）")
    load = {name: fn for _o, name, fn in loaders()}["finance"]
    context = {"operator": operator, "demo_bank": bank}
    for _ in range(2):
        load(context, io.StringIO())
    assert User.objects.filter(email="bank@demo.qcy", memberships__organisation=bank).exists()
    assert ProductTerms.objects.get().rules[0]["fact"] == "has_high_tech"
    assert Fund.objects.count() == 2 and all("演示" in f.name and f.is_demo for f in Fund.objects.all())
    assert all(i.is_demo for i in Investment.objects.all())
    assert RiskFundEntry.objects.count() == 1 and "演示" in RiskFundEntry.objects.get().note


def test_metrics_registered():
    from monitoring.metrics import metrics

    registry = metrics()
    expected = {
        "finance_amount",
        "finance_firms_matched",
        "finance_firms_financed",
        "risk_comp_fund",
        "risk_comp_leverage",
        "vc_fund_scale_platform",
        "fund_investment_platform",
    }
    assert expected <= set(registry)
    assert registry["finance_amount"].breakdowns == ("product_type", "new_city", "chain")


def test_whitelist_review_command_is_scheduled_and_runs(db):
    from django.conf import settings
    from django.core.management import call_command

    assert "whitelist_review" in settings.SCHEDULED_COMMANDS
    out = io.StringIO()
    call_command("whitelist_review", stdout=out)
    assert "kept 0, flagged 0" in out.getvalue()


@pytest.mark.django_db
def test_openapi_schema_lists_finance(client, operator):
    client.force_login(operator)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/financing/needs/" in paths and "/api/v1/financing/needs/{id}/matches/" in paths


@pytest.mark.django_db
def test_pages_in_english(client, hightech, hightech_admin, rd_loan, post_need):
    need = post_need(hightech, hightech_admin)
    client.force_login(hightech_admin)
    client.cookies["django_language"] = "en"
    html = client.get(f"/financing/needs/{need.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Products whose conditions you meet" in html and "Apply for this product" in html


@pytest.mark.django_db
def test_demo_with_the_real_catalog_and_enterprises(monkeypatch, tmp_path):
    """The finance loader after the real accounts, catalog and enterprises loaders (papers skipped,
    no indexing): the demo enterprise finds demo products with true reasons; twice changes nothing."""
    from django.core.management import call_command

    from catalog.demo import papers
    from finance import fit
    from finance.models import FinancingNeed, ProductTerms

    monkeypatch.setattr(papers, "DATA_FILE", tmp_path / "missing.jsonl")
    monkeypatch.setattr("matching.sources.documents_changed", lambda *, kind, ids: None)
    for _ in range(2):
        call_command(
            "load_demo",
            only=["reference", "accounts", "catalog", "enterprises", "finance"],
            force=True,
            stdout=io.StringIO(),
        )
    assert ProductTerms.objects.count() == 6
    from accounts.models import Organisation, User

    admin = User.objects.get(email="enterprise@demo.qcy")
    org = Organisation.objects.get(pk__in=admin.organisation_ids(), kind="enterprise")
    need = FinancingNeed(organisation=org, amount=500, term_months=24, need_type="debt", purpose="演示")
    eligible, excluded = fit.match_need(need)
    assert len(eligible) + len(excluded) >= 4
    assert all("✓" in r for f in eligible for r in f.reasons[:1])
