"""Refuse oversized API bodies before anything reads them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class ApiBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            limit = settings.STEADFAST_API_MAX_BODY
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return JsonResponse(
                    {"error": "bad_request", "detail": "Content-Length is not a number"}, status=400
                )
            if length > limit:
                return JsonResponse(
                    {
                        "error": "payload_too_large",
                        "detail": f"the body is {length} bytes; the limit is {limit} bytes",
                    },
                    status=413,
                )
        return self.get_response(request)
