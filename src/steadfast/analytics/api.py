"""`POST /api/v1/firm/leads/{id}/outcome`: the firm's practice-management system says a lead
was qualified, signed (with the fee) or declined. Authenticated by a firm integration token,
never by a vendor's key."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.security import HttpBearer
from pydantic import ConfigDict

from steadfast import clock
from steadfast.analytics.models import IntegrationToken
from steadfast.analytics.services import integration_token_for
from steadfast.api.schemas import Error
from steadfast.engine.events import lead_outcome_report
from steadfast.leads.models import Lead


class IntegrationKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> IntegrationToken | None:
        return integration_token_for(token.strip())


class OutcomeReport(Schema):
    model_config = ConfigDict(extra="forbid")

    status: Literal["qualified", "signed", "declined"]
    fee: Annotated[Decimal, Field(ge=0, le=99999999, max_digits=12, decimal_places=2)] | None = None


class OutcomeAnswer(Schema):
    id: int
    status: str
    fee: str | None
    changed: bool


router = Router(tags=["firm"], auth=IntegrationKey())


@router.post(
    "/leads/{lead_id}/outcome",
    response={200: OutcomeAnswer, 401: Error, 404: Error, 422: Error},
    summary="Report how a lead ended (firm integration token)",
)
def post_outcome(request: HttpRequest, lead_id: int, payload: OutcomeReport) -> dict:
    """Idempotent: the same outcome again answers `changed: false` and records nothing new.
    A fee is kept for signed cases and used for return on spend."""
    token: IntegrationToken = request.auth  # type: ignore[attr-defined]
    lead = Lead.objects.filter(pk=lead_id, firm_id=token.firm_id).first()
    if lead is None:
        raise Http404("no such lead")
    changed = lead_outcome_report(
        lead=lead,
        status=payload.status,
        fee=payload.fee,
        now=clock.now(),
        by=f"integration {token.name}",
    )
    lead.refresh_from_db()
    fee = getattr(lead, "case_fee", None)
    return {
        "id": lead.pk,
        "status": lead.status,
        "fee": str(fee.fee) if fee else None,
        "changed": changed,
    }
