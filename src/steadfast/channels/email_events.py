"""Email replies and bounces (PRODUCT.md F6), through django-anymail's webhooks.

Email leaves over SMTP (channels.smtp) with our own Message-ID, which is the touch's provider
id. The ESP behind the relay posts what became of it and forwards what people write back to
/hooks/email/<esp>/tracking/ and /hooks/email/<esp>/inbound/. anymail checks each post (the
basic auth of ANYMAIL_WEBHOOK_SECRET, and Mailgun's HMAC signature) and turns the ESP's payload
into a normalised event; the receivers here only work out which touch, firm and lead it is
about and hand it to the engine: a reply to `inbound_message`, a delivery result to
`delivery_status`, a spam complaint or an unsubscribe at the ESP to `lead_opt_out`.

A bounce can also come back as an ordinary email, a delivery status notification (RFC 3464:
multipart/report with a message/delivery-status part), at the address the message was sent
from. It is read as the bounce it is, never as the lead's reply.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from email.parser import HeaderParser
from email.utils import getaddresses, parseaddr
from functools import wraps
from typing import Any, Literal

from anymail.exceptions import (
    AnymailConfigurationError,
    AnymailError,
    AnymailWebhookValidationFailure,
)
from anymail.inbound import AnymailInboundMessage
from anymail.signals import AnymailInboundEvent, AnymailTrackingEvent
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from django.utils.html import strip_tags
from django.views.decorators.csrf import csrf_exempt

from steadfast import clock
from steadfast.channels.codes import code_meaning
from steadfast.channels.providers import firm_settings
from steadfast.compliance.models import Suppression
from steadfast.compliance.selectors import channel_states, suppressions_for
from steadfast.dispatch.models import Direction, Outcome, Touch, TouchChannel, TouchState
from steadfast.engine.events import delivery_status, inbound_message, lead_opt_out
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead
from steadfast.leads.validation import check_email

log = logging.getLogger(__name__)

# Providers whose email touches carry the RFC 5322 Message-ID ("<…@…>") as provider_id.
SENT_BY = ("smtp",)

Kind = Literal["delivered", "bounced", "failed", "delayed", "opt_out"]


@dataclass(frozen=True)
class Report:
    """What an ESP or a delivery status notification says about one email we sent."""

    kind: Kind
    message_id: str  # the Message-ID it was sent with, "" if the report does not say
    recipient: str
    code: str = ""  # SMTP reply code or enhanced status code, e.g. "550" or "5.1.1"
    detail: str = ""  # the receiving server's words
    firm_addresses: tuple[str, ...] = ()  # the firm's side: original sender, or DSN recipient
    source: str = ""  # where the report came from, for the evidence
    by_recipient: bool = True  # may the touch be found by the recipient when the id fails?


# --- The webhooks: anymail's views, refused unless the secret is set -----------------------


def anymail_urls() -> tuple[list[URLPattern], str]:
    """anymail's URL patterns (<esp>/inbound/, <esp>/tracking/), each behind `_guarded`."""
    from anymail import urls

    patterns = [
        URLPattern(p.pattern, _guarded(p.callback), p.default_args, p.name)
        for p in urls.urlpatterns
        if isinstance(p, URLPattern)
    ]
    return patterns, urls.app_name


