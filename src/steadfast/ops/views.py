"""/healthz (the process answers), /readyz (the promise is being kept), /metrics (Prometheus)."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from steadfast import clock
from steadfast.ops.metrics import exposition
from steadfast.ops.selectors import readiness


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: answers without the database, so a database outage does not get every web
    process restarted by its supervisor; /readyz tells about the database."""
    return JsonResponse({"status": "ok"})


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    state = readiness(
        now=clock.now(),
        max_queue_age=settings.STEADFAST_READY_MAX_QUEUE_AGE,
        max_heartbeat_age=settings.STEADFAST_READY_MAX_HEARTBEAT_AGE,
    )
    body = {
        "status": "ready" if state.ready else "at_risk",
        "reasons": state.reasons,
        "checks": state.checks,
    }
    return JsonResponse(body, status=200 if state.ready else 503)


@require_safe
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.STEADFAST_METRICS_TOKEN
    if not token:
        return JsonResponse(
            {"error": "not_found", "detail": "metrics are off (STEADFAST_METRICS_TOKEN is unset)"},
            status=404,
        )
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = JsonResponse(
            {"error": "unauthorized", "detail": "send Authorization: Bearer <metrics token>"},
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
