"""The record of each request to a real provider (ProviderSend), kept for reconciliation."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from steadfast import clock
from steadfast.channels.base import SendResult
from steadfast.channels.models import ProviderSend
from steadfast.db import prepared
from steadfast.db.bulk import insert_one
from steadfast.db.prepared import Statement
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
    record = ProviderSend(
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
    insert_one(record)  # one prepared statement: written for every email sent
    return record


def send_record_result(
    record: ProviderSend, *, status: str, provider_id: str = "", code: str = ""
) -> None:
    prepared.execute(
        *send_record_result_statement(record, status=status, provider_id=provider_id, code=code)
    )


def send_record_result_statement(
    record: ProviderSend, *, status: str, provider_id: str = "", code: str = ""
) -> Statement:
    """The UPDATE `send_record_result` runs, for a caller that runs it within a statement of
    its own; `record` is given the new values at once."""
    record.status = status[:20]
    record.code = code[:20]
    record.provider_id = provider_id[:64] or record.provider_id
    record.updated_at = clock.now()
    return _RESULT_SQL, [
        record.status,
        record.code,
        record.provider_id,
        connection.ops.adapt_datetimefield_value(record.updated_at),
        record.pk,
    ]


_RESULT_SQL = (
    f"UPDATE {ProviderSend._meta.db_table} "  # noqa: S608 - a constant of this module
    "SET status = %s, code = %s, provider_id = %s, updated_at = %s WHERE id = %s"
)


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
