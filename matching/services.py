"""Write side: feedback on matches."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog import access
from core.audit import audit

from .catalog_sources import catalog_model
from .models import MatchFeedback, Verdict
from .organisation_sources import KIND as ORGANISATIONS
from .sources import sources


def can_give_feedback(user, *, source_kind: str, source_id: int, record=None) -> bool:
    """Owners of the source record, brokers and operators may judge its matches. ``record``:
    the source record when the caller has it already (saves a query)."""
    if not user.is_authenticated:
        return False
    if user.is_broker or user.has_role("operator"):
        return True
    if source_kind == ORGANISATIONS:
        return int(source_id) in user.organisation_ids()
    model = catalog_model(source_kind)
    if model is None:
        return False
    if record is None or not isinstance(record, model) or record.pk != int(source_id):
        record = model.objects.filter(pk=source_id).first()
    return record is not None and access.is_owner(user, record)


@transaction.atomic
def feedback_record(
    *,
    user,
    source_kind: str,
    source_id: int,
    target_kind: str,
    target_id: int,
    verdict: str,
    rank: int | None = None,
    score: float | None = None,
    signals: list[str] | None = None,
) -> MatchFeedback:
    """Record (or change) ``user``'s verdict on match ``target_kind``/``target_id`` of record
    ``source_kind``/``source_id``. ``verdict``: useful | not_useful | contacted; not_useful
    dismisses the match: it is hidden from that record's list (``selectors.record_feedback``)
    until someone who may judge it marks it useful or contacted. ``signals``: the match's
    signals; None reads them from the match as ``user`` sees it now (one matching run), so the
    browser never supplies them. Raises ValidationError (unknown verdict or kind, target not
    published) or PermissionDenied (not the owner, a broker or an operator)."""
    errors = {}
    if verdict not in Verdict.values:
        errors["verdict"] = _("评价只能是：有用、无用或已联系。")
    known = sources()
    if source_kind not in known:
        errors["source_kind"] = _("未知的资源类型。")
    if target_kind not in known:
        errors["target_kind"] = _("未知的资源类型。")
    if errors:
        raise ValidationError(errors)
    if not can_give_feedback(user, source_kind=source_kind, source_id=source_id):
        raise PermissionDenied(_("只有发布方、科技经纪人和运营人员可以评价匹配结果。"))
    if known[target_kind].document_for(int(target_id)) is None:
        raise ValidationError({"target_id": _("匹配记录不存在或已下架。")})
    if signals is None:
        from .selectors import match_of

        found = match_of(kind=source_kind, pk=int(source_id), user=user, target_kind=target_kind, target_id=target_id)
        signals = found.signals if found is not None else []
    feedback, _created = MatchFeedback.objects.update_or_create(
        user=user,
        source_kind=source_kind,
        source_id=source_id,
        target_kind=target_kind,
        target_id=target_id,
        defaults={
            "verdict": verdict,
            "as_broker": user.is_broker,
            "rank": rank,
            "score": score,
            "signals": list(signals),
        },
    )
    audit(actor=user, action="matching.feedback", target=feedback, note=verdict)
    return feedback
