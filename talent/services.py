"""Write side of the talent cloud: every change goes through these functions (keyword-only,
atomic, audited, notifying after the change). Views and API endpoints only call them."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.selectors import operators
from core.audit import audit
from core.workflow import Transition, Workflow
from matching.sources import documents_changed
from notifications.messages import Message, choice_label
from notifications.services import notify

from . import access, points
from .models import (
    RESPONSIBLE_UNITS,
    BoardEntry,
    ContactRequest,
    ContactStatus,
    DemandStatus,
    DoctoralBoard,
    Evidence,
    Placement,
    ProfileStatus,
    ServiceRequest,
    ServiceStatus,
    TalentDemand,
    TalentProfile,
    Team,
    TeamMember,
)

# Editing one of these on a verified profile sends it back to the operators (只有核验过的才计分).
CLAIMED_FIELDS = {"category", "level", "degree", "title_grade", "overseas_experience"}
PROFILE_FIELDS = (
    "name",
    "category",
    "level",
    "degree",
    "degree_school",
    "degree_year",
    "title_grade",
    "professional_title",
    "fields_of_work",
    "biography",
    "achievements",
    "organisation",
    "organisation_name",
    "prefecture",
    "county",
    "overseas_experience",
    "available_modes",
    "phone",
    "email",
)


def _changed(kind: str, ids) -> None:
    transaction.on_commit(lambda: documents_changed(kind=kind, ids=list(ids)))


def _check_region(prefecture, county) -> None:
    if county is not None and prefecture is not None and county.parent_id != prefecture.pk:
        raise ValidationError({"county": _("所选区县不属于所选地市。")})


# --- profiles --------------------------------------------------------------------------------------


@transaction.atomic
def profile_save(*, user, data: dict, chains=None, patents=None, profile: TalentProfile | None = None) -> TalentProfile:
    """Create or update the user's own talent profile (人才注册). A change to a claimed field of a
    verified profile returns it to 待核验 and its points are withdrawn until verified again."""
    if not user.is_authenticated:
        raise PermissionDenied
    if profile is None:
        profile = TalentProfile.objects.filter(user=user).first() or TalentProfile(user=user)
    elif profile.user_id != user.pk:
        raise PermissionDenied(_("只能修改本人的人才档案。"))
    _check_region(data.get("prefecture"), data.get("county"))
    before = {f: getattr(profile, f) for f in CLAIMED_FIELDS} if profile.pk else {}
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(profile, field, data[field])
    if profile.organisation is not None and not profile.organisation_name:
        profile.organisation_name = profile.organisation.name
    if profile.status == ProfileStatus.VERIFIED and any(before.get(f) != getattr(profile, f) for f in CLAIMED_FIELDS):
        profile.status = ProfileStatus.SUBMITTED
        profile.verification_note = _("申报信息已修改，等待重新核验。")
    profile.full_clean(exclude=["user", "expert"])
    profile.save()
    if chains is not None:
        profile.industry_chains.set(chains)
    if patents is not None:
        profile.patents.set(patents)
    audit(actor=user, action="talent.profile.save", target=profile, data={"status": profile.status})
    points.recompute(profile)
    _changed("talents", [profile.pk])
    return profile


@transaction.atomic
def evidence_add(*, by, profile: TalentProfile, title: str, file=None, note: str = "") -> Evidence:
    if profile.user_id != by.pk:
        raise PermissionDenied
    if not title.strip():
        raise ValidationError({"title": _("请填写材料名称。")})
    return Evidence.objects.create(profile=profile, title=title.strip(), file=file or "", note=note)


@transaction.atomic
def profile_submit(*, by, profile: TalentProfile) -> TalentProfile:
    if profile.user_id != by.pk:
        raise PermissionDenied
    if profile.status not in (ProfileStatus.DRAFT, ProfileStatus.RETURNED):
        raise ValidationError({"status": _("当前状态不能提交核验。")})
    profile.status = ProfileStatus.SUBMITTED
    profile.save(update_fields=["status", "updated_at"])
    audit(actor=by, action="talent.profile.submit", target=profile)
    return profile


@transaction.atomic
def profile_verify(*, by, profile: TalentProfile, approve: bool, note: str = "", expert=None) -> TalentProfile:
    """An operator verifies the claimed category, level, degree and title against the evidence
    (or returns the profile with a reason). Verification scores the points and makes the person
    matchable and counted on the map. ``expert`` links the person's expert-library record."""
    if not by.is_operator:
        raise PermissionDenied
    profile = TalentProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.status != ProfileStatus.SUBMITTED:
        raise ValidationError({"status": _("只能核验待核验的档案。")})
    if not approve and not note.strip():
        raise ValidationError({"note": _("退回须说明原因。")})
    if expert is not None:
        expert_link(by=by, profile=profile, expert=expert)
    profile.status = ProfileStatus.VERIFIED if approve else ProfileStatus.RETURNED
    profile.verification_note = note.strip()
    profile.verified_by, profile.verified_at = (by, timezone.now()) if approve else (None, None)
    profile.save()
    audit(actor=by, action="talent.profile.verify" if approve else "talent.profile.return", target=profile, note=note)
    points.recompute(profile)
    _changed("talents", [profile.pk])
    notify(
        users=[profile.user],
        kind="talent.profile_verified" if approve else "talent.profile_returned",
        title=Message(gettext_noop("您的人才档案已通过核验") if approve else gettext_noop("您的人才档案被退回")),
        body=note,
        url=profile.get_absolute_url(),
    )
    return profile


