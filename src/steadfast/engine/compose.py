"""Turning a planned touch into the message a provider sends: text, sender, headers."""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import formataddr
from html import escape
from typing import Any

import phonenumbers
from django.db.models.signals import post_delete, post_save

from steadfast.channels.base import OutgoingCall, OutgoingEmail, OutgoingSms
from steadfast.channels.library import template_for
from steadfast.channels.local_presence import number_for_lead
from steadfast.channels.models import MessageTemplate
from steadfast.channels.templates import context_for, render, render_context, variables_read
from steadfast.compliance import bar
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.firms.models import Firm, OutboundNumber
from steadfast.leads.models import Lead

# CTIA Messaging Principles and Best Practices §5: the first message to a person says how to
# stop them. The default templates carry this line; a firm's own wording or a text a person
# types by hand may not, so the first text to a number always gets it.
OPT_OUT_LINE = "Reply STOP to opt out."
_OPT_OUT_WORDING = re.compile(r"\b(stop|unsubscribe|opt[ -]?out)\b", re.IGNORECASE)


def is_first_text(*, lead: Lead, exclude: int | None = None) -> bool:
    """Whether the firm has never sent a text to this lead's number (any lead of the firm
    with that number: duplicates are one person)."""
    return _first_to(lead, TouchChannel.SMS, lead.phone, exclude)


def is_first_email(*, lead: Lead, exclude: int | None = None) -> bool:
    """The same for an email to this lead's address."""
    return _first_to(lead, TouchChannel.EMAIL, lead.email, exclude)


def _first_to(lead: Lead, channel: str, address: str, exclude: int | None) -> bool:
    earlier = Touch.objects.filter(
        firm_id=lead.firm_id,
        channel=channel,
        direction=Direction.OUT,
        to_address=address,
        state=TouchState.SENT,
    )
    if exclude is not None:
        earlier = earlier.exclude(pk=exclude)
    return not earlier.exists()


def with_opt_out_line(body: str) -> str:
    """The text with the opt-out line, unless it already says how to stop."""
    if _OPT_OUT_WORDING.search(body):
        return body
    return f"{body.rstrip()}\n{OPT_OUT_LINE}"


@dataclass(frozen=True)
class Composed:
    outgoing: OutgoingSms | OutgoingEmail | OutgoingCall
    body_text: str
    subject: str
    from_address: str
    template_version: str = ""


# The firm's template texts as read for one batch of the dispatcher (its memo of the firm: one
# claim, or a sender's claims for FIRMS_FRESH; or one `now`): a batch composes many messages,
# and reads each template once. Any save of a template in this process empties it; another
# process's edit is read by the next batch, at most FIRMS_FRESH later, as the firm's settings.
_read: dict[tuple[object, int, str], dict[str, str]] = {}


def _forget_templates(**kwargs: object) -> None:
    _read.clear()


post_save.connect(_forget_templates, sender=MessageTemplate)
post_delete.connect(_forget_templates, sender=MessageTemplate)


def _template(firm: Firm, key: str, batch: object) -> dict[str, str]:
    known = _read.get((batch, firm.pk, key))
    if known is not None:
        return known
    found = template_for(firm, key)
    texts = {"subject": found.subject, "body": found.body, "html": found.html}
    if len(_read) > 1000:
        _read.clear()
    _read[(batch, firm.pk, key)] = texts
    return texts


def template_version(firm: Firm, key: str, batch: object) -> str:
    """Which wording of template `key` is sent now: "first_sms@1a2b3c4d5e6f", a digest of
    its subject, body and HTML (any edit makes another version). `batch`: see _read."""
    texts = _template(firm, key, batch)
    return f"{key}@{_digest(texts['subject'] or '', texts['body'] or '', texts['html'] or '')}"


@functools.lru_cache(maxsize=256)
def _digest(subject: str, body: str, html: str) -> str:
    return hashlib.sha256("\x1f".join((subject, body, html)).encode()).hexdigest()[:12]


def _bar_dressed(
    *,
    touch: Touch,
    lead: Lead,
    subject: str,
    body: str,
    html: str,
    rules: Any = None,
    found: Any = None,
    first_text: bool | None = None,
    first_email: bool | None = None,
) -> tuple[str, str, str]:
    """The message with what the bar rules over this lead require (compliance.bar): the
    Illinois lead-service disclosure in the first message on the channel, then the labels.
    `found`: the rules over this lead (bar.applicable), when the caller has them."""

    if touch.template in ("optout_confirmation", "help_reply"):
        return subject, body, html  # answers to the person's own message, not advertising
    found = bar.applicable(lead, rules) if found is None else found
    if not found:
        return subject, body, html
    channel = touch.channel
    if channel == TouchChannel.SMS:
        first = is_first_text(lead=lead, exclude=touch.pk) if first_text is None else first_text
    elif first_email is None:
        first = is_first_email(lead=lead, exclude=touch.pk)
    else:
        first = first_email
    # The disclosure goes with the cadence's first email (a text only to a lead without an
    # email address); a message typed by hand is the person's own words, and the lead page
    # shows them the disclosure to give.
    carries = touch.step is not None and (channel == TouchChannel.EMAIL or not lead.email)
    note = bar.disclosure(lead, found=found) if first and carries else ""
    if note and note not in body:
        body = f"{body.rstrip()}\n\n{note}" if channel == TouchChannel.EMAIL else f"{body} {note}"
        if html:
            html = _html_before_end(html, f"<p>{escape(note)}</p>")
    if channel == TouchChannel.SMS and touch.template != "optout_confirmation" and first:
        body = with_opt_out_line(body)  # before an end label: the label closes the message
    labels = bar.labels_for(lead, channel, found=found)
    subject, body = bar.labelled(
        lead=lead, channel=channel, subject=subject, body=body, found=found
    )
    if html:
        for label in labels.start:
            if label.lower() not in html[:500].lower():
                html = f"<p>{escape(label)}</p>\n{html}"
        for label in labels.end:
            html = _html_before_end(html, f"<p>{escape(label)}</p>")
    return subject, body, html


