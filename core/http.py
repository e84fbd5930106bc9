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


def error_text(exc) -> str:
    """A service's ValidationError (or a PermissionDenied with a reason) as one line for a flash
    message: its messages joined with "；"."""
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError):
        return "；".join(str(m) for m in exc.messages)
    return str(exc)


def form_errors_text(form) -> str:
    """A bound form's errors as one line: "field: message；…"."""
    return "；".join(f"{field}: {' '.join(str(e) for e in errors)}" for field, errors in form.errors.items())


def post_action(request, call, *, to, success="", form=None, invalid=None, flash_denied=False):
    """The POST-and-redirect shape of the server-rendered pages: form → service → message → redirect.

    ``form``: a bound form, or None. When it is invalid the service is not called: ``invalid`` (a
    message, or ``callable(form) -> message``) is flashed and the user is sent to ``to``; with no
    ``invalid`` an invalid form is a tampered request (hidden action fields) and raises Http404.
    ``call``: the service, called as ``call(**form.cleaned_data)`` (``call()`` without a form).
    ``success``: the message flashed when it returns (a string, or ``callable(result) -> str``;
    "" for none). ``to``: what ``redirect`` accepts (URL name, path, model instance), or
    ``callable(result) -> that`` (the result is None when the call failed).
    A ValidationError from the service is flashed as an error (``error_text``). PermissionDenied
    propagates as 403, unless ``flash_denied``: then its reason is flashed like a ValidationError
    (a denial without a reason still gives 403). Returns the redirect response."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.http import Http404

    result = None
    if form is not None and not form.is_valid():
        if invalid is None:
            raise Http404
        messages.error(request, invalid(form) if callable(invalid) else invalid)
    else:
        try:
            result = call(**form.cleaned_data) if form is not None else call()
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        except PermissionDenied as exc:
            if not (flash_denied and str(exc)):
                raise
            messages.error(request, error_text(exc))
        else:
            text = success(result) if callable(success) else success
            if text:
                messages.success(request, text)
    return redirect(to(result) if callable(to) else to)
