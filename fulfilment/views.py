"""Pages of policy fulfilment: clauses (terms, rules, evaluation), the calculator (enterprise and
visitor), 免申即享 runs, applications, the ledger. Views parse, check permission, call a service
or selector and render (STYLE.md)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from catalog.models import Policy, PolicyClause
from core.http import error_text, post_action
from core.pagination import CappedPaginator
from core.rules import describe, leaves
from enterprises.facts import ENTERPRISE
from enterprises.services import profile_for

from . import access, evaluation, ledger, services
from .forms import ApplicationForm, ConditionFormSet, ReasonForm, RuleForm, TermsForm, VisitorForm, initial_rows
from .models import Application, AutoRun, ClauseTerms, Grant, Mode

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or evaluation.default_year())
    except ValueError:
        return evaluation.default_year()
    return year if 2000 <= year <= 2100 else evaluation.default_year()


def rule_lines(conditions) -> list[str]:
    return [describe(ENTERPRISE, c) for c in leaves(conditions)] if conditions is not None else []


@login_required
def clauses(request):
    access.require(access.can_view_all(request.user))
    rows = (
        PolicyClause.objects.filter(policy__status="published")
        .select_related("policy", "terms")
        .order_by("policy__level", "policy_id", "order")
    )
    year = _year(request)
    share = ledger.instant_share()
    return render(
        request,
        "fulfilment/clauses.html",
        {
            "rows": rows,
            "year": year,
            "share": share,
            "target": ledger.TARGET_SHARE,
            "is_operator": request.user.is_operator,
        },
    )


@login_required
def clause_detail(request, clause_pk: int):
    access.require(access.can_view_all(request.user))
    clause = get_object_or_404(PolicyClause.objects.select_related("policy"), pk=clause_pk)
    terms = ClauseTerms.objects.filter(clause=clause).first()
    year = _year(request)
    context = {"clause": clause, "terms": terms, "year": year}
    if terms:
        rule = terms.rule
        context.update(
            rule=rule,
            rule_text=rule_lines(rule.conditions) if rule else [],
            rule_json=json.dumps(rule.conditions, ensure_ascii=False) if rule else "",
            versions=terms.rules.select_related("created_by"),
            runs=terms.runs.select_related("proposed_by", "decided_by")[:20],
            stats=ledger.clause_evaluation(terms, year),
        )
    return render(request, "fulfilment/clause_detail.html", context)


@login_required
def clause_edit(request, clause_pk: int):
    access.require(access.can_manage(request.user))
    clause = get_object_or_404(PolicyClause.objects.select_related("policy"), pk=clause_pk)
    terms = ClauseTerms.objects.filter(clause=clause).first()
    current = terms.rule.conditions if terms and terms.rule else []
    combine, rows, advanced = initial_rows(current)
    if request.method == "POST":
        terms_form = TermsForm(request.POST, instance=terms, prefix="t")
        rule_form = RuleForm(request.POST, prefix="r")
        formset = ConditionFormSet(request.POST, prefix="c")
        if terms_form.is_valid() and rule_form.is_valid() and formset.is_valid():
            data = {f: terms_form.cleaned_data[f] for f in TermsForm.Meta.fields}
            advanced_rule = rule_form.cleaned_data["advanced"]
            if advanced_rule is not None:
                conditions = advanced_rule
            else:
                parts = [f.cleaned_data.get("condition") for f in formset.forms if f.cleaned_data.get("condition")]
                conditions = {rule_form.cleaned_data["combine"]: parts} if parts else []
            try:
                saved = services.terms_save(clause=clause, by=request.user, data=data)
                if conditions != current:
                    try:
                        services.rule_add(
                            terms=saved, by=request.user, conditions=conditions, note=rule_form.cleaned_data["note"]
                        )
                    except ValidationError as exc:
                        if exc.messages != [_("规则未改变。")]:
                            raise
            except ValidationError as exc:
                rule_form.add_error(None, error_text(exc))
            else:
                messages.success(request, _("已保存条款兑现要素和资格规则。"))
                return redirect("fulfilment:clause", clause_pk=clause.pk)
        status = 400
    else:
        terms_form = TermsForm(
            instance=terms, prefix="t", initial={"source_text": clause.benefit} if not terms else None
        )
        rule_form = RuleForm(prefix="r", initial={"combine": combine, "advanced": advanced})
        formset = ConditionFormSet(prefix="c", initial=rows)
        status = 200
    facts = [
        {"code": code, "label": str(f.label), "unit": f.unit, "kind": f.kind} for code, f in ENTERPRISE.facts.items()
    ]
    return render(
        request,
        "fulfilment/clause_edit.html",
        {"clause": clause, "terms_form": terms_form, "rule_form": rule_form, "formset": formset, "facts": facts},
        status=status,
    )


@login_required
@require_POST
def run_propose(request, clause_pk: int):
    terms = get_object_or_404(ClauseTerms, clause_id=clause_pk)
    return post_action(
        request,
        lambda: services.auto_run_propose(terms=terms, by=request.user, year=_year(request)),
        success=_("已生成免申即享名单，请另一名运营人员复核。"),
        to=lambda run: (
            reverse("fulfilment:run", args=[run.pk]) if run else reverse("fulfilment:clause", args=[clause_pk])
        ),
    )


@login_required
def run_detail(request, pk: int):
    access.require(access.can_view_all(request.user))
    run = get_object_or_404(AutoRun.objects.select_related("terms__clause__policy", "proposed_by", "decided_by"), pk=pk)
    items = run.items.select_related("organisation")
    return render(
        request,
        "fulfilment/run.html",
        {
            "run": run,
            "items": items,
            "can_decide": access.can_manage(request.user)
            and run.status == AutoRun.Status.PROPOSED
            and run.proposed_by_id != request.user.pk,
            "form": ReasonForm(),
        },
    )


@login_required
@require_POST
def run_decide(request, pk: int):
    run = get_object_or_404(AutoRun, pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    return post_action(
        request,
        lambda: services.auto_run_decide(
            run=run,
            by=request.user,
            approve=request.POST.get("approve") == "1",
            note=form.cleaned_data.get("reason", ""),
        ),
        success=_("已处理。"),
        to=reverse("fulfilment:run", args=[pk]),
        flash_denied=True,  # the two-person rule's refusal is a reason to show, not a 403 page
    )


# --- Calculator ------------------------------------------------------------------------------------


def calculator(request):
    """An enterprise member lands on their own calculation; anyone else gets the visitor form."""
    own = access.own_enterprises(request.user).first()
    if own is not None and "visitor" not in request.GET:
        return redirect("fulfilment:calculator_org", org_pk=own.pk)
    form = VisitorForm(request.GET or None)
    calc = None
    if request.GET and form.is_valid():
        calc = evaluation.calculate_visitor(form.cleaned_data, _year(request))
    context = {"form": form, "calc": calc, "visitor": True}
    if calc is not None:
        context.update(groups=calc.groups(), qualifies=calc.by(evaluation.QUALIFIES), others=calc.by(evaluation.NOT))
    return render(request, "fulfilment/calculator.html", context)


def calculator_org(request, org_pk: int):
    org = get_object_or_404(Organisation, pk=org_pk, kind__in=access.ENTERPRISE_KINDS)
    if not access.can_view(request.user, org.pk):
        raise PermissionDenied  # eligibility is confidential: the firm, operators, leaders
    year = _year(request)
    calc = evaluation.calculate(profile_for(org), year)
    granted = set(Grant.objects.filter(organisation=org, year=year).values_list("terms_id", flat=True))
    applied = dict(
        Application.objects.filter(organisation=org, year=year).values_list("terms_id", "status").order_by("created_at")
    )
    return render(
        request,
        "fulfilment/calculator.html",
        {
            "org": org,
            "calc": calc,
            "granted": granted,
            "applied": applied,
            "can_apply": access.is_member(request.user, org.pk),
            "others": calc.by(evaluation.NOT),
            "groups": calc.groups(),
            "qualifies": calc.by(evaluation.QUALIFIES),
        },
    )


@login_required
@require_POST
def apply(request, org_pk: int, clause_pk: int):
    org = get_object_or_404(Organisation, pk=org_pk)
    terms = get_object_or_404(ClauseTerms, clause_id=clause_pk)
    form = ApplicationForm(request.POST, request.FILES)
    form.is_valid()
    try:
        application = services.application_create(
            terms=terms,
            organisation=org,
            by=request.user,
            year=_year(request),
            statement=form.cleaned_data.get("statement", ""),
            attachment=form.cleaned_data.get("attachment"),
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(f"/fulfilment/calculator/{org.pk}/?year={_year(request)}")
    if application.status == Application.Status.APPROVED:
        messages.success(request, _("符合条件，已即时兑现（即申即享）。"))
    else:
        messages.success(request, _("申请已提交，等待责任部门审核。"))
    return redirect("fulfilment:application", pk=application.pk)


# --- Applications ----------------------------------------------------------------------------------


@login_required
def applications(request):
    qs = Application.objects.select_related("terms__clause__policy", "organisation")
    if not access.can_view_all(request.user):
        qs = qs.filter(organisation_id__in=request.user.organisation_ids())
    status = request.GET.get("status", "")
    if status in Application.Status.values:
        qs = qs.filter(status=status)
    page = CappedPaginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "fulfilment/applications.html",
        {"page": page, "status": status, "statuses": Application.Status.choices, "querystring": f"status={status}"},
    )


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(
        Application.objects.select_related("terms__clause__policy", "organisation", "applicant"), pk=pk
    )
    access.require(access.can_view(request.user, application.organisation_id))
    kinds = services.actor_kinds(application, request.user)
    actions = services.WORKFLOW.available(application.status, kinds)
    labels = {t.action: t.label for t in services.WORKFLOW.transitions.values()} | {"submit": _("提交")}
    events = [(e, labels.get(e.action, e.action)) for e in application.events.select_related("actor")]
    return render(
        request,
        "fulfilment/application.html",
        {
            "a": application,
            "events": events,
            "actions": actions,
            "form": ReasonForm(),
            "grant": Grant.objects.filter(application=application).first(),
        },
    )


@login_required
@require_POST
def application_act(request, pk: int):
    application = get_object_or_404(Application, pk=pk)
    access.require(access.can_view(request.user, application.organisation_id))
    form = ReasonForm(request.POST)
    form.is_valid()
    return post_action(
        request,
        lambda: services.application_act(
            application=application,
            by=request.user,
            action=request.POST.get("action", ""),
            reason=form.cleaned_data.get("reason", ""),
        ),
        success=_("已处理。"),
        to=reverse("fulfilment:application", args=[pk]),
    )


# --- Ledger ----------------------------------------------------------------------------------------


def _ledger_filters(request) -> dict:
    def number(name):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    mode = request.GET.get("mode", "")
    return {
        "year": number("year"),
        "policy": number("policy"),
        "department": request.GET.get("department", "").strip() or None,
        "mode": mode if mode in Mode.values else None,
        "organisation": number("org"),
    }


@login_required
def grants(request):
    filters = _ledger_filters(request)
    # An enterprise sees its own grants only, never the ledger of others.
    if not access.can_view_all(request.user) and (
        not filters["organisation"] or not access.can_view(request.user, filters["organisation"])
    ):
        own = access.own_enterprises(request.user).first()
        if own is None:
            raise PermissionDenied
        filters["organisation"] = own.pk
    qs = ledger.grants(**filters)
    by = request.GET.get("by", "policy")
    by = by if by in ledger.STAT_DIMENSIONS else "policy"
    page = CappedPaginator(qs, 50).get_page(request.GET.get("page"))
    year = filters["year"] or timezone.localdate().year
    context = {
        "page": page,
        "filters": filters,
        "by": by,
        "dimensions": [(k, v[1]) for k, v in ledger.STAT_DIMENSIONS.items()],
        "stats": ledger.statistics(qs, by),
        "modes": Mode.choices,
        "policies": Policy.objects.filter(clauses__terms__isnull=False).distinct().order_by("title"),
        "is_all": access.can_view_all(request.user),
        "query": request.GET.urlencode(),
        "querystring": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
    }
    if context["is_all"]:
        import datetime as dt

        context.update(
            share=ledger.instant_share(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            share_all=ledger.instant_share(),
            target=ledger.TARGET_SHARE,
            share_year=year,
        )
    return render(request, "fulfilment/grants.html", context)


@login_required
def grants_export(request):
    access.require(access.can_view_all(request.user))
    response = HttpResponse(ledger.export_xlsx(ledger.grants(**_ledger_filters(request))), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="fulfilment-ledger.xlsx"'
    return response


@login_required
@require_POST
def grant_paid(request, pk: int):
    services.grant_mark_paid(grant=get_object_or_404(Grant, pk=pk), by=request.user)
    messages.success(request, _("已标记拨付。"))
    return redirect(request.POST.get("next") or "fulfilment:grants")
