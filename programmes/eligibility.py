"""Who may enter a call. One explicit check behind one function.

The platform's explainable rule mechanism (issue "rules over profiles", being built in core by the
enterprises work) plugs in here: ``eligibility_problems`` is the only place that decides, so a call's
rules can later be evaluated by it without touching the services or pages.
"""

from django.utils.translation import gettext as _

from .models import Call, Entry, EntryStatus


def eligibility_problems(call: Call, organisation, *, exclude_entry: Entry | None = None) -> list[str]:
    """Reasons ``organisation`` may not enter ``call`` now; empty when it may.

    Checks: the organisation is not the call's publisher (出题者 may not 揭榜 its own problem);
    it is verified when the call asks for it; its kind is among the call's
    eligible kinds (empty list: any kind); it has fewer active entries than the call allows.
    """
    problems: list[str] = []
    if organisation is None:
        return [_("请先加入或创建一个机构，再申报。")]
    if call.owner_org_id is not None and organisation.pk == call.owner_org_id:
        problems.append(_("发布方不能申报本机构发布的征集（出题者不能揭榜）。"))
    if call.verified_only and not organisation.is_verified:
        problems.append(_("本征集仅限已认证机构申报，请先完成机构认证。"))
    if call.eligible_org_kinds and organisation.kind not in call.eligible_org_kinds:
        problems.append(
            _("本征集面向%(kinds)s申报。") % {"kinds": "、".join(_label(k) for k in call.eligible_org_kinds)}
        )
    existing = Entry.objects.filter(call=call, entrant_org=organisation).exclude(status=EntryStatus.WITHDRAWN)
    if exclude_entry is not None:
        existing = existing.exclude(pk=exclude_entry.pk)
    if existing.count() >= call.max_entries_per_org:
        problems.append(_("每个机构最多申报 %(n)s 项。") % {"n": call.max_entries_per_org})
    for check in _CHECKS:  # checks registered by higher apps (network: research credit, seed 002 7.1)
        problems.extend(check(call, organisation))
    return problems


_CHECKS: list = []


def register_eligibility_check(check) -> None:
    """Let a higher app add reasons: ``check(call, organisation) -> list[str]`` (empty: no objection)."""
    if check not in _CHECKS:
        _CHECKS.append(check)


def _label(kind: str) -> str:
    from accounts.models import Organisation

    return str(dict(Organisation.Kind.choices).get(kind, kind))
