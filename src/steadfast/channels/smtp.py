"""Email through any SMTP server or ESP relay, with Django's mail API."""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import secrets
import smtplib
import sys
import threading
import uuid
from datetime import UTC, datetime, timedelta
from email import policy as email_policy
from email.generator import BytesGenerator
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import Message
from email.utils import format_datetime, parseaddr
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend
from django.utils.timezone import get_current_timezone

from steadfast import clock
from steadfast.channels.base import OutgoingCall, OutgoingEmail, OutgoingSms, SendResult
from steadfast.channels.models import ProviderSend
from steadfast.channels.provider_config import SmtpConfig
from steadfast.channels.sends import (
    send_find,
    send_record_result,
    send_record_result_statement,
    send_record_start,
)
from steadfast.channels.unsubscribe import email_with_footer
from steadfast.firms.models import Firm

log = logging.getLogger(__name__)

# A connection to a relay is kept open between messages, one per thread and relay settings:
# connecting, EHLO, STARTTLS and AUTH cost several round trips, more than the message itself.
# A connection used moments ago (KEEP_FRESH) carries the next message at once; one idle for
# longer answers a NOOP first. Either way a relay that dropped it is found before the message
# is handed over (a NOOP, MAIL or RCPT that fails): the message then goes once over a new
# connection. A disconnect once DATA has begun means "the relay may have it": raised, and
# reconciled by the dispatcher, never sent again blindly.
_kept = threading.local()
KEEP_FRESH = timedelta(seconds=10)


class _Relay(smtplib.SMTP):
    """An SMTP client that remembers whether this message's DATA has begun."""

    data_started = False

    def data(self, msg: Any) -> tuple[int, bytes]:
        self.data_started = True
        return super().data(msg)


class _RelaySSL(smtplib.SMTP_SSL):
    data_started = False

    def data(self, msg: Any) -> tuple[int, bytes]:
        self.data_started = True
        return super().data(msg)


class _Backend(EmailBackend):
    used_at: datetime | None = None  # when it last carried a message (steadfast.clock)

    @property
    def connection_class(self) -> type[smtplib.SMTP]:
        return _RelaySSL if self.use_ssl else _Relay


# The relay's own answers (a refusal with a code): the connection still works.
_ANSWERS = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused)


class _NeverHandedOver(Exception):
    """The relay dropped the connection before the message's DATA: it does not have it."""


def close_kept() -> None:
    """Close this thread's kept relay connections (QUIT), e.g. before the relay goes away."""
    pool: dict[tuple[object, ...], _Backend] = _kept.__dict__.setdefault("connections", {})
    while pool:
        _, connection = pool.popitem()
        connection.close()


class _LeadEmail(EmailMultiAlternatives):
    """An email whose headers are folded, never encoded, when a value cannot be broken.

    The default policies fold at 78 characters, and a header with a word longer than that —
    a List-Unsubscribe URL with its signed token — comes out as RFC 2047 encoded-words
    (`=?utf-8?q?=3Chttps=3A//…?=`), which Gmail and Yahoo do not read as a URL and so show no
    one-click unsubscribe (RFC 8058). RFC 5322 §2.1.1 allows lines up to 998 characters.
    """

    def message(self, *, policy: email_policy.Policy = email_policy.default):  # type: ignore[override]
        if policy is email_policy.SMTP:
            return super().message(policy=_WIRE)
        return super().message(
            policy=policy.clone(max_line_length=998, header_factory=_HEADERS)  # type: ignore[call-arg]
        )


class _FoldedOnce(BaseHeader):
    """A header that keeps its folded form for the wire policy: a header met again (the
    firm's From, the MIME headers of every part) is parsed and folded once."""

    def fold(self, *, policy: email_policy.Policy) -> str:
        # The generator hands each part of a multipart email a copy of the policy (its line
        # ending set again, to the same value): a copy equal to _WIRE folds as _WIRE does.
        if policy is not _WIRE and (type(policy) is not type(_WIRE) or vars(policy) != vars(_WIRE)):
            return super().fold(policy=policy)
        folded: str | None = getattr(self, "_steadfast_folded", None)
        if folded is None:
            folded = super().fold(policy=policy)
            self._steadfast_folded = folded
        return folded


