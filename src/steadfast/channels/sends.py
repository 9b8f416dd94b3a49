"""The record of each request to a real provider (ProviderSend), kept for reconciliation."""

from __future__ import annotations

from datetime import datetime

from steadfast import clock
from steadfast.channels.base import SendResult
from steadfast.channels.models import ProviderSend
from steadfast.firms.models import Firm


def send_record_start(
    *,
    firm: Firm,
    provider: str,
    channel: str,
    reference: str,
    to: str,
    from_: str = "",
    provider_id: str = "",
    touch_id: int | None = None,
    agent_phone: str = "",
    voicemail_text: str = "",
    voicemail_audio_url: str = "",
) -> ProviderSend:
    """Written (and committed) before the request goes out."""
    now = clock.now()
    return ProviderSend.objects.create(
        firm=firm,
        provider=provider,
        channel=channel,
        reference=reference[:40],
        touch_id=touch_id,
        to_address=to[:320],
        from_address=from_[:320],
        agent_phone=agent_phone[:20],
        voicemail_text=voicemail_text,
        voicemail_audio_url=voicemail_audio_url,
        provider_id=provider_id[:64],
        status="sending",
        created_at=now,
        updated_at=now,
    )


def send_record_result(
    record: ProviderSend, *, status: str, provider_id: str = "", code: str = ""
) -> None:
    record.status = status[:20]
    record.code = code[:20]
    record.provider_id = provider_id[:64] or record.provider_id
    record.updated_at = clock.now()
    record.save(update_fields=["status", "code", "provider_id", "updated_at"])


def send_find(*, firm: Firm, provider: str, reference: str, since: datetime) -> SendResult | None:
    """What our own record says about an attempt: sent, never sent, or cannot tell (None:
    the process stopped while the provider was being asked)."""
    record = (
        ProviderSend.objects.filter(firm=firm, provider=provider, reference=reference)
        .order_by("-created_at", "-id")
        .first()
    )
    if record is None:
        return SendResult(status="failed", provider=provider, detail=f"never handed to {provider}")
    if record.status == "sending":
        return None
    if record.status == "failed":
        return SendResult(
            status="failed",
            provider_id=record.provider_id,
            code=record.code,
            provider=provider,
            detail=f"{provider} refused it",
        )
    return SendResult(status="sent", provider_id=record.provider_id, provider=provider)
