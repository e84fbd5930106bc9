"""News, notices and events: read, publish (operators), register, cancel, check in, .ics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error

from .. import access
from ..forms import ArticleForm, EventForm, RegistrationForm
from ..models import Article, Event, Registration
from ..services import events as event_services
from . import error_text


def news_list(request):
    return render(
        request,
        "programmes/news_list.html",
        {
            "articles": Article.objects.filter(published=True)[:50],
            "events": Event.objects.filter(published=True).order_by("-starts_at")[:50],
        },
    )


def article_detail(request, pk: int):
    qs = Article.objects.all() if access.is_operator(request.user) else Article.objects.filter(published=True)
    return render(request, "programmes/article.html", {"article": get_object_or_404(qs, pk=pk)})


def _event_for(request, pk: int) -> Event:
    qs = Event.objects.all() if access.is_operator(request.user) else Event.objects.filter(published=True)
    return get_object_or_404(qs, pk=pk)


def event_detail(request, pk: int):
    event = _event_for(request, pk)
    mine = None
    if request.user.is_authenticated:
        mine = event.registrations.filter(user=request.user).exclude(status=Registration.Status.CANCELLED).first()
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return render(
        request,
        "programmes/event.html",
        {
            "event": event,
            "mine": mine,
            "places_left": max(0, event.capacity - confirmed),
            "form": RegistrationForm(),
            "registrations": event.registrations.select_related("user") if access.is_operator(request.user) else [],
        },
    )


@login_required
@require_POST
def event_register(request, pk: int):
    event = _event_for(request, pk)
    form = RegistrationForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("请选择参会身份。"))
        registration = event_services.event_register(
            event=event, by=request.user, audience_kind=form.cleaned_data["audience_kind"]
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("报名成功。") if registration.status == "confirmed" else _("名额已满，已进入候补名单。")
        )
    return redirect(event)


@login_required
@require_POST
def registration_action(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    try:
        if request.POST.get("action") == "check_in":
            event_services.registration_check_in(registration=registration, by=request.user)
        else:
            event_services.registration_cancel(registration=registration, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect(registration.event)


def event_ics(request, pk: int):
    event = _event_for(request, pk)
    response = HttpResponse(event_services.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def _operator_form(request, form_class, save, title):
    if not access.is_operator(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect(obj)
    return render(request, "programmes/simple_form.html", {"form": form, "title": title})


@login_required
def article_new(request):
    def save(data):
        publish = data.pop("publish", False)
        return event_services.article_save(by=request.user, publish=publish, **data)

    return _operator_form(request, ArticleForm, save, _("发布新闻公告"))


@login_required
def event_new(request):
    return _operator_form(
        request, EventForm, lambda data: event_services.event_save(by=request.user, **data), _("发布活动")
    )
