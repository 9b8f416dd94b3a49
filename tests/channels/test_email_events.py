"""Email replies and bounces through anymail's webhooks, posted the way Mailgun and Postmark do.

Jane is an email-only lead of Lakeshore Injury Law, posted through the API; the first email of
her cadence really goes out over SMTP (a local aiosmtpd server), so its touch carries the
Message-ID the ESP reports back. Mailgun's posts are signed with HMAC-SHA256 over timestamp and
token, as Mailgun signs them; every post carries the basic auth of ANYMAIL_WEBHOOK_SECRET.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from steadfast import clock
from steadfast.channels.email_events import smtp_code
from steadfast.channels.provider_config import SmtpConfig
from steadfast.compliance.models import ConsentRecord, Suppression
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine.dispatcher import dispatch_one_batch
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead, ValidityCheck

SECRET = "esp-hooks:Jk3v9Qm2Xw7Lp4Rt8Zy6"
SIGNING_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
FIRM_ADDRESS = "intake@lakeshore.example"
JANE = "jane@example.com"


@dataclass
class Relay:
    """A local SMTP server standing in for the ESP's relay."""

    received: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.received.append(envelope)
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def relay(settings: Any, no_override: None) -> Iterator[Relay]:
    relay = Relay()
    port = _free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=port)
    controller.start()
    settings.STEADFAST_SMTP = SmtpConfig(host="127.0.0.1", port=port, timeout=5)
    try:
        yield relay
    finally:
        controller.stop()


@pytest.fixture
def hooks(settings: Any) -> Any:
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    return settings


@pytest.fixture
def jane(api: Callable[..., Any], firm: Firm, hooks: Any) -> Lead:
    firm.email = FIRM_ADDRESS
    firm.save(update_fields=["email"])
    response = api(
        "post",
        "/leads",
        {"first_name": "Jane", "email": JANE, "state": "IL", "consent": {"email": True}},
    )
    assert response.status_code == 201
    return Lead.objects.get(pk=response.json()["id"])


@pytest.fixture
def sent(jane: Lead, relay: Relay, now: datetime) -> Iterator[Touch]:
    """The cadence's first email, sent 20 minutes after arrival; the test goes on an hour later."""
    later = now + timedelta(minutes=20)
    with clock.frozen(later):
        assert dispatch_one_batch(now=later)
    assert len(relay.received) == 1
    touch = Touch.objects.get(lead=jane, channel="email", state=TouchState.SENT)
    with clock.frozen(later + timedelta(hours=1)):
        yield touch


# --- Posting like the ESPs -----------------------------------------------------------------


def _auth(secret: str = SECRET) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def _mailgun_signature(key: str = SIGNING_KEY) -> dict[str, str]:
    timestamp, token = "1772470800", uuid.uuid4().hex + uuid.uuid4().hex[:18]
    digest = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {"timestamp": timestamp, "token": token, "signature": digest}


def mailgun_event(event_data: dict[str, Any], key: str = SIGNING_KEY) -> dict[str, Any]:
    return {"signature": _mailgun_signature(key), "event-data": event_data}


def mailgun_failed(
    touch: Touch, *, severity: str = "permanent", code: int = 550, message: str = ""
) -> dict[str, Any]:
    """Mailgun's "failed" event (its webhook documentation's example, for our message)."""
    return {
        "id": "G9Bn5sl1TC6nu79C8C0bwg",
        "timestamp": 1772470800.375624,
        "log-level": "error" if severity == "permanent" else "warn",
        "event": "failed",
        "severity": severity,
        "reason": "bounce" if severity == "permanent" else "generic",
        "envelope": {"sender": FIRM_ADDRESS, "transport": "smtp", "targets": JANE},
        "flags": {"is-routed": False, "is-authenticated": True, "is-test-mode": False},
        "delivery-status": {
            "attempt-no": 1,
            "message": message or "5.1.1 The email account that you tried to reach does not exist.",
            "code": code,
            "description": "",
            "session-seconds": 0.42,
        },
        "message": {
            "headers": {
                "to": JANE,
                # Mailgun reports the Message-ID without its angle brackets.
                "message-id": touch.provider_id.strip("<>"),
                "from": f"Lakeshore Injury Law <{FIRM_ADDRESS}>",
                "subject": touch.subject,
            },
            "attachments": [],
            "size": 2431,
        },
        "recipient": JANE,
        "recipient-domain": "example.com",
        "campaigns": [],
        "tags": [],
        "user-variables": {},
    }


