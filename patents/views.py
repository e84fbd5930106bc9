"""Pages: pools (list, detail with charts, edit), patents (search, detail), the IPC browser."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from core.forms import apply_validation_error

from . import scoring, selectors
from .forms import OverrideForm, PoolForm
from .models import IpcEntry, LegalStatus, Patent, PatentPool, PatentType
from .provenance import describe_ipc_source, describe_source
from .services import pools as pool_services
from .validators import normalise_publication_number


def _is_operator(user) -> bool:
    return bool(getattr(user, "is_operator", False))


def _operator_only(request):
    if not _is_operator(request.user):
        raise PermissionDenied(_("只有平台运营人员可以管理专利池。"))


def pool_list(request):
    return render(request, "patents/pool_list.html", {"pools": selectors.pool_list(), "total": Patent.objects.count()})


def pool_detail(request, slug):
    pool = get_object_or_404(PatentPool.objects.select_related("chain"), slug=slug)
    if not pool.is_active and not _is_operator(request.user):
        raise Http404
    stats = selectors.pool_stats(pool)
    charts = {
        "years": stats["years"],
        "ipc": stats["ipc"],
        "types": stats["types"],
        "statuses": stats["statuses"],
    }
    context = {
        "pool": pool,
        "stats": stats,
        "charts": charts,
        "high_value": selectors.pool_high_value(pool, limit=30),
        "brokers": pool.brokers.filter(is_active=True),
        "min_known": scoring.config()["min_known"],
    }
    if _is_operator(request.user):
        context["overrides"] = pool.overrides.select_related("patent", "created_by").order_by("-created_at")[:50]
        context["override_form"] = OverrideForm()
    return render(request, "patents/pool_detail.html", context)


@login_required
def pool_edit(request, slug=None):
    _operator_only(request)
    pool = get_object_or_404(PatentPool, slug=slug) if slug else PatentPool()
    form = PoolForm(
        request.POST or None, instance=pool, initial={"brokers": list(pool.brokers.all()) if pool.pk else []}
    )
    if request.method == "POST" and form.is_valid():
        try:
            pool, changed = pool_services.pool_save(
                pool=form.save(commit=False), by=request.user, brokers=list(form.cleaned_data["brokers"])
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("专利池已保存，重新分配后 %(n)d 件专利的入池情况或得分有变化。") % {"n": len(changed)}
            )
            return redirect(pool.get_absolute_url())
    return render(request, "patents/pool_form.html", {"form": form, "pool": pool})


@login_required
@require_POST
def pool_override(request, slug):
    _operator_only(request)
    pool = get_object_or_404(PatentPool, slug=slug)
    form = OverrideForm(request.POST)
    if form.is_valid():
        patent = Patent.objects.filter(publication_number=form.cleaned_data["publication_number"]).first()
        if patent is None:
            messages.error(
                request, _("平台中没有公开号为 %(n)s 的专利。") % {"n": form.cleaned_data["publication_number"]}
            )
        else:
            pool_services.override_set(
                pool=pool,
                patent=patent,
                action=form.cleaned_data["action"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("已记录人工调整：%(n)s") % {"n": patent.publication_number})
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect(pool.get_absolute_url())


@login_required
@require_POST
def pool_override_remove(request, slug, number):
    _operator_only(request)
    pool = get_object_or_404(PatentPool, slug=slug)
    patent = get_object_or_404(Patent, publication_number=number)
    pool_services.override_remove(pool=pool, patent=patent, by=request.user)
    messages.success(request, _("已撤销人工调整，按规则重新判断。"))
    return redirect(pool.get_absolute_url())


@login_required
@require_POST
def pool_reassign(request):
    _operator_only(request)
    changed = pool_services.reassign()
    messages.success(request, _("已按现行规则重新分配全部专利，%(n)d 件有变化。") % {"n": len(changed)})
    return redirect("patents:pool_list")


def patent_list(request):
    target = selectors.patent_url_for_query(request.GET.get("q", ""))
    if target:  # a patent or application number goes straight to that patent
        return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    result = selectors.patent_search(request.GET, semantic=True)
    page = Paginator(result.queryset, 20).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "params": request.GET,
        "querystring": params.urlencode(),
        "highlights": result.highlights,
        "semantic": result.semantic,
        "pools": PatentPool.objects.filter(is_active=True),
        "types": PatentType.choices,
        "statuses": LegalStatus.choices,
    }
    template = "patents/_patent_results.html" if request.htmx else "patents/patent_list.html"
    return render(request, template, context)


def patent_detail(request, number):
    patent = get_object_or_404(Patent, publication_number=normalise_publication_number(number))
    memberships = patent.pool_memberships.filter(pool__is_active=True).select_related("pool")
    codes = patent.ipc_code_list + [
        s for s in patent.ipc_subclass_list if not any(c.startswith(s) for c in patent.ipc_code_list)
    ]
    ipc = selectors.ipc_titles(codes + [f"{c.split('/')[0]}/00" for c in patent.ipc_code_list])
    for code in patent.ipc_code_list:  # full symbols show their main group's title
        ipc.setdefault(code, ipc.get(f"{code.split('/')[0]}/00"))
    context = {
        "patent": patent,
        "memberships": memberships,
        "ipc_rows": [(code, ipc.get(code)) for code in codes],
        "orgs": patent.applicant_orgs.all(),
        "experts": patent.inventor_experts.published(),
        "achievements": selectors.achievements_citing(patent, request.user),
        "breakdown": scoring.describe(patent.score_breakdown, statutory_term=patent.statutory_term),
        # The dataset in words; the imported file's name for operators only.
        "source": describe_source(patent.source, internal=_is_operator(request.user)),
    }
    return render(request, "patents/patent_detail.html", context)


def ipc_index(request):
    sections = IpcEntry.objects.filter(level=IpcEntry.Level.SECTION).prefetch_related("children")
    return render(request, "patents/ipc_index.html", {"sections": sections})


def ipc_detail(request, code):
    entry = get_object_or_404(
        IpcEntry.objects.select_related("parent__parent__parent"), code=code.replace("-", "/").upper()
    )
    ancestors = []
    node = entry.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    context = {
        "entry": entry,
        "ancestors": ancestors,
        "children": entry.children.order_by("code"),
        "source": describe_ipc_source(entry.source, internal=_is_operator(request.user)),
    }
    if entry.level in (IpcEntry.Level.SUBCLASS, IpcEntry.Level.GROUP):
        context["patent_count"] = selectors.patent_list({"ipc": entry.code}).count()
    return render(request, "patents/ipc_detail.html", context)
