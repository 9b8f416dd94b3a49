"""Email through a real SMTP server on this machine (aiosmtpd), as a relay would receive it."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from steadfast.channels.base import OutgoingEmail
from steadfast.channels.provider_config import SmtpConfig
from steadfast.channels.providers import CompositeProvider, provider_for_firm
from steadfast.channels.smtp import SmtpProvider, close_kept
from steadfast.channels.unsubscribe import lead_id_from_token
from steadfast.firms.models import Firm

PUBLIC_URL = "https://intake.lakeshore.example"


@dataclass
class Inbox:
    messages: list[tuple[Envelope, EmailMessage]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    peers: list[Any] = field(default_factory=list)  # one per connection

    async def handle_EHLO(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        hostname: str,
        responses: list[str],
    ) -> list[str]:
        self.peers.append(session.peer)
        session.host_name = hostname
        return responses

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope, parsed))  # type: ignore[arg-type]
        return "250 Message accepted"


def _free_port() -> int:
    # aiosmtpd's readiness check cannot use port 0; ask the kernel for a free one first.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, SmtpConfig]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, SmtpConfig(host="127.0.0.1", port=port, timeout=5)
    finally:
        close_kept()  # QUIT before the server goes, not a reset it would log after the test
        controller.stop()


@pytest.fixture
def public_url(settings: Any) -> str:
    settings.PUBLIC_URL = PUBLIC_URL
    return PUBLIC_URL


def _email(lead_id: int | None = 41, **overrides: Any) -> OutgoingEmail:
    fields: dict[str, Any] = {
        "to": "jane@example.com",
        "from_": '"Lakeshore Injury Law" <intake@lakeshore.example>',
        "subject": "About your accident",
        "text": "Hi Jane,\nthanks for reaching out.",
        "html": "<html><body><p>Hi Jane,</p></body></html>",
        "reference": "touch-5-1",
        "lead_id": lead_id,
    }
    fields.update(overrides)
    return OutgoingEmail(**fields)


def test_it_delivers_with_footer_and_one_click_unsubscribe_headers(
    firm: Firm, smtp_server: tuple[Inbox, SmtpConfig], public_url: str
) -> None:
    inbox, config = smtp_server

    result = SmtpProvider(firm, config).send_email(_email())

    assert result.status == "sent" and result.provider == "smtp"
    [(envelope, received)] = inbox.messages
    assert envelope.rcpt_tos == ["jane@example.com"]
    assert received["Message-ID"] == result.provider_id
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    web, mailto = [part.strip(" <>") for part in received["List-Unsubscribe"].split(",")]
    assert web.startswith(f"{PUBLIC_URL}/u/")
    assert lead_id_from_token(web.rsplit("/", 1)[1]) == 41
    assert mailto.startswith("mailto:intake@lakeshore.example?subject=unsubscribe")
    text = received.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("Hi Jane,\nthanks for reaching out.")
    assert "Lakeshore Injury Law\n200 N LaSalle St, Chicago, IL 60601" in text
    assert f"Unsubscribe: {web}" in text
    html = received.get_body(("html",)).get_content()
    assert "200 N LaSalle St, Chicago, IL 60601" in html
    assert f'<a href="{web}">Unsubscribe</a></p></body>' in html


def test_it_sends_from_the_configured_address_and_lets_replies_reach_the_firm(
    firm: Firm, smtp_server: tuple[Inbox, SmtpConfig], public_url: str
) -> None:
    inbox, config = smtp_server

    SmtpProvider(firm, config, sender="Steadfast <mail@relay.example>").send_email(_email())

    [(envelope, received)] = inbox.messages
    assert envelope.mail_from == "mail@relay.example"
    assert received["Reply-To"] == "Lakeshore Injury Law <intake@lakeshore.example>"


def test_it_reports_a_refused_mailbox_with_the_smtp_code(
    firm: Firm, smtp_server: tuple[Inbox, SmtpConfig], public_url: str
) -> None:
    inbox, config = smtp_server
    inbox.refuse.add("nobody@example.com")

    result = SmtpProvider(firm, config).send_email(_email(to="nobody@example.com"))

    assert (result.status, result.code) == ("failed", "550")
    assert "No such user" in result.detail
    assert inbox.messages == []


def test_it_sends_one_message_after_another_over_one_connection(
    firm: Firm, smtp_server: tuple[Inbox, SmtpConfig], public_url: str
) -> None:
    inbox, config = smtp_server
    inbox.refuse.add("nobody@example.com")
    provider = SmtpProvider(firm, config)

    results = [
        provider.send_email(_email(to=to))
        for to in ("a@example.com", "nobody@example.com", "b@example.com")
    ]
    again = SmtpProvider(firm, config).send_email(_email(to="c@example.com"))

    assert [r.status for r in [*results, again]] == ["sent", "failed", "sent", "sent"]
    assert [e.rcpt_tos for e, _ in inbox.messages] == [["a@example.com"], ["b@example.com"],
                                                       ["c@example.com"]]  # fmt: skip
    assert len(inbox.peers) == 1


def test_it_reconnects_when_the_server_dropped_the_kept_connection(
    firm: Firm, public_url: str
) -> None:
    inbox, port = Inbox(), _free_port()
    config = SmtpConfig(host="127.0.0.1", port=port, timeout=5)
    first = Controller(inbox, hostname="127.0.0.1", port=port)
    first.start()
    assert SmtpProvider(firm, config).send_email(_email(to="a@example.com")).status == "sent"
    first.stop()  # a relay restarted: the kept connection is gone
    second = Controller(inbox, hostname="127.0.0.1", port=port)
    second.start()
    try:
        result = SmtpProvider(firm, config).send_email(_email(to="b@example.com"))
    finally:
        second.stop()

    assert result.status == "sent"
    assert [e.rcpt_tos for e, _ in inbox.messages] == [["a@example.com"], ["b@example.com"]]
    assert len(inbox.peers) == 2


def test_it_reports_a_server_that_does_not_answer(firm: Firm, public_url: str) -> None:
    config = SmtpConfig(host="127.0.0.1", port=_free_port(), timeout=2)

    result = SmtpProvider(firm, config).send_email(_email())

    assert result.status == "failed"
    assert f"127.0.0.1:{config.port}" in result.detail


def test_it_comes_from_the_environment_for_email_only(
    firm: Firm,
    smtp_server: tuple[Inbox, SmtpConfig],
    settings: Any,
    no_override: None,
    public_url: str,
) -> None:
    inbox, config = smtp_server
    settings.STEADFAST_SMTP = config

    provider = provider_for_firm(firm)

    assert isinstance(provider, CompositeProvider)
    assert provider.name == "console+smtp"
    assert provider.send_email(_email()).status == "sent"
    assert len(inbox.messages) == 1
    assert provider.lookup(provider.send_email(_email(reference="touch-6-1")).provider_id)


def test_it_puts_a_plain_rfc8058_list_unsubscribe_header_on_the_wire(
    firm: Firm, smtp_server: tuple[Inbox, SmtpConfig], public_url: str
) -> None:
    # Gmail and Yahoo read the raw header: an RFC 2047 encoded-word (=?utf-8?q?=3Chttps…?=)
    # is not a URL to them, and they show no one-click unsubscribe.
    inbox, config = smtp_server

    SmtpProvider(firm, config).send_email(_email())

    [(envelope, _)] = inbox.messages
    raw = envelope.original_content or envelope.content
    assert isinstance(raw, bytes)
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ")
    [line] = [h for h in unfolded.split("\r\n") if h.lower().startswith("list-unsubscribe:")]
    assert "=?" not in line
    value = line.split(":", 1)[1].strip()
    web, mailto = [part.strip() for part in value.split(",")]
    assert web.startswith(f"<{PUBLIC_URL}/u/") and web.endswith(">")
    assert lead_id_from_token(web.strip("<>").rsplit("/", 1)[1]) == 41
    assert mailto.startswith("<mailto:intake@lakeshore.example?subject=") and mailto.endswith(">")
    [post] = [h for h in unfolded.split("\r\n") if h.lower().startswith("list-unsubscribe-post:")]
    assert post == "List-Unsubscribe-Post: List-Unsubscribe=One-Click"


def test_headers_parsed_once_and_reused_give_the_bytes_the_email_package_gives() -> None:
    # Header objects are kept by name and text and folded once (building an email was mostly
    # parsing and folding its headers): what goes on the wire must not change.
    import re

    from django.core.mail import EmailMultiAlternatives

    from steadfast.channels.smtp import _LeadEmail, _wire_bytes

    def build(cls: type[EmailMultiAlternatives], n: int) -> bytes:
        token = f"{n:08d}" + "t" * 100
        message = cls(
            subject=f"About your accident, Jane {n} — and a subject longer than one line of 78",
            body=f"Hi Jané {n},\nthanks.",
            from_email='"Lakeshore Injury Law" <intake@lakeshore.example>',
            to=[f"jane{n}@example.com"],
            reply_to=["intake@lakeshore.example"],
            headers={
                "List-Unsubscribe": f"<https://intake.example/u/{token}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Message-ID": f"<{n:032d}@lakeshore.example>",
                "Date": "Mon, 02 Mar 2026 16:00:00 +0000",
            },
        )
        message.attach_alternative(f"<p>Hi Jane {n}</p>", "text/html")
        policy = email.policy.SMTP
        if cls is not _LeadEmail:  # the standard registry, the same line length
            policy = policy.clone(max_line_length=998)
        built = message.message(policy=policy)
        # Ours with the process's boundary, its parts' headers folded once (_wire_bytes).
        raw = _wire_bytes(built) if cls is _LeadEmail else built.as_bytes()
        return re.sub(rb"=+\d+==", b"BOUNDARY", raw)

    for n in (1, 2, 1):
        assert build(_LeadEmail, n) == build(EmailMultiAlternatives, n)


def test_it_gives_an_email_whose_text_holds_the_usual_boundary_one_of_its_own(
    firm: Firm, smtp_server: tuple[Inbox, SmtpConfig], public_url: str
) -> None:
    # A process's emails share one MIME boundary, so their Content-Type header is parsed and
    # folded once; a part that contains it must never end up cut in two.
    from steadfast.channels.smtp import _BOUNDARY

    inbox, config = smtp_server
    provider = SmtpProvider(firm, config)
    provider.send_email(_email())
    provider.send_email(_email(text=f"Hi Jane,\n--{_BOUNDARY}\nthanks."))

    [(_, usual), (_, own)] = inbox.messages
    assert usual.get_boundary() == _BOUNDARY
    assert own.get_boundary() != _BOUNDARY
    assert [part.get_content_type() for part in own.iter_parts()] == ["text/plain", "text/html"]
    text = own.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith(f"Hi Jane,\n--{_BOUNDARY}\nthanks.")


@pytest.mark.parametrize(
    "address",
    [
        "jane@example.com",
        "Jane.Doe+intake@mail.example.co.uk",
        "-x_1@xn--bcher-kva.example",
        '"Lakeshore Injury Law" <intake@lakeshore.example>',
        "o'brien@example.com",
        "jane..doe@example.com",
        ".jane@example.com",
        "jane@example..com",
        "jané@example.com",
        "jane@bücher.example",
    ],
)
def test_it_gives_the_relay_each_address_as_django_would(address: str) -> None:
    # A plain address is handed over as it is, without Django's parsing: the same answer.
    from django.core.mail.backends.smtp import EmailBackend

    from steadfast.channels.smtp import _addr_spec

    try:
        expected = EmailBackend.prep_address(None, address)  # type: ignore[arg-type]
    except ValueError:
        with pytest.raises(ValueError):
            _addr_spec(address)
        return
    assert _addr_spec(address) == expected


def test_it_dates_the_email_by_the_clock_unless_it_has_a_date(
    firm: Firm, smtp_server: tuple[Inbox, SmtpConfig], public_url: str, now: Any
) -> None:
    inbox, config = smtp_server
    provider = SmtpProvider(firm, config)
    provider.send_email(_email())
    provider.send_email(_email(headers={"date": "Mon, 02 Mar 2026 09:00:00 -0600"}))

    [(_, dated), (_, own)] = inbox.messages
    assert dated["Date"].datetime == now
    assert own.get_all("Date") == ["Mon, 02 Mar 2026 09:00:00 -0600"]