@pytest.fixture
def post_json(client: Client) -> Callable[..., Any]:
    def post(path: str, payload: Any, *, auth: dict[str, str] | None = None) -> Any:
        return client.post(
            path,
            data=json.dumps(payload),
            content_type="application/json",
            **(_auth() if auth is None else auth),
        )

    return post


@pytest.fixture
def mailgun_inbound(client: Client) -> Callable[..., Any]:
    """Mailgun's forward() route to a URL with "mime" in it: the raw message in body-mime."""

    def post(raw: str, *, recipient: str = FIRM_ADDRESS, sender: str = JANE) -> Any:
        fields = {
            "recipient": recipient,
            "sender": sender,
            "from": sender,
            "subject": "Re: your inquiry",
            "body-mime": raw,
            **_mailgun_signature(),
        }
        return client.post("/hooks/email/mailgun/inbound_mime/", data=fields, **_auth())

    return post


def reply_mime(in_reply_to: str, text: str, *, to: str = FIRM_ADDRESS, extra: str = "") -> str:
    return (
        f"From: Jane Doe <{JANE}>\n"
        f"To: Lakeshore Injury Law <{to}>\n"
        "Subject: Re: About your inquiry\n"
        "Date: Mon, 2 Mar 2026 11:30:00 -0600\n"
        "Message-ID: <CAHk2x7q9@mail.example.com>\n"
        f"In-Reply-To: {in_reply_to}\n"
        f"References: {in_reply_to}\n"
        f"{extra}"
        "MIME-Version: 1.0\n"
        'Content-Type: text/plain; charset="utf-8"\n'
        "\n"
        f"{text}\n"
        "\n"
        "On Mon, Mar 2, 2026 at 10:20 AM Lakeshore Injury Law <intake@lakeshore.example> wrote:\n"
        "> Hi Jane, thanks for reaching out.\n"
        "> Unsubscribe: https://intake.lakeshore.example/u/abc\n"
    )


def dsn_mime(original_message_id: str, *, status: str = "5.1.1") -> str:
    """A Postfix-style delivery status notification (RFC 3464) for our message to Jane."""
    return (
        "From: MAILER-DAEMON@mx.relay.example (Mail Delivery System)\n"
        f"To: {FIRM_ADDRESS}\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "Date: Mon, 2 Mar 2026 16:25:00 +0000\n"
        "Message-ID: <20260302162500.4F2A1@mx.relay.example>\n"
        "Auto-Submitted: auto-replied\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"\n'
        "\n"
        "--B1\n"
        "Content-Type: text/plain; charset=us-ascii\n"
        "\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients. Please stop sending to this address.\n"
        "\n"
        "--B1\n"
        "Content-Type: message/delivery-status\n"
        "\n"
        "Reporting-MTA: dns; mx.relay.example\n"
        "Arrival-Date: Mon, 2 Mar 2026 16:20:01 +0000\n"
        "\n"
        f"Final-Recipient: rfc822; {JANE}\n"
        f"Original-Recipient: rfc822;{JANE}\n"
        "Action: failed\n"
        f"Status: {status}\n"
        "Remote-MTA: dns; mx.example.com\n"
        f"Diagnostic-Code: smtp; 550 {status} <{JANE}>: Recipient address rejected:\n"
        "    User unknown in virtual mailbox table\n"
        "\n"
        "--B1\n"
        "Content-Type: text/rfc822-headers\n"
        "\n"
        f"From: Lakeshore Injury Law <{FIRM_ADDRESS}>\n"
        f"To: {JANE}\n"
        "Subject: About your inquiry\n"
        f"Message-ID: {original_message_id}\n"
        "\n"
        "--B1--\n"
    )


