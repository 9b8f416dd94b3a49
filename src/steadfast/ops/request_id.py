"""A request id on every request: taken from X-Request-ID when a proxy sent a sane one, made
up otherwise, echoed in the response and put on every log line written while answering it.
The same middleware times lead intake (API and web form) for the metrics."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from steadfast.ops.logs import request_id
from steadfast.ops.metrics import INTAKE_LATENCY

HEADER = "X-Request-ID"
# What a proxy may hand us (nginx's $request_id, a UUID, …); anything else is replaced, so a
# client cannot put line breaks or megabytes into the logs.
_SANE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

log = logging.getLogger("steadfast.request")


def _intake(request: HttpRequest) -> str:
    if request.method != "POST":
        return ""
    if request.path.rstrip("/") == "/api/v1/leads":
        return "api"
    if request.path.startswith("/f/"):
        return "form"
    return ""


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        rid = given if _SANE.match(given) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            elapsed = time.perf_counter() - started
            via = _intake(request)
            if via:
                INTAKE_LATENCY.labels(via=via).observe(elapsed)
            response[HEADER] = rid
            log.info(
                "%s %s %s %.0fms",
                request.method,
                request.path,
                response.status_code,
                elapsed * 1000,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)
