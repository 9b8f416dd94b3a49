"""Response rules for every page: HEAD where GET is allowed, and no caching of personal data."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.cache import add_never_cache_headers

# Answers that carry a lead's or a firm's data: the API, the web form (it echoes what a person
# typed) and every page of a logged-in person (leads, queue, settings, admin).
PRIVATE_PREFIXES = ("/api/", "/f/")


class HeadAsGetMiddleware:
    """HEAD is GET without the body (RFC 9110 §9.3.2): a view that serves GET serves HEAD."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        # The length the GET would have; no body (the servers would drop it anyway).
        if isinstance(response, StreamingHttpResponse):
            response.streaming_content = []
        else:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


class NoStoreMiddleware:
    """Cache-Control: no-store on anything personal, so no browser or proxy keeps a copy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        private = request.path.startswith(PRIVATE_PREFIXES) or (user and user.is_authenticated)
        if private and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
