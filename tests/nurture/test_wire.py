"""A nurture email as a real SMTP server (aiosmtpd) receives it: the RFC 8058 one-click
unsubscribe headers in plain form, the footer, and the "talk to us" link on the public URL."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest

from steadfast.channels import providers
from steadfast.channels.provider_config import SmtpConfig
from steadfast.channels.smtp import SmtpProvider
from steadfast.channels.unsubscribe import lead_id_from_token
from steadfast.nurture.services import touch_id_from_token
from tests.channels.test_smtp import PUBLIC_URL, Inbox, public_url, smtp_server  # noqa: F401
from tests.nurture.conftest import run_until

pytestmark = pytest.mark.django_db


@pytest.fixture
def over_smtp(smtp_server: tuple[Inbox, SmtpConfig]) -> Iterator[Inbox]:  # noqa: F811
    inbox, config = smtp_server
    # A generous timeout: on a loaded machine a 5 s one can expire mid-send, and the send is
    # then reconciled and repeated, which is not what this test is about.
    patient = dataclasses.replace(config, timeout=30)
    previous = providers.override
    providers.override = lambda firm: SmtpProvider(firm, patient)
    try:
        yield inbox
    finally:
        providers.override = previous


def test_a_nurture_email_carries_one_click_unsubscribe_on_the_wire(
    in_nurture,
    now,
    over_smtp: Inbox,
    public_url: str,  # noqa: F811
):
    jane = in_nurture()
    run_until(now + timedelta(weeks=5))

    [(envelope, received)] = over_smtp.messages
    assert envelope.rcpt_tos == ["jane@example.com"]
    raw = envelope.original_content or envelope.content
    assert isinstance(raw, bytes)
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ")
    lines = unfolded.split("\r\n")
    [unsubscribe] = [h for h in lines if h.lower().startswith("list-unsubscribe:")]
    assert "=?" not in unsubscribe  # not RFC 2047-encoded: mailbox providers read it raw
    web, mailto = [part.strip() for part in unsubscribe.split(":", 1)[1].split(",")]
    assert web.startswith(f"<{PUBLIC_URL}/u/") and web.endswith(">")
    assert lead_id_from_token(web.strip("<>").rsplit("/", 1)[1]) == jane.pk
    assert mailto.startswith("<mailto:") and mailto.endswith(">")
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines
    assert received["Subject"] == "What to do in the weeks after an injury"
    text = received.get_body(("plain",)).get_content().replace("\r\n", "\n")
    from steadfast.dispatch.models import Touch

    touch = Touch.objects.get(lead=jane, template__startswith="nurture:", state="sent")
    [link] = re.findall(rf"{re.escape(PUBLIC_URL)}/n/\S+", text)
    assert touch_id_from_token(link.rsplit("/", 1)[1]) == touch.pk
    assert "200 N LaSalle St" in text
    assert "not legal advice" in text
    assert f"Unsubscribe: {web.strip('<>')}" in text
