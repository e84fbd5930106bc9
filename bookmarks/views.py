"""我的收藏 and the action bar's toggle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import records
from core.http import safe_next
from core.pagination import CappedPaginator

from . import services
from .models import Bookmark


@login_required
@require_POST
def toggle(request):
    record = records.resolve(request.POST.get("record", ""), request.user)
    if record is None:
        raise Http404
    try:
        on = services.bookmark_toggle(user=request.user, record=record)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已加入我的收藏。") if on else _("已取消收藏。"))
    return safe_next(request, "bookmarks:list")


@login_required
@require_POST
def remove(request, pk: int):
    services.bookmark_remove(user=request.user, bookmark_id=pk)
    messages.success(request, _("已取消收藏。"))
    return redirect("bookmarks:list")


@login_required
def bookmark_list(request):
    qs = Bookmark.objects.filter(user=request.user).select_related("content_type")
    page = CappedPaginator(qs, 20).get_page(request.GET.get("page"))
    for b in page:
        model = b.content_type.model_class()
        b.kind_label = model._meta.verbose_name if model else ""
    return render(request, "bookmarks/list.html", {"page": page})
