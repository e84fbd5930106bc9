"""Write side of policy fulfilment: clause terms, rule versions, 免申即享 runs (two-person rule),
applications (即申即享 / 申报审核, ``core.workflow``), grants (once per clause, firm and year).

Every write is recorded in the audit trail (``core.audit``); enterprises are notified of grants and
of decisions on their applications (``notify``; kinds ``fulfilment.*``).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import gettext_noop

from accounts.selectors import members_of, operators
from core.audit import audit
from core.rules import validate
from core.workflow import Transition, Workflow
from enterprises.facts import ENTERPRISE, context
from enterprises.models import EnterpriseProfile
from enterprises.services import profile_for
from notifications.messages import Message, choice_label
from notifications.services import notify

from . import access
from .evaluation import _answer, profile_with_facts
from .models import Application, ApplicationEvent, AutoRun, AutoRunItem, ClauseTerms, Grant, Mode, RuleVersion

# Applications: workflow as data. "reviewer" is an operator of the responsible department (the
# platform has no department membership yet, so every operator reviews); "system" is the instant
# grant of 即申即享.
WORKFLOW = Workflow(
    [
        Transition("return", _l("退回补正"), ("submitted",), "returned", ("reviewer",), reason_required=True),
        Transition("resubmit", _l("重新提交"), ("returned",), "submitted", ("applicant",)),
        Transition("approve", _l("批准兑现"), ("submitted",), "approved", ("reviewer", "system")),
        Transition("refuse", _l("不予支持"), ("submitted",), "refused", ("reviewer",), reason_required=True),
    ]
)


# --- Terms and rules -------------------------------------------------------------------------------


@transaction.atomic
def terms_save(*, clause, by, data: dict) -> ClauseTerms:
    """Create or update a clause's terms (operators). ``data``: the ClauseTerms fields."""
    access.require(access.can_manage(by))
    if data.get("share") is not None and data.get("base_fact") not in ENTERPRISE.facts:
        raise ValidationError({"base_fact": _("按比例计算须选择计算基数。")})
    if data.get("apply_from") and data.get("apply_to") and data["apply_from"] > data["apply_to"]:
        raise ValidationError({"apply_to": _("申报截止不能早于申报开始。")})
    terms, created = ClauseTerms.objects.update_or_create(clause=clause, defaults=data)
    audit(
        actor=by,
        action="fulfilment.terms.create" if created else "fulfilment.terms.update",
        target=terms,
        data={k: str(v) for k, v in data.items()},
    )
    return terms


@transaction.atomic
def rule_add(*, terms: ClauseTerms, by, conditions, note: str = "") -> RuleVersion:
    """A new version of the clause's rule (operators); ValidationError names a bad condition."""
    access.require(access.can_manage(by))
    clean = validate(ENTERPRISE, conditions)
    ClauseTerms.objects.select_for_update().filter(pk=terms.pk).first()  # versions numbered one at a time
    last = terms.rules.order_by("-version").first()
    if last is not None and last.conditions == clean:
        raise ValidationError(_("规则未改变。"))
    rule = RuleVersion.objects.create(
        terms=terms, version=(last.version + 1) if last else 1, conditions=clean, note=note, created_by=by
    )
    audit(
        actor=by, action="fulfilment.rule.add", target=terms, note=note, data={"version": rule.version, "rule": clean}
    )
    return rule


# --- Grants ----------------------------------------------------------------------------------------


def grant_record(
    *, terms, organisation, year, amount, mode, rule, reasons, by, eligible_on, run=None, application=None
) -> Grant:
    """Record one grant; ValidationError when the clause was already granted to the firm for the
    year (the database's unique constraint decides, so parallel requests cannot both record it)."""
    try:
        with transaction.atomic():
            grant = Grant.objects.create(
                terms=terms,
                organisation=organisation,
                year=year,
                amount=amount,
                mode=mode,
                funding=terms.funding,
                department=terms.department,
                rule=rule,
                reasons=reasons,
                run=run,
                application=application,
                eligible_on=eligible_on,
                granted_on=timezone.localdate(),
                granted_by=by if getattr(by, "pk", None) else None,
            )
    except IntegrityError:
        raise ValidationError(_("该企业本年度已兑现此条款，不能重复兑现。")) from None
    audit(actor=by, action="fulfilment.grant", target=grant, data={"amount": str(amount), "mode": mode})
    _notify_grant(grant)  # rows in this transaction; e-mail goes after commit (notify)
    return grant


def _notify_grant(grant: Grant) -> None:
    notify(
        users=members_of(grant.organisation_id),
        kind="fulfilment.granted",
        title=Message(gettext_noop("政策兑现：%(clause)s"), clause=grant.terms.clause.title),
        body=Message(
            gettext_noop("贵单位获兑现“%(clause)s”（%(year)s 年度），金额 %(amount)s 万元，方式：%(mode)s。"),
            clause=grant.terms.clause.title,
            year=grant.year,
            amount=grant.amount,
            mode=choice_label(grant, "mode"),
        ),
        url=f"/fulfilment/grants/?org={grant.organisation_id}",
    )


