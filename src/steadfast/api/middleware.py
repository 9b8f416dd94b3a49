"""The API's edges: refuse oversized bodies before anything reads them, and answer in JSON
where Django or the router would answer in HTML (unknown path, unsupported method)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from steadfast import clock
from steadfast.ratelimits import RateLimited, rate_limit_hit

API_PREFIX = "/api/"


def too_many(exc: RateLimited) -> JsonResponse:
    response = JsonResponse({"error": "rate_limited", "detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


class ApiRateLimitMiddleware:
    """At most STEADFAST_RATE_LIMIT_API_IP requests per client address to the API, whatever
    key they carry (or none: guessing keys counts too). Per key: api.SourceKey."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            try:
                rate_limit_hit(
                    scope="api-ip",
                    key=request.META.get("REMOTE_ADDR", ""),
                    rate=settings.STEADFAST_RATE_LIMIT_API_IP,
                    now=clock.now(),
                    what="from this address",
                )
            except RateLimited as exc:
                return too_many(exc)
        return self.get_response(request)


class ApiBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
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
        return _as_json(request, self.get_response(request))


def _as_json(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if response.get("Content-Type", "").startswith("application/json"):
        return response
    if response.status_code == 404:
        return JsonResponse(
            {"error": "not_found", "detail": f"no such API path: {request.path}"}, status=404
        )
    if response.status_code == 405:
        allowed = response.get("Allow", "")
        replaced = JsonResponse(
            {
                "error": "method_not_allowed",
                "detail": f"{request.method} is not allowed here; use {allowed}",
            },
            status=405,
        )
        replaced["Allow"] = allowed
        return replaced
    return response