@transaction.atomic
def expert_link(*, by, profile: TalentProfile, expert) -> TalentProfile:
    """Link the person's record in the expert library (the same person, not a copy). An operator
    does it; an expert record already linked to someone else is refused."""
    if not by.is_operator:
        raise PermissionDenied
    other = TalentProfile.objects.filter(expert=expert).exclude(pk=profile.pk).first()
    if other is not None:
        raise ValidationError({"expert": _("该专家记录已关联到其他人才档案。")})
    profile.expert = expert
    profile.save(update_fields=["expert", "updated_at"])
    audit(actor=by, action="talent.profile.expert_link", target=profile, data={"expert": expert.pk})
    return profile


# --- demands and the doctoral board ------------------------------------------------------------


@transaction.atomic
def demand_save(*, by, org, data: dict, chains=None, demand: TalentDemand | None = None) -> TalentDemand:
    if not (by.is_operator or org.pk in by.organisation_ids()):
        raise PermissionDenied(_("只能为本单位发布人才需求。"))
    demand = demand or TalentDemand(owner_org=org, created_by=by)
    if demand.pk and not access.can_manage_demand(by, demand):
        raise PermissionDenied
    _check_region(data.get("prefecture"), data.get("county"))
    for field, value in data.items():
        setattr(demand, field, value)
    demand.full_clean(exclude=["created_by"])
    demand.save()
    if chains is not None:
        demand.industry_chains.set(chains)
    audit(actor=by, action="talent.demand.save", target=demand)
    _changed("talent_demands", [demand.pk])
    return demand


@transaction.atomic
def demand_publish(*, by, demand: TalentDemand) -> TalentDemand:
    if not access.can_manage_demand(by, demand):
        raise PermissionDenied
    if demand.status != DemandStatus.DRAFT:
        raise ValidationError({"status": _("只能发布草稿。")})
    demand.status, demand.published_at = DemandStatus.PUBLISHED, timezone.now()
    demand.save(update_fields=["status", "published_at"])
    audit(actor=by, action="talent.demand.publish", target=demand)
    _changed("talent_demands", [demand.pk])
    return demand


@transaction.atomic
def demand_close(*, by, demand: TalentDemand) -> TalentDemand:
    if not access.can_manage_demand(by, demand):
        raise PermissionDenied
    demand.status = DemandStatus.CLOSED
    demand.save(update_fields=["status"])
    audit(actor=by, action="talent.demand.close", target=demand)
    _changed("talent_demands", [demand.pk])
    return demand