def postmark_inbound(**overrides: Any) -> dict[str, Any]:
    """Postmark's inbound webhook JSON (its documented example, for Jane's reply)."""
    payload: dict[str, Any] = {
        "FromName": "Jane Doe",
        "MessageStream": "inbound",
        "From": JANE,
        "FromFull": {"Email": JANE, "Name": "Jane Doe", "MailboxHash": ""},
        "To": f"Lakeshore Injury Law <{FIRM_ADDRESS}>",
        "ToFull": [{"Email": FIRM_ADDRESS, "Name": "Lakeshore Injury Law", "MailboxHash": ""}],
        "Cc": "",
        "CcFull": [],
        "Bcc": "",
        "BccFull": [],
        "OriginalRecipient": FIRM_ADDRESS,
        "Subject": "Re: About your inquiry",
        "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
        "ReplyTo": "",
        "MailboxHash": "",
        "Date": "Mon, 2 Mar 2026 11:30:00 -0600",
        "TextBody": "",
        "HtmlBody": "",
        "StrippedTextReply": "",
        "Tag": "",
        "Headers": [
            {"Name": "Return-Path", "Value": f"<{JANE}>"},
            {"Name": "X-Spam-Status", "Value": "No"},
            {"Name": "Message-ID", "Value": "<CAFx9ww2@mail.example.com>"},
        ],
        "Attachments": [],
    }
    payload.update(overrides)
    return payload


def postmark_record(record_type: str, kind: str, **overrides: Any) -> dict[str, Any]:
    """Postmark's bounce / spam complaint webhook JSON. Its MessageID is Postmark's own, not
    the Message-ID we sent, so the email is found by the recipient."""
    payload: dict[str, Any] = {
        "RecordType": record_type,
        "MessageStream": "outbound",
        "ID": 4323372036854775807,
        "Type": kind,
        "TypeCode": {"HardBounce": 1, "SoftBounce": 4096, "SpamComplaint": 512}[kind],
        "Name": kind,
        "Tag": "",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Metadata": {},
        "ServerID": 23,
        "Description": "",
        "Details": "",
        "Email": JANE,
        "From": FIRM_ADDRESS,
        "BouncedAt": "2026-03-02T17:20:00Z",
        "DumpAvailable": False,
        "Inactive": kind != "SoftBounce",
        "CanActivate": True,
        "Subject": "About your inquiry",
        "Content": "",
    }
    payload.update(overrides)
    return payload


def timeline(api: Callable[..., Any], lead: Lead) -> list[dict[str, Any]]:
    """The lead's timeline as the firm's staff see it (a vendor's key never sees replies)."""
    from steadfast.leads.selectors import lead_timeline

    return [{"kind": e.kind, "data": e.data} for e in lead_timeline(lead=lead)]


# --- Replies -------------------------------------------------------------------------------


def test_it_puts_a_reply_on_the_timeline_and_hands_the_lead_to_a_person(
    sent: Touch, jane: Lead, api: Callable[..., Any], mailgun_inbound: Callable[..., Any]
) -> None:
    response = mailgun_inbound(reply_mime(sent.provider_id, "Yes, please call me after 5."))

    assert response.status_code == 200
    jane.refresh_from_db()
    assert jane.status == "engaged"
    [reply] = [
        i for i in timeline(api, jane) if i["kind"] == "touch" and i["data"]["direction"] == "in"
    ]
    assert reply["data"]["channel"] == "email"
    assert reply["data"]["outcome"] == "replied"
    assert reply["data"]["content"].startswith("Yes, please call me after 5.")
    # The cadence stopped: the next email is not sent.
    assert not Touch.objects.filter(lead=jane, channel="email", state=TouchState.PLANNED).exists()