def _plain(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain")


View = Callable[..., HttpResponse]


def _guarded(view: View) -> View:
    """anymail accepts anything when no WEBHOOK_SECRET is set (with a warning), and answers a
    payload it cannot read or a missing ESP setting with a 500. Here: nothing is accepted
    without the secret, and a client always gets a 4xx naming what was wrong."""

    @csrf_exempt
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
            log.warning("email webhook %s refused: ANYMAIL_WEBHOOK_SECRET is not set", request.path)
            return _plain(403, "email webhooks are off: ANYMAIL_WEBHOOK_SECRET is not set")
        try:
            return view(request, *args, **kwargs)
        except AnymailWebhookValidationFailure as exc:
            log.warning("email webhook %s refused: %s", request.path, exc)
            if "HTTP_AUTHORIZATION" not in request.META:
                response = _plain(401, "missing basic auth (the user:password of the webhook URL)")
                response["WWW-Authenticate"] = 'Basic realm="Steadfast email webhooks"'
                return response
            return _plain(403, str(exc))
        except AnymailConfigurationError as exc:
            # A missing ESP setting, or the ESP posting to the wrong one of our URLs.
            log.error("email webhook %s cannot be used: %s", request.path, exc)
            return _plain(400, f"this email webhook is not set up for that: {exc}")
        except (AnymailError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            # anymail reads each ESP's JSON without checking its shape: a list where it wants
            # an object (`[]`) fails as AttributeError, a missing element as IndexError.
            log.exception("email webhook %s: unreadable payload", request.path)
            return _plain(400, "the webhook payload could not be read")

    return guarded


# --- Tracking events -----------------------------------------------------------------------

_KINDS: dict[str, Kind] = {
    "delivered": "delivered",
    "bounced": "bounced",
    "deferred": "delayed",
    "failed": "failed",
    "complained": "opt_out",
    "unsubscribed": "opt_out",
}
# Why the ESP refused to send at all (anymail's RejectReason): an address it knows is bad,
# a person who complained or unsubscribed before, or something about the message.
_REJECTED: dict[str, Kind] = {
    "bounced": "bounced",
    "invalid": "bounced",
    "spam": "opt_out",
    "unsubscribed": "opt_out",
}


def on_tracking(sender: object, event: AnymailTrackingEvent, esp_name: str, **_: Any) -> None:
    report = report_from_event(event, esp=_provider_name(esp_name))
    if report is not None:
        email_report_record(report=report, now=clock.now())


def report_from_event(event: AnymailTrackingEvent, *, esp: str) -> Report | None:
    """The report in an anymail tracking event; None for events that change nothing here
    (queued, sent, opened, clicked, autoresponded, …)."""
    if event.event_type == "rejected":
        kind: Kind | None = _REJECTED.get(event.reject_reason or "", "failed")
    else:
        kind = _KINDS.get(event.event_type)
    if kind is None:
        return None
    detail = str(event.mta_response or event.description or "")
    code = smtp_code(detail) or _esp_code(event.esp_event)
    esp_event = event.esp_event if isinstance(event.esp_event, dict) else {}
    if kind in ("bounced", "failed") and (
        code.startswith("4") or esp_event.get("Type") == "SoftBounce"  # Postmark
    ):
        kind = "delayed"
    return Report(
        kind=kind,
        message_id=event.message_id or "",
        recipient=event.recipient or "",
        code=code,
        detail=detail[:300],
        firm_addresses=tuple(_esp_senders(esp_event)),
        source=f"{esp} {event.event_type}",
    )


_ENHANCED = re.compile(r"(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d.])")
_BASIC = re.compile(r"(?<![\d.])([245]\d\d)(?![\d.])")


def smtp_code(text: str) -> str:
    """The status code in a receiving server's reply, e.g. "550 5.1.1 User unknown" → 5.1.1.
    A code the code table knows wins, so "552 5.2.2 Mailbox full" reads as 552 (temporary)."""
    found = _ENHANCED.findall(text or "")[:1] + _BASIC.findall(text or "")[:1]
    for code in found:
        if code_meaning(code):
            return code
    return found[0] if found else ""


def _esp_code(esp_event: Any) -> str:
    """Mailgun gives the SMTP code apart from the message (event-data.delivery-status.code)."""
    if not isinstance(esp_event, dict):
        return ""
    status = (esp_event.get("event-data") or {}).get("delivery-status") or {}
    code = status.get("code") if isinstance(status, dict) else None
    return str(code) if isinstance(code, int) and 400 <= code < 600 else ""


def _esp_senders(esp_event: dict[str, Any]) -> list[str]:
    """The From of the original message, where the ESP's payload has it (Mailgun, Postmark)."""
    data = esp_event.get("event-data") or {}
    values = [
        ((data.get("message") or {}).get("headers") or {}).get("from"),
        (data.get("envelope") or {}).get("sender"),
        esp_event.get("From"),
    ]
    return [address for _, address in getaddresses([v for v in values if isinstance(v, str)])]


# --- Acting on a report --------------------------------------------------------------------


def email_report_record(*, report: Report, now: datetime) -> None:
    """Hand a delivery report to the engine, once: an ESP may post the same event again."""

    touch = _touch_reported(report)
    if touch is None:
        log.info(
            "email report (%s) for %s %s matches no email of ours",
            report.source,
            report.message_id or "no message id",
            report.recipient,
        )
        return
    if report.kind == "delivered":
        delivery_status(
            provider=touch.provider,
            provider_id=touch.provider_id,
            status="delivered",
            code="",
            now=now,
        )
    elif report.kind == "delayed":
        _note_delay(touch, report)
    elif report.kind == "opt_out":
        _opt_out(touch, report, now)
    else:
        code = report.code or ("bounce" if report.kind == "bounced" else "")
        if _bounce_known(touch, code):
            return
        delivery_status(
            provider=touch.provider,
            provider_id=touch.provider_id,
            status=report.kind,
            code=code,
            now=now,
            detail=report.detail,
        )


def _touch_reported(report: Report) -> Touch | None:
    """The email a report is about: by its Message-ID, else the latest email to the
    recipient, as long as only one firm has written to that address (or the report names
    the firm's address)."""
    sent = Touch.objects.filter(
        channel=TouchChannel.EMAIL, direction=Direction.OUT, provider__in=SENT_BY
    ).select_related("lead", "lead__firm")
    ids = _id_forms(report.message_id)
    if ids:
        found = sent.filter(provider_id__in=ids).first()
        if found is not None or not report.by_recipient:
            return found
    if not report.recipient:
        return None
    to_recipient = sent.filter(lead__email=_normal_email(report.recipient), state=TouchState.SENT)
    firms = firm_ids_for(report.firm_addresses)
    if firms:
        to_recipient = to_recipient.filter(firm_id__in=firms)
    if len(set(to_recipient.values_list("firm_id", flat=True)[:50])) != 1:
        return None
    return to_recipient.order_by("-done_at", "-id").first()


def _bounce_known(touch: Touch, code: str) -> bool:
    """This bounce (or one that already ended the address) was recorded before."""

    if touch.outcome != Outcome.BOUNCED:
        return False
    return touch.provider_code == code[:20] or channel_states(lead=touch.lead)["email"].dead


def _note_delay(touch: Touch, report: Report) -> None:
    """A temporary failure: the ESP tries again, the address stays in use. Only the touch's
    note says so (a hard bounce already recorded is not overwritten)."""
    note = f"delivery delayed ({report.code or 'no code'}): {report.detail}".strip(": ")
    Touch.objects.filter(pk=touch.pk).exclude(outcome=Outcome.BOUNCED).update(
        failure_note=note[:300], provider_code=report.code[:20]
    )


def _opt_out(touch: Touch, report: Report, now: datetime) -> None:

    known = suppressions_for(lead=touch.lead).get("email")
    if known is not None and known.reason == Suppression.Reason.OPT_OUT:
        return
    lead_opt_out(
        lead=touch.lead,
        channels={"email"},
        now=now,
        source="email",
        evidence={
            "touch": touch.pk,
            "report": report.source,
            "message_id": report.message_id,
            "detail": report.detail,
        },
    )


# --- Inbound mail: replies, and bounces that come back as mail -----------------------------


def on_inbound(sender: object, event: AnymailInboundEvent, esp_name: str, **_: Any) -> None:
    email_inbound_record(message=event.message, provider=_provider_name(esp_name), now=clock.now())


def email_inbound_record(
    *, message: AnymailInboundMessage, provider: str, now: datetime
) -> Touch | None:
    """A message that arrived at a firm's address: a bounce, an automatic answer (ignored),
    or the lead's reply, which goes on the lead's timeline."""

    recipients = _recipients(message)
    reports = dsn_reports(message, firm_addresses=recipients, source=f"{provider} inbound")
    if reports is not None:
        for report in reports:
            email_report_record(report=report, now=now)
        return None
    if _automatic(message):
        log.info("inbound email %s is an automatic answer; ignored", message["Message-ID"])
        return None
    sender = parseaddr(str(message["From"] or ""))[1]
    firm = _firm_replied_to(message, recipients, sender)
    if firm is None or not sender:
        log.info("inbound email from %r to %s: no single firm", sender, recipients)
        return None
    mine = firm_addresses(firm)
    to_address = next((a for a in recipients if a.lower() in mine), "".join(recipients[:1]))
    touch = inbound_message(
        firm=firm,
        channel="email",
        from_address=sender,
        to_address=to_address,
        body=body_text(message),
        provider=provider,
        provider_id=_message_key(message),
        now=now,
    )
    if touch is None:
        log.info("inbound email from %r to %s: no lead with that address", sender, firm)
    return touch


def _recipients(message: AnymailInboundMessage) -> list[str]:
    values = [message.envelope_recipient or ""]
    for header in ("To", "Cc", "Delivered-To", "X-Original-To"):
        values += [str(v) for v in message.get_all(header) or []]
    seen: dict[str, None] = {}
    for _, address in getaddresses(values):
        if "@" in address:
            seen.setdefault(address.strip(), None)
    return list(seen)


def _automatic(message: Message) -> bool:
    """An out-of-office or other automatic answer (RFC 3834 Auto-Submitted, and the older
    headers mail systems still use) is not the person replying."""
    auto = str(message.get("Auto-Submitted") or "no").strip().lower()
    precedence = str(message.get("Precedence") or "").strip().lower()
    return (
        auto != "no"
        or precedence in ("auto_reply", "bulk", "junk")
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
    )


def _firm_replied_to(message: Message, recipients: list[str], sender: str) -> Firm | None:
    """The firm by the address written to; where that address is shared (the environment's
    sender), by the message it answers (our Message-ID in In-Reply-To / References), else by
    which of those firms has a lead with the sender's address."""

    firms = firm_ids_for(recipients)
    if len(firms) == 1:
        return Firm.objects.get(pk=next(iter(firms)))
    thread = " ".join(
        str(v) for h in ("In-Reply-To", "References") for v in message.get_all(h) or []
    )
    ids = [i for found in re.findall(r"<[^<>\s]+>", thread) for i in _id_forms(found)]
    if ids:
        answered = (
            Touch.objects.filter(provider__in=SENT_BY, provider_id__in=ids, direction=Direction.OUT)
            .select_related("firm")
            .first()
        )
        if answered is not None and (not firms or answered.firm_id in firms):
            return answered.firm
    if firms and sender:
        having = set(
            Lead.objects.filter(firm_id__in=firms, email=_normal_email(sender))
            .values_list("firm_id", flat=True)
            .distinct()
        )
        if len(having) == 1:
            return Firm.objects.get(pk=having.pop())
    return None


def _message_key(message: AnymailInboundMessage) -> str:
    """The inbound touch's provider id, for idempotency: the Message-ID when it fits the
    column, else a digest of it (or of the message's own fields when it has none)."""
    message_id = str(message["Message-ID"] or "").strip()
    if message_id and len(message_id) <= 64:
        return message_id
    basis = message_id or "\n".join(
        str(part) for part in (message["From"], message["To"], message["Date"], message["Subject"])
    ) + "\n" + (body_text(message))
    return "sha256:" + hashlib.sha256(basis.encode("utf-8", "replace")).hexdigest()[:56]


_BREAKS = re.compile(r"<\s*(?:br|/p|/div|/li|/tr|/h\d|/blockquote)\b[^>]*>", re.IGNORECASE)
_INVISIBLE = re.compile(r"<(style|script|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def body_text(message: AnymailInboundMessage) -> str:
    """The message's text; from its HTML when it has no text part. Quoted history stays in:
    the opt-out classifier drops it when it reads the reply."""
    text = message.text
    if text and text.strip():
        return text.strip()
    markup = message.html or ""
    markup = _BREAKS.sub("\n", _INVISIBLE.sub("", markup))
    lines = (line.strip() for line in html.unescape(strip_tags(markup)).splitlines())
    return "\n".join(line for line in lines if line)


# --- Delivery status notifications (RFC 3464) ----------------------------------------------


def dsn_reports(
    message: Message, *, firm_addresses: Iterable[str] = (), source: str = ""
) -> list[Report] | None:
    """The reports in a delivery status notification, one per recipient it names; None if
    the message is not one. The original Message-ID comes from the returned message or its
    headers (message/rfc822, text/rfc822-headers); only a report without one may be matched
    by the recipient alone, so a bounce of some other mail from the firm's address (a
    person's own email) never ends a lead's address."""
    parts = list(message.walk())
    status_parts = [p for p in parts if p.get_content_type() == "message/delivery-status"]
    is_report = message.get_content_type() == "multipart/report" and (
        str(message.get_param("report-type") or "").lower() == "delivery-status"
    )
    if not status_parts and not is_report:
        return None
    original = _original_message_id(parts)
    reports = []
    for part in status_parts:
        for fields in _status_blocks(part):
            report = _recipient_report(fields, original, tuple(firm_addresses), source)
            if report is not None:
                reports.append(report)
    return reports


def _status_blocks(part: Message) -> list[Message]:
    """The header blocks of a message/delivery-status part (per-message, per-recipient).
    Python's parser gives a list of blocks; a part rebuilt from an ESP's attachment list
    holds one message whose body is the rest: both are serialised and split again."""
    payload = part.get_payload()
    if isinstance(payload, list):
        text = "\n".join(b.as_string() for b in payload if isinstance(b, Message))
    else:
        raw = part.get_payload(decode=True)
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(payload)
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    return [HeaderParser().parsestr(block.strip() + "\n") for block in blocks if block.strip()]


def _recipient_report(
    fields: Message, original: str, firm_addresses: tuple[str, ...], source: str
) -> Report | None:
    recipient = _typed_address(fields.get("Original-Recipient")) or _typed_address(
        fields.get("Final-Recipient")
    )
    action = str(fields.get("Action") or "").strip().lower()
    status = str(fields.get("Status") or "").strip()
    if not recipient or not (action or status):
        return None
    diagnostic = " ".join(str(fields.get("Diagnostic-Code") or "").split())
    diagnostic = diagnostic.partition(";")[2].strip() or diagnostic
    code = smtp_code(f"{status} {diagnostic}")
    if action in ("delivered", "relayed", "expanded"):
        kind: Kind = "delivered"
    elif action == "delayed" or code.startswith("4"):
        kind = "delayed"
    elif action == "failed" or code.startswith("5"):
        kind = "bounced"
    else:
        return None
    return Report(
        kind=kind,
        message_id=original,
        recipient=recipient,
        code=code,
        detail=(diagnostic or f"{action} {status}".strip())[:300],
        firm_addresses=firm_addresses,
        source=f"{source} delivery status notification".strip(),
        by_recipient=not original,
    )


def _typed_address(value: object) -> str:
    """ "rfc822; jane@example.com" → jane@example.com (RFC 3464 §2.3.2)."""
    text = str(value or "").strip()
    kind, sep, address = text.partition(";")
    if sep and kind.strip().lower() != "rfc822":
        return ""
    address = (address if sep else text).strip().strip("<>")
    return address if "@" in address else ""


def _original_message_id(parts: list[Message]) -> str:
    for part in parts:
        kind = part.get_content_type()
        if kind in ("message/rfc822", "message/global"):
            inner = part.get_payload()
            first = inner[0] if isinstance(inner, list) and inner else None
            if isinstance(first, Message) and first["Message-ID"]:
                return str(first["Message-ID"]).strip()
        elif kind in ("text/rfc822-headers", "message/rfc822-headers"):
            raw = part.get_payload(decode=True)
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""
            found = HeaderParser().parsestr(text, headersonly=True)["Message-ID"]
            if found:
                return str(found).strip()
    return ""


# --- Addresses -----------------------------------------------------------------------------


def firm_addresses(firm: Firm) -> set[str]:
    """The addresses mail to or from this firm uses: its own email (where replies go) and
    the address it sends from (its own setting, else STEADFAST_EMAIL_FROM, which every firm
    without its own shares)."""

    try:
        own_from = firm_settings(firm).email_from
    except ImproperlyConfigured:
        own_from = ""
    sends_from = parseaddr(own_from or settings.STEADFAST_EMAIL_FROM)[1]
    return {a.strip().lower() for a in (firm.email, sends_from)} - {""}


def firm_ids_for(addresses: Iterable[str]) -> set[int]:
    """The firms any of these addresses belongs to. Firms are few, so they are read whole."""
    wanted = {parseaddr(a)[1].strip().lower() for a in addresses} - {""}
    if not wanted:
        return set()
    firms = Firm.objects.only("pk", "email", "provider_settings")
    return {firm.pk for firm in firms if wanted & firm_addresses(firm)}


def _id_forms(message_id: str) -> list[str]:
    """A Message-ID with and without its angle brackets: smtp.py stores "<id@host>", ESPs
    report either form."""
    bare = (message_id or "").strip().strip("<>").strip()
    return [f"<{bare}>", bare] if bare else []


def _normal_email(address: str) -> str:

    return check_email(address).normalized or address.strip().lower()


def _provider_name(esp_name: str) -> str:
    return re.sub(r"\W+", "_", esp_name.strip().lower())[:20] or "email"
