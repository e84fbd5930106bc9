"""Write side of the network app: sub-market operators, carriers' yearly reports and 回迁
records, agencies' engagements and ratings, typical cases. Every function checks who acts,
writes atomically, leaves an audit row and notifies after commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import gettext_noop

from accounts.selectors import members_of
from catalog.access import forget_review_regions
from core.audit import audit
from core.workflow import Transition, Workflow
from notifications.messages import Message

from . import access
from .models import Carrier, CarrierReport, Case, Engagement, Relocation, ReviewStatus, SubMarket

S = ReviewStatus

# Yearly reports and typical cases share one review table: the owner submits, an operator of
# the general window or of the record's sub-market accepts (counts / publishes) or returns it.
REVIEW = Workflow(
    [
        Transition("submit", _l("提交审核"), (S.DRAFT, S.RETURNED), S.SUBMITTED, ("owner",)),
        Transition("accept", _l("审核通过"), (S.SUBMITTED,), S.ACCEPTED, ("reviewer",)),
        Transition("return", _l("退回修改"), (S.SUBMITTED,), S.RETURNED, ("reviewer",), reason_required=True),
    ]
)

REPORT_FIGURES = ("projects_incubated", "firms_registered", "firms_graduated", "achievements_converted")


def _notify(users, kind: str, title, body, url: str) -> None:
    from notifications.services import notify

    users = [u for u in users if u is not None]
    if users:
        transaction.on_commit(lambda: notify(users=users, kind=kind, title=title, body=body, url=url))


# ---- sub-markets ---------------------------------------------------------------------------


def submarket_operator_set(*, submarket: SubMarket, user, by, add: bool = True) -> None:
    """Give (or take) ``user`` the review of ``submarket``'s region. General window operators only."""
    if not access.is_general_operator(by):
        raise PermissionDenied(_("只有总窗口运营人员可以指定分市场运营人员。"))
    with transaction.atomic():
        (submarket.operators.add if add else submarket.operators.remove)(user)
        audit(
            actor=by,
            action="network.submarket_operator_" + ("add" if add else "remove"),
            target=submarket,
            data={"user": user.pk},
        )
    forget_review_regions(user)


# ---- carriers' yearly reports --------------------------------------------------------------


def _clean_figures(data: dict) -> dict:
    out = {}
    for name in REPORT_FIGURES:
        value = data.get(name, 0)
        try:
            value = int(value or 0)
        except (TypeError, ValueError):
            raise ValidationError({name: _("请填写非负整数。")}) from None
        if value < 0:
            raise ValidationError({name: _("请填写非负整数。")})
        out[name] = value
    return out


def report_save(*, carrier: Carrier, year: int, by, notes: str = "", **figures) -> CarrierReport:
    """Create or update the carrier's draft (or returned) report for ``year``."""
    if not access.can_file_report(by, carrier):
        raise PermissionDenied(_("只有载体运营机构的成员可以填报年度报告。"))
    this_year = timezone.localdate().year
    if not (2000 <= int(year) <= this_year):
        raise ValidationError({"year": _("年度须在 2000 至 %(y)s 之间。") % {"y": this_year}})
    data = _clean_figures(figures)
    with transaction.atomic():
        report, created = CarrierReport.objects.select_for_update().get_or_create(
            carrier=carrier, year=year, defaults={**data, "notes": notes, "submitted_by": by}
        )
        if not created:
            if report.status not in (S.DRAFT, S.RETURNED):
                raise ValidationError({"status": _("该年度报告已提交或已通过，不能修改。")})
            for name, value in data.items():
                setattr(report, name, value)
            report.notes = notes
            report.save(update_fields=[*data, "notes"])
        audit(actor=by, action="network.report_save", target=report, data=data)
    return report


def _report_actor_kinds(user, report: CarrierReport) -> set[str]:
    kinds = set()
    if access.can_file_report(user, report.carrier):
        kinds.add("owner")
    if access.can_review_carrier(user, report.carrier):
        kinds.add("reviewer")
    return kinds


def report_actions(user, report: CarrierReport):
    return REVIEW.available(report.status, _report_actor_kinds(user, report)) if user.is_authenticated else []


