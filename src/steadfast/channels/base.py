"""The one narrow interface every channel provider implements (PRODUCT.md §4).

The dispatcher calls these after the touch is checked and the transaction that moved it to
`sending` has committed; a provider never runs inside a transaction that can still roll back.

A provider answers "sent", a refusal (`SendResult(status="failed")`, `transient=True` when a
retry may succeed), or raises when it cannot tell whether the message was handed over
(timeout, connection reset after the request went out): the dispatcher then asks `find`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from steadfast.db.prepared import Statement


@dataclass(frozen=True)
class SendResult:
    """What the provider said. `status` "sent" means accepted for delivery, not delivered."""

    status: Literal["sent", "failed"]
    provider_id: str = ""
    code: str = ""  # carrier / API / SMTP code when it failed, e.g. "21610"
    detail: str = ""
    provider: str = ""  # which provider answered ("twilio", "smtp", "console")
    # A refusal worth retrying later (HTTP 5xx or 429, SMTP 4xx, no connection): the provider
    # surely does not have the message. The dispatcher plans the touch again with a backoff.
    transient: bool = False
    # For a begun message: the provider's own record of this answer, for the caller to write
    # in the transaction that stores the answer (None: nothing to write).
    record: Callable[[], object] | None = field(default=None, compare=False, repr=False)
    # The same record as one SQL statement and its parameters, when it is one: on PostgreSQL
    # the dispatcher writes it in the very statement that stores the answer (one round trip
    # to the database instead of a transaction of two statements).
    record_sql: Statement | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class OutgoingSms:
    to: str
    from_: str
    body: str
    status_callback: str = ""
    reference: str = ""  # Steadfast's own id of this attempt ("touch-12-1"), for reconciling
    begun: Any = field(default=None, compare=False, repr=False)  # set by `begin` (see above)


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    from_: str
    subject: str
    text: str
    html: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    reply_to: str = ""
    reference: str = ""
    # The lead it goes to: names it in the signed one-click unsubscribe link (RFC 8058) that
    # the provider adds, with the firm's name and postal address, to every email.
    lead_id: int | None = None
    begun: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class OutgoingCall:
    """An automated call (voicemail drop) or a click-to-call bridge.

    For a bridge, `agent_phone` is rung first and then connected to `to`.
    """

    to: str
    from_: str
    purpose: Literal["voicemail_drop", "bridge"]
    agent_phone: str = ""
    voicemail_text: str = ""
    voicemail_audio_url: str = ""
    touch_id: int | None = None
    reference: str = ""
    begun: Any = field(default=None, compare=False, repr=False)


class Provider(Protocol):
    name: str

    def send_sms(self, message: OutgoingSms) -> SendResult: ...

    def send_email(self, message: OutgoingEmail) -> SendResult: ...

    def place_call(self, call: OutgoingCall) -> SendResult: ...

    def lookup(self, provider_id: str) -> SendResult | None:
        """What became of an earlier send (reconciling an interrupted one); None if unknown."""
        ...

    def find(self, *, reference: str, to: str, since: datetime) -> SendResult | None:
        """An attempt interrupted before its provider id was recorded: did the provider get it?

        Returns the send if the provider has it, SendResult(status="failed") if the provider is
        sure it never got it, and None if it cannot tell (the attempt is then not repeated).
        """
        ...
