"""`GET /api/v1/returns`: a vendor's system reads the leads returned to it, with the reasons
and the evidence (attempt outcomes and codes only — nothing a person at the firm wrote)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from steadfast.api.schemas import Error
from steadfast.leads.models import LeadSource
from steadfast.returns.models import DisputeItem, DisputeState
from steadfast.returns.packet import attempts


class ReturnedLead(Schema):
    lead_id: int
    external_id: str | None
    reason: str
    request_id: int
    state: str
    submitted_at: datetime | None
    accepted: bool | None
    credit: str
    evidence: dict[str, Any]


class Returns(Schema):
    items: list[ReturnedLead]


router = Router(tags=["returns"])


@router.get(
    "",
    response={200: Returns, 401: Error},
    summary="Leads returned to this source",
)
def list_returns(request: HttpRequest) -> dict[str, Any]:
    """Every lead the firm has submitted back to the source whose key is used, newest request
    first: the reason, the request's state and credit, and the evidence behind it — what
    validation found and each attempt's time, channel, outcome and carrier or SMTP code."""
    source: LeadSource = request.auth  # type: ignore[attr-defined]
    items = (
        DisputeItem.objects.filter(dispute__firm_id=source.firm_id, dispute__source=source)
        .exclude(dispute__state=DisputeState.DRAFT)
        .select_related("dispute", "lead", "dispute__firm")
        .prefetch_related("lead__checks")
        .order_by("-dispute__submitted_at", "-dispute_id", "id")
    )
    return {
        "items": [
            {
                "lead_id": item.lead_id,
                "external_id": item.lead.external_id,
                "reason": item.reason,
                "request_id": item.dispute_id,
                "state": item.dispute.state,
                "submitted_at": item.dispute.submitted_at,
                "accepted": item.accepted,
                "credit": str(item.credit),
                "evidence": {
                    "validation": [
                        {"kind": c.kind, "result": c.result, "code": c.code, "detail": c.detail}
                        for c in item.lead.checks.all()
                    ],
                    "attempts": attempts(lead=item.lead, firm=item.dispute.firm),
                },
            }
            for item in items
        ]
    }
