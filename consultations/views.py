"""Pages of consultations: ask about a record, the thread, 我的咨询 (asked / received; operators'
moderation view). Views parse, check access, call services; nobody but the two sides and operators
gets anything but a 404 for a thread."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import records
from core.audit import audit
from core.pagination import CappedPaginator

from . import access, selectors, services, throttles
from .forms import MessageForm, ReplyForm
from .models import Thread


def _error_text(exc) -> str:
    return "；".join(exc.messages) if hasattr(exc, "messages") else str(exc)


def _throttled(request, form, template, context):
    form.add_error(None, _("留言过于频繁，请稍后再试。"))
    return render(request, template, {**context, "form": form}, status=429)


@login_required
def new(request):
    """GET ?record=app.model:pk shows the form; POST opens the thread and goes to it."""
    key = request.GET.get("record") or request.POST.get("record", "")
    record = records.resolve(key, request.user)
    if record is None or not records.is_interactive(record):
        raise Http404
    earlier = Thread.objects.filter(
        asker=request.user,
        content_type__app_label=record._meta.app_label,
        content_type__model=record._meta.model_name,
        object_id=record.pk,
    )[:5]
    form = MessageForm(request.POST or None)
    context = {"record": record, "key": records.key_of(record), "earlier": earlier}
    if request.method == "POST" and form.is_valid():
        if not throttles.allow(request):
            return _throttled(request, form, "consultations/new.html", context)
        try:
            thread = services.consultation_open(user=request.user, record=record, body=form.cleaned_data["body"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("留言已发送，对方答复后会通知您。"))
            return redirect(thread)
    return render(request, "consultations/new.html", {**context, "form": form})


def _thread_or_404(user, pk) -> Thread:
    thread = get_object_or_404(Thread.objects.select_related("asker", "owner_org", "owner_user"), pk=pk)
    if not access.can_read(user, thread):
        raise Http404
    return thread


def _audit_moderation(request, thread) -> None:
    """An operator's reading of a private thread leaves an audit row (who read whose exchange)."""
    if access.is_moderating(request.user, thread):
        audit(actor=request.user, action="consultations.moderation_read", target=thread, request=request)


@login_required
def thread_detail(request, pk: int):
    thread = _thread_or_404(request.user, pk)
    form = ReplyForm(request.POST or None)
    context = {
        "thread": thread,
        "is_asker": access.is_asker(request.user, thread),
        "answers": access.answers(request.user, thread),
        "can_write": access.can_write(request.user, thread),
    }
    if request.method == "POST":
        if not context["can_write"]:
            raise Http404
        if form.is_valid():
            if context["is_asker"] and not throttles.allow(request):
                context["thread_messages"] = selectors.messages_of(thread)
                return _throttled(request, form, "consultations/thread.html", context)
            try:
                services.consultation_reply(thread=thread, user=request.user, body=form.cleaned_data["body"])
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _error_text(exc))
            else:
                return redirect(thread)
    else:
        services.mark_read(thread=thread, user=request.user)
        _audit_moderation(request, thread)
    context.update(form=form, thread_messages=selectors.messages_of(thread))
    return render(request, "consultations/thread.html", context)


@login_required
@require_POST
def thread_close(request, pk: int):
    thread = _thread_or_404(request.user, pk)
    try:
        services.consultation_close(thread=thread, user=request.user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("咨询已结束。"))
    return redirect(thread)


SIDES = ("asked", "received")


@login_required
def thread_list(request):
    """我的咨询: ?side=asked|received (default both); operators may add ?moderation=1 (every thread)."""
    side = request.GET.get("side", "")
    side = side if side in SIDES else ""
    moderation = request.GET.get("moderation") == "1" and request.user.is_operator
    qs = selectors.threads_for(request.user, side=side, moderation=moderation)
    page = CappedPaginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/list.html",
        {
            "page": page,
            "side": side,
            "moderation": moderation,
            "is_operator": request.user.is_operator,
            "unread": selectors.unread_count(request.user),
        },
    )