@transaction.atomic
def board_publish(*, by, title: str, edition_date: dt.date, demands, intro: str = "") -> DoctoralBoard:
    """Publish one dated edition of the 秦创原博士招才引智榜 listing published demands (operators)."""
    if not by.is_operator:
        raise PermissionDenied
    demands = list(demands)
    if not demands:
        raise ValidationError({"demands": _("榜单至少包含一个人才需求。")})
    if any(d.status != DemandStatus.PUBLISHED for d in demands):
        raise ValidationError({"demands": _("只能上榜已发布的人才需求。")})
    board = DoctoralBoard.objects.create(
        title=title, edition_date=edition_date, intro=intro, published=True, published_at=timezone.now()
    )
    BoardEntry.objects.bulk_create([BoardEntry(board=board, demand=d, order=i) for i, d in enumerate(demands)])
    audit(actor=by, action="talent.board.publish", target=board, data={"demands": [d.pk for d in demands]})
    return board


# --- contact requests and placements -------------------------------------------------------------


@transaction.atomic
def contact_request(*, by, profile: TalentProfile, message: str, demand: TalentDemand | None = None, org=None):
    """Ask a verified person for contact (an employer, usually from a match of its talent demand).
    The person is notified and decides; until then the requester sees no contact detail."""
    if not by.is_authenticated:
        raise PermissionDenied
    if profile.user_id == by.pk:
        raise ValidationError({"profile": _("不能向自己发起联系。")})
    if profile.status != ProfileStatus.VERIFIED:
        raise ValidationError({"profile": _("只能联系已核验的人才。")})
    if not message.strip():
        raise ValidationError({"message": _("请填写留言。")})
    if demand is not None:
        if not access.can_manage_demand(by, demand):
            raise PermissionDenied(_("只能以本单位的人才需求发起联系。"))
        org = demand.owner_org
    if org is not None and org.pk not in by.organisation_ids() and not by.is_operator:
        raise PermissionDenied
    org = org or by.primary_organisation
    try:
        with transaction.atomic():
            contact = ContactRequest.objects.create(
                profile=profile, demand=demand, requester=by, requester_org=org, message=message.strip()[:1000]
            )
    except IntegrityError as exc:
        raise ValidationError({"profile": _("您已向该人才发出联系请求，请等待答复。")}) from exc
    audit(actor=by, action="talent.contact.request", target=contact)
    notify(
        users=[profile.user],
        kind="talent.contact_requested",
        title=Message(gettext_noop("%(org)s 希望与您联系"), org=org or by),
        body=message[:300],
        url="/talent/contacts/",
    )
    return contact


@transaction.atomic
def demand_apply(*, by, demand: TalentDemand, message: str) -> ContactRequest:
    """The person starts the contact: a verified talent applies to a published demand. Applying is
    the person's consent, so the employer's organisation reads the contact details at once and
    may record the placement; the employer's members are notified."""
    profile = TalentProfile.objects.filter(user=by, status=ProfileStatus.VERIFIED).first()
    if profile is None:
        raise ValidationError({"profile": _("请先完成人才注册并通过核验。")})
    if demand.status != DemandStatus.PUBLISHED:
        raise ValidationError({"demand": _("该人才需求未在发布中。")})
    if not message.strip():
        raise ValidationError({"message": _("请填写留言。")})
    if ContactRequest.objects.filter(profile=profile, demand=demand).exists():
        raise ValidationError({"demand": _("您已申请过该人才需求。")})
    contact = ContactRequest.objects.create(
        profile=profile,
        demand=demand,
        requester=by,
        requester_org=demand.owner_org,
        initiated_by_talent=True,
        message=message.strip()[:1000],
        status=ContactStatus.ACCEPTED,
        answered_at=timezone.now(),
    )
    audit(actor=by, action="talent.demand.apply", target=contact)
    from accounts.models import User

    notify(
        users=list(User.objects.filter(memberships__organisation=demand.owner_org, is_active=True)[:50]),
        kind="talent.demand_applied",
        title=Message(gettext_noop("%(name)s 申请了“%(t)s”"), name=profile.name, t=demand.title),
        body=message[:300],
        url=profile.get_absolute_url(),
    )
    return contact


