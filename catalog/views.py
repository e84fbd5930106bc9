"""Pages of the resource libraries. Thin: parse, check, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import audit
from core.forms import apply_validation_error
from core.http import error_text
from core.pagination import CappedPaginator
from jobs.services import job_start
from reference.models import CooperationMode, IndustryChain, NewCity, Region

from . import access, exporting, importing, jobs, selectors, services, workflow
from .forms import AttachmentForm, ClauseFormSet, ImportForm, TransitionForm, form_class_for
from .libraries import LIBRARIES, get_library
from .models import Attachment, Policy
from .panels import list_actions_for, panels_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter_context(library) -> dict:
    return {
        "chains": IndustryChain.objects.all(),
        "prefectures": Region.objects.filter(level=Region.Level.PREFECTURE),
        "new_cities": NewCity.choices,
        "modes": CooperationMode.choices,
        "stages": getattr(library.model, "Stage", None) and library.model.Stage.choices,
        "levels": getattr(library.model, "Level", None) and library.model.Level.choices,
        "kinds": getattr(library.model, "Kind", None) and library.model.Kind.choices,
        "product_types": getattr(library.model, "ProductType", None) and library.model.ProductType.choices,
    }


def _paginate(request, queryset, per_page=20, total=None, count_key=""):
    """One page; at most ``core.pagination.MAX_ROWS`` rows are counted and paged through
    (the count cached under ``count_key`` when given, ``selectors.LIST_COUNT_TTL_S`` seconds)."""
    paginator = CappedPaginator(
        queryset, per_page, total=total, count_key=count_key, count_ttl=selectors.LIST_COUNT_TTL_S
    )
    return paginator.get_page(request.GET.get("page"))


def resource_list(request, library: str):
    lib = get_library(library)
    result = selectors.resource_list(library=lib, user=request.user, params=request.GET, semantic=True)
    total = selectors.list_total(lib, user=request.user, params=request.GET)
    page = _paginate(
        request,
        result.queryset,
        total=total,
        count_key=selectors.list_count_key(lib, user=request.user, params=request.GET),
    )
    querystring = _querystring_without_page(request)
    context = {
        "lib": lib,
        "page": page,
        "result": result,
        "params": request.GET,
        "querystring": querystring,
        **_filter_context(lib),
        "sorts": selectors.sort_options(lib),
        "list_actions": list_actions_for(request, lib, querystring),
    }
    if request.htmx:
        return render(request, "catalog/_results.html", context)
    return render(request, "catalog/list.html", context)


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def my_records(request, library: str):
    lib = get_library(library)
    result = selectors.resource_list(library=lib, user=request.user, params=request.GET, scope="mine")
    page = _paginate(request, result.queryset.order_by("-updated_at"))
    return render(request, "catalog/mine.html", {"lib": lib, "page": page, "params": request.GET})


def resource_detail(request, library: str, pk: int):
    lib = get_library(library)
    record = selectors.record_for(library=lib, pk=pk, user=request.user)
    if record.is_public:
        services.view_count_increment(record, visitor=services.visitor_key(request))
    context = {
        "lib": lib,
        "record": record,
        "hidden": access.confidential_mask(request.user, record),
        "can_edit": access.can_edit(request.user, record),
        "is_owner": access.is_owner(request.user, record),
        "actions": workflow.available_actions(request.user, record),
        "transition_form": TransitionForm(),
        "attachment_form": AttachmentForm(),
        "attachments": record.attachments.all(),
        "panels": panels_for(request, record),
    }
    if access.is_owner(request.user, record) or access.can_review_record(request.user, record):
        context["history"] = workflow.history(record)
    if isinstance(record, Policy):
        context["clauses"] = record.clauses.all()
    return render(request, f"catalog/detail_{lib.slug}.html", context)


@login_required
def resource_create(request, library: str):
    lib = get_library(library)
    return _edit(request, lib, None)


@login_required
def resource_edit(request, library: str, pk: int):
    lib = get_library(library)
    record = selectors.record_for(library=lib, pk=pk, user=request.user)
    if not (access.can_edit(request.user, record) or (request.user.is_operator and record.status != "published")):
        messages.error(request, _("只有草稿或被退回的记录可以修改；已发布的请先撤回。"))
        return redirect(record.get_absolute_url())
    return _edit(request, lib, record)


def _edit(request, lib, record):
    form_class = form_class_for(lib.model)
    form = form_class(request.POST or None, instance=record)
    clauses = None
    if lib.model is Policy:
        clauses = ClauseFormSet(request.POST or None, instance=record or Policy(), prefix="clauses")
    if request.method == "POST" and form.is_valid() and (clauses is None or clauses.is_valid()):
        data, m2m = form.split()
        try:
            with transaction.atomic():
                if record is None:
                    record = services.resource_create(model=lib.model, by=request.user, m2m=m2m, **data)
                else:
                    record = services.resource_update(record=record, by=request.user, m2m=m2m, **data)
                if clauses is not None:
                    clause_data = [
                        {k: f.cleaned_data[k] for k in ("title", "benefit", "subject_kind")}
                        for f in clauses.forms
                        if f.cleaned_data and not f.cleaned_data.get("DELETE")
                    ]
                    services.policy_clauses_replace(policy=record, clauses=clause_data, by=request.user)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            if record is not None and record.pk is None:
                record = None
        else:
            messages.success(
                request, _("已保存为草稿。确认无误后请提交审核。") if record.status == "draft" else _("已保存。")
            )
            return redirect(record.get_absolute_url())
    return render(request, "catalog/form.html", {"lib": lib, "form": form, "record": record, "clauses": clauses})


@login_required
@require_POST
def resource_transition(request, library: str, pk: int):
    lib = get_library(library)
    record = selectors.record_for(library=lib, pk=pk, user=request.user)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        workflow.transition(
            record=record, action=form.cleaned_data["action"], by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        label = workflow.TRANSITIONS[form.cleaned_data["action"]].label
        messages.success(request, _("操作成功：%(label)s") % {"label": label})
    if request.POST.get("next") == "review":
        return redirect("catalog:review_queue")
    return redirect(record.get_absolute_url())


@login_required
@require_POST
def attachment_upload(request, library: str, pk: int):
    lib = get_library(library)
    record = selectors.record_for(library=lib, pk=pk, user=request.user)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(record=record, file=form.cleaned_data["file"], by=request.user)
            messages.success(request, _("附件已上传。"))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.error(request, _("请选择要上传的文件。"))
    return redirect(record.get_absolute_url())


def attachment_download(request, pk: int):
    attachment = get_object_or_404(Attachment, pk=pk)
    record = attachment.record
    lib = next((lib for lib in LIBRARIES.values() if isinstance(record, lib.model)), None)
    if record is None or lib is None:
        raise Http404
    # Only someone who may open the record may download its files.
    selectors.record_for(library=lib, pk=record.pk, user=request.user)
    audit(actor=request.user, action="download.attachment", target=attachment, request=request, outcome="success")
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
def review_queue(request):
    if not access.can_review(request.user):
        raise PermissionDenied
    queues = [(lib, list(records)) for lib, records in selectors.review_queue(user=request.user)]
    total = sum(len(records) for _lib, records in queues)
    return render(request, "catalog/review_queue.html", {"queues": queues, "total": total})


def export_list(request, library: str):
    lib = get_library(library)
    scope = request.GET.get("scope", "public")
    if scope not in ("public", "mine"):
        scope = "public"
    result = selectors.resource_list(library=lib, user=request.user, params=request.GET, scope=scope)
    if request.user.is_authenticated and result.queryset.count() > jobs.EXPORT_INLINE_MAX:
        params = {"library": lib.slug, "scope": scope, "query": request.GET.urlencode()}
        job = job_start(name="catalog.export", params=params, by=request.user)
        return redirect("jobs:detail", pk=job.pk)
    content = exporting.export_workbook(model=lib.model, queryset=result.queryset, user=request.user)
    exporting.audit_list_export(
        user=request.user, lib=lib, queryset=result.queryset, params=request.GET.dict(), request=request
    )
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{lib.slug}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_page(request):
    if not request.user.is_operator:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    library = request.POST.get("library") or request.GET.get("library") or "achievements"
    lib = get_library(library)
    if request.method == "POST" and form.is_valid():
        # The request only stashes the file and enqueues; the job page follows the import.
        upload = form.cleaned_data["file"]
        path = jobs.stash_upload(name=upload.name, content=upload.read())
        params = {
            "library": lib.slug,
            "path": path,
            "filename": upload.name,
            "publish": request.POST.get("publish") == "1",
        }
        job = job_start(name="catalog.import", params=params, by=request.user)
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "catalog/import.html", {"form": form, "lib": lib, "libraries": LIBRARIES.values()})


@login_required
def import_template(request, library: str):
    lib = get_library(library)
    response = HttpResponse(importing.template_workbook(lib.model), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{lib.slug}-template.xlsx"'
    return response
