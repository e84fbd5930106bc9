"""Requests carrying control characters are refused with 400 before any view runs.

A NUL byte (``%00``) or another C0/C1 control character (tab, line feed and carriage return
excepted) in the path, a query parameter's name or value, or a form field of a urlencoded body
cannot be stored by PostgreSQL (it raises on NUL) and is never meaningful in this platform's input,
so it is refused in one place instead of in every view (``core.text.control_characters`` is the
one definition). API paths answer with the platform's JSON error body; pages with a short Chinese
message.
"""

from django.http import HttpResponseBadRequest, JsonResponse
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
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
