"""Deal pages: list, open, detail (stage, events, messages, contract summary), transitions, notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Achievement, Demand
from core.audit import audit
from core.forms import form_service
from core.http import post_action, safe_next
from notifications import services as notifications

from .. import access, selectors
from ..forms import AssignBrokerForm, DealOpenForm, MessageForm, RegisterForm, TransitionForm, TrialDecisionForm
from ..models import Broker, MessageAttachment
from ..models.deals import Stage
from ..services import deals as deal_services
from ..services import messages as message_services
from ..services import registration as registration_services
from ..stages import STAGE_ORDER, TRANSITIONS


@login_required
def deal_list(request):
    stage = request.GET.get("stage", "")
    qs = selectors.deal_list(
        user=request.user, stage=stage if stage in Stage.values else "", q=request.GET.get("q", "").strip()
    )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    unread = {
        row: True for row in message_services.unread_messages(user=request.user).values_list("deal_id", flat=True)
    }
    return render(
        request,
        "deals/list.html",
        {
            "page": page,
            "stages": Stage.choices,
            "stage": stage,
            "q": request.GET.get("q", ""),
            "unread_deals": unread,
            "unread_notifications": notifications.unread_count(request.user),
        },
    )


@login_required
def deal_open(request):
    params = request.POST if request.method == "POST" else request.GET
    linked = [
        r
        for r in (
            selectors.resolve_record(kind=params.get("from_kind", ""), pk=params.get("from_id"), user=request.user),
            selectors.resolve_record(kind=params.get("to_kind", ""), pk=params.get("to_id"), user=request.user),
        )
        if r is not None
    ]
    origin = selectors.origin_for(params.get("from_kind", ""), params.get("to_kind", ""), params.get("origin", ""))
    if request.method == "POST":
        form = DealOpenForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            achievement = next((r.record for r in linked if isinstance(r.record, Achievement)), None)
            demand = next((r.record for r in linked if isinstance(r.record, Demand)), None)
            links = [
                {"kind": r.kind, "record_id": r.id, "title": r.title, "url": r.url}
                for r in linked
                if r.record is None or not isinstance(r.record, (Achievement, Demand))
            ]
            done = form_service(
                form,
                lambda: deal_services.deal_open(
                    by=request.user,
                    supply_org=data["supply_org"],
                    demand_org=data["demand_org"],
                    title=data["title"],
                    origin=origin,
                    achievement=achievement,
                    demand=demand,
                    links=links,
                    patent_numbers=data["patent_numbers"],
                    note=data["note"],
                ),
            )
            if done:
                messages.success(request, _("对接已发起，对方和经纪人会收到通知。"))
                return redirect(done.value.get_absolute_url())
    else:
        initial = selectors.opening_defaults(user=request.user, linked=linked, origin=origin)
        for key in ("from_kind", "from_id", "to_kind", "to_id"):
            initial[key] = request.GET.get(key, "")
        form = DealOpenForm(initial=initial)
    return render(request, "deals/open.html", {"form": form, "linked": linked})


@login_required
def deal_detail(request, pk: int):
    deal = selectors.deal_for(pk=pk, user=request.user)
    kinds = access.actor_kinds(request.user, deal)
    thread = list(message_services.messages_for(deal=deal, user=request.user))
    unread_ids = set(message_services.unread_messages(user=request.user, deal=deal).values_list("pk", flat=True))
    message_services.mark_thread_read(deal=deal, user=request.user)
    contract = getattr(deal, "contract", None)  # RelatedObjectDoesNotExist is an AttributeError
    stage_index = STAGE_ORDER.index(deal.stage) if deal.stage in STAGE_ORDER else -1
    context = {
        "deal": deal,
        "kinds": kinds,
        "events": deal.events.select_related("actor"),
        "thread": thread,
        "unread_ids": unread_ids,
        "message_form": MessageForm(),
        "transitions": deal_services.available_transitions(request.user, deal),
        "contract": contract,
        "stages": [(s, Stage(s).label, i <= stage_index) for i, s in enumerate(STAGE_ORDER)],
        "can_edit_contract": deal.stage in ("intent", "negotiation", "signed")
        and not (contract and contract.is_registered),
        "brokers": deal.assignments.select_related("broker__user", "broker__organisation"),
        "links": deal.links.all(),
        # 登记 once the parties have applied (the queue offers it on the same condition).
        "register_form": RegisterForm()
        if "operator" in kinds and deal.stage == Stage.SIGNED and contract and contract.ready_to_register
        else None,
        "registration_actions": [
            t
            for t in registration_services.available_actions(request.user, contract)
            if t.action not in ("register", "amend", "terminate")
            and (t.action != "submit" or deal.stage == Stage.SIGNED)
        ]
        if contract
        else [],
        "registration_log": contract.registration_actions.select_related("actor") if contract else [],
        "instalments": contract.instalments.all() if contract else [],
        "trial_form": TrialDecisionForm()
        if contract and contract.payment_mode == "pay_after_use" and contract.trial_end
        else None,
        "assign_form": AssignBrokerForm() if "operator" in kinds else None,
        "all_brokers": Broker.objects.filter(active=True).select_related("user") if "operator" in kinds else [],
    }
    # The parties' only step (申请登记) takes neither a reason nor an amount: show those fields only
    # to whoever has a step that uses them (the registrar).
    context["registration_needs_reason"] = any(t.reason_required for t in context["registration_actions"])
    context["registration_needs_amount"] = any(t.action == "approve" for t in context["registration_actions"])
    from .aftercare import detail_context

    context.update(detail_context(request.user, deal, contract))
    return render(request, "deals/detail.html", context)


@login_required
@require_POST
def deal_transition(request, pk: int):
    deal = selectors.deal_for(pk=pk, user=request.user)
    form = TransitionForm(request.POST)
    return post_action(
        request,
        lambda action, reason: deal_services.deal_transition(deal=deal, action=action, by=request.user, reason=reason),
        form=form,
        to=deal.get_absolute_url(),
        success=lambda _deal: _("操作成功：%(a)s") % {"a": TRANSITIONS[form.cleaned_data["action"]].label},
        flash_denied=True,
    )


@login_required
@require_POST
def message_post(request, pk: int):
    deal = selectors.deal_for(pk=pk, user=request.user)
    form = MessageForm(request.POST, request.FILES)
    form.is_valid()  # the service checks the body (empty, too long) and the files itself
    return post_action(
        request,
        lambda: message_services.message_post(
            deal=deal, by=request.user, body=form.cleaned_data.get("body", ""), files=request.FILES.getlist("files")
        ),
        to=deal.get_absolute_url() + "#messages",
        flash_denied=True,
    )


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(MessageAttachment.objects.select_related("message__deal"), pk=pk)
    if not access.can_view_deal(request.user, attachment.message.deal):
        raise Http404
    audit(actor=request.user, action="download.deal_attachment", target=attachment, request=request, outcome="success")
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
@require_POST
def assign_broker(request):
    form = AssignBrokerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择经纪人。"))
        return safe_next(request, "deals:list")
    data = form.cleaned_data
    target = {"deal": None, "demand": None, "achievement": None}
    if data["kind"] == "deal":
        target["deal"] = selectors.deal_for(pk=data["target_id"], user=request.user)
        url = target["deal"].get_absolute_url()
    else:
        model = Demand if data["kind"] == "demands" else Achievement
        record = get_object_or_404(model.objects.visible_to(request.user), pk=data["target_id"])
        target["demand" if model is Demand else "achievement"] = record
        url = record.get_absolute_url()
    return post_action(
        request,
        lambda: deal_services.broker_assign(broker=data["broker"], by=request.user, **target),
        to=url,
        success=_("已分派经纪人：%(b)s") % {"b": data["broker"]},
        flash_denied=True,
    )


@login_required
def notification_list(request):
    """The notices moved to the notification centre (issue 10); this address shows the deal ones there."""
    return redirect(reverse("notifications:inbox") + "?app=deals")


@login_required
@require_POST
def notification_read(request):
    ids = request.POST.getlist("id")
    notifications.mark_read(user=request.user, ids=[int(i) for i in ids if i.isdigit()] or None)
    return safe_next(request, "notifications:inbox")
