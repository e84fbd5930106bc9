"""Entry by the enterprise's admins, operator verification, history (audit), validation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.audit import AuditEntry
from enterprises import services
from enterprises.models import AnnualReport, Qualification


def test_profile_only_for_enterprises(make_org):
    with pytest.raises(ValidationError):
        services.profile_for(make_org(kind="university"))


def test_admin_enters_figures_operator_verifies(firm, firm_admin, operator):
    report = services.report_submit(
        profile=firm, by=firm_admin, year=2025, data={"staff": "120", "rd_staff": 30, "revenue": "5000.5"}
    )
    assert report.status == "pending" and report.source == "self"
    services.report_review(report=report, by=operator, approve=True)
    report.refresh_from_db()
    assert report.status == "verified" and report.source == "verified" and report.reviewed_by == operator
    # a later change by the enterprise loses the verification; the old values stay in the audit trail
    services.report_submit(profile=firm, by=firm_admin, year=2025, data={"staff": 121, "revenue": "5000.5"})
    report.refresh_from_db()
    assert report.status == "pending" and report.staff == 121
    actions = list(AuditEntry.objects.filter(object_id=str(firm.pk)).values_list("action", flat=True))
    assert actions.count("enterprise.report.submit") == 2 and "enterprise.report.verified" in actions


def test_member_who_is_not_admin_cannot_enter(firm, member):
    with pytest.raises(PermissionDenied):
        services.report_submit(profile=firm, by=member, year=2025, data={"staff": 1})


def test_other_enterprise_admin_cannot_enter(firm, make_org, make_user):
    other = make_user(org=make_org(), org_role="admin")
    with pytest.raises(PermissionDenied):
        services.qualification_submit(
            profile=firm, by=other, data={"kind": "high_tech", "issued_on": dt.date(2024, 1, 1)}
        )


@pytest.mark.parametrize(
    "data, field",
    [
        ({"staff": 10, "rd_staff": 11}, "rd_staff"),
        ({"revenue": "abc"}, "revenue"),
        ({"staff": "1.5"}, "staff"),
        ({"rd_expenditure": -1}, "rd_expenditure"),
    ],
)
def test_bad_figures_are_refused_and_nothing_written(firm, firm_admin, data, field):
    with pytest.raises(ValidationError) as exc:
        services.report_submit(profile=firm, by=firm_admin, year=2025, data=data)
    assert field in exc.value.message_dict
    assert not AnnualReport.objects.exists()


def test_future_year_refused(firm, firm_admin):
    with pytest.raises(ValidationError):
        services.report_submit(profile=firm, by=firm_admin, year=2999, data={})


def test_high_tech_certificate_valid_three_years(firm, firm_admin, operator):
    q = services.qualification_submit(
        profile=firm,
        by=firm_admin,
        data={"kind": "high_tech", "number": "GR202461000123", "issued_on": dt.date(2024, 11, 1)},
    )
    assert q.expires_on == dt.date(2027, 10, 31)
    assert not q.is_valid_on(dt.date(2025, 1, 1))  # pending: not yet counted
    services.qualification_review(qualification=q, by=operator, approve=True)
    q.refresh_from_db()
    assert q.is_valid_on(dt.date(2025, 1, 1)) and not q.is_valid_on(dt.date(2027, 11, 1))
    assert Qualification.objects.valid_on(dt.date(2026, 6, 1)).count() == 1


def test_listed_needs_board_and_code(firm, firm_admin):
    with pytest.raises(ValidationError):
        services.qualification_submit(
            profile=firm, by=firm_admin, data={"kind": "listed", "issued_on": dt.date(2024, 1, 1)}
        )


def test_return_needs_reason_and_only_operators_review(firm, firm_admin, operator, member):
    report = services.report_submit(profile=firm, by=firm_admin, year=2024, data={"revenue": 1})
    with pytest.raises(PermissionDenied):
        services.report_review(report=report, by=member, approve=True)
    with pytest.raises(ValidationError):
        services.report_review(report=report, by=operator, approve=False, note=" ")
    services.report_review(report=report, by=operator, approve=False, note="与审计报告不符")
    report.refresh_from_db()
    assert report.status == "rejected" and report.review_note == "与审计报告不符"


def test_demonstration_designation(firm, operator, firm_admin):
    d = services.demonstration_designate(profile=firm, by=operator, reason="建立联合实验室", on=dt.date(2025, 3, 1))
    assert d.designated_on == dt.date(2025, 3, 1)
    with pytest.raises(ValidationError):
        services.demonstration_designate(profile=firm, by=operator, reason="again")
    with pytest.raises(PermissionDenied):
        services.demonstration_designate(profile=firm, by=firm_admin, reason="self")
    services.platform_add(profile=firm, by=firm_admin, kind="consortium", name="氢能创新联合体")
    assert firm.platforms.get().get_kind_display() == "创新联合体"


def test_applicant_name_review_links_patents(firm, operator):
    from enterprises.activity import applicant_name_review, patent_queryset, propose_applicant_names
    from patents.models import Patent

    firm.organisation.name = "陕西示例科技有限公司"
    Patent.objects.create(
        publication_number="CN1A", patent_type="invention", title="a", applicants=["陕西示例科技股份公司"]
    )
    Patent.objects.create(publication_number="CN2A", patent_type="invention", title="b", applicants=["别的公司"])
    proposals = propose_applicant_names(firm)
    assert [p.name for p in proposals] == ["陕西示例科技股份公司"] and proposals[0].patent_count == 1
    assert patent_queryset(firm).count() == 0  # not counted before review
    applicant_name_review(name=proposals[0], by=operator, confirm=True)
    assert list(patent_queryset(firm).values_list("publication_number", flat=True)) == ["CN1A"]
    applicant_name_review(name=proposals[0], by=operator, confirm=False)
    assert patent_queryset(firm).count() == 0
    assert propose_applicant_names(firm) == []  # reviewed strings are not proposed again


def test_names_proposed_for_all_enterprises_from_the_queue(client, firm, operator, make_org):
    from enterprises.models import ApplicantName
    from enterprises.services import profile_for
    from patents.models import Patent

    other = profile_for(make_org(name="西安另一家材料有限公司"))
    Patent.objects.create(
        publication_number="CN3A", patent_type="invention", title="c", applicants=["西安另一家材料有限公司咸阳分公司"]
    )
    Patent.objects.create(
        publication_number="CN4A", patent_type="invention", title="d", applicants=["陕西示例科技股份公司"]
    )
    client.force_login(operator)
    client.post(reverse("enterprises:propose_names"))
    assert set(ApplicantName.objects.values_list("profile_id", "name")) == {
        (other.pk, "西安另一家材料有限公司咸阳分公司"),
        (firm.pk, "陕西示例科技股份公司"),
    }


def test_expiry_reminders_once_to_admins(firm, firm_admin, member, verified_qualification, mailoutbox):
    from notifications.models import Notification

    verified_qualification(firm, "high_tech", issued=dt.date(2022, 12, 1), expires=dt.date(2025, 11, 30))
    verified_qualification(firm, "tech_sme", issued=dt.date(2025, 1, 1), expires=dt.date(2026, 12, 31))
    assert services.expiry_reminders(day=dt.date(2025, 10, 1)) == 1
    assert services.expiry_reminders(day=dt.date(2025, 10, 2)) == 0  # once per expiry
    note = Notification.objects.get()
    assert note.user == firm_admin and "高新技术企业" in note.title


def test_operator_import_is_verified_with_source(firm, operator, firm_admin):
    report = services.report_import(profile=firm, by=operator, year=2024, data={"revenue": "10", "staff": 3})
    assert (report.status, report.source, report.revenue) == ("verified", "imported", Decimal("10"))
    with pytest.raises(PermissionDenied):
        services.report_import(profile=firm, by=firm_admin, year=2024, data={})
