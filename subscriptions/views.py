"""我的订阅 and the subscribe controls (list pages, organisation pages). Thin: parse, call a
service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from core.http import safe_next
from reference.models import IndustryChain

from . import selectors, services
from .models import Subscription


def _errors(exc) -> str:
    return "；".join(getattr(exc, "messages", None) or [str(exc)])


@login_required
def mine(request):
    """我的订阅: what the user follows, with a link to each and a button to stop; a form to follow
    an industry chain."""
    rows = [
        {
            "sub": sub,
            "what": services.describe(sub, short=True),
            "url": services.target_url(sub),
        }
        for sub in selectors.for_user(request.user)
    ]
    followed = {row["sub"].chain_id for row in rows if row["sub"].chain_id}
    return render(
        request,
        "subscriptions/mine.html",
        {
            "rows": rows,
            "chains": [c for c in IndustryChain.objects.all() if c.pk not in followed],
            "limit": services.MAX_PER_USER,
        },
    )


@login_required
@require_POST
def save_search(request):
    """POST library + query (the list page's query string): save it; back to the list."""
    library = request.POST.get("library", "")[:20]
    query = request.POST.get("query", "")
    try:
        sub, created = services.save_search(user=request.user, library=library, query=query)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        if created:
            messages.success(
                request, _("已保存搜索“%(what)s”，有新发布时会通知您。") % {"what": services.describe(sub)}
            )
        else:
            messages.info(request, _("您已订阅过这个搜索。"))
    return safe_next(request, "subscriptions:mine")


@login_required
@require_POST
def follow_chain(request):
    chain = IndustryChain.objects.filter(slug=request.POST.get("chain", "")[:40]).first()
    if chain is None:
        messages.error(request, _("请选择产业链。"))
        return redirect("subscriptions:mine")
    try:
        _sub, created = services.follow_chain(user=request.user, chain=chain)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, _("已关注产业链“%(c)s”。") % {"c": chain.label} if created else _("您已关注这个产业链。")
        )
    return safe_next(request, "subscriptions:mine")


@login_required
@require_POST
def follow_organisation(request, pk: int):
    organisation = get_object_or_404(Organisation.objects.verified(), pk=pk)
    try:
        _sub, created = services.follow_organisation(user=request.user, organisation=organisation)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("已关注“%(o)s”，它发布新信息时会通知您。") % {"o": organisation.name}
            if created
            else _("您已关注这个机构。"),
        )
    return safe_next(request, reverse("accounts:organisation_detail", args=[pk]))


@login_required
@require_POST
def unsubscribe(request, pk: int):
    sub = get_object_or_404(Subscription, pk=pk, user=request.user)  # another user's id is a 404
    try:
        services.unsubscribe(subscription=sub, by=request.user)
    except PermissionDenied as exc:  # pragma: no cover - the lookup above already limits to the user
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已取消订阅。"))
    return safe_next(request, "subscriptions:mine")


# ---- controls other apps' pages show (registered in apps.py) ----------------------------------------


def save_search_control(request, library, querystring: str):
    """The "保存搜索/订阅" control above a library list's results (catalog.panels list action)."""
    saved = None
    try:
        query = services.canonical_query(library.slug, querystring)
    except ValidationError:
        return None  # nothing selected yet (or too long): nothing to save
    if request.user.is_authenticated:
        saved = Subscription.objects.filter(
            user=request.user, kind=Subscription.Kind.SEARCH, library=library.slug, query=query
        ).first()
    return (
        "subscriptions/_save_search.html",
        {"library": library.slug, "query": querystring, "saved": saved, "next": request.get_full_path()},
    )


def follow_organisation_panel(request, organisation):
    """A 关注本机构 button on a verified organisation's page (accounts.panels)."""
    if not organisation.is_verified:
        return None
    following = (
        request.user.is_authenticated
        and Subscription.objects.filter(
            user=request.user, kind=Subscription.Kind.ORGANISATION, organisation=organisation
        ).first()
    )
    return ("subscriptions/_follow_organisation.html", {"organisation": organisation, "following": following})
