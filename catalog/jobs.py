"""Background jobs of the catalog: bulk import and large exports (see jobs.registry).

The import job calls the import pipeline only through its public function
``importing.import_records``; the published batch is indexed by one task after commit (the engine's
``resource_changed`` receiver defers its index work to the end of the job, see jobs.batching).
"""

import uuid

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit
from jobs.registry import JobFailed, register_job

from . import exporting, importing, selectors
from .libraries import get_library

UPLOAD_DIR = "jobs/uploads"
EXPORT_DIR = "jobs/exports"
# Lists longer than this are exported by a background job; shorter ones in the request.
EXPORT_INLINE_MAX = 5_000


def stash_upload(*, name: str, content: bytes) -> str:
    """Keep an uploaded file where every worker reads it (the media storage); returns its path."""
    safe = "".join(ch for ch in name.rsplit("/", 1)[-1] if ch.isalnum() or ch in "._-")[-80:] or "upload"
    return default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}-{safe}", ContentFile(content))


@register_job("catalog.import", label=gettext_lazy("批量导入"))
def import_job(job, *, library: str, path: str, filename: str, publish: bool) -> dict:
    """Params: ``library`` slug, ``path`` of the stashed upload, ``filename`` as uploaded, ``publish``.
    Result: ``{"message", "created": n}``; row errors end the job as failed with ``errors`` rows
    (nothing written: the pipeline validates the whole batch first)."""
    lib = get_library(library)
    user = get_user_model().objects.get(pk=job.created_by_id)
    job.progress(0, None, _("正在校验并写入 %(name)s") % {"name": filename})
    try:
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
        report = importing.import_records(
            model=lib.model,
            filename=filename,
            content=content,
            by=user,
            owner_org=user.primary_organisation,
            publish=publish,
        )
    finally:
        default_storage.delete(path)
    audit(
        actor=user,
        action="import",
        note=filename[:150],
        outcome="success" if report.ok else "failure",
        data={"list": f"catalog.{lib.slug}", "file": filename, "rows": report.created, "errors": len(report.errors)},
    )
    if not report.ok:
        errors = [{"line": e.line, "column": e.column, "message": str(e.message)} for e in report.errors]
        raise JobFailed(_("发现 %(n)s 处错误，本批未写入任何记录") % {"n": len(errors)}, result={"errors": errors})
    job.progress(report.created, report.created)
    message = _("导入成功：%(n)s 条%(label)s。") % {"n": report.created, "label": lib.label}
    if publish and report.created:
        message += " " + _("已发布，检索索引随后更新。")
    return {"message": message, "created": report.created}


@register_job("catalog.export", label=gettext_lazy("导出列表"), idempotent=True)
def export_job(job, *, library: str, scope: str, query: str) -> dict:
    """Params: ``library`` slug, ``scope`` (public | mine), ``query`` (the list's query string).
    Writes the XLSX the starter would have got in the request (same filters, same masked
    confidential cells); result ``{"message", "file": storage path, "rows": n}``."""
    lib = get_library(library)
    user = get_user_model().objects.get(pk=job.created_by_id)
    result = selectors.resource_list(library=lib, user=user, params=QueryDict(query), scope=scope)
    rows = min(result.queryset.count(), exporting.EXPORT_LIMIT)
    job.progress(0, rows, _("正在生成 XLSX"))
    content = exporting.export_workbook(model=lib.model, queryset=result.queryset, user=user)
    exporting.audit_list_export(user=user, lib=lib, queryset=result.queryset, params=QueryDict(query).dict())
    name = f"{lib.slug}-{timezone.localdate():%Y%m%d}.xlsx"
    path = default_storage.save(f"{EXPORT_DIR}/{job.id}/{name}", ContentFile(content))
    return {"message": _("已导出 %(n)s 行。") % {"n": rows}, "file": path, "rows": rows}
