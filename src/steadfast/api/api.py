"""The public HTTP API (PRODUCT.md §5.2): lead capture and read-back for lead sources."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from steadfast import clock
from steadfast.analytics.api import router as firm_router
from steadfast.api.schemas import Error, LeadDetail, LeadIn, LeadOut, OutcomeIn, Timeline
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.engine.events import call_outcome_log, lead_arrive
from steadfast.errors import Refused
from steadfast.leads import selectors
from steadfast.leads.models import Lead, LeadSource
from steadfast.leads.services import LeadConflict, LeadInput, LeadRejected, source_for_key
from steadfast.ratelimits import RateLimited, rate_limit_hit
from steadfast.returns.api import router as returns_router
from steadfast.returns.services import delivery_record


class SourceKey(HttpBearer):
    """`Authorization: Bearer <source API key>`; the request's source is `request.auth`."""

    def authenticate(self, request: HttpRequest, token: str) -> LeadSource | None:
        source = source_for_key(token.strip())
        if source is not None:
            rate_limit_hit(
                scope="api-key",
                key=str(source.pk),
                rate=settings.STEADFAST_RATE_LIMIT_API_KEY,
                now=clock.now(),
                what="with this key",
            )
        return source


def _source(request: HttpRequest) -> LeadSource:
    """The source whose key authenticated this request (set by SourceKey)."""
    source: LeadSource = request.auth  # type: ignore[attr-defined]
    return source


api = NinjaAPI(
    title="Steadfast API",
    version="1",
    description=(
        "Post leads from vendors and web forms; read back their status and timeline. "
        "Requests are limited per key and per client address (by default 600 a minute per "
        "key): over the limit the answer is `429` with `Retry-After` in seconds."
    ),
    urls_namespace="api",
    auth=SourceKey(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

api.add_router("/returns", returns_router)
api.add_router("/firm", firm_router)

ERRORS: dict[int, type[Error]] = {
    400: Error,
    401: Error,
    404: Error,
    413: Error,
    422: Error,
    429: Error,
}


def _error(request: HttpRequest, status: int, code: str, detail: Any) -> HttpResponse:
    return api.create_response(request, {"error": code, "detail": detail}, status=status)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ())]
        # ninja puts the parameter's origin first: ("body", "payload", …) or ("path", …).
        if loc[:2] == ["body", "payload"]:
            loc = loc[2:]
        elif loc[:1] in (["path"], ["query"], ["body"]):
            loc = loc[1:]
        field = ".".join(loc) or "body"
        if err.get("type") == "extra_forbidden":
            problem = "is not a field of this object"
        else:
            problem = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
        problems.append(f"{field}: {problem}")
    return _error(
        request, 422, "invalid_field", "; ".join(problems) or "the body is not a lead object"
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request,
        401,
        "invalid_api_key",
        "send a valid, unrevoked source key as 'Authorization: Bearer <key>'",
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return _error(request, 400, "malformed_json", "the body is not valid JSON")
    if exc.status_code == 409:
        return _error(request, 409, "conflict", str(exc))
    return _error(request, exc.status_code, "error", str(exc))


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = _error(request, 429, "rate_limited", str(exc))
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "no such lead for this key")


@api.exception_handler(LeadConflict)
def _conflict(request: HttpRequest, exc: LeadConflict) -> HttpResponse:
    return _error(request, 409, exc.code, exc.detail)


@api.exception_handler(LeadRejected)
def _rejected(request: HttpRequest, exc: LeadRejected) -> HttpResponse:
    return _error(request, 422, exc.code, exc.detail)


def _lead_out(lead: Lead) -> dict[str, Any]:
    nxt = selectors.lead_next_touch(lead=lead)
    validity = selectors.lead_validity(lead=lead)
    return {
        "id": lead.pk,
        "status": lead.status,
        "status_reason": lead.status_reason or None,
        "validity": validity,
        "next_touch": (
            {"channel": nxt.channel, "due_at": nxt.due_at, "reason": nxt.reason} if nxt else None
        ),
        "duplicate_of": lead.duplicate_of_id,
    }


