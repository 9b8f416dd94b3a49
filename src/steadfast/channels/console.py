"""The embedded default provider: every message lands in the outbox, readable in the app."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime
from typing import Any

from steadfast import clock
from steadfast.channels.base import OutgoingCall, OutgoingEmail, OutgoingSms, SendResult
from steadfast.channels.models import OutboxMessage
from steadfast.channels.unsubscribe import email_with_footer
from steadfast.db.bulk import insert_one, insert_one_statement
from steadfast.firms.models import Firm


class ConsoleProvider:
    name = "console"

    def __init__(self, firm: Firm) -> None:
        self.firm = firm

    def _store(
        self,
        *,
        channel: str,
        to: str,
        from_: str,
        body: str,
        subject: str = "",
        headers: dict[str, str] | None = None,
        reference: str = "",
        begun: object = None,
    ) -> SendResult:
        provider_id = f"console-{uuid.uuid4().hex}"
        row = OutboxMessage(
            firm=self.firm,
            provider_id=provider_id,
            channel=channel,
            to_address=to,
            from_address=from_,
            subject=subject,
            body=body,
            headers=headers or {},
            reference=reference,
            created_at=clock.now(),
        )
        if begun is not None:
            # Sending is storing: the row goes in with the touch's record (base.py), so a
            # process that stops before that has sent nothing, and `find` says so.
            return SendResult(
                status="sent",
                provider_id=provider_id,
                provider=self.name,
                record=lambda: insert_one(row),
                record_sql=insert_one_statement(row),
            )
        insert_one(row)
        return SendResult(status="sent", provider_id=provider_id, provider=self.name)

    def begin(self, message: Any) -> Any:
        """Leaves the outbox row to the caller's record of the answer (base.py)."""
        return dataclasses.replace(message, begun=True)

    def send_sms(self, message: OutgoingSms) -> SendResult:
        return self._store(
            channel="sms",
            to=message.to,
            from_=message.from_,
            body=message.body,
            reference=message.reference,
            begun=message.begun,
        )

    def send_email(self, message: OutgoingEmail) -> SendResult:

        # What a real provider would send, footer and unsubscribe headers included.
        message = email_with_footer(message, firm=self.firm)
        return self._store(
            channel="email",
            to=message.to,
            from_=message.from_,
            subject=message.subject,
            body=message.text,
            headers=message.headers,
            reference=message.reference,
            begun=message.begun,
        )

    def place_call(self, call: OutgoingCall) -> SendResult:
        body = call.voicemail_text or f"(bridge call from agent {call.agent_phone})"
        return self._store(
            channel=call.purpose,
            to=call.to,
            from_=call.from_,
            body=body,
            reference=call.reference,
            begun=call.begun,
        )

    def lookup(self, provider_id: str) -> SendResult | None:
        if OutboxMessage.objects.filter(firm=self.firm, provider_id=provider_id).exists():
            return SendResult(status="sent", provider_id=provider_id, provider=self.name)
        return None

    def find(self, *, reference: str, to: str, since: datetime) -> SendResult | None:
        # The outbox is written in the same database: it knows for sure.
        found = OutboxMessage.objects.filter(firm=self.firm, reference=reference).first()
        if found:
            return SendResult(status="sent", provider_id=found.provider_id, provider=self.name)
        return SendResult(
            status="failed", detail="the outbox never received it", provider=self.name
        )