def test_it_reads_an_html_only_reply_posted_by_postmark(
    sent: Touch, jane: Lead, api: Callable[..., Any], post_json: Callable[..., Any]
) -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Thanks &amp; yes,</p><div>I&#39;m free tomorrow morning.</div></body></html>"
    )

    response = post_json("/hooks/email/postmark/inbound/", postmark_inbound(HtmlBody=html))

    assert response.status_code == 200
    jane.refresh_from_db()
    assert jane.status == "engaged"
    [reply] = Touch.objects.filter(lead=jane, direction="in")
    assert reply.content == "Thanks & yes,\nI'm free tomorrow morning."
    assert (reply.provider, reply.provider_id) == ("postmark", "<CAFx9ww2@mail.example.com>")


def test_it_opts_out_on_a_reply_that_says_stop(
    sent: Touch, jane: Lead, mailgun_inbound: Callable[..., Any]
) -> None:
    mailgun_inbound(reply_mime(sent.provider_id, "Please stop emailing me."))

    jane.refresh_from_db()
    assert jane.status == "opted_out"
    assert Suppression.objects.filter(value=JANE, channel="email", reason="opt_out").exists()


def test_it_does_not_take_an_out_of_office_answer_for_a_reply(
    sent: Touch, jane: Lead, mailgun_inbound: Callable[..., Any]
) -> None:
    raw = reply_mime(
        sent.provider_id, "I am out of the office.", extra="Auto-Submitted: auto-replied\n"
    )

    assert mailgun_inbound(raw).status_code == 200

    jane.refresh_from_db()
    assert jane.status != "engaged"
    assert not Touch.objects.filter(lead=jane, direction="in").exists()


def test_it_never_files_a_reply_to_another_firm_under_its_leads(
    sent: Touch, jane: Lead, other_firm: Firm, mailgun_inbound: Callable[..., Any]
) -> None:
    other_firm.email = "intake@harbor.example"
    other_firm.save(update_fields=["email"])

    mailgun_inbound(
        reply_mime("<unrelated@harbor.example>", "Hello Harbor", to="intake@harbor.example"),
        recipient="intake@harbor.example",
    )

    jane.refresh_from_db()
    assert jane.status != "engaged"
    assert not Touch.objects.filter(direction="in").exists()


# --- Bounces, delivery, complaints ---------------------------------------------------------


def test_it_ends_emails_on_a_hard_bounce_and_an_email_only_lead_is_invalid(
    sent: Touch, jane: Lead, api: Callable[..., Any], post_json: Callable[..., Any]
) -> None:
    response = post_json("/hooks/email/mailgun/tracking/", mailgun_event(mailgun_failed(sent)))

    assert response.status_code == 200
    jane.refresh_from_db()
    assert (jane.status, jane.status_reason) == ("invalid", "bad_email")
    sent.refresh_from_db()
    assert (sent.outcome, sent.provider_code) == ("bounced", "5.1.1")
    assert not Touch.objects.filter(lead=jane, channel="email", state=TouchState.PLANNED).exists()
    [check] = [
        i for i in timeline(api, jane) if i["kind"] == "check" and i["data"]["check"] == "bounce"
    ]
    assert check["data"]["result"] == "invalid"
    assert check["data"]["evidence"]["code"] == "5.1.1"
    assert check["data"]["evidence"]["provider_id"] == sent.provider_id
    assert check["data"]["detail"].startswith("Bad destination mailbox address: 5.1.1 The email")
    assert "does not exist" in check["data"]["evidence"]["provider_detail"]