@api.post(
    "/leads",
    response={200: LeadOut, 201: LeadOut, 409: Error, **ERRORS},
    tags=["leads"],
    summary="Post a lead",
)
def post_lead(request: HttpRequest, payload: LeadIn) -> Status[dict[str, Any]]:
    """Create a lead. The same `external_id` from the same source with the same input again
    returns `200` and the lead already stored; nothing is created twice. The same `external_id`
    with different input is refused with `409` (`external_id_conflict`), naming the fields
    that differ."""
    data = LeadInput(
        **payload.model_dump(exclude={"consent"}),
        consent=payload.consent.model_dump(),
        consent_user_agent=request.headers.get("User-Agent", ""),
    )
    now = clock.now()

    def delivered(lead: Lead) -> None:
        # Kept byte for byte, in the transaction that stores the lead: the vendor's own
        # delivery is the first exhibit of a return.
        delivery_record(
            lead=lead,
            via="api",
            body=request.body.decode("utf-8", "replace"),
            content_type=request.content_type or "",
            remote_addr=request.META.get("REMOTE_ADDR"),
            user_agent=request.headers.get("User-Agent", ""),
            now=now,
        )

    # Stored with the other requests that arrive meanwhile: one transaction for a burst's
    # batch, instead of each waiting its turn for the database's writer.
    intake = lead_arrive(
        source=_source(request), data=data, now=now, stored=delivered, together=True
    )
    return Status(201 if intake.created else 200, _lead_out(intake.lead))


@api.get(
    "/leads/{lead_id}", response={200: LeadDetail, **ERRORS}, tags=["leads"], summary="Read a lead"
)
def get_lead(request: HttpRequest, lead_id: int) -> dict[str, Any]:
    lead = selectors.lead_get_for_source(source=_source(request), lead_id=lead_id)
    return {
        **_lead_out(lead),
        "external_id": lead.external_id,
        "source": lead.source.name,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "phone": lead.phone or None,
        "email": lead.email or None,
        "state": lead.jurisdiction_state or None,
        "zip": lead.stated_zip or None,
        "practice_area": lead.practice_area or None,
        "message": lead.message,
        "timezone": lead.timezone,
        "timezone_source": lead.timezone_source,
        "timezone_candidates": lead.timezone_candidates,
        "consent": selectors.consent_current(lead=lead),
        "initiated_by": lead.initiated_by,
        "arrived_at": lead.arrived_at,
        "submitted_at": lead.submitted_at,
    }


@api.get(
    "/leads/{lead_id}/timeline",
    response={200: Timeline, **ERRORS},
    tags=["leads"],
    summary="A lead's timeline",
)
def get_timeline(request: HttpRequest, lead_id: int) -> dict[str, Any]:
    """What happened to a lead this source delivered, oldest first: what a vendor needs to
    settle a return. Items are of five kinds:

    - `status`: `from`, `to` and the `reason` code of each status change;
    - `check`: each validity check (`check`, `result`, `code`, `detail`, `evidence`);
    - `consent`: consent given or withdrawn (`channel`, `action`, `source`, and the evidence
      that came with the lead: `text_shown`, `page_url`, `ip_address`, `user_agent`);
    - `touch`: each outbound attempt (`channel`, `state`, `due_at`, `done_at`, `outcome` and
      the carrier, SIP or SMTP `provider_code`; a bounce is a `failed` touch with its code);
    - `note`: only the notes this source sent itself with a call outcome.

    Nothing a person at the firm wrote is ever included: no staff notes, no names or emails of
    the firm's staff, no text of the messages the firm sent and no reply or inbound contact
    from the client. The firm sees those in Steadfast itself."""
    lead = selectors.lead_get_for_source(source=_source(request), lead_id=lead_id)
    items = [
        {"at": e.at, "kind": e.kind, "summary": e.summary, "data": e.data}
        for e in selectors.lead_timeline_for_source(lead=lead)
    ]
    return {"lead_id": lead.pk, "items": items}


@api.post(
    "/leads/{lead_id}/outcomes",
    response={200: LeadOut, 409: Error, **ERRORS},
    tags=["leads"],
    summary="Log a call outcome",
)
def post_outcome(request: HttpRequest, lead_id: int, payload: OutcomeIn) -> dict[str, Any]:
    """Log the outcome of a call made from an outside dialer. The lead's cadence reacts as if
    an agent had logged it: `connected` stops it, `voicemail` plans the text, and so on."""
    lead = selectors.lead_get_for_source(source=_source(request), lead_id=lead_id)
    calls = Touch.objects.filter(
        lead=lead, channel=TouchChannel.CALL, direction=Direction.OUT, state=TouchState.PLANNED
    )
    if payload.touch_id is not None:
        calls = calls.filter(pk=payload.touch_id)
    touch = calls.order_by("due_at", "id").first()
    if touch is None:
        raise HttpError(409, "this lead has no open call to log an outcome for")
    try:
        call_outcome_log(touch=touch, outcome=payload.outcome, now=clock.now(), note=payload.note)
    except Refused as exc:
        raise HttpError(409, exc.message) from None
    lead.refresh_from_db()
    return _lead_out(lead)
