"""The evidence packet: what a vendor needs to credit a returned lead, as JSON and as a PDF.

The JSON is canonical (sorted keys, no spaces, UTF-8) and a SHA-256 over it is printed on the
PDF and stored with the dispute: `steadfast returns verify FILE` recomputes it, so a packet
changed by one byte after it was made is detected.

Nothing a person at the firm wrote goes in — no notes, no message bodies, no replies: only
what the vendor delivered, what validation found, each attempt's time, channel, outcome and
carrier/SMTP code, and the consent record the vendor supplied.
"""

from __future__ import annotations

import hashlib
import json
import zoneinfo
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string

from steadfast.compliance.models import ConsentRecord
from steadfast.dispatch.models import Direction, Touch, TouchState
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead
from steadfast.returns.models import Delivery

FORMAT = "steadfast-return-packet/1"


class PacketError(Exception):
    """A file that is not a packet, or whose hash does not match its content."""


def canonical(data: Any) -> bytes:
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def digest(packet: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(packet)).hexdigest()


def _when(at: datetime | None, firm_zone: str, lead_zone: str) -> dict[str, str] | None:
    if at is None:
        return None
    return {
        "utc": at.astimezone(zoneinfo.ZoneInfo("UTC")).isoformat(),
        "firm": at.astimezone(zoneinfo.ZoneInfo(firm_zone)).isoformat(),
        "lead": at.astimezone(zoneinfo.ZoneInfo(lead_zone)).isoformat(),
    }


def attempts(*, lead: Lead, firm: Firm) -> list[dict[str, Any]]:
    """Every outbound attempt that happened, with its result and codes (no content)."""
    rows = Touch.objects.filter(
        lead=lead, direction=Direction.OUT, state__in=(TouchState.SENT, TouchState.FAILED)
    ).exclude(channel="nurture")
    return [
        {
            "at": _when(t.done_at or t.due_at, firm.timezone, lead.timezone),
            "channel": t.channel,
            "state": t.state,
            "outcome": t.outcome or None,
            "provider": t.provider or None,
            "provider_code": t.provider_code or None,
            "to": t.to_address or None,
        }
        for t in rows.order_by("done_at", "due_at", "id")
    ]


def lead_entry(*, lead: Lead, reason: str, firm: Firm) -> dict[str, Any]:
    delivery = Delivery.objects.filter(lead=lead).first()
    return {
        "lead_id": lead.pk,
        "external_id": lead.external_id,
        "source": lead.source.name,
        "reason": reason,
        "delivered": {
            "at": _when(delivery.received_at, firm.timezone, lead.timezone),
            "via": delivery.via,
            "content_type": delivery.content_type,
            "remote_addr": delivery.remote_addr,
            "user_agent": delivery.user_agent,
            "body": delivery.body,
        }
        if delivery
        else None,
        "as_received": {
            "first_name": lead.first_name,
            "last_name": lead.last_name,
            "phone": lead.phone_raw,
            "email": lead.email_raw,
            "state": lead.stated_state,
            "zip": lead.stated_zip,
            "arrived_at": _when(lead.arrived_at, firm.timezone, lead.timezone),
        },
        # Who started the contact, decided at intake from the source and its consent wording.
        "initiated_by": {
            "value": lead.initiated_by,
            "meaning": lead.get_initiated_by_display(),
            "evidence": lead.initiation_evidence,
        },
        "lead_zone": lead.timezone,
        "status": lead.status,
        "status_reason": lead.status_reason or None,
        "validation": [
            {
                "kind": c.kind,
                "result": c.result,
                "code": c.code,
                "detail": c.detail,
                "evidence": c.evidence,
                "checked_at": _when(c.checked_at, firm.timezone, lead.timezone),
            }
            for c in lead.checks.all()
        ],
        "attempts": attempts(lead=lead, firm=firm),
        "consent": [
            {
                "channel": c.channel,
                "action": c.action,
                "text_shown": c.text_shown,
                "page_url": c.page_url,
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
                "source": c.source,
                "at": _when(c.at, firm.timezone, lead.timezone),
            }
            # What the vendor supplied at intake; later changes are the firm's own business.
            for c in ConsentRecord.objects.filter(lead=lead, source__in=("api", "web_form", "csv"))
        ],
    }


def packet_build(
    *, firm: Firm, items: Sequence[tuple[Lead, str]], now: datetime, title: str
) -> dict[str, Any]:
    """The packet for these (lead, reason) pairs, with its SHA-256."""
    packet = {
        "format": FORMAT,
        "title": title,
        "firm": firm.name,
        "firm_zone": firm.timezone,
        "generated_at": now.isoformat(),
        "leads": [lead_entry(lead=lead, reason=reason, firm=firm) for lead, reason in items],
    }
    return {"packet": packet, "sha256": digest(packet)}


def packet_json(signed: dict[str, Any]) -> bytes:
    return json.dumps(signed, indent=2, sort_keys=True, ensure_ascii=False, default=str).encode()


def packet_verify(raw: bytes) -> str:
    """The packet's SHA-256 if `raw` is an unaltered packet file; PacketError otherwise."""
    try:
        signed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PacketError(f"not a packet: the file is not JSON ({exc})") from None
    if not isinstance(signed, dict) or not isinstance(signed.get("packet"), dict):
        raise PacketError("not a packet: no 'packet' object")
    if signed["packet"].get("format") != FORMAT:
        raise PacketError(f"not a packet: format is not {FORMAT}")
    claimed = signed.get("sha256")
    actual = digest(signed["packet"])
    if claimed != actual:
        raise PacketError(f"altered: the content's SHA-256 is {actual}, the packet says {claimed}")
    return actual


def packet_pdf(signed: dict[str, Any]) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only the PDF needs.
    from weasyprint import HTML

    html = render_to_string(
        "returns/packet_pdf.html", {"packet": signed["packet"], "sha256": signed["sha256"]}
    )
    return HTML(string=html).write_pdf()
