"""What every email to a lead carries: the firm's name and postal address (CAN-SPAM,
15 U.S.C. 7704(a)(5)(A)(iii)), a visible unsubscribe link, and the one-click unsubscribe
headers of RFC 2369 / RFC 8058 that Gmail and Yahoo require of bulk senders.

The link names the lead by a signed token (django.core.signing): it cannot be guessed or
altered, and it does not expire, because an unsubscribe link must keep working.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.utils.html import escape

from steadfast.channels.base import OutgoingEmail
from steadfast.firms.models import Firm

_SALT = "steadfast.channels.unsubscribe"


def unsubscribe_token(*, lead_id: int) -> str:
    return signing.dumps(lead_id, salt=_SALT)


def lead_id_from_token(token: str) -> int | None:
    """The lead a token names, or None if it was not made here or was altered."""
    try:
        value = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def unsubscribe_url(*, lead_id: int) -> str:
    # An email names its link twice (its template's text, then the footer and headers). The
    # token signs the lead and the second it is made (signing.dumps): within one second it is
    # the same text, so it is signed once.
    return _url(lead_id, int(time.time()), settings.PUBLIC_URL, settings.SECRET_KEY)


@functools.lru_cache(maxsize=64)
def _url(lead_id: int, second: int, public_url: str, secret_key: str) -> str:
    return f"{public_url}/u/{unsubscribe_token(lead_id=lead_id)}"


@functools.lru_cache(maxsize=256)
def _mailbox(address: str) -> str:
    """The address part of a firm's From or Reply-To (the same for every email it sends)."""
    return parseaddr(address)[1]


def footer_text(*, firm: Firm, url: str, address: bool = True) -> str:
    """`address=False` when the message shows the firm's postal address already (its
    signature): the footer then does not repeat it."""
    lines = ["--"]
    if address:
        lines.append(firm.name)
        if firm.postal_address:
            lines.append(firm.postal_address)
    lines.append(f"You receive this email because you contacted {firm.name}.")
    if url:
        lines.append(f"Unsubscribe: {url}")
    return "\n".join(lines)


def footer_html(*, firm: Firm, url: str, address: bool = True) -> str:
    parts = []
    if address:
        parts.append(f"<strong>{escape(firm.name)}</strong>")
        if firm.postal_address:
            parts.append(escape(firm.postal_address))
    parts.append(f"You receive this email because you contacted {escape(firm.name)}.")
    if url:
        parts.append(f'<a href="{escape(url)}">Unsubscribe</a>')
    return '<p style="margin-top:2em;font-size:12px;color:#666">' + "<br>".join(parts) + "</p>"


def email_with_footer(message: OutgoingEmail, *, firm: Firm) -> OutgoingEmail:
    """The message as it goes out: footer appended, unsubscribe headers set when the lead is
    known. Headers the caller set win, except the two unsubscribe headers, which are ours."""
    url = unsubscribe_url(lead_id=message.lead_id) if message.lead_id is not None else ""
    headers = dict(message.headers)
    if url:
        token = url.rsplit("/", 1)[1]
        mailbox = _mailbox(message.reply_to or message.from_)
        targets = [f"<{url}>"]
        if mailbox:
            targets.append(f"<mailto:{mailbox}?subject={quote('unsubscribe ' + token)}>")
        headers["List-Unsubscribe"] = ", ".join(targets)
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # CAN-SPAM wants the postal address once; the default signature already carries it.
    signed = bool(firm.postal_address) and firm.postal_address in message.text
    footer = footer_text(firm=firm, url=url, address=not signed)
    text = message.text.rstrip("\n") + "\n\n" + footer + "\n"
    html = message.html
    if html:
        signed_html = bool(firm.postal_address) and escape(firm.postal_address) in html
        footer = footer_html(firm=firm, url=url, address=not signed_html)
        closing = html.lower().rfind("</body>")
        html = html[:closing] + footer + html[closing:] if closing >= 0 else html + footer
    return dataclasses.replace(message, text=text, html=html, headers=headers)
