"""The kept connection to the SMTP relay: no NOOP before a message when the connection was used
moments ago, and a relay that dropped it gets each email exactly once — or the touch is
`unknown`, never sent twice, when the connection dropped once the message was handed over."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from steadfast import clock
from steadfast.channels import providers
from steadfast.channels.models import ProviderSend
from steadfast.channels.provider_config import SmtpConfig
from steadfast.channels.smtp import KEEP_FRESH, SmtpProvider, close_kept
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine.dispatcher import dispatch_one_batch
from steadfast.engine.events import manual_message_send
from steadfast.firms.models import Firm
from tests.channels.test_smtp import PUBLIC_URL, Inbox, _email, _free_port

pytestmark = pytest.mark.django_db


@dataclasses.dataclass
class Relay(Inbox):
    noops: int = 0
    drop_after_data: bool = False  # takes the message, then the connection drops unanswered

    async def handle_NOOP(
        self, server: SMTP, session: Session, envelope: Envelope, arg: str
    ) -> str:
        self.noops += 1
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        answer = await super().handle_DATA(server, session, envelope)
        if self.drop_after_data:
            self.drop_after_data = False
            assert server.transport is not None
            server.transport.abort()
        return answer


@dataclasses.dataclass
class Restartable:
    """A relay on a fixed port that can be restarted: its connections are dropped."""

    relay: Relay
    config: SmtpConfig
    controller: Controller

    def restart(self) -> None:
        self.controller.stop()
        self.controller = Controller(self.relay, hostname="127.0.0.1", port=self.config.port)
        self.controller.start()


@pytest.fixture
def relay(settings: Any) -> Iterator[Restartable]:
    settings.PUBLIC_URL = PUBLIC_URL
    port = _free_port()
    inbox = Relay()
    config = SmtpConfig(host="127.0.0.1", port=port, timeout=30)
    running = Restartable(inbox, config, Controller(inbox, hostname="127.0.0.1", port=port))
    running.controller.start()
    try:
        yield running
    finally:
        close_kept()
        running.controller.stop()


def test_a_connection_used_moments_ago_carries_the_next_message_without_a_noop(
    firm: Firm, relay: Restartable, now: Any
) -> None:
    provider = SmtpProvider(firm, relay.config)

    results = [provider.send_email(_email(to=f"{n}@example.com")) for n in range(3)]
    with clock.frozen(now + KEEP_FRESH + timedelta(seconds=1)):  # idle for a while
        results.append(provider.send_email(_email(to="later@example.com")))

    assert [r.status for r in results] == ["sent"] * 4
    assert len(relay.relay.messages) == 4
    assert len(relay.relay.peers) == 1  # one connection throughout
    assert relay.relay.noops == 1  # asked only after the idle while


def test_a_relay_that_dropped_the_connection_before_the_next_email_gets_it_once(
    firm: Firm, relay: Restartable
) -> None:
    provider = SmtpProvider(firm, relay.config)

    first = provider.send_email(_email(to="a@example.com", reference="touch-1-1"))
    relay.restart()  # the kept connection is gone; no NOOP finds it (used moments ago)
    second = provider.send_email(_email(to="b@example.com", reference="touch-2-1"))

    assert (first.status, second.status) == ("sent", "sent")
    assert [e.rcpt_tos for e, _ in relay.relay.messages] == [["a@example.com"], ["b@example.com"]]
    assert len(relay.relay.peers) == 2
    assert relay.relay.noops == 0
    assert set(ProviderSend.objects.values_list("status", flat=True)) == {"sent"}


@pytest.fixture
def over_relay(relay: Restartable) -> Iterator[Restartable]:
    saved = providers.override
    providers.override = lambda firm: SmtpProvider(firm, relay.config)
    try:
        yield relay
    finally:
        providers.override = saved


@pytest.fixture
def emails(capture: Callable[..., Any], alice: Any, now: Any) -> Callable[[int], list[Touch]]:
    def make(count: int) -> list[Touch]:
        made = []
        for n in range(count):
            lead = capture(
                first_name=f"Lead{n}",
                phone=f"+1 312 555 01{n:02d}",
                email=f"lead{n}@example.com",
                state="IL",
                consent={"call": True, "sms": True, "email": True},
            )
            made.append(
                manual_message_send(
                    lead=lead, channel="email", body="Hello", subject="Hi", now=now, actor=alice
                )
            )
        return made

    return make


def test_through_the_dispatcher_a_dropped_kept_connection_costs_no_email_and_no_duplicate(
    over_relay: Restartable, emails: Callable[[int], list[Touch]], now: Any
) -> None:
    first, second = emails(2)
    dispatch_one_batch(now=now, limit=1)
    over_relay.restart()
    dispatch_one_batch(now=now, limit=1)

    states = dict(Touch.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "state"))
    assert states == {first.pk: TouchState.SENT, second.pk: TouchState.SENT}
    assert sorted(e.rcpt_tos[0] for e, _ in over_relay.relay.messages) == [
        "lead0@example.com",
        "lead1@example.com",
    ]
    records = ProviderSend.objects.order_by("id")
    assert [(r.reference, r.status) for r in records] == [
        (f"touch-{first.pk}-1", "sent"),
        (f"touch-{second.pk}-1", "sent"),
    ]


def test_a_connection_dropped_after_the_message_was_handed_over_leaves_the_touch_unknown(
    over_relay: Restartable, emails: Callable[[int], list[Touch]], now: Any
) -> None:
    (touch,) = emails(1)
    over_relay.relay.drop_after_data = True

    dispatch_one_batch(now=now)
    dispatch_one_batch(now=now + timedelta(minutes=5))

    touch.refresh_from_db()
    assert touch.state == TouchState.UNKNOWN  # the relay may have it: never sent blindly again
    assert len(over_relay.relay.messages) == 1
    [record] = ProviderSend.objects.all()
    assert (record.reference, record.status) == (f"touch-{touch.pk}-1", "sending")
