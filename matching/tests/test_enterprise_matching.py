"""Enterprises as a matching source: achievements find firms, firms find financial products."""

import pytest
from django.urls import reverse

from accounts import services as account_services
from catalog.models import Achievement, Demand
from matching import index
from matching.organisation_sources import document_of
from matching.selectors import matches_for


@pytest.fixture
def verify(operator, django_capture_on_commit_callbacks):
    """Verify an organisation through the accounts service, running its after-commit hooks."""

    def do(org):
        with django_capture_on_commit_callbacks(execute=True):
            return account_services.organisation_verify(organisation=org, by=operator, approve=True)

    return do


@pytest.fixture
def firms(make_org, chain, verify):
    """A verified hydrogen firm (indexed through verification), an unverified one and a university."""
    firm = make_org(
        name="西咸氢能装备有限公司", verified=False, new_city="jinghe", description="燃料电池电堆与加氢设备制造"
    )
    firm.industry_chains.add(chain)
    verify(firm)
    pending = make_org(name="待认证氢能电堆公司", verified=False, description="燃料电池电堆制造")
    pending.industry_chains.add(chain)
    university = make_org(name="氢能电堆研究大学", kind="university", description="燃料电池电堆研究")
    university.industry_chains.add(chain)
    verify(university)
    return {"firm": firm, "pending": pending, "university": university}


@pytest.fixture
def achievement(make_record, make_org, chain, publish):
    record = make_record(
        Achievement,
        owner_org=make_org(name="西安某大学", kind="university"),
        status="submitted",
        title="长寿命燃料电池电堆技术",
        body="膜电极改进，电堆寿命超过一万小时",
        new_city="jinghe",
    )
    record.industry_chains.add(chain)
    publish(record)
    return record


@pytest.mark.django_db
def test_achievement_finds_verified_enterprise_of_its_chain(firms, achievement, member):
    matches = matches_for(kind="achievements", pk=achievement.pk, user=member)
    firm = next(m for m in matches if m.kind == "organisations")
    assert firm.id == firms["firm"].pk and firm.kind_label == "企业"
    assert firm.url == reverse("accounts:organisation_detail", kwargs={"pk": firms["firm"].pk})
    reasons = " ".join(firm.reasons)
    assert "同属产业链：氢能" in reasons and "同在泾河新城" in reasons and "企业已通过平台认证" in reasons
    found = {(m.kind, m.id) for m in matches}
    # Neither an unverified firm nor a university is an enterprise to recommend.
    assert ("organisations", firms["pending"].pk) not in found
    assert ("organisations", firms["university"].pk) not in found


@pytest.mark.django_db
def test_unverified_or_rejected_organisation_is_never_a_match(
    firms, achievement, member, operator, django_capture_on_commit_callbacks
):
    # Even a stale index entry of an unverified firm is dropped before it reaches anyone.
    pending = firms["pending"]
    index.open_index("organisations").upsert([document_of(pending)])
    found = {(m.kind, m.id) for m in matches_for(kind="achievements", pk=achievement.pk, user=member)}
    assert ("organisations", pending.pk) not in found
    # Rejecting a verified firm removes it from the index.
    firm = firms["firm"]
    with django_capture_on_commit_callbacks(execute=True):
        account_services.organisation_verify(organisation=firm, by=operator, approve=False, note="材料不全")
    assert index.open_index("organisations").get([firm.pk]) == {}
    found = {(m.kind, m.id) for m in matches_for(kind="achievements", pk=achievement.pk, user=member)}
    assert ("organisations", firm.pk) not in found


@pytest.mark.django_db
def test_published_demand_becomes_part_of_its_firms_document(firms, make_record, publish):
    firm = firms["firm"]
    demand = make_record(Demand, owner_org=firm, status="submitted", title="加氢站压缩机国产化")
    publish(demand)
    payload = index.open_index("organisations").get([firm.pk])[firm.pk]
    assert "加氢站压缩机国产化" in payload["text"] and payload["chains"] == ["hydrogen"]
    assert payload["extra"] == {"verified": True, "kind": "enterprise"}


@pytest.mark.django_db
def test_enterprise_page_has_no_keyword_product_panel(client, firms, make_user):
    """Financial products are the finance app's (eligibility rules with true reasons); matching no
    longer pairs a firm with products by shared words, nor offers a deal for them."""
    from matching.engine import TARGETS

    assert "finance" not in TARGETS.get("organisations", ())
    firm = firms["firm"]
    page = client.get(reverse("accounts:organisation_detail", kwargs={"pk": firm.pk})).content.decode()
    assert reverse("matching:panel", kwargs={"kind": "organisations", "pk": firm.pk}) not in page