@transaction.atomic
def grant_mark_paid(*, grant: Grant, by, on: dt.date | None = None) -> Grant:
    access.require(access.can_manage(by))
    grant.payment, grant.paid_on = Grant.Payment.PAID, on or timezone.localdate()
    grant.save(update_fields=["payment", "paid_on"])
    audit(actor=by, action="fulfilment.grant.paid", target=grant)
    return grant


# --- 免申即享 -------------------------------------------------------------------------------------


@transaction.atomic
def auto_run_propose(*, terms: ClauseTerms, by, year: int) -> AutoRun:
    """Evaluate the clause over every enterprise (bulk SQL), list those eligible and not yet granted
    with their reasons (per-firm evaluation) and amounts; waits for a second operator."""
    access.require(access.can_manage(by))
    if terms.mode != Mode.AUTO:
        raise ValidationError(_("只有“免申即享”条款可以批量兑现。"))
    rule = terms.rule
    if rule is None:
        raise ValidationError(_("条款尚无资格规则。"))
    if terms.runs.filter(year=year, status=AutoRun.Status.PROPOSED).exists():
        raise ValidationError(_("该年度已有待复核的批次。"))
    from .evaluation import eligible_queryset

    granted = Grant.objects.filter(terms=terms, year=year).values("organisation_id")
    eligible = eligible_queryset(terms, year, rule).exclude(organisation_id__in=granted)
    run = AutoRun.objects.create(terms=terms, rule=rule, year=year, proposed_by=by)
    ctx = context(year)
    items = []
    for profile in profile_with_facts(EnterpriseProfile.objects.filter(pk__in=eligible.values("pk"))):
        answer = _answer(terms, profile, ctx)
        items.append(
            AutoRunItem(
                run=run, organisation=profile.organisation, amount=answer.amount, reasons=answer.result.explanations
            )
        )
    AutoRunItem.objects.bulk_create(items)
    audit(actor=by, action="fulfilment.auto.propose", target=run, data={"year": year, "n": len(items)})
    return run


@transaction.atomic
def auto_run_decide(*, run: AutoRun, by, approve: bool, note: str = "") -> AutoRun:
    """The second operator approves (grants recorded, enterprises notified) or returns the list.
    The proposer may not decide on their own list (two-person rule)."""
    access.require(access.can_manage(by))
    run = AutoRun.objects.select_for_update().get(pk=run.pk)
    if run.status != AutoRun.Status.PROPOSED:
        raise ValidationError(_("该批次已处理。"))
    if run.proposed_by_id == by.pk:
        raise PermissionDenied(_("免申即享名单须由另一名运营人员复核（双人复核）。"))
    if not approve and not note.strip():
        raise ValidationError({"note": _("请填写退回理由。")})
    run.status = AutoRun.Status.APPROVED if approve else AutoRun.Status.REJECTED
    run.decided_by, run.decided_at, run.note = by, timezone.now(), note
    run.save(update_fields=["status", "decided_by", "decided_at", "note"])
    recorded = 0
    if approve:
        for item in run.items.select_related("organisation"):
            try:
                grant_record(
                    terms=run.terms,
                    organisation=item.organisation,
                    year=run.year,
                    amount=item.amount,
                    mode=Mode.AUTO,
                    rule=run.rule,
                    reasons=item.reasons,
                    by=by,
                    eligible_on=timezone.localdate(run.proposed_at),
                    run=run,
                )
                recorded += 1
            except ValidationError:
                continue  # granted meanwhile by another path: once is enough
    audit(actor=by, action="fulfilment.auto.decide", target=run, note=note, data={"approve": approve, "n": recorded})
    return run


# --- Applications ----------------------------------------------------------------------------------


def _log(application, action, from_status, by, reason=""):
    ApplicationEvent.objects.create(
        application=application,
        action=action,
        from_status=from_status,
        to_status=application.status,
        actor=by if getattr(by, "pk", None) else None,
        reason=reason,
    )


def _grant_application(application: Application, by) -> Grant:
    return grant_record(
        terms=application.terms,
        organisation=application.organisation,
        year=application.year,
        amount=application.amount,
        mode=application.terms.mode,
        rule=application.rule,
        reasons=application.facts.get("reasons", []),
        by=by,
        eligible_on=timezone.localdate(application.created_at),
        application=application,
    )