class _Headers(HeaderRegistry):
    """The standard header classes, each made once (the standard registry makes a new class
    for every header of every message), and a header whose name and text were seen lately
    reused as parsed: header objects are immutable, and building an email was mostly
    parsing and folding its headers."""

    def __init__(self) -> None:
        super().__init__(base_class=_FoldedOnce)
        self._made: dict[str, type] = {}
        self._parsed = functools.lru_cache(maxsize=256)(super().__call__)

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made

    def __call__(self, name: str, value: Any) -> Any:
        if type(value) is str:
            return self._parsed(name, value)
        return super().__call__(name, value)


_HEADERS = _Headers()
_WIRE = email_policy.SMTP.clone(max_line_length=998, header_factory=_HEADERS)

# The MIME boundary of this process's multipart emails, random as the standard generator
# makes them (RFC 2046 §5.1.1), but made once: the Content-Type header that names it is then
# the same text in every email, parsed and folded once (_Headers), and no pattern is compiled
# for each email to check it.
_BOUNDARY = "=" * 15 + f"{secrets.randbelow(sys.maxsize):019d}" + "=="
_BOUNDARY_LINE = f"--{_BOUNDARY}".encode()


class _Generator(BytesGenerator):
    """The standard generator with this process's boundary, used unless the parts contain
    it anywhere (a stricter test than the standard one's, for a line that starts with it):
    then a new one is made as the standard generator makes it."""

    @classmethod
    def _make_boundary(cls, text: Any = None) -> str:
        if isinstance(text, bytes) and _BOUNDARY_LINE not in text:
            return _BOUNDARY
        return str(super()._make_boundary(text))  # type: ignore[misc]


def _wire_bytes(message: Message) -> bytes:
    """`message.as_bytes()`, with this process's boundary (_Generator)."""
    out = BytesIO()
    _Generator(out, mangle_from_=False, policy=message.policy).flatten(message)
    return out.getvalue()


# An address of plain letters, digits and . _ + - (a dot neither first, last nor doubled) is
# what Django's check and IDNA encoding give back unchanged: the usual lead's address.
_PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
)


@functools.lru_cache(maxsize=1024)
def _addr_spec(address: str) -> str:
    """The address as the relay is given it (Django's check and IDNA encoding); the firm's
    sender is the same for every email, so it is worked out once."""
    if _PLAIN_ADDRESS.fullmatch(address):
        return address
    return str(_Backend.prep_address(None, address))  # type: ignore[arg-type]


def _message_id(sender: str) -> str:
    """An RFC 5322 Message-ID short enough to be the touch's provider id (64 characters)."""
    domain = _domain(sender) or "steadfast.invalid"
    message_id = f"<{uuid.uuid4().hex}@{domain}>"
    return message_id if len(message_id) <= 64 else f"<{uuid.uuid4().hex}@steadfast.invalid>"


def _date(headers: dict[str, str]) -> dict[str, str]:
    """The Date header Django would add (now, in UTC or the current time zone), unless the
    headers have one: given as text, it is parsed once a second (_Headers), not per email."""
    if any(name.lower() == "date" for name in headers):
        return {}
    zone = get_current_timezone() if settings.EMAIL_USE_LOCALTIME else UTC
    return {"Date": format_datetime(clock.now().astimezone(zone))}


@functools.lru_cache(maxsize=256)
def _domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2]


