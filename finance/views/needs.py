"""Enterprise side: the finance hub, posting a need, its matched products, applying, following."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from core.forms import apply_validation_error
from core.http import post_action
from enterprises import access as enterprise_access
from enterprises.activity import patent_queryset
from enterprises.services import ENTERPRISE_KINDS, profile_for

from .. import access, fit, selectors, services
from ..forms import NeedForm
from ..models import Application, FinancingNeed


def _my_enterprise(user):
    """The enterprise the user administers (the first one), or None."""
    orgs = Organisation.objects.filter(
        pk__in=user.organisation_ids(), kind__in=ENTERPRISE_KINDS, memberships__user=user, memberships__role="admin"
    ).distinct()
    return orgs.order_by("pk").first()


@login_required
def hub(request):
    user = request.user
    context = {
        "enterprise": _my_enterprise(user),
        "needs": selectors.needs_of(user.organisation_ids())[:50],
        "is_institution": access.is_institution_staff(user),
        "queue_count": selectors.queue_for(user).filter(status__in=["submitted", "contacted"]).count()
        if access.is_institution_staff(user)
        else 0,
    }
    return render(request, "finance/hub.html", context)


@login_required
def need_create(request):
    org = _my_enterprise(request.user)
    if org is None:
        messages.error(request, _("只有企业管理员可以发布融资需求。"))
        return redirect("finance:hub")
    profile = profile_for(org)
    patents = list(patent_queryset(profile).order_by("-pk")[:200])
    contracts = list(services.own_registered_contracts(org).order_by("-registered_on")[:100])
    form = NeedForm(request.POST or None, patents=patents, contracts=contracts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need = services.need_create(
                organisation=org,
                by=request.user,
                amount=data["amount"],
                purpose=data["purpose"],
                term_months=data["term_months"],
                need_type=data["need_type"],
                patents=[int(p) for p in data["patents"]],
                contracts=[int(c) for c in data["contracts"]],
                share_with=list(data["share_with"]),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("融资需求已发布，下面是符合条件的金融产品。"))
            return redirect("finance:need", pk=need.pk)
    return render(request, "finance/need_form.html", {"form": form, "organisation": org})


def _need_for(request, pk):
    need = get_object_or_404(FinancingNeed.objects.select_related("organisation"), pk=pk)
    access.require(access.can_view_need(request.user, need))
    return need


@login_required
def need_detail(request, pk: int):
    need = _need_for(request, pk)
    own = access.is_enterprise_member(request.user, need.organisation_id) or request.user.is_operator
    applied = {a.product_id: a for a in need.applications.select_related("product", "institution")}
    if own:
        eligible, excluded = fit.match_need(need)
    else:
        # An institution sees only its own products' fit for this need, never other banks' products.
        eligible, excluded = fit.match_need(need, institution_ids=access.institution_ids(request.user))
    can_apply = enterprise_access.can_edit(request.user, profile_for(need.organisation)) and need.status == "open"
    return render(
        request,
        "finance/need.html",
        {
            "need": need,
            "eligible": eligible,
            "excluded": excluded if own else [],
            "applied": applied,
            "applications": list(applied.values())
            if own
            else [a for a in applied.values() if access.can_view_application(request.user, a)],
            "can_apply": can_apply,
            "year": fit.figures_year(),
        },
    )


@login_required
@require_POST
def need_apply(request, pk: int):
    need = _need_for(request, pk)
    from catalog.models import FinancialProduct

    product = get_object_or_404(FinancialProduct.objects.published(), pk=request.POST.get("product") or 0)
    return post_action(
        request,
        lambda: services.application_submit(need=need, product=product, by=request.user),
        success=lambda application: _("已向%(bank)s提交申请。") % {"bank": application.institution.name},
        to=lambda application: (
            reverse("finance:application", args=[application.pk])
            if application
            else reverse("finance:need", args=[need.pk])
        ),
    )


@login_required
def application_detail(request, pk: int):
    from ..forms import ApproveForm, PledgeForm, RefuseForm

    application = get_object_or_404(
        Application.objects.select_related("need__organisation", "product", "institution"), pk=pk
    )
    access.require(access.can_view_application(request.user, application))
    decide = access.can_decide(request.user, application) and application.status in ("submitted", "contacted")
    loan = getattr(application, "loan", None) if application.status == "approved" else None
    return render(
        request,
        "finance/application.html",
        {
            "application": application,
            "need": application.need,
            "snapshot": application.snapshot if access.can_view_snapshot(request.user, application) else None,
            "events": application.events.select_related("by"),
            "decide": decide,
            "approve_form": ApproveForm(
                initial={"amount": application.need.amount, "term_months": application.need.term_months}
            )
            if decide
            else None,
            "refuse_form": RefuseForm() if decide else None,
            "can_withdraw": access.is_enterprise_member(request.user, application.need.organisation_id)
            and application.status in ("submitted", "contacted"),
            "loan": loan,
            "pledge_form": PledgeForm(
                patents=application.need.collateral_patents.all(), contracts=application.need.collateral_contracts.all()
            )
            if loan is not None and access.can_decide(request.user, application)
            else None,
        },
    )


@login_required
@require_POST
def application_withdraw(request, pk: int):
    application = get_object_or_404(Application, pk=pk)
    access.require(access.can_view_application(request.user, application))
    return post_action(
        request,
        lambda: services.application_transition(application=application, by=request.user, action="withdraw"),
        to=reverse("finance:application", args=[pk]),
    )
