"""Request-level guards shared by every app."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


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
