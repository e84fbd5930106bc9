"""Issue 9: walk every role over every page, API route and export; no confidential value may
appear to a viewer who may not read it (DESIGN.md section 5).

The world: a demand with a budget and confidential details, a deal about it still at 意向 (so
its supply side has not gained access), with a message and an unregistered contract, and an
expert's private phone. Secrets are distinctive strings; every GET route of the site (pages from
the URL resolver, API paths from the OpenAPI schema) is tried with every id of that world, as
each role, and every response body (XLSX and CSV opened) is searched for them.
"""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

BUDGET = "8642.97"  # 万元: the demand's budget_max
DETAILS = "保密工艺窗口ZX-41"
MESSAGE = "洽谈报价口径QW-77"
AMOUNT = "3579.13"  # 万元: the unregistered contract's total amount
PHONE = "13987654321"
SECRETS = (BUDGET, "8,642.97", DETAILS, MESSAGE, AMOUNT, "3,579.13", PHONE)

# Routes that change state or are not pages (they are checked by their own tests).
SKIP = re.compile(
    r"(logout|/transition/|/messages/$|/register/$|/trial/$|/assign/|/read/$|/verify/$|/2fa/|activate|/edit/$|/new/$|/attachments/$)"
)


@pytest.fixture
def world(make_org, make_user, make_record, operator, django_capture_on_commit_callbacks):
    from catalog.models import Demand, Expert
    from deals.brokers.services import broker_register
    from deals.services.contracts import contract_save
    from deals.services.deals import deal_open, deal_transition
    from deals.services.messages import message_post

    company = make_org(name="保密需求企业")
    university = make_org(name="供给高校", kind="university")
    demand = make_record(
        Demand,
        owner_org=company,
        title="氢能电堆保密需求",
        budget_min=Decimal("100"),
        budget_max=Decimal(BUDGET),
        confidential_details=DETAILS,
    )
    expert = make_record(Expert, title="某专家", private_phone=PHONE)
    owner = make_user(org=company, name="需求方成员")
    party = make_user(org=university, name="供给方成员")
    # The supply side knocks on the demand: the deal stays at 意向, so it gains nothing yet.
    deal = deal_open(by=party, supply_org=university, demand_org=company, title="保密对接", demand=demand)
    # Another pair negotiates, with a message and an unregistered contract.
    institute = make_org(name="另一研究院", kind="institute")
    other_party = make_user(org=institute, name="研究院成员")
    accepted = deal_open(by=owner, supply_org=institute, demand_org=company, title="已洽谈对接")
    deal_transition(deal=accepted, action="negotiate", by=other_party)
    message_post(deal=accepted, by=other_party, body=MESSAGE)
    contract_save(
        deal=accepted,
        by=other_party,
        title="技术开发合同",
        contract_type="development",
        total_amount=Decimal(AMOUNT),
        tech_amount=Decimal("1000"),
        payment_mode="lump_sum",
        signed_on=date.today(),
    )
    broker = broker_register(user=make_user(name="未分派经纪人"), by=operator, level="middle")
    return {
        "ids": sorted({demand.pk, expert.pk, deal.pk, accepted.pk, company.pk, institute.pk, accepted.contract.pk}),
        "roles": {
            "anonymous": None,
            "other": make_user(org=make_org(name="无关企业")),
            "unverified": make_user(org=make_org(name="未认证企业", verified=False)),
            "party_at_intent": party,  # supply side of a deal still at 意向 about the demand
            "broker": broker.user,
            "leader": make_user(roles=["leader"]),
        },
        "allowed": {"owner": owner, "operator": operator},
        "demand": demand,
    }


def _fill(path: str, ids, libraries) -> list[str]:
    """Concrete paths for a route: each <lib:..>, <kind>/{kind}, <int:..>/{id} parameter tried
    with every value of its kind (library slugs; every id of the world)."""
    kinds = [*libraries, "organisations"]
    choices = (
        (r"<lib:\w+>", libraries),
        (r"<(?:str:)?kind>|\{kind\}", kinds),
        (r"<(?:\w+:)?\w+>|\{\w+\}", [str(i) for i in ids]),
    )
    for pattern, values in choices:
        match = re.search(pattern, path)
        if match:
            return [p for v in values for p in _fill(path[: match.start()] + v + path[match.end() :], ids, libraries)]
    return [path]


def _page_routes(resolver=None, prefix="") -> list[str]:
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if route.startswith("^") or "(?P" in route:
            continue  # regex routes: the API, walked from its schema
        if isinstance(entry, URLResolver):
            if route.startswith(("admin/", "api/", "i18n/")):
                continue
            routes.extend(_page_routes(entry, prefix + route))
        elif isinstance(entry, URLPattern):
            routes.append("/" + prefix + route)
    return routes


def _api_routes() -> list[str]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [path for path, ops in schema["paths"].items() if "get" in ops]


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)
    if kind.startswith(("text/", "application/json")):
        return body.decode("utf-8", "replace")
    return ""  # PDFs and other files: aggregates only, checked by their own tests


def test_no_role_sees_what_it_may_not(world, settings):
    from catalog.libraries import LIBRARIES

    libraries = list(LIBRARIES)
    paths = sorted({p for route in [*_page_routes(), *_api_routes()] for p in _fill(route, world["ids"], libraries)})
    paths = [p for p in paths if not SKIP.search(p)]
    assert len(paths) > 150  # the walk reaches the site, not a handful of pages
    leaks, server_errors = [], []
    for role, user in world["roles"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for path in paths:
            response = client.get(path)
            if response.status_code >= 500:
                server_errors.append((role, path, response.status_code))
                continue
            text = _text(response)
            found = [s for s in SECRETS if s in text]
            if found:
                leaks.append((role, path, found))
    assert server_errors == []
    assert leaks == []
    # The walk can see a secret where it is allowed: the owner and operators read the budget.
    for user in world["allowed"].values():
        client = Client()
        client.force_login(user)
        assert DETAILS in client.get(world["demand"].get_absolute_url()).content.decode()