@transaction.atomic
def application_create(*, terms: ClauseTerms, organisation, by, year: int, statement: str = "", attachment=None):
    """An enterprise member applies. The application is filled from the profile (the facts and the
    per-condition reasons at that moment). 即申即享: granted at once when the rule is met, else it goes
    to review like 申报审核. ValidationError: 免申即享 clause, outside the application window,
    already granted or already applied for the year."""
    access.require(access.is_member(by, organisation.pk))
    if terms.mode == Mode.AUTO:
        raise ValidationError(_("“免申即享”条款无需申请，符合条件的企业将由平台直接兑现。"))
    today = timezone.localdate()
    if (terms.apply_from and today < terms.apply_from) or (terms.apply_to and today > terms.apply_to):
        raise ValidationError(_("不在申报期内。"))
    if Grant.objects.filter(terms=terms, organisation=organisation, year=year).exists():
        raise ValidationError(_("该企业本年度已兑现此条款，不能重复兑现。"))
    open_states = (Application.Status.SUBMITTED, Application.Status.RETURNED, Application.Status.APPROVED)
    if Application.objects.filter(terms=terms, organisation=organisation, year=year, status__in=open_states).exists():
        raise ValidationError(_("本年度已提交过该条款的申请。"))
    profile = profile_with_facts(EnterpriseProfile.objects.filter(pk=profile_for(organisation).pk)).get()
    answer = _answer(terms, profile, context(year))
    facts = {
        "reasons": answer.result.explanations if answer.result else [],
        "values": {c.condition["fact"]: c.shown for c in (answer.result.conditions if answer.result else [])},
    }
    application = Application.objects.create(
        terms=terms,
        organisation=organisation,
        year=year,
        applicant=by,
        statement=statement,
        attachment=attachment or "",
        facts=facts,
        rule=answer.rule,
        rule_met=answer.verdict == "qualifies",
        amount=answer.amount,
    )
    _log(application, "submit", "", by)
    audit(actor=by, action="fulfilment.application.submit", target=application)
    if terms.mode == Mode.INSTANT and application.rule_met:
        _transition(application, "approve", None, "")
        _grant_application(application, None)
    else:
        title = Message(gettext_noop("兑现申请待审核：%(clause)s"), clause=terms.clause.title)
        notify(
            users=operators(),
            kind="fulfilment.application",
            title=title,
            url=f"/fulfilment/applications/{application.pk}/",
        )
    return application


def _transition(application, action, by, reason):
    before = application.status
    spec = WORKFLOW[action]
    application.status = spec.target
    application.save(update_fields=["status", "updated_at"])
    _log(application, action, before, by, reason)
    audit(actor=by, action=f"fulfilment.application.{action}", target=application, note=reason)


def actor_kinds(application, user) -> set[str]:
    kinds = set()
    if access.can_manage(user):
        kinds.add("reviewer")
    if access.is_member(user, application.organisation_id):
        kinds.add("applicant")
    return kinds


@transaction.atomic
def application_act(*, application: Application, by, action: str, reason: str = "") -> Application:
    """Return (reason), resubmit, approve (grant recorded) or refuse (reason), checked against WORKFLOW."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    WORKFLOW.check(
        action,
        state=application.status,
        state_label=application.get_status_display(),
        actor_kinds=actor_kinds(application, by),
        reason=reason,
    )
    _transition(application, action, by, reason)
    if action == "approve":
        _grant_application(application, by)
    elif action in ("return", "refuse"):
        verdict = WORKFLOW[action].label
        notify(
            users=members_of(application.organisation_id),
            kind=f"fulfilment.application_{action}",
            title=Message(gettext_noop("兑现申请%(v)s：%(clause)s"), v=verdict, clause=application.terms.clause.title),
            body=reason,
            url=f"/fulfilment/applications/{application.pk}/",
        )
    return application


# --- Reminders (daily, ``manage.py fulfilment_reminders``) -----------------------------------------


def reminders(*, day: dt.date) -> dict:
    """Members of firms whose returned application's window closes within 7 days (once a day until
    it closes); operators, for applications waiting for review 14, 21, 28 … days. Returns counts."""
    counts = {"returned": 0, "waiting": 0}
    returned = Application.objects.filter(
        status=Application.Status.RETURNED, terms__apply_to__gte=day, terms__apply_to__lte=day + dt.timedelta(days=7)
    ).select_related("terms__clause")
    for application in returned:
        notify(
            users=members_of(application.organisation_id),
            kind="fulfilment.reminder_returned",
            title=Message(
                gettext_noop("兑现申请待补正，申报将于 %(d)s 截止：%(clause)s"),
                d=application.terms.apply_to,
                clause=application.terms.clause.title,
            ),
            url=f"/fulfilment/applications/{application.pk}/",
        )
        counts["returned"] += 1
    staff = operators()
    for application in Application.objects.filter(status=Application.Status.SUBMITTED).select_related("terms__clause"):
        waited = (day - timezone.localdate(application.updated_at)).days
        if waited >= 14 and waited % 7 == 0:
            notify(
                users=staff,
                kind="fulfilment.reminder_waiting",
                title=Message(
                    gettext_noop("兑现申请已等待审核 %(n)s 天：%(clause)s"),
                    n=waited,
                    clause=application.terms.clause.title,
                ),
                url=f"/fulfilment/applications/{application.pk}/",
            )
            counts["waiting"] += 1
    return counts
