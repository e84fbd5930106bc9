"""Workflows as data: a transition table and one check every state machine of the platform shares.

A ``Transition`` names an action, the states it may start from, the state it leads to, the kinds
of actor who may take it, whether a reason is required and an optional named precondition the
owning service checks. ``Workflow`` wraps a table and answers the two questions every caller
asks: which actions may this actor take now, and may this one be taken (raising the platform's
usual errors when not). The catalog's review workflow, the deal stages and the programme stages
all declare their tables with it; each service still applies the change, logs it and signals.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    # Kinds of actor allowed to take it; each workflow defines its own kinds ("owner",
    # "reviewer", "party", "operator", "system" ...).
    actors: tuple[str, ...]
    reason_required: bool = False
    # A named precondition the owning service checks before applying the transition.
    requires: str = ""


class Workflow:
    """A transition table with the checks shared by every state machine."""

    def __init__(self, transitions: Iterable[Transition]):
        self.transitions: dict[str, Transition] = {t.action: t for t in transitions}

    def __getitem__(self, action: str) -> Transition:
        return self.transitions[action]

    def __contains__(self, action: str) -> bool:
        return action in self.transitions

    def restricted(self, actions: Iterable[str]) -> "Workflow":
        """The same table limited to ``actions`` (a programme kind uses a subset of the stages)."""
        wanted = set(actions)
        return Workflow(t for t in self.transitions.values() if t.action in wanted)

    def available(self, state: str, actor_kinds: set[str]) -> list[Transition]:
        """Transitions that start from ``state`` and that one of ``actor_kinds`` may take."""
        return [t for t in self.transitions.values() if state in t.sources and actor_kinds & set(t.actors)]

    def check(
        self, action: str, *, state: str, state_label: str, actor_kinds: set[str], reason: str = ""
    ) -> Transition:
        """Return the transition for ``action`` or raise.

        Raises ValidationError (field ``action``: unknown action; ``status``: not allowed from
        the current state; ``reason``: a reason is required and missing) or PermissionDenied
        (none of ``actor_kinds`` may take it).
        """
        spec = self.transitions.get(action)
        if spec is None:
            raise ValidationError({"action": _("未知的操作：%(a)s") % {"a": action}})
        if state not in spec.sources:
            raise ValidationError(
                {"status": _("当前状态“%(s)s”不能执行“%(a)s”。") % {"s": state_label, "a": spec.label}}
            )
        if not (actor_kinds & set(spec.actors)):
            raise PermissionDenied(_("您无权执行“%(a)s”。") % {"a": spec.label})
        if spec.reason_required and not (reason or "").strip():
            raise ValidationError({"reason": _("请填写原因。")})
        return spec
