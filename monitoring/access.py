"""Who may use monitoring: leaders and operators read everything; reviewers also reach the ledger
to close tasks. Everyone else is refused."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework import permissions


def can_view_dashboard(user) -> bool:
    return user.is_authenticated and user.is_leader


def can_view_ledger(user) -> bool:
    return user.is_authenticated and (user.is_leader or user.can_review)


def _guard(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


leader_required = _guard(can_view_dashboard)
ledger_access_required = _guard(can_view_ledger)


class IsLeader(permissions.BasePermission):
    def has_permission(self, request, view):
        return can_view_dashboard(request.user)


class LedgerAccess(permissions.BasePermission):
    def has_permission(self, request, view):
        return can_view_ledger(request.user)