def _html_before_end(html: str, fragment: str) -> str:
    at = html.lower().rfind("</body>")
    return f"{html[:at]}{fragment}\n{html[at:]}" if at >= 0 else f"{html}\n{fragment}"


def _render(
    firm: Firm, lead: Lead, key: str, callback: OutboundNumber | None, batch: object
) -> tuple[str, str, str]:

    template = _template(firm, key, batch)
    # "Call us back at …" names the lead's own local number (F8), so the callback reaches it.
    extra = {"callback_number": _national(callback.e164)} if callback else None
    reads = frozenset().union(*(variables_read(text) for text in template.values() if text))
    context = render_context(context_for(lead, firm, extra=extra, reads=reads))
    subject = render(template.get("subject") or "", context) if template.get("subject") else ""
    body = render(template["body"], context)
    html = render(template["html"], context) if template.get("html") else ""
    return subject, body, html


@functools.lru_cache(maxsize=1024)
def _national(e164: str) -> str:
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _sender_number(lead: Lead, chosen: OutboundNumber | None) -> str:
    return chosen.e164 if chosen else lead.firm.phone


@dataclass(frozen=True)
class Known:
    """What the caller has read already about this lead, under its lock (the dispatcher reads
    it all in one statement): whether its number was texted (its address emailed) before,
    the bar rules over it (bar.applicable), and which batch of sends this is (each template
    is read once per batch)."""

    first_text: bool
    first_email: bool
    bar_rules: list[Any]
    batch: object
    number: OutboundNumber | None  # the lead's local number (None: the firm has none)


def outgoing(
    *,
    touch: Touch,
    lead: Lead,
    now: datetime,
    kept: OutboundNumber | None = None,
    bar_rules: Any = None,
    known: Known | None = None,
) -> Composed:
    """The message for this touch. `kept`: the lead's sticky number when the caller has
    loaded it; `known`: what the caller has read already (above), the number included."""
    firm = lead.firm
    batch = known.batch if known is not None else now

    def number() -> OutboundNumber | None:
        if known is not None:
            return known.number
        return kept or number_for_lead(firm=firm, lead=lead, now=now)

    found = known.bar_rules if known is not None else None
    version = (
        template_version(firm, touch.template, batch)
        if touch.template and not touch.content
        else ""
    )
    if touch.channel == TouchChannel.SMS:
        body = touch.content or _render(firm, lead, touch.template, number(), batch)[1]
        first = (
            known.first_text if known is not None else is_first_text(lead=lead, exclude=touch.pk)
        )
        body = _bar_dressed(
            touch=touch,
            lead=lead,
            subject="",
            body=body,
            html="",
            rules=bar_rules,
            found=found,
            first_text=first,
        )[1]
        # The opt-out confirmation is the one text that must not invite a STOP.
        if touch.template != "optout_confirmation" and first:
            body = with_opt_out_line(body)
        sender = _sender_number(lead, number())
        return Composed(
            OutgoingSms(to=lead.phone, from_=sender, body=body, reference=touch.reference),
            body,
            "",
            sender,
            version,
        )
    if touch.channel == TouchChannel.EMAIL:
        if touch.content:
            subject, body, html = touch.subject, touch.content, ""
        else:
            subject, body, html = _render(firm, lead, touch.template, number(), batch)
        subject, body, html = _bar_dressed(
            touch=touch,
            lead=lead,
            subject=subject,
            body=body,
            html=html,
            rules=bar_rules,
            found=found,
            first_email=known.first_email if known is not None else None,
        )
        sender = firm.email or f"intake@{firm.slug}.steadfast.invalid"
        # The provider adds the firm's footer and the one-click unsubscribe headers.
        return Composed(
            OutgoingEmail(
                to=lead.email,
                from_=formataddr((firm.name, sender)),
                subject=subject,
                text=body,
                html=html,
                reference=touch.reference,
                lead_id=lead.pk,
            ),
            body,
            subject,
            sender,
            version,
        )
    if touch.channel == TouchChannel.VOICEMAIL_DROP:
        script = _render(firm, lead, touch.template or "voicemail", number(), batch)[1]
        sender = _sender_number(lead, number())
        return Composed(
            OutgoingCall(
                to=lead.phone,
                from_=sender,
                purpose="voicemail_drop",
                voicemail_text=script,
                touch_id=touch.pk,
                reference=touch.reference,
            ),
            script,
            "",
            sender,
            template_version(firm, touch.template or "voicemail", batch),
        )
    raise ValueError(f"a {touch.channel} touch is not sent by a provider")
