"""Carriers: yearly reports filed by the carrier's organisation, reviewed by the general window
or the carrier's sub-market, counted in the indicators only once accepted; 飞地 回迁 records;
the registry's XLSX import (the shared pipeline) and export."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from network import services
from network.models import Carrier, CarrierReport

from .conftest import notified

pytestmark = pytest.mark.django_db


@pytest.fixture
def inc_org(make_org):
    return make_org(name="咸阳某孵化器运营公司", kind="incubator", prefecture_id="610400")


@pytest.fixture
def inc_staff(make_user, inc_org):
    return make_user(name="孵化器管理员", org=inc_org)


@pytest.fixture
def incubator(inc_org):
    return Carrier.objects.create(
        name="咸阳某孵化器",
        kind="incubator",
        level="provincial",
        organisation=inc_org,
        prefecture_id="610400",
        recognised_on=dt.date.today(),
    )


def _year():
    return dt.date.today().year


def test_report_filed_reviewed_and_counted(
    inc_staff, incubator, xianyang_op, make_user, django_capture_on_commit_callbacks
):
    from monitoring.metrics import get_metric

    outsider = make_user(name="无关人员")
    report = services.report_save(
        carrier=incubator, year=_year(), by=inc_staff, projects_incubated=12, firms_registered=4
    )
    services.report_transition(report=report, action="submit", by=inc_staff)
    start, end = dt.date(_year(), 1, 1), dt.date(_year(), 12, 31)
    assert get_metric("network_carrier_reports").compute(start, end) == 0  # not yet reviewed
    with django_capture_on_commit_callbacks(execute=True):
        services.report_transition(report=report, action="accept", by=xianyang_op)
    assert get_metric("network_carrier_reports").compute(start, end) == 1
    assert get_metric("network_firms_registered").compute(start, end) == 4
    assert get_metric("network_projects_incubated").compute(start, end) == 12
    assert get_metric("network_carrier_reports").breakdown(start, end, "kind") == {"孵化器": 1}
    assert get_metric("network_new_carriers").compute(start, end) == 1
    assert notified(inc_staff, "network.report_accept") and not notified(outsider, "network.report_accept")


def test_other_region_operator_and_strangers_cannot_review_or_file(inc_staff, incubator, xian_op, make_user, make_org):
    report = services.report_save(carrier=incubator, year=_year(), by=inc_staff, projects_incubated=1)
    services.report_transition(report=report, action="submit", by=inc_staff)
    with pytest.raises(PermissionDenied):
        services.report_transition(report=report, action="accept", by=xian_op)
    with pytest.raises(PermissionDenied):
        services.report_transition(report=report, action="accept", by=inc_staff)  # no self-review
    stranger = make_user(org=make_org(name="别家公司"))
    with pytest.raises(PermissionDenied):
        services.report_save(carrier=incubator, year=_year(), by=stranger)
    from network.selectors import report_queue

    assert list(report_queue(user=xian_op)) == []


def test_return_needs_reason_and_accepted_report_is_frozen(inc_staff, incubator, operator):
    report = services.report_save(carrier=incubator, year=_year(), by=inc_staff, firms_graduated=2)
    services.report_transition(report=report, action="submit", by=inc_staff)
    with pytest.raises(ValidationError):
        services.report_transition(report=report, action="return", by=operator)
    services.report_transition(report=report, action="return", by=operator, reason="请补充毕业企业名单")
    services.report_save(carrier=incubator, year=_year(), by=inc_staff, firms_graduated=3)
    services.report_transition(report=report, action="submit", by=inc_staff)
    services.report_transition(report=report, action="accept", by=operator)
    with pytest.raises(ValidationError):
        services.report_save(carrier=incubator, year=_year(), by=inc_staff, firms_graduated=9)
    with pytest.raises(ValidationError):
        services.report_save(carrier=incubator, year=_year() + 1, by=inc_staff)
    with pytest.raises(ValidationError):
        services.report_save(carrier=incubator, year=_year() - 1, by=inc_staff, firms_graduated=-1)
    assert CarrierReport.objects.get(pk=report.pk).firms_graduated == 3


def test_draft_reports_are_hidden_from_the_public(client, inc_staff, incubator):
    services.report_save(carrier=incubator, year=_year(), by=inc_staff, projects_incubated=777)
    html = client.get(reverse("network:carrier", args=[incubator.pk])).content.decode()
    assert "777" not in html
    assert client.get(f"/api/v1/network/carriers/{incubator.pk}/reports/").json() == []
    client.force_login(inc_staff)
    assert "777" in client.get(reverse("network:carrier", args=[incubator.pk])).content.decode()


def test_report_pages_flow(client, inc_staff, incubator, xianyang_op):
    client.force_login(inc_staff)
    response = client.post(
        reverse("network:report_save", args=[incubator.pk]),
        {
            "year": _year(),
            "projects_incubated": 5,
            "firms_registered": 2,
            "firms_graduated": 0,
            "achievements_converted": 1,
            "notes": "",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    report = CarrierReport.objects.get(carrier=incubator)
    assert report.status == "submitted"
    client.force_login(xianyang_op)
    assert "咸阳某孵化器" in client.get(reverse("network:review")).content.decode()
    client.post(reverse("network:report_transition", args=[report.pk]), {"action": "accept", "next": "review"})
    report.refresh_from_db()
    assert report.status == "accepted" and report.reviewed_by == xianyang_op


def test_enclave_relocation(inc_org, inc_staff, make_user):
    from monitoring.metrics import get_metric

    enclave = Carrier.objects.create(
        name="某飞地孵化器", kind="enclave", organisation=inc_org, prefecture_id="610100", partner_city_id="610800"
    )
    from reference.models import Region

    services.relocation_add(
        carrier=enclave,
        by=inc_staff,
        firm_name="榆林某企业",
        moved_on=dt.date.today(),
        destination=Region.objects.get(code="610800"),
    )
    today = dt.date.today()
    assert get_metric("network_relocations").compute(today, today) == 1
    with pytest.raises(ValidationError):
        services.relocation_add(
            carrier=enclave,
            by=inc_staff,
            firm_name="x",
            moved_on=today + dt.timedelta(days=3),
            destination=Region.objects.get(code="610800"),
        )
    incubator = Carrier.objects.create(
        name="普通孵化器", kind="incubator", organisation=inc_org, prefecture_id="610400"
    )
    with pytest.raises(ValidationError):
        services.relocation_add(
            carrier=incubator,
            by=inc_staff,
            firm_name="x",
            moved_on=today,
            destination=Region.objects.get(code="610800"),
        )


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEAD = [
    "载体名称",
    "载体类型",
    "级别",
    "所在地市",
    "所在区县",
    "合作地市",
    "运营机构",
    "认定日期",
    "场地面积（平方米）",
]


def test_import_carriers_all_or_nothing(client, operator, inc_org, member):
    from network.importing import import_carriers

    bad = _xlsx(
        [
            HEAD,
            ["甲孵化器", "孵化器", "省级", "咸阳市", "", "", inc_org.name, "2024-05-01", "3000"],
            ["乙加速器", "火箭", "省级", "西安市", "", "", "", "", ""],
            ["丙飞地", "飞地孵化器", "市级", "西安", "", "榆林市", "不存在的机构", "", "-5"],
        ]
    )
    report = import_carriers(filename="c.xlsx", content=bad, by=operator)
    assert not report.ok and Carrier.objects.count() == 0
    messages = " ".join(str(e) for e in report.errors)
    assert "第 3 行" in messages and "第 4 行" in messages
    good = _xlsx(
        [
            ["2025年载体名单"],
            HEAD,
            ["甲孵化器", "孵化器", "省级", "咸阳市", "", "", inc_org.credit_code, "2024/5/1", "3000"],
            ["丙飞地", "飞地孵化器", "市级", "西安", "", "榆林市", "", "", ""],
        ]
    )
    report = import_carriers(filename="c.xlsx", content=good, by=operator)
    assert report.ok and report.created == 2
    assert Carrier.objects.get(name="甲孵化器").organisation == inc_org
    assert Carrier.objects.get(name="丙飞地").partner_city_id == "610800"
    # Importing again updates, not duplicates; a member may not import.
    import_carriers(filename="c.xlsx", content=good, by=operator)
    assert Carrier.objects.count() == 2
    with pytest.raises(PermissionDenied):
        import_carriers(filename="c.xlsx", content=good, by=member)
    client.force_login(member)
    assert client.get(reverse("network:import")).status_code == 403
    client.force_login(operator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("network:import"), {"registry": "carriers", "file": SimpleUploadedFile("c.txt", b"x")}
    )
    assert response.status_code == 200  # a refused file type is a message, not a 500
    xlsx = client.get(reverse("network:carriers_xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:2] == ["载体名称", "载体类型"] and sheet.max_row == 3
    assert client.get(reverse("network:import_template", args=["carriers"])).status_code == 200


def test_carriers_metric_breakdowns(incubator):
    from monitoring.metrics import get_metric

    metric = get_metric("network_carriers")
    today = dt.date.today()
    assert metric.compute(today, today) == 1
    assert metric.breakdown(today, today, "level") == {"省级": 1}
    assert metric.breakdown(today, today, "submarket") == {"咸阳市": 1}