def report_transition(*, report: CarrierReport, action: str, by, reason: str = "") -> CarrierReport:
    """submit / accept / return a yearly report (a sub-market operator only for its region)."""
    with transaction.atomic():
        report = CarrierReport.objects.select_for_update().select_related("carrier").get(pk=report.pk)
        spec = REVIEW.check(
            action,
            state=report.status,
            state_label=report.get_status_display(),
            actor_kinds=_report_actor_kinds(by, report),
            reason=reason,
        )
        now = timezone.now()
        report.status = spec.target
        fields = ["status"]
        if action == "submit":
            report.submitted_by, report.submitted_at, report.return_reason = by, now, ""
            fields += ["submitted_by", "submitted_at", "return_reason"]
        else:
            report.reviewed_by, report.reviewed_at = by, now
            report.return_reason = reason.strip() if action == "return" else ""
            fields += ["reviewed_by", "reviewed_at", "return_reason"]
        report.save(update_fields=fields)
        audit(actor=by, action=f"network.report_{action}", target=report, note=reason)
        if action in ("accept", "return"):
            verb = (
                Message(gettext_noop("已通过审核"))
                if action == "accept"
                else Message(gettext_noop("被退回：%(r)s"), r=reason)
            )
            _notify(
                members_of(report.carrier.organisation_id),
                f"network.report_{action}",
                Message(gettext_noop("%(c)s %(y)s 年度报告%(v)s"), c=report.carrier.name, y=report.year, v=verb),
                "",
                f"/network/carriers/{report.carrier_id}/",
            )
    return report


def relocation_add(
    *, carrier: Carrier, by, firm_name: str, moved_on, destination, firm=None, note: str = ""
) -> Relocation:
    """Record a firm moving back from a 飞地 incubator to its partner city (回迁)."""
    if carrier.kind != Carrier.Kind.ENCLAVE:
        raise ValidationError({"carrier": _("只有飞地孵化器记录回迁企业。")})
    if not access.can_file_report(by, carrier):
        raise PermissionDenied(_("只有载体运营机构的成员可以记录回迁企业。"))
    if not (firm_name or "").strip():
        raise ValidationError({"firm_name": _("请填写企业名称。")})
    if moved_on and moved_on > timezone.localdate():
        raise ValidationError({"moved_on": _("回迁日期不能晚于今天。")})
    with transaction.atomic():
        row = Relocation.objects.create(
            carrier=carrier,
            firm=firm,
            firm_name=firm_name.strip(),
            moved_on=moved_on,
            destination=destination,
            note=note,
            created_by=by,
        )
        audit(actor=by, action="network.relocation_add", target=row)
    return row


# ---- agencies ------------------------------------------------------------------------------


def engagement_request(*, agency, client, by, service=None, note: str = "") -> Engagement:
    """A client organisation's member asks an agency for a service of its catalogue."""
    if not by.is_authenticated or client.pk not in by.organisation_ids():
        raise PermissionDenied(_("请以委托机构成员身份申请服务。"))
    if client.pk == agency.organisation_id:
        raise ValidationError({"client": _("不能向本机构申请服务。")})
    if service is not None and (service.agency_id != agency.pk or not service.active):
        raise ValidationError({"service": _("该服务不在本机构的服务目录中。")})
    with transaction.atomic():
        row = Engagement.objects.create(agency=agency, service=service, client=client, requested_by=by, note=note)
        audit(actor=by, action="network.engagement_request", target=row)
        _notify(
            members_of(agency.organisation_id),
            "network.engagement_request",
            Message(gettext_noop("%(c)s 申请服务"), c=client.name),
            note,
            f"/network/agencies/{agency.pk}/",
        )
    return row