class SmtpProvider:
    name = "smtp"

    def __init__(self, firm: Firm, config: SmtpConfig, *, sender: str = "") -> None:
        """`sender`: the address the relay lets us send from (the firm's own setting or
        STEADFAST_EMAIL_FROM). When set, it is the From and the firm's address the Reply-To."""
        self.firm = firm
        self.config = config
        self.sender = sender

    def _connection(self) -> _Backend:
        # A connection of its own, not one of the MAILERS: the alias only names it.
        return _Backend(alias=f"steadfast-{self.firm.slug}", **self.config.as_options())

    def _key(self) -> tuple[object, ...]:
        return tuple(sorted(self.config.as_options().items()))

    def _ready(self) -> tuple[_Backend, bool]:
        """This thread's kept connection to the relay (and True), else a new one (and False).
        A kept connection idle for more than KEEP_FRESH must answer a NOOP first. Raises what
        smtplib raises when the relay cannot be reached or refuses us."""
        pool: dict[tuple[object, ...], _Backend] = _kept.__dict__.setdefault("connections", {})
        kept = pool.pop(self._key(), None)
        if kept is not None:
            # A NOOP costs one round trip, far less than connect, EHLO, STARTTLS and AUTH.
            used_at = kept.used_at
            if used_at is not None and clock.now() - used_at < KEEP_FRESH:
                return kept, True
            if _alive(kept):
                return kept, True
            kept.close()
        return self._opened(), False

    def _opened(self) -> _Backend:
        connection = self._connection()
        connection.open()
        return connection

    def _keep(self, connection: _Backend) -> None:
        connection.used_at = clock.now()
        _kept.__dict__.setdefault("connections", {})[self._key()] = connection

    def _dressed(self, message: OutgoingEmail) -> OutgoingEmail:
        """The message as it goes out: the configured sender, the footer, the unsubscribe
        headers."""
        if self.sender:
            message = dataclasses.replace(
                message, from_=self.sender, reply_to=message.reply_to or message.from_
            )
        return email_with_footer(message, firm=self.firm)

    def _record_start(self, message: OutgoingEmail, message_id: str) -> ProviderSend:
        return send_record_start(
            firm=self.firm,
            provider=self.name,
            channel="email",
            reference=message.reference,
            to=message.to,
            from_=message.from_,
            provider_id=message_id,
        )

    def begin(self, message: Any) -> Any:
        """Dress the email and write its record in the caller's transaction (base.py)."""
        if not isinstance(message, OutgoingEmail) or message.begun is not None:
            return message
        message = self._dressed(message)
        if not message.from_:
            return message  # refused by send_email, with nothing to record
        message_id = _message_id(message.from_)
        record = self._record_start(message, message_id)
        headers = {**message.headers, "Message-ID": message_id}
        return dataclasses.replace(message, headers=headers, begun=record)

    def send_email(self, message: OutgoingEmail) -> SendResult:
        record = message.begun if isinstance(message.begun, ProviderSend) else None
        if record is None:
            message = self._dressed(message)
        sender = message.from_
        if not sender:
            return SendResult(
                status="failed",
                provider=self.name,
                detail="no sender address: set the firm's email or STEADFAST_EMAIL_FROM",
            )
        deferred = record is not None  # the caller writes the answer with its own (base.py)
        if record is None:
            record = self._record_start(message, _message_id(sender))
        message_id = record.provider_id
        email = _LeadEmail(
            subject=message.subject,
            body=message.text,
            from_email=sender,
            to=[message.to],
            reply_to=[message.reply_to] if message.reply_to else None,
            headers={**_date(message.headers), **message.headers, "Message-ID": message_id},
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        from_address = _addr_spec(sender)
        recipients = [_addr_spec(to) for to in email.recipients()]
        data = _wire_bytes(email.message(policy=email_policy.SMTP))
        try:
            self._deliver(from_address, recipients, data)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()), (0, b""))
            return self._failed(record, str(code), _text(reply), deferred=deferred)
        except smtplib.SMTPResponseException as exc:  # the greeting, login, MAIL or DATA refused
            return self._failed(
                record, str(exc.smtp_code), _text(exc.smtp_error), deferred=deferred
            )
        except _NeverHandedOver as exc:
            # Refused connection, TLS failure, connect timeout, a connection dropped before
            # DATA: the relay never saw the message.
            return self._failed(
                record,
                "",
                f"SMTP server {self.config.host}:{self.config.port} failed: {exc.__cause__}",
                transient=True,
                deferred=deferred,
            )
        # Anything else (a timeout, a dropped connection once DATA began) is raised: the relay
        # may have the message, and the dispatcher reconciles it instead of sending twice.
        return self._answer(
            record, SendResult(status="sent", provider_id=message_id, provider=self.name),
            deferred=deferred,
        )  # fmt: skip

    def _deliver(self, from_address: str, recipients: list[str], data: bytes) -> None:
        """Hand the message to the relay, over the kept connection or a new one; once more
        over a new one when a kept connection turns out dropped before DATA."""
        opened = self._ready
        while True:
            try:
                connection, kept = opened()
            except _ANSWERS:
                raise
            except (smtplib.SMTPException, OSError) as exc:
                raise _NeverHandedOver() from exc
            try:
                self._sendmail(connection, from_address, recipients, data)
                return
            except _ANSWERS:
                raise
            except (smtplib.SMTPException, OSError) as exc:
                relay = connection.connection
                connection.close()
                if relay is None or getattr(relay, "data_started", True):
                    raise  # the relay may have it: reconciled, never sent twice
                if not kept:
                    raise _NeverHandedOver() from exc
                log.info("the SMTP relay dropped the kept connection (%r); connecting again", exc)
            opened = self._new

    def _new(self) -> tuple[_Backend, bool]:
        return self._opened(), False

    def _sendmail(
        self, connection: _Backend, from_address: str, recipients: list[str], data: bytes
    ) -> None:
        relay = connection.connection
        assert relay is not None
        relay.data_started = False  # type: ignore[attr-defined]
        try:
            relay.sendmail(from_address, recipients, data)
        except _ANSWERS:
            if connection.connection is not None and relay.sock is not None:
                self._keep(connection)  # an answer from the relay: smtplib reset the session
            raise
        self._keep(connection)

    def _answer(self, record: ProviderSend, result: SendResult, *, deferred: bool) -> SendResult:
        """The result, with the record of it written now or left to the caller (`deferred`)."""
        status, code = result.status, result.code
        if deferred:
            return dataclasses.replace(
                result,
                record=lambda: send_record_result(record, status=status, code=code),
                record_sql=send_record_result_statement(record, status=status, code=code),
            )
        send_record_result(record, status=status, code=code)
        return result

    def _failed(
        self,
        record: ProviderSend,
        code: str,
        detail: str,
        *,
        transient: bool = False,
        deferred: bool = False,
    ) -> SendResult:
        """A refusal; SMTP's 4xx replies (RFC 5321 §4.2.1) are temporary and worth a retry."""
        transient = transient or code.startswith("4")
        log.warning("email to %s refused: %s %s", record.to_address, code, detail)
        result = SendResult(
            status="failed",
            provider_id=record.provider_id,
            code=code,
            detail=detail[:300],
            provider=self.name,
            transient=transient,
        )
        return self._answer(record, result, deferred=deferred)

    def send_sms(self, message: OutgoingSms) -> SendResult:
        return SendResult(status="failed", provider=self.name, detail="SMTP cannot send texts")

    def place_call(self, call: OutgoingCall) -> SendResult:
        return SendResult(status="failed", provider=self.name, detail="SMTP cannot place calls")

    def lookup(self, provider_id: str) -> SendResult | None:
        record = ProviderSend.objects.filter(
            firm=self.firm, provider=self.name, provider_id=provider_id
        ).first()
        if record is None or record.status == "sending":
            return None
        if record.status == "failed":
            return SendResult(
                status="failed", provider_id=provider_id, code=record.code, provider=self.name
            )
        return SendResult(status="sent", provider_id=provider_id, provider=self.name)

    def find(self, *, reference: str, to: str, since: datetime) -> SendResult | None:
        # SMTP has no way to ask what it received; only our own record can tell.
        return send_find(firm=self.firm, provider=self.name, reference=reference, since=since)


def _alive(connection: _Backend) -> bool:
    try:
        return connection.connection is not None and connection.connection.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