@transaction.atomic
def contact_answer(*, by, contact: ContactRequest, accept: bool) -> ContactRequest:
    """The person accepts (the requester then reads the contact details) or declines."""
    contact = ContactRequest.objects.select_for_update().select_related("profile").get(pk=contact.pk)
    if contact.profile.user_id != by.pk:
        raise PermissionDenied(_("只有被联系的本人可以答复。"))
    if contact.status != ContactStatus.PENDING:
        raise ValidationError({"status": _("该请求已答复。")})
    contact.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
    contact.answered_at = timezone.now()
    contact.save(update_fields=["status", "answered_at"])
    audit(actor=by, action="talent.contact.accept" if accept else "talent.contact.decline", target=contact)
    notify(
        users=[contact.requester],
        kind="talent.contact_accepted" if accept else "talent.contact_declined",
        title=Message(
            gettext_noop("%(name)s 接受了您的联系请求") if accept else gettext_noop("%(name)s 婉拒了您的联系请求"),
            name=contact.profile.name,
        ),
        url=contact.profile.get_absolute_url(),
    )
    return contact


@transaction.atomic
def placement_record(*, by, contact: ContactRequest, started_on: dt.date, kind: str | None = None) -> Placement:
    """Record that the person was taken up (引进/聘用/选派) after an accepted contact: counted in
    the yearly indicators and on the map at the employer's place."""
    contact = (
        ContactRequest.objects.select_for_update(of=("self",))
        .select_related("profile", "requester_org", "demand")
        .get(pk=contact.pk)
    )
    org = contact.requester_org
    if org is None or not (by.is_operator or org.pk in by.organisation_ids()):
        raise PermissionDenied(_("只有用人单位或运营人员可以登记引进。"))
    if contact.status != ContactStatus.ACCEPTED:
        raise ValidationError({"contact": _("对方接受联系后才能登记引进。")})
    if Placement.objects.filter(contact=contact).exists():
        raise ValidationError({"contact": _("该联系已登记过引进。")})
    if started_on > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"started_on": _("到岗日期不合理。")})
    kind = kind or (contact.demand.kind if contact.demand else "full_time")
    demand = contact.demand
    profile = contact.profile
    placement = Placement.objects.create(
        profile=profile,
        organisation=org,
        demand=demand,
        contact=contact,
        kind=kind,
        started_on=started_on,
        category=profile.category,
        level=profile.level,
        prefecture=(demand.prefecture if demand and demand.prefecture_id else org.prefecture),
        county=(demand.county if demand and demand.county_id else org.county),
        recorded_by=by,
    )
    audit(actor=by, action="talent.placement.record", target=placement, data={"profile": profile.pk, "org": org.pk})
    notify(
        users=[profile.user],
        kind="talent.placement_recorded",
        title=Message(gettext_noop("%(org)s 登记了您的引进"), org=org),
        url=profile.get_absolute_url(),
    )
    return placement


# --- teams ---------------------------------------------------------------------------------------


@transaction.atomic
def team_save(*, by, org, name: str, project: str, formed_on: dt.date, members, outputs: str = "", chains=None) -> Team:
    """A 科学家+工程师 team: at least one scientist and one engineer, all verified talents.
    ``members`` is [(profile, "scientist"|"engineer"), ...]."""
    if not (by.is_operator or org.pk in by.organisation_ids()):
        raise PermissionDenied
    members = list(members)
    roles = {role for _p, role in members}
    if not {"scientist", "engineer"} <= roles:
        raise ValidationError({"members": _("团队须至少包括一名科学家和一名工程师。")})
    if len({p.pk for p, _r in members}) != len(members):
        raise ValidationError({"members": _("同一人不能在队伍中重复出现。")})
    if any(p.status != ProfileStatus.VERIFIED for p, _r in members):
        raise ValidationError({"members": _("团队成员须为已核验的人才。")})
    team = Team.objects.create(
        name=name, organisation=org, project=project, formed_on=formed_on, outputs=outputs, created_by=by
    )
    TeamMember.objects.bulk_create([TeamMember(team=team, profile=p, role=r) for p, r in members])
    if chains:
        team.industry_chains.set(chains)
    audit(actor=by, action="talent.team.save", target=team)
    return team