def test_it_only_notes_a_soft_bounce(
    sent: Touch, jane: Lead, post_json: Callable[..., Any]
) -> None:
    status_before = Lead.objects.get(pk=jane.pk).status
    planned_before = Touch.objects.filter(lead=jane, state=TouchState.PLANNED).count()
    event = mailgun_failed(
        sent, severity="temporary", code=452, message="4.2.2 The email account is over quota."
    )

    assert post_json("/hooks/email/mailgun/tracking/", mailgun_event(event)).status_code == 200

    jane.refresh_from_db()
    assert jane.status == status_before
    assert Touch.objects.filter(lead=jane, state=TouchState.PLANNED).count() == planned_before
    assert not Suppression.objects.exists()
    sent.refresh_from_db()
    assert sent.outcome in ("", "sent")
    assert sent.failure_note == "delivery delayed (4.2.2): 4.2.2 The email account is over quota."


def test_it_reads_a_postmark_soft_bounce_as_temporary(
    sent: Touch, jane: Lead, post_json: Callable[..., Any]
) -> None:
    record = postmark_record("Bounce", "SoftBounce", Details="smtp;452 mailbox full")

    assert post_json("/hooks/email/postmark/tracking/", record).status_code == 200

    jane.refresh_from_db()
    assert jane.status != "invalid"
    sent.refresh_from_db()
    assert "452" in sent.failure_note and sent.outcome != "bounced"


def test_it_finds_the_email_of_a_postmark_bounce_by_its_recipient(
    sent: Touch, jane: Lead, post_json: Callable[..., Any]
) -> None:
    record = postmark_record(
        "Bounce", "HardBounce", Details="smtp;550 5.1.1 The email account does not exist"
    )

    assert post_json("/hooks/email/postmark/tracking/", record).status_code == 200

    jane.refresh_from_db()
    assert (jane.status, jane.status_reason) == ("invalid", "bad_email")


def test_it_opts_out_of_email_on_a_spam_complaint(
    sent: Touch, jane: Lead, post_json: Callable[..., Any]
) -> None:
    record = postmark_record("SpamComplaint", "SpamComplaint", Details="Marked as spam")

    assert post_json("/hooks/email/postmark/tracking/", record).status_code == 200

    jane.refresh_from_db()
    assert jane.status == "opted_out"
    assert Suppression.objects.get(value=JANE).reason == "opt_out"
    latest = ConsentRecord.objects.filter(lead=jane, channel="email").order_by("at", "id").last()
    assert latest is not None and latest.action == "revoke"


def test_it_marks_the_email_delivered(sent: Touch, post_json: Callable[..., Any]) -> None:
    event = {
        **mailgun_failed(sent),
        "event": "delivered",
        "log-level": "info",
        "delivery-status": {"code": 250, "message": "OK", "description": ""},
    }

    assert post_json("/hooks/email/mailgun/tracking/", mailgun_event(event)).status_code == 200

    sent.refresh_from_db()
    assert sent.outcome == "delivered"


# --- Bounces that come back as mail --------------------------------------------------------


def test_it_reads_a_returned_mail_notice_as_a_bounce_not_a_reply(
    sent: Touch, jane: Lead, mailgun_inbound: Callable[..., Any]
) -> None:
    response = mailgun_inbound(dsn_mime(sent.provider_id), sender="")

    assert response.status_code == 200
    jane.refresh_from_db()
    assert (jane.status, jane.status_reason) == ("invalid", "bad_email")
    assert not Touch.objects.filter(lead=jane, direction="in").exists()
    check = ValidityCheck.objects.get(lead=jane, kind="bounce")
    assert check.evidence["code"] == "5.1.1"


