"""A complete lead as a vendor posts it."""

from __future__ import annotations

from typing import Any

CONSENT_TEXT = (
    "By submitting, I agree that Lakeshore Injury Law may call and text me at the number "
    "above, including by automated means. Reply STOP to opt out."
)


def jane(**overrides: Any) -> dict[str, Any]:
    """Jane Doe from Chicago, rear-ended last week, as InjuryLeads Co posts her."""
    body: dict[str, Any] = {
        "external_id": "il-1001",
        "first_name": "Jane",
        "last_name": "Doe",
        "phone": "(312) 555-0142",
        "email": "Jane.Doe@Example.com",
        "state": "IL",
        "zip": "60601",
        "practice_area": "personal_injury",
        "message": "Rear-ended on I-90 last Tuesday; neck pain since.",
        "consent": {"call": True, "sms": True, "email": False},
        "consent_text": CONSENT_TEXT,
        "consent_page_url": "https://injuryleads.example/chicago/claim",
        "consent_ip": "203.0.113.7",
        "submitted_at": "2026-03-02T09:58:00-06:00",
    }
    body.update(overrides)
    return body
