"""Pages: the match panel (htmx), feedback buttons, the operators' status page. Thin."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from accounts.selectors import organisation_for
from catalog import selectors as catalog_selectors
from catalog.libraries import LIBRARIES
from jobs.services import job_start

from . import selectors, services
from .engine import TARGETS, shows_topical
from .models import Verdict
from .organisation_sources import KIND as ORGANISATIONS


def _deal_url() -> str:
    """The deals app's "open a deal" page, when that app provides one."""
    try:
        return reverse("deals:open")
    except NoReverseMatch:
        return ""


def _record(request, kind: str, pk: int):
    if kind == ORGANISATIONS:
        # Same rule as the organisation page: unverified ones exist only for members and operators.
        return organisation_for(pk=pk, user=request.user)
    if kind not in LIBRARIES or not selectors.can_match(kind):
        raise Http404
    return catalog_selectors.record_for(library=LIBRARIES[kind], pk=pk, user=request.user)


PANEL_PER_KIND = 3
PANEL_SINGLE_KIND = 8


def panel(request, kind: str, pk: int):
    record = _record(request, kind, pk)
    # The panel shows the best few of each library, grouped (achievements, patents, experts ...).
    # One target library (an enterprise's financial products): show a longer list of it.
    per_kind = PANEL_PER_KIND if len(TARGETS.get(kind, ())) > 1 else PANEL_SINGLE_KIND
    # One query for the user's own verdicts and the matches dismissed for this record; those
    # who may judge the matches can ask to see the dismissed ones again (?hidden=1).
    verdicts, dismissed = selectors.record_feedback(user=request.user, kind=kind, pk=pk)
    can_feedback = services.can_give_feedback(request.user, source_kind=kind, source_id=pk, record=record)
    show_hidden = can_feedback and request.GET.get("hidden") == "1"
    matches = selectors.matches_for(
        kind=kind,
        pk=pk,
        user=request.user,
        record=record,
        limit=40,
        per_kind=per_kind,
        hide_dismissed=not show_hidden,
        dismissed=dismissed,
    )
    # Grouped by library in the order this kind looks for them; within a library the engine's
    # order stays (by score; ``engine.conditions_need_topic``: a weak-basis row's conditions do
    # not add to it).
    order = {target: n for n, target in enumerate(TARGETS.get(kind, ()))}
    matches.sort(key=lambda m: order.get(m.kind, 99))
    deal_url = _deal_url()
    rows = []
    for rank, match in enumerate(matches, start=1):
        deal = ""
        # A financial product is never a technology deal (the finance app's application is).
        if deal_url and request.user.is_authenticated and match.kind != "finance":
            deal = f"{deal_url}?from_kind={kind}&from_id={pk}&to_kind={match.kind}&to_id={match.id}"
        rows.append(
            {
                "m": match,
                "rank": rank,
                "deal": deal,
                "verdict": verdicts.get((match.kind, match.id), ""),
                "dismissed": (match.kind, match.id) in dismissed,
                "breakdown": selectors.score_breakdown(match.parts, uncounted=match.uncounted),
                "weak": not shows_topical(match),
            }
        )
    return render(
        request,
        "matching/_matches.html",
        {
            "rows": rows,
            "kind": kind,
            "id": pk,
            "verdicts": Verdict.choices,
            "can_feedback": can_feedback,
            "hidden_count": len(dismissed) if can_feedback else 0,
            "show_hidden": show_hidden,
            "panel_url": reverse("matching:panel", kwargs={"kind": kind, "pk": pk}),
            "score_rule": selectors.SCORE_RULE,
        },
    )


@login_required
@require_POST
def feedback(request, kind: str, pk: int):
    try:
        target_id = int(request.POST.get("target_id", ""))
        rank = int(request.POST["rank"]) if request.POST.get("rank") else None
        score = float(request.POST["score"]) if request.POST.get("score") else None
    except ValueError:
        return HttpResponseBadRequest()
    try:
        fb = services.feedback_record(
            user=request.user,
            source_kind=kind,
            source_id=pk,
            target_kind=request.POST.get("target_kind", ""),
            target_id=target_id,
            verdict=request.POST.get("verdict", ""),
            rank=rank,
            score=score,
        )
    except ValidationError as exc:
        return render(request, "matching/_feedback.html", {"error": "；".join(exc.messages)}, status=400)
    except PermissionDenied as exc:
        return render(request, "matching/_feedback.html", {"error": str(exc)}, status=403)
    if fb.verdict == Verdict.NOT_USEFUL and request.headers.get("HX-Request"):
        # Dismissed: the row gives way to a short notice that can take the verdict back.
        response = render(
            request,
            "matching/_dismissed.html",
            {"feedback": fb, "kind": kind, "id": pk, "verdicts": Verdict.choices},
        )
        response["HX-Retarget"] = "closest li"
        response["HX-Reswap"] = "outerHTML"
        return response
    if request.POST.get("from_notice") and request.headers.get("HX-Request"):
        # Taken back from the dismissed notice: the notice no longer says 已标为无用 (try-out).
        response = render(request, "matching/_restored.html", {"feedback": fb})
        response["HX-Retarget"] = "closest li"
        response["HX-Reswap"] = "outerHTML"
        return response
    if request.headers.get("HX-Request"):
        # The row's buttons again, the verdict given now shown pressed (try-out: only after a reload).
        context = {"feedback": fb, "kind": kind, "id": pk, "verdicts": Verdict.choices, "verdict": fb.verdict}
        context.update(target_kind=fb.target_kind, target_id=fb.target_id, rank=rank, score=score)
        response = render(request, "matching/_feedback_form.html", context)
        response["HX-Retarget"] = "closest form"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "matching/_feedback.html", {"feedback": fb})


@login_required
def status(request):
    if not request.user.is_operator:
        raise PermissionDenied
    return render(
        request,
        "matching/status.html",
        {
            "engine": selectors.engine_status(),
            "feedback": selectors.feedback_summary(),
            "signals": selectors.feedback_by_signal(),
        },
    )


STATUS_JOBS = ("matching.retry_debt", "matching.embed_backfill", "matching.rebuild")


@login_required
@require_POST
def start_job(request):
    """Operators start an index job from the status page and follow it on the job's page."""
    if not request.user.is_operator:
        raise PermissionDenied
    name = request.POST.get("job", "")
    if name not in STATUS_JOBS:
        return HttpResponseBadRequest()
    job = job_start(name=name, by=request.user)
    return redirect("jobs:detail", pk=job.pk)