def test_it_reads_a_notice_that_postmark_took_apart_into_attachments(
    sent: Touch, jane: Lead, post_json: Callable[..., Any]
) -> None:
    status = (
        "Reporting-MTA: dns; mx.relay.example\n\n"
        f"Final-Recipient: rfc822; {JANE}\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n"
    )
    headers = f"From: {FIRM_ADDRESS}\nTo: {JANE}\nMessage-ID: {sent.provider_id}\n"
    payload = postmark_inbound(
        From="MAILER-DAEMON@mx.relay.example",
        FromFull={"Email": "MAILER-DAEMON@mx.relay.example", "Name": "", "MailboxHash": ""},
        Subject="Undelivered Mail Returned to Sender",
        TextBody="Your message could not be delivered.",
        Attachments=[
            {
                "Name": "details.txt",
                "ContentType": "message/delivery-status",
                "Content": base64.b64encode(status.encode()).decode(),
                "ContentLength": len(status),
            },
            {
                "Name": "headers.txt",
                "ContentType": "text/rfc822-headers",
                "Content": base64.b64encode(headers.encode()).decode(),
                "ContentLength": len(headers),
            },
        ],
    )

    assert post_json("/hooks/email/postmark/inbound/", payload).status_code == 200

    jane.refresh_from_db()
    assert (jane.status, jane.status_reason) == ("invalid", "bad_email")
    assert not Touch.objects.filter(lead=jane, direction="in").exists()


def test_it_ignores_a_returned_mail_notice_for_mail_it_did_not_send(
    sent: Touch, jane: Lead, mailgun_inbound: Callable[..., Any]
) -> None:
    status_before = Lead.objects.get(pk=jane.pk).status

    mailgun_inbound(dsn_mime("<a-person-wrote-this@lakeshore.example>"), sender="")

    jane.refresh_from_db()
    assert jane.status == status_before
    assert not ValidityCheck.objects.filter(kind="bounce").exists()
    assert not Touch.objects.filter(direction="in").exists()


# --- Refusals and replays ------------------------------------------------------------------


def _state(lead: Lead) -> tuple[Any, ...]:
    lead.refresh_from_db()
    touches = list(Touch.objects.order_by("pk").values_list("pk", "state", "outcome"))
    return lead.status, touches, ValidityCheck.objects.count(), Suppression.objects.count()


@pytest.mark.parametrize(
    ("auth", "key", "status"),
    [
        ({}, SIGNING_KEY, 401),
        (_auth("esp-hooks:not-the-password-at-all"), SIGNING_KEY, 403),
        (_auth(), "key-someone-else-s-signing-key", 403),
    ],
    ids=["no basic auth", "wrong basic auth", "wrong mailgun signature"],
)
def test_it_refuses_a_tracking_post_without_valid_credentials(
    sent: Touch,
    jane: Lead,
    post_json: Callable[..., Any],
    auth: dict[str, str],
    key: str,
    status: int,
) -> None:
    before = _state(jane)

    response = post_json(
        "/hooks/email/mailgun/tracking/", mailgun_event(mailgun_failed(sent), key=key), auth=auth
    )

    assert response.status_code == status
    assert _state(jane) == before


def test_it_refuses_a_reply_without_basic_auth(
    sent: Touch, jane: Lead, post_json: Callable[..., Any]
) -> None:
    before = _state(jane)

    response = post_json(
        "/hooks/email/postmark/inbound/", postmark_inbound(TextBody="STOP"), auth={}
    )

    assert response.status_code == 401
    assert _state(jane) == before


def test_it_refuses_everything_while_no_secret_is_set(
    sent: Touch, jane: Lead, settings: Any, post_json: Callable[..., Any]
) -> None:
    settings.ANYMAIL = {}
    before = _state(jane)

    response = post_json("/hooks/email/postmark/inbound/", postmark_inbound(TextBody="STOP"))

    assert response.status_code == 403
    assert "ANYMAIL_WEBHOOK_SECRET" in response.content.decode()
    assert _state(jane) == before


def test_it_answers_a_mailgun_post_without_its_signing_key_with_a_4xx(
    sent: Touch, jane: Lead, settings: Any, post_json: Callable[..., Any]
) -> None:
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    before = _state(jane)

    response = post_json("/hooks/email/mailgun/tracking/", mailgun_event(mailgun_failed(sent)))

    assert response.status_code == 400
    assert "MAILGUN_WEBHOOK_SIGNING_KEY" in response.content.decode()
    assert _state(jane) == before