def engagement_complete(*, engagement: Engagement, by) -> Engagement:
    """The agency marks a service done; the client may then rate it."""
    with transaction.atomic():
        engagement = Engagement.objects.select_for_update().select_related("agency").get(pk=engagement.pk)
        if not access.is_agency_member(by, engagement.agency):
            raise PermissionDenied(_("只有服务机构的成员可以确认服务完成。"))
        if engagement.status != Engagement.Status.REQUESTED:
            raise ValidationError({"status": _("只有已申请的服务可以确认完成。")})
        engagement.status, engagement.completed_at = Engagement.Status.COMPLETED, timezone.now()
        engagement.save(update_fields=["status", "completed_at"])
        audit(actor=by, action="network.engagement_complete", target=engagement)
        _notify(
            [engagement.requested_by],
            "network.engagement_completed",
            Message(gettext_noop("%(a)s 已完成服务，请评价"), a=engagement.agency),
            "",
            f"/network/agencies/{engagement.agency_id}/",
        )
    return engagement


def engagement_rate(*, engagement: Engagement, by, score: int, comment: str = "") -> Engagement:
    """The client rates a completed service once (1–5)."""
    try:
        score = int(score)
    except (TypeError, ValueError):
        raise ValidationError({"score": _("评分须为 1 至 5 的整数。")}) from None
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("评分须为 1 至 5 的整数。")})
    with transaction.atomic():
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if not by.is_authenticated or engagement.client_id not in by.organisation_ids():
            raise PermissionDenied(_("只有委托方可以评价该服务。"))
        if engagement.status != Engagement.Status.COMPLETED:
            raise ValidationError({"status": _("服务完成后才能评价。")})
        if engagement.score is not None:
            raise ValidationError({"score": _("该服务已评价。")})
        engagement.score, engagement.comment = score, (comment or "").strip()[:500]
        engagement.rated_by, engagement.rated_at = by, timezone.now()
        engagement.save(update_fields=["score", "comment", "rated_by", "rated_at"])
        audit(actor=by, action="network.engagement_rate", target=engagement, data={"score": score})
    return engagement


# ---- typical cases -------------------------------------------------------------------------

CASE_FIELDS = ("title", "mechanism", "parties", "summary", "figures", "amount_wan", "evidence", "year", "prefecture")


def case_save(*, by, case: Case | None = None, **data) -> Case:
    """Create or edit a case (draft or returned). Any signed-in member may propose one."""
    if not by.is_authenticated:
        raise PermissionDenied
    if case is not None:
        if case.created_by_id != by.pk and not access.is_general_operator(by):
            raise PermissionDenied(_("只有报送人可以修改该案例。"))
        if case.status not in (S.DRAFT, S.RETURNED):
            raise ValidationError({"status": _("已提交或已发布的案例不能修改。")})
    else:
        org = by.primary_organisation
        case = Case(created_by=by, owner_org=org)
    for name in CASE_FIELDS:
        if name in data:
            setattr(case, name, data[name])
    case.full_clean()
    with transaction.atomic():
        case.save()
        audit(actor=by, action="network.case_save", target=case)
    return case


def _case_actor_kinds(user, case: Case) -> set[str]:
    kinds = set()
    if user.is_authenticated and (case.created_by_id == user.pk or access.is_general_operator(user)):
        kinds.add("owner")
    if access.can_review_case(user, case):
        kinds.add("reviewer")
    return kinds


def case_actions(user, case: Case):
    return REVIEW.available(case.status, _case_actor_kinds(user, case)) if user.is_authenticated else []


def case_transition(*, case: Case, action: str, by, reason: str = "") -> Case:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        spec = REVIEW.check(
            action,
            state=case.status,
            state_label=case.get_status_display(),
            actor_kinds=_case_actor_kinds(by, case),
            reason=reason,
        )
        if action == "submit":
            case.full_clean()
        case.status = spec.target
        fields = ["status", "return_reason"]
        case.return_reason = reason.strip() if action == "return" else ""
        if action in ("accept", "return"):
            case.reviewed_by = by
            fields.append("reviewed_by")
        if action == "accept":
            case.published_at = timezone.now()
            fields.append("published_at")
        case.save(update_fields=fields)
        audit(actor=by, action=f"network.case_{action}", target=case, note=reason)
        if action in ("accept", "return"):
            title = (
                gettext_noop("典型案例“%(t)s”已发布") if action == "accept" else gettext_noop("典型案例“%(t)s”被退回")
            )
            _notify(
                [case.created_by],
                f"network.case_{action}",
                Message(title, t=case.title),
                reason,
                f"/network/cases/{case.pk}/",
            )
    return case
