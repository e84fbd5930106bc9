"""Small request helpers shared by every app."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str, field: str = "next"):
    """A redirect to the request's ``next`` (POST, else GET) when it stays on this site, else to
    ``default`` (a URL name or path): no open redirect to another host or scheme."""
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)