def test_it_answers_an_unreadable_payload_with_a_400(
    sent: Touch, jane: Lead, client: Client
) -> None:
    before = _state(jane)

    response = client.post(
        "/hooks/email/postmark/tracking/",
        data="{not json",
        content_type="application/json",
        **_auth(),
    )

    assert response.status_code == 400
    assert _state(jane) == before


@pytest.mark.parametrize(
    "path",
    [
        "/hooks/email/postmark/inbound/",
        "/hooks/email/mailjet/inbound/",
        "/hooks/email/brevo/tracking/",
    ],
)
@pytest.mark.parametrize("payload", [[], [1], "x", 7, None])
def test_it_answers_json_of_the_wrong_shape_with_a_400(
    sent: Touch, jane: Lead, post_json: Callable[..., Any], path: str, payload: Any
) -> None:
    before = _state(jane)

    response = post_json(path, payload)

    assert response.status_code == 400
    assert _state(jane) == before


def test_it_acts_once_on_a_bounce_posted_again(
    sent: Touch, jane: Lead, post_json: Callable[..., Any], mailgun_inbound: Callable[..., Any]
) -> None:
    for _ in range(2):
        post_json("/hooks/email/mailgun/tracking/", mailgun_event(mailgun_failed(sent)))
    mailgun_inbound(dsn_mime(sent.provider_id), sender="")

    assert ValidityCheck.objects.filter(lead=jane, kind="bounce").count() == 1


def test_it_records_a_reply_posted_again_once(
    sent: Touch, jane: Lead, mailgun_inbound: Callable[..., Any]
) -> None:
    raw = reply_mime(sent.provider_id, "Call me please.")
    for _ in range(2):
        assert mailgun_inbound(raw).status_code == 200

    assert Touch.objects.filter(lead=jane, direction="in").count() == 1


def test_it_opts_out_once_on_a_complaint_posted_again(
    sent: Touch, jane: Lead, post_json: Callable[..., Any]
) -> None:
    record = postmark_record("SpamComplaint", "SpamComplaint")
    for _ in range(2):
        post_json("/hooks/email/postmark/tracking/", record)

    assert ConsentRecord.objects.filter(lead=jane, channel="email", action="revoke").count() == 1
    assert jane.status_changes.filter(to_status="opted_out").count() == 1


# --- Reading codes and settings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        ("550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown", "5.1.1"),
        ("smtp;550 5.7.1 Message rejected as spam", "550"),
        ("552 5.2.2 Mailbox full", "552"),
        ("host mx.example.com[203.0.113.25] said: 421 4.7.0 Try again later", "4.7.0"),
        ("Not delivering to previously bounced address", ""),
    ],
)
def test_it_reads_the_status_code_in_a_servers_reply(reply: str, code: str) -> None:
    assert smtp_code(reply) == code


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ANYMAIL_WEBHOOK_SECRET": "just-a-password-no-user"}, "must be user:password"),
        ({"ANYMAIL_WEBHOOK_SECRET": "esp:short"}, "at least 16 characters"),
        ({"ANYMAIL_WEBHOOK_SECRET": "esp:pass word with spaces"}, "no spaces"),
        (
            {"ANYMAIL_WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": "key with spaces!"},
            "MAILGUN_WEBHOOK_SIGNING_KEY must be",
        ),
        ({"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}, "ANYMAIL_WEBHOOK_SECRET is not"),
    ],
)
def test_it_fails_loudly_on_a_malformed_webhook_setting(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    from steadfast import settings as steadfast_settings

    monkeypatch.delenv("ANYMAIL_WEBHOOK_SECRET", raising=False)
    monkeypatch.delenv("MAILGUN_WEBHOOK_SIGNING_KEY", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(ImproperlyConfigured, match=message):
        steadfast_settings._anymail()


def test_it_reads_good_webhook_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from steadfast import settings as steadfast_settings

    monkeypatch.setenv("ANYMAIL_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("MAILGUN_WEBHOOK_SIGNING_KEY", SIGNING_KEY)

    assert steadfast_settings._anymail() == {
        "WEBHOOK_SECRET": SECRET,
        "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
    }
