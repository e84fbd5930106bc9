"""Request-level guards shared by every app.

Requests carrying control characters are refused with 400 before any view runs.

A NUL byte (``%00``) or another C0/C1 control character (tab, line feed and carriage return
excepted) in the path, a query parameter's name or value, or a form field of a urlencoded body
cannot be stored by PostgreSQL (it raises on NUL) and is never meaningful in this platform's input,
so it is refused in one place instead of in every view (``core.text.control_characters`` is the
one definition). API paths answer with the platform's JSON error body; pages with a short Chinese
message.

Requests whose declared body is too large are refused with 413 before it is read.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .text import control_characters


def _bad(request) -> list[str]:
    found = control_characters(request.path)
    sources = [request.GET]
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        sources.append(request.POST)
    for data in sources:
        for key, values in data.lists():
            found += control_characters(key)
            for value in values:
                found += control_characters(value)
    return list(dict.fromkeys(found))


class RejectControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = _bad(request)
        if bad:
            message = _("请求中含有不允许的控制字符（%(c)s）。") % {"c": "、".join(bad)}
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "invalid_characters", "message": message, "fields": {}}}, status=400
                )
            return render(request, "core/error.html", {"code": 400, "message": message}, status=400)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse (413) a request whose declared body is larger than ``settings.REQUEST_MAX_BYTES``
    before any of it is read; the API gets the structured error body, pages a Chinese page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = getattr(settings, "REQUEST_MAX_BYTES", None)
        if limit and length > limit:
            message = _("请求内容过大（上限 %(mb)d MB）。") % {"mb": limit // (1024 * 1024)}
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "too_large", "message": message, "fields": {}}}, status=413)
            return render(request, "core/error.html", {"code": 413, "message": message}, status=413)
        return self.get_response(request)
