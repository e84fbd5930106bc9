"""The demo loaders of reference, accounts and catalog (``manage.py load_demo``)."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from accounts.demo import DEMO_ENTERPRISE, DEMO_TEAM, ORGANISATIONS
from accounts.models import Membership, Organisation, User
from catalog import access
from catalog.demo import papers
from catalog.models import (
    Achievement,
    Demand,
    Expert,
    FinancialProduct,
    Instrument,
    Policy,
    PolicyClause,
    ReviewEvent,
    Scenario,
    Status,
)
from reference.models import NewCity, Park

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
MODELS = (Achievement, Demand, Instrument, Policy, PolicyClause, Expert, FinancialProduct, Scenario, ReviewEvent)
OTHERS = (Organisation, Membership, User, Park)


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", only=["reference", "accounts", "catalog"], force=True, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS + OTHERS}


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def no_papers(monkeypatch, tmp_path):
    """Skip the paper and preprint achievements (fast tests of everything else)."""
    monkeypatch.setattr(papers, "DATA_FILE", tmp_path / "missing.jsonl")
    monkeypatch.setattr(papers, "PREPRINTS_FILE", tmp_path / "missing-preprints.jsonl")


@pytest.fixture
def notified(monkeypatch):
    """Record the batched notifications to the matching engine instead of indexing."""
    calls = []
    monkeypatch.setattr("matching.sources.documents_changed", lambda *, kind, ids: calls.append((kind, list(ids))))
    return calls


@pytest.mark.django_db
def test_demo_without_papers_is_idempotent_and_complete(no_papers, notified, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = load_demo()
    first = counts()
    assert "achievements: skipped" in output
    assert first["Achievement"] == 0
    assert first["Policy"] == 3 and first["Park"] == 10
    for name in ("Demand", "Instrument", "Expert", "FinancialProduct", "Scenario"):
        assert first[name] >= 5, name
    # One batched notification per library, none per record.
    assert sorted(kind for kind, _ids in notified) == sorted(
        ["policies", "demands", "instruments", "experts", "finance", "scenarios"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    assert counts() == first
    assert len(notified) == 6  # the second run had nothing new to announce


@pytest.mark.django_db
def test_no_organisation_has_an_invented_credit_code(no_papers):
    load_demo()
    assert Organisation.objects.count() == len(ORGANISATIONS) + 3
    assert not Organisation.objects.exclude(credit_code__isnull=True).exists()
    assert Organisation.objects.get(name="西安交通大学").county.name == "碑林区"
    assert Organisation.objects.get(name="商汤科技西北区域总部").new_city == NewCity.FENGXI


@pytest.mark.skipif(not SEEDS.exists(), reason="planning documents not available")
def test_every_named_organisation_appears_in_the_documents():
    text = "".join(re.sub(r"\s", "", path.read_text(encoding="utf-8")) for path in SEEDS.glob("00[0-2]_*.txt"))
    missing = [name for name, *_rest, mention, _source in ORGANISATIONS if mention not in text]
    assert missing == []


@pytest.mark.django_db
def test_every_policy_has_clauses_of_the_four_subject_kinds(no_papers):
    load_demo()
    for policy in Policy.objects.all():
        assert policy.clauses.exists(), policy.title
        assert policy.status == Status.PUBLISHED and policy.is_public
    assert Policy.objects.get(document_number="陕西咸函〔2024〕2号").issued_on.isoformat() == "2025-05-29"
    kinds = set(PolicyClause.objects.values_list("subject_kind", flat=True))
    assert kinds == {"enterprise", "talent", "platform", "service_agency"}


@pytest.mark.django_db
def test_parks_of_seed_002(no_papers):
    load_demo()
    assert set(Park.objects.values_list("new_city", flat=True)) == {
        "fengdong",
        "fengxi",
        "qinhan",
        "konggang",
        "jinghe",
    }
    pv = Park.objects.get(name="西咸新区·泾河双碳光伏产业园")
    assert list(pv.industry_chains.values_list("slug", flat=True)) == ["photovoltaic"]
    assert not Park.objects.exclude(land_area_mu__isnull=True).exists()  # the document states no areas


@pytest.mark.django_db
def test_demo_users_belong_to_demo_organisations_and_keep_existing_logins(no_papers):
    output = load_demo()
    for login in (
        "operator@demo.qcy",
        "leader@demo.qcy",
        "broker@demo.qcy",
        "enterprise@demo.qcy",
        "researcher@demo.qcy",
    ):
        assert login in output
    assert User.objects.get(email="operator@demo.qcy").is_operator
    enterprise_user = User.objects.get(email="enterprise@demo.qcy")
    researcher = User.objects.get(email="researcher@demo.qcy")
    assert enterprise_user.primary_organisation.name == DEMO_ENTERPRISE
    assert researcher.primary_organisation.name == DEMO_TEAM
    assert not enterprise_user.roles and not researcher.roles


@pytest.mark.django_db
def test_demo_demands_show_the_confidentiality_rules(no_papers):
    load_demo()
    demands = list(Demand.objects.all())
    assert all(d.budget_max and d.confidential_details and d.title.endswith("（演示）") for d in demands)
    owner = User.objects.get(email="enterprise@demo.qcy")
    stranger = User.objects.get(email="researcher@demo.qcy")  # member of another organisation
    for demand in demands:
        assert access.can_see_confidential(owner, demand)
        assert not access.can_see_confidential(stranger, demand)
        assert not access.can_see_confidential(AnonymousUser(), demand)


@pytest.mark.django_db
def test_no_real_person_among_demo_experts(no_papers):
    load_demo()
    assert all(title.startswith("示例专家（") for title in Expert.objects.values_list("title", flat=True))


@pytest.mark.django_db
def test_all_papers_become_published_achievements_once(notified, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    team = Organisation.objects.get(name=DEMO_TEAM)
    # 657 CSL papers of fitting disciplines and the 3,364 ChinaXiv preprints of distinct titles
    # (200 of the 3,564 are second versions of the same paper) (issue 20).
    total = 657 + 3364
    assert Achievement.objects.count() == total
    assert (
        Achievement.objects.filter(owner_org=team, status=Status.PUBLISHED, asking_price__isnull=True).count() == total
    )
    assert Achievement.objects.published().count() == total
    assert not Achievement.objects.filter(field__in=["法学", "哲学", "军事学", "应用经济学", "历史学"]).exists()
    assert Achievement.objects.filter(body__contains="Authors and CAS ChinaXiv").count() == 3364
    events = ReviewEvent.objects.filter(content_type=ContentType.objects.get_for_model(Achievement), action="import")
    assert events.count() == total and set(events.values_list("to_status", flat=True)) == {Status.PUBLISHED}
    ids = [ids for kind, ids in notified if kind == "achievements"]
    assert len(ids) == 1 and len(ids[0]) == total
    hydrogen = Achievement.objects.filter(industry_chains__slug="hydrogen")
    assert hydrogen.exists() and all("燃料电池" in a.title + a.keywords for a in hydrogen)
    first = counts()
    load_demo()
    assert counts() == first


@pytest.mark.django_db
def test_load_demo_refuses_with_debug_off_unless_forced(settings):
    """It creates accounts with a known password (issue 9)."""
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", only=["reference"], stdout=StringIO())
