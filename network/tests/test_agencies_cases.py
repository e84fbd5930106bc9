"""Service agencies (catalogue, engagements, ratings only by the client after completion, yearly
evaluation) and typical cases (reviewed, then published and counted)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from network import services
from network.models import AgencyService, Case, ServiceAgency

from .conftest import notified

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(make_org):
    org = make_org(name="某技术转移中心", kind="service_agency", prefecture_id="610100")
    agency = ServiceAgency.objects.create(organisation=org, kind="transfer", level="provincial", prefecture_id="610100")
    AgencyService.objects.create(agency=agency, title="科技成果评估")
    return agency


@pytest.fixture
def agent(make_user, agency):
    return make_user(name="经理", org=agency.organisation)


def test_engagement_request_complete_rate(
    client, agency, agent, member, enterprise, make_user, make_org, django_capture_on_commit_callbacks
):
    service = agency.services.get()
    with django_capture_on_commit_callbacks(execute=True):
        engagement = services.engagement_request(
            agency=agency, client=enterprise, by=member, service=service, note="评估"
        )
    assert notified(agent, "network.engagement_request")
    with pytest.raises(ValidationError):
        services.engagement_rate(engagement=engagement, by=member, score=5)  # not completed yet
    with pytest.raises(PermissionDenied):
        services.engagement_complete(engagement=engagement, by=member)  # only the agency completes
    with django_capture_on_commit_callbacks(execute=True):
        services.engagement_complete(engagement=engagement, by=agent)
    assert notified(member, "network.engagement_completed")
    stranger = make_user(org=make_org(name="旁观企业"))
    with pytest.raises(PermissionDenied):
        services.engagement_rate(engagement=engagement, by=stranger, score=1)
    with pytest.raises(PermissionDenied):
        services.engagement_rate(engagement=engagement, by=agent, score=5)  # no self-rating
    with pytest.raises(ValidationError):
        services.engagement_rate(engagement=engagement, by=member, score=6)
    services.engagement_rate(engagement=engagement, by=member, score=4, comment="专业")
    with pytest.raises(ValidationError):
        services.engagement_rate(engagement=engagement, by=member, score=5)  # once
    from network import selectors

    row = selectors.agency_list({}).get(pk=agency.pk)
    assert row.rating == 4 and row.ratings == 1 and row.completed == 1
    assert selectors.agency_evaluation(agency)[0]["average"] == 4
    assert client.get(reverse("network:agency", args=[agency.pk])).status_code == 200
    api = client.get("/api/v1/network/agencies/").json()
    assert api["results"][0]["rating"] == 4.0 if "results" in api else api[0]["rating"] == 4.0


def test_engagement_request_checks(agency, agent, member, enterprise, make_org):
    other = make_org(name="别的企业")
    with pytest.raises(PermissionDenied):
        services.engagement_request(agency=agency, client=other, by=member)  # not a member of the client
    with pytest.raises(ValidationError):
        services.engagement_request(agency=agency, client=agency.organisation, by=agent)
    foreign = AgencyService.objects.create(
        agency=ServiceAgency.objects.create(organisation=make_org(name="另一服务机构"), kind="testing"), title="检测"
    )
    with pytest.raises(ValidationError):
        services.engagement_request(agency=agency, client=enterprise, by=member, service=foreign)


def test_engagements_of_a_client_are_not_shown_to_other_clients(
    client, agency, member, enterprise, make_user, make_org
):
    services.engagement_request(agency=agency, client=enterprise, by=member, note="保密的需求说明XYZ")
    client.force_login(make_user(org=make_org(name="其他委托方")))
    assert "保密的需求说明XYZ" not in client.get(reverse("network:agency", args=[agency.pk])).content.decode()
    client.logout()
    assert "保密的需求说明XYZ" not in client.get(reverse("network:agency", args=[agency.pk])).content.decode()


def test_agency_import(operator, make_org):
    import io

    from openpyxl import Workbook

    from network.importing import import_agencies

    org = make_org(name="某律师事务所", kind="service_agency")
    book = Workbook()
    book.active.append(["机构名称", "机构类别", "公益法律服务", "所在地市", "服务目录"])
    book.active.append([org.name, "律师事务所", "是", "西安市", "合同审查、知识产权诉讼"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_agencies(filename="a.xlsx", content=buffer.getvalue(), by=operator)
    assert report.ok, report.errors
    agency = ServiceAgency.objects.get(organisation=org)
    assert agency.public_legal_service and agency.services.count() == 2


def _case(by, **extra):
    data = dict(
        title="先使用后付费案例",
        mechanism="pay_after_use",
        parties="某高校、某企业",
        summary="经过",
        year=dt.date.today().year,
        prefecture=None,
    )
    data.update(extra)
    return services.case_save(by=by, **data)


def test_case_review_publish_and_metric(client, member, operator, xianyang_op, xian_op, make_user):
    from monitoring.metrics import get_metric
    from reference.models import Region

    case = _case(member, prefecture=Region.objects.get(code="610400"))
    services.case_transition(case=case, action="submit", by=member)
    assert client.get(reverse("network:case", args=[case.pk])).status_code == 404  # not public yet
    with pytest.raises(PermissionDenied):
        services.case_transition(case=case, action="accept", by=xian_op)
    with pytest.raises(PermissionDenied):
        services.case_transition(case=case, action="accept", by=member)
    services.case_transition(case=case, action="accept", by=xianyang_op)
    today = dt.date.today()
    assert get_metric("network_cases").compute(today, today) == 1
    assert get_metric("network_cases").breakdown(today, today, "mechanism") == {"先使用后付费": 1}
    assert client.get(reverse("network:case", args=[case.pk])).status_code == 200
    assert len(client.get("/api/v1/network/cases/").json()["results"]) == 1


def test_case_form_and_validation(client, member):
    client.force_login(member)
    response = client.post(reverse("network:case_new"), {"title": "", "mechanism": "other"})
    assert response.status_code == 200
    assert Case.objects.count() == 0
    response = client.post(
        reverse("network:case_new"),
        {"title": "案例", "mechanism": "other", "parties": "甲、乙", "summary": "说明", "year": dt.date.today().year},
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.status == "draft" and case.owner_org is not None
    other = _case(member, title="别人的")
    client.logout()
    assert client.get(reverse("network:case", args=[other.pk])).status_code == 404


def test_yearly_evaluation_counts_sharing_service_orders(agency, enterprise, member):
    from network import selectors
    from sharing.models import ServiceOrder

    ServiceOrder.objects.create(
        provider=agency.organisation,
        requester=member,
        organisation=enterprise,
        title="检测",
        samples="样品",
        requirements="要求",
        status="rated",
        rating=2,
    )
    row = selectors.agency_evaluation(agency)[0]
    assert row["completed"] == 1 and row["ratings"] == 1 and row["average"] == 2