# --- one-click services --------------------------------------------------------------------------

# The service workflow (core.workflow): applicant submits; operators (for the responsible unit)
# accept, complete or reject with a reason; the applicant may withdraw before it is done.
SERVICE_FLOW = Workflow(
    [
        Transition("accept", _("受理"), (ServiceStatus.SUBMITTED,), ServiceStatus.ACCEPTED, ("handler",)),
        Transition(
            "complete", _("办结"), (ServiceStatus.ACCEPTED,), ServiceStatus.DONE, ("handler",), reason_required=True
        ),
        Transition(
            "reject",
            _("不予受理"),
            (ServiceStatus.SUBMITTED, ServiceStatus.ACCEPTED),
            ServiceStatus.REJECTED,
            ("handler",),
            reason_required=True,
        ),
        Transition(
            "withdraw",
            _("撤回"),
            (ServiceStatus.SUBMITTED, ServiceStatus.ACCEPTED),
            ServiceStatus.WITHDRAWN,
            ("applicant",),
        ),
    ]
)


def service_actor_kinds(user, request: ServiceRequest) -> set[str]:
    kinds = set()
    if user.is_authenticated and user.is_operator:
        kinds.add("handler")
    if user.is_authenticated and request.applicant_id == user.pk:
        kinds.add("applicant")
    return kinds


@transaction.atomic
def service_request(*, by, kind: str, detail: str) -> ServiceRequest:
    """One click: the request goes to the responsible unit of its kind with the applicant's profile."""
    if not by.is_authenticated:
        raise PermissionDenied
    if kind not in RESPONSIBLE_UNITS:
        raise ValidationError({"kind": _("未知的服务事项。")})
    if not detail.strip():
        raise ValidationError({"detail": _("请填写需求说明。")})
    req = ServiceRequest.objects.create(
        applicant=by,
        profile=TalentProfile.objects.filter(user=by).first(),
        kind=kind,
        detail=detail.strip(),
        responsible_unit=RESPONSIBLE_UNITS[kind],
    )
    audit(actor=by, action="talent.service.submit", target=req)
    notify(
        users=operators(),
        kind="talent.service_submitted",
        title=Message(gettext_noop("新的人才服务申请：%(k)s"), k=choice_label(req, "kind")),
        url=req.get_absolute_url(),
        exclude=by,
    )
    return req


@transaction.atomic
def service_transition(*, by, request: ServiceRequest, action: str, reason: str = "") -> ServiceRequest:
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    spec = SERVICE_FLOW.check(
        action,
        state=request.status,
        state_label=request.get_status_display(),
        actor_kinds=service_actor_kinds(by, request),
        reason=reason,
    )
    request.status = spec.target
    if spec.target in (ServiceStatus.DONE, ServiceStatus.REJECTED, ServiceStatus.WITHDRAWN):
        request.closed_at = timezone.now()
    if reason:
        request.reply = reason.strip()
    if "handler" in service_actor_kinds(by, request):
        request.handler = by
    request.save()
    audit(actor=by, action=f"talent.service.{action}", target=request, note=reason)
    if by.pk != request.applicant_id:
        notify(
            users=[request.applicant],
            kind="talent.service_updated",
            title=Message(gettext_noop("您的服务申请状态：%(s)s"), s=choice_label(request, "status")),
            body=reason,
            url=request.get_absolute_url(),
        )
    return request


@transaction.atomic
def service_rate(*, by, request: ServiceRequest, rating: int, comment: str = "") -> ServiceRequest:
    request = ServiceRequest.objects.select_for_update().get(pk=request.pk)
    if request.applicant_id != by.pk:
        raise PermissionDenied
    if request.status != ServiceStatus.DONE:
        raise ValidationError({"rating": _("办结后才能评价。")})
    if request.rating is not None:
        raise ValidationError({"rating": _("已评价。")})
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("评价须为 1 到 5。")})
    request.rating, request.rating_comment = rating, comment[:300]
    request.save(update_fields=["rating", "rating_comment"])
    audit(actor=by, action="talent.service.rate", target=request, data={"rating": rating})
    return request
