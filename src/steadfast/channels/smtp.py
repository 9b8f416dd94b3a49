"""Email through any SMTP server or ESP relay, with Django's mail API."""

from __future__ import annotations

import dataclasses
import email.policy
import logging
import smtplib
import threading
import uuid
from datetime import datetime
from email.utils import parseaddr

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend

from steadfast.channels.base import OutgoingCall, OutgoingEmail, OutgoingSms, SendResult
from steadfast.channels.models import ProviderSend
from steadfast.channels.provider_config import SmtpConfig
from steadfast.channels.sends import send_find, send_record_result, send_record_start
from steadfast.channels.unsubscribe import email_with_footer
from steadfast.firms.models import Firm

log = logging.getLogger(__name__)

# A connection to a relay is kept open between messages, one per thread and relay settings:
# connecting, EHLO, STARTTLS and AUTH cost several round trips, more than the message itself.
# A kept connection answers a NOOP before it carries a message: a relay that dropped it is
# found before any of the message is sent, so a disconnect while sending always means "the
# relay may have it" (reconciled, never sent again blindly).
_kept = threading.local()


def close_kept() -> None:
    """Close this thread's kept relay connections (QUIT), e.g. before the relay goes away."""
    pool: dict[tuple[object, ...], EmailBackend] = _kept.__dict__.setdefault("connections", {})
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

    def message(self, *, policy: email.policy.Policy = email.policy.default):  # type: ignore[override]
        return super().message(policy=policy.clone(max_line_length=998))


def _message_id(sender: str) -> str:
    """An RFC 5322 Message-ID short enough to be the touch's provider id (64 characters)."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "steadfast.invalid"
    message_id = f"<{uuid.uuid4().hex}@{domain}>"
    return message_id if len(message_id) <= 64 else f"<{uuid.uuid4().hex}@steadfast.invalid>"


class SmtpProvider:
    name = "smtp"

    def __init__(self, firm: Firm, config: SmtpConfig, *, sender: str = "") -> None:
        """`sender`: the address the relay lets us send from (the firm's own setting or
        STEADFAST_EMAIL_FROM). When set, it is the From and the firm's address the Reply-To."""
        self.firm = firm
        self.config = config
        self.sender = sender

    def _connection(self) -> EmailBackend:
        # A connection of its own, not one of the MAILERS: the alias only names it.
        return EmailBackend(alias=f"steadfast-{self.firm.slug}", **self.config.as_options())

    def _key(self) -> tuple[object, ...]:
        return tuple(sorted(self.config.as_options().items()))

    def _ready(self) -> EmailBackend:
        """This thread's kept connection to the relay if it still answers a NOOP, else a new
        one. Raises what smtplib raises when the relay cannot be reached or refuses us."""
        pool: dict[tuple[object, ...], EmailBackend] = _kept.__dict__.setdefault("connections", {})
        kept = pool.pop(self._key(), None)
        if kept is not None:
            # A NOOP costs one round trip, far less than connect, EHLO, STARTTLS and AUTH; a
            # connection the relay dropped is found here, before any of the message is sent.
            if _alive(kept):
                return kept
            kept.close()
        connection = self._connection()
        connection.open()
        return connection

    def _keep(self, connection: EmailBackend) -> None:
        _kept.__dict__.setdefault("connections", {})[self._key()] = connection

    def send_email(self, message: OutgoingEmail) -> SendResult:

        if self.sender:
            message = dataclasses.replace(
                message, from_=self.sender, reply_to=message.reply_to or message.from_
            )
        message = email_with_footer(message, firm=self.firm)
        sender = message.from_
        if not sender:
            return SendResult(
                status="failed",
                provider=self.name,
                detail="no sender address: set the firm's email or STEADFAST_EMAIL_FROM",
            )
        message_id = _message_id(sender)
        record = send_record_start(
            firm=self.firm,
            provider=self.name,
            channel="email",
            reference=message.reference,
            to=message.to,
            from_=sender,
            provider_id=message_id,
        )
        email = _LeadEmail(
            subject=message.subject,
            body=message.text,
            from_email=sender,
            to=[message.to],
            reply_to=[message.reply_to] if message.reply_to else None,
            headers={**message.headers, "Message-ID": message_id},
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        try:
            connection = self._ready()
        except smtplib.SMTPResponseException as exc:  # the greeting or the login was refused
            return self._failed(record, str(exc.smtp_code), _text(exc.smtp_error))
        except (smtplib.SMTPException, OSError) as exc:
            # Refused connection, TLS failure, connect timeout: the relay never saw the message.
            return self._failed(
                record,
                "",
                f"SMTP server {self.config.host}:{self.config.port} failed: {exc}",
                transient=True,
            )
        try:
            connection.send_messages([email])
        except smtplib.SMTPRecipientsRefused as exc:
            self._keep(connection)  # an answer from the relay: smtplib reset the session
            code, reply = next(iter(exc.recipients.values()), (0, b""))
            return self._failed(record, str(code), _text(reply))
        except smtplib.SMTPResponseException as exc:
            self._keep(connection)
            return self._failed(record, str(exc.smtp_code), _text(exc.smtp_error))
        except BaseException:
            # Anything else (a timeout, a dropped connection mid-message) is raised: the relay
            # may have the message, and the dispatcher reconciles it instead of sending twice.
            connection.close()
            raise
        self._keep(connection)
        send_record_result(record, status="sent")
        return SendResult(status="sent", provider_id=message_id, provider=self.name)

    def _failed(
        self, record: ProviderSend, code: str, detail: str, *, transient: bool = False
    ) -> SendResult:
        """A refusal; SMTP's 4xx replies (RFC 5321 §4.2.1) are temporary and worth a retry."""
        transient = transient or code.startswith("4")
        log.warning("email to %s refused: %s %s", record.to_address, code, detail)
        send_record_result(record, status="failed", code=code)
        return SendResult(
            status="failed",
            provider_id=record.provider_id,
            code=code,
            detail=detail[:300],
            provider=self.name,
            transient=transient,
        )

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


def _alive(connection: EmailBackend) -> bool:
    try:
        return connection.connection is not None and connection.connection.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
