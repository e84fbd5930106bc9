"""Project library and research credit (002 7.1): a serious breach in force bars an organisation
from programme calls (the programme engine asks); the records are shown to operators and to the
recorded organisation only."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import Workbook

from network import credit

pytestmark = pytest.mark.django_db

SOURCE = "陕科监〔2026〕9号"


def _record(by, org, **extra):
    data = dict(
        organisation=org,
        severity="serious",
        description="项目结题材料造假",
        source=SOURCE,
        starts_on=dt.date.today() - dt.timedelta(days=10),
        ends_on=dt.date.today() + dt.timedelta(days=365),
    )
    data.update(extra)
    return credit.credit_record_add(by=by, **data)


def test_serious_breach_bars_programme_entries_while_in_force(operator, enterprise):
    from programmes.eligibility import eligibility_problems
    from programmes.models import Call

    call = Call.objects.create(kind="funding", title="概念验证资助", created_by=operator)
    assert not any(SOURCE in p for p in eligibility_problems(call, enterprise))
    _record(operator, enterprise)
    assert any(SOURCE in p for p in eligibility_problems(call, enterprise))
    # A general breach, or one that has ended, does not bar.
    other = enterprise.__class__.objects.create(name="另一企业", kind="enterprise", verification_status="verified")
    _record(operator, other, severity="general")
    _record(operator, other, starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2021, 1, 1))
    assert credit.eligibility_check(call, other) == []


def test_only_operators_record_and_only_owner_and_operators_see(
    client, operator, enterprise, member, make_user, make_org
):
    with pytest.raises(PermissionDenied):
        _record(member, enterprise)
    with pytest.raises(ValidationError):
        _record(operator, enterprise, ends_on=dt.date(2000, 1, 1))
    _record(operator, enterprise)
    stranger = make_user(org=make_org(name="旁人公司"))
    client.force_login(stranger)
    assert SOURCE not in client.get(reverse("network:credit")).content.decode()
    client.force_login(member)
    assert SOURCE in client.get(reverse("network:credit")).content.decode()
    client.logout()
    assert client.get(reverse("network:credit")).status_code == 302
    assert SOURCE not in client.get("/api/v1/network/projects/").content.decode()


def test_operator_adds_credit_record_through_the_page(client, operator, enterprise):
    client.force_login(operator)
    response = client.post(
        reverse("network:credit"),
        {
            "organisation": enterprise.pk,
            "severity": "serious",
            "source": SOURCE,
            "starts_on": "2026-01-01",
            "description": "抄袭",
        },
    )
    assert response.status_code == 302 and enterprise.credit_records.count() == 1


def test_project_import_and_list(client, operator, enterprise):
    from network.importing import import_projects
    from network.models import Project

    book = Workbook()
    book.active.append(
        ["项目编号", "项目名称", "承担单位", "计划类别", "财政资助（万元）", "开始日期", "结束日期", "验收结果"]
    )
    book.active.append(
        ["P-1", "氢能电堆中试", enterprise.name, "秦创原成果转化专项", "80万元", "2025-01-01", "2026-12-31", "在研"]
    )
    book.active.append(["P-2", "坏行", "不存在单位", "专项", "", "2025-01-01", "2024-12-31", "优秀"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_projects(filename="p.xlsx", content=buffer.getvalue(), by=operator)
    assert not report.ok and Project.objects.count() == 0 and len(report.errors) == 3
    book.active.delete_rows(3)
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_projects(filename="p.xlsx", content=buffer.getvalue(), by=operator).created == 1
    assert Project.objects.get().budget_wan == 80
    assert "氢能电堆中试" in client.get(reverse("network:projects")).content.decode()
    assert client.get("/api/v1/network/projects/").json()["results"][0]["code"] == "P-1"
