"""A team shares the call queue: each agent is shown a different due call, held for them; an
outcome is never silently lost; calls are routed to the best-placed agent with a fallback."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.db import connection

from steadfast.dispatch.models import Touch, TouchChannel, TouchState
from steadfast.engine.call_queue import (
    HOLD,
    ROUTE_WAIT,
    agent_availability_set,
    call_claim_next,
    call_due_count,
    call_hold_release,
    call_queue_team,
)
from steadfast.engine.events import call_outcome_log, inbound_message
from steadfast.errors import Refused
from steadfast.firms.models import Firm, Membership, Role, User
from steadfast.leads.models import Lead, Status
from tests.conftest import make_user


@pytest.fixture
def agents(firm: Firm) -> list[User]:
    return [make_user(firm, f"agent{n}@lakeshore.example", Role.AGENT) for n in range(1, 4)]


def due_leads(capture: Callable[..., Lead], now: datetime, count: int) -> list[Lead]:
    """`count` leads from Chicago, each arriving a second after the one before."""
    return [
        capture(
            first_name=f"Lead{n}",
            phone=f"+1 312 555 {100 + n:04d}",
            state="IL",
            consent={"call": True},
            now=now + timedelta(seconds=n),
        )
        for n in range(count)
    ]


def first_call(lead: Lead) -> Touch:
    return Touch.objects.get(lead=lead, channel=TouchChannel.CALL, step=1)


def test_it_shows_each_agent_a_different_due_call(
    firm: Firm, agents: list[User], capture: Callable[..., Lead], now: datetime
):
    leads = due_leads(capture, now, 2)
    at = now + timedelta(seconds=5)

    first = call_claim_next(firm=firm, agent=agents[0], now=at)
    second = call_claim_next(firm=firm, agent=agents[1], now=at)
    third = call_claim_next(firm=firm, agent=agents[2], now=at)

    assert first is not None and second is not None
    assert first.touch.lead == leads[0]  # the earliest due call first
    assert second.touch.lead == leads[1]  # not Lead0: agent 1 has it on screen
    assert third is None  # both calls are held; nobody is offered a held call
    # Asking again (the page polls) keeps each agent on their own call.
    again = call_claim_next(firm=firm, agent=agents[0], now=at + timedelta(seconds=3))
    assert again is not None and again.touch == first.touch


def test_it_returns_a_call_to_the_queue_when_the_hold_runs_out(
    firm: Firm, agents: list[User], capture: Callable[..., Lead], now: datetime
):
    [lead] = due_leads(capture, now, 1)
    held = call_claim_next(firm=firm, agent=agents[0], now=now)
    assert held is not None
    assert (
        call_claim_next(firm=firm, agent=agents[1], now=now + HOLD - timedelta(seconds=1)) is None
    )

    later = call_claim_next(firm=firm, agent=agents[1], now=now + HOLD)

    assert later is not None and later.touch.lead == lead
    # Agent 1's page comes back: the call is agent 2's now, not offered twice.
    assert call_claim_next(firm=firm, agent=agents[0], now=now + HOLD) is None


def test_it_releases_a_call_on_skip_on_away_and_on_an_outcome(
    firm: Firm, agents: list[User], capture: Callable[..., Lead], now: datetime
):
    leads = due_leads(capture, now, 2)
    bob, ann = agents[0], agents[1]
    assert call_claim_next(firm=firm, agent=bob, now=now).touch.lead == leads[0]  # type: ignore[union-attr]

    skipped = call_claim_next(firm=firm, agent=bob, now=now, skip={first_call(leads[0]).pk})
    assert skipped is not None and skipped.touch.lead == leads[1]
    assert call_claim_next(firm=firm, agent=ann, now=now).touch.lead == leads[0]  # type: ignore[union-attr]

    agent_availability_set(firm=firm, agent=bob, available=False, now=now)
    assert call_claim_next(firm=firm, agent=bob, now=now) is None  # away: no calls
    call_outcome_log(touch=first_call(leads[0]), outcome="no_answer", now=now, actor=ann)
    assert call_claim_next(firm=firm, agent=ann, now=now).touch.lead == leads[1]  # type: ignore[union-attr]


def test_it_refuses_a_second_outcome_naming_who_logged_what(
    firm: Firm, agents: list[User], capture: Callable[..., Lead], now: datetime
):
    [lead] = due_leads(capture, now, 1)
    call = first_call(lead)
    call_outcome_log(touch=call, outcome="no_answer", now=now, actor=agents[0])

    with pytest.raises(Refused, match="Agent1 already logged “No answer” for this call at 10:00"):
        call_outcome_log(touch=call, outcome="voicemail", now=now, actor=agents[1])
    call.refresh_from_db()
    assert (call.outcome, call.performed_by) == ("no_answer", agents[0])


def test_it_engages_a_lead_who_answered_whatever_was_logged_first(
    firm: Firm, agents: list[User], capture: Callable[..., Lead], now: datetime
):
    [lead] = due_leads(capture, now, 1)
    call = first_call(lead)
    call_outcome_log(touch=call, outcome="no_answer", now=now, actor=agents[0])
    assert Touch.objects.filter(lead=lead, state=TouchState.PLANNED).exists()  # the cadence goes on

    said = call_outcome_log(
        touch=call, outcome="connected", now=now + timedelta(seconds=30), actor=agents[1]
    )

    assert "your “Connected” counts" in said and "Agent1 already logged “No answer”" in said
    lead.refresh_from_db()
    call.refresh_from_db()
    assert lead.status == Status.ENGAGED
    assert (call.outcome, call.performed_by) == ("connected", agents[1])
    # The cadence stopped: no text goes to a person who just talked to the firm.
    assert not Touch.objects.filter(lead=lead, state=TouchState.PLANNED).exists()


def test_it_offers_a_call_to_the_agent_who_speaks_the_leads_language_first(
    firm: Firm, agents: list[User], capture: Callable[..., Lead], now: datetime
):
    english = capture(first_name="Ken", phone="+1 312 555 0177", state="IL", consent={"call": True})
    spanish = capture(
        first_name="Lucía",
        phone="+1 312 555 0178",
        state="IL",
        consent={"call": True},
        message="Tuve un accidente de coche ayer y necesito hablar con un abogado, por favor.",
        now=now + timedelta(seconds=1),
    )
    assert spanish.language == "es"
    bob, maria = agents[0], agents[1]
    Membership.objects.filter(user=maria).update(languages=["es"])
    # Both agents have their queue open.
    call_claim_next(firm=firm, agent=maria, now=now)
    call_hold_release(firm=firm, agent=maria)

    offered = call_claim_next(firm=firm, agent=bob, now=now + timedelta(seconds=2))
    assert offered is not None and offered.touch.lead == english  # Lucía waits for María
    to_maria = call_claim_next(firm=firm, agent=maria, now=now + timedelta(seconds=2))
    assert to_maria is not None and to_maria.touch.lead == spanish
    assert to_maria.routed == "speaks es"


def test_it_gives_a_routed_call_to_anyone_after_a_short_wait(
    firm: Firm, agents: list[User], capture: Callable[..., Lead], now: datetime
):
    spanish = capture(
        first_name="Lucía",
        phone="+1 312 555 0178",
        state="IL",
        consent={"call": True},
        message="Tuve un accidente de coche ayer y necesito hablar con un abogado, por favor.",
    )
    bob, maria = agents[0], agents[1]
    Membership.objects.filter(user=maria).update(languages=["es"])
    call_claim_next(firm=firm, agent=maria, now=now)
    call_hold_release(firm=firm, agent=maria)

    assert call_claim_next(firm=firm, agent=bob, now=now + timedelta(seconds=10)) is None
    later = call_claim_next(firm=firm, agent=bob, now=now + ROUTE_WAIT)
    assert later is not None and later.touch.lead == spanish


def test_it_routes_a_lead_to_its_own_agent_and_to_anyone_when_that_agent_is_away(
    firm: Firm, agents: list[User], capture: Callable[..., Lead], now: datetime
):
    [lead] = due_leads(capture, now, 1)
    bob, ann = agents[0], agents[1]
    lead.assigned_to = ann
    lead.save(update_fields=["assigned_to"])
    call_claim_next(firm=firm, agent=ann, now=now)
    call_hold_release(firm=firm, agent=ann)
    assert call_claim_next(firm=firm, agent=bob, now=now) is None

    agent_availability_set(firm=firm, agent=ann, available=False, now=now)
    offered = call_claim_next(firm=firm, agent=bob, now=now)
    assert offered is not None and offered.touch.lead == lead


def test_it_counts_every_due_call_exactly(firm: Firm, capture: Callable[..., Lead], now: datetime):
    due_leads(capture, now, 55)
    capture(first_name="Late", phone="+1 312 555 0999", state="IL", consent={"call": True},
            now=now + timedelta(hours=1))  # fmt: skip

    assert call_due_count(firm=firm, now=now + timedelta(minutes=1)) == 55


def test_it_shows_the_manager_who_holds_which_call(
    firm: Firm, agents: list[User], capture: Callable[..., Lead], now: datetime
):
    [lead] = due_leads(capture, now, 1)
    call_claim_next(firm=firm, agent=agents[0], now=now)

    rows = {row.membership.user: row for row in call_queue_team(firm=firm, now=now)}

    assert rows[agents[0]].touch is not None and rows[agents[0]].touch.lead == lead
    assert rows[agents[0]].available and rows[agents[0]].since == now
    assert rows[agents[1]].touch is None and not rows[agents[1]].available  # queue never opened


@pytest.mark.django_db(transaction=True)
def test_it_never_gives_two_agents_claiming_at_once_the_same_call(
    capture: Callable[..., Lead], now: datetime, firm: Firm
):
    """Six agents ask at the same instant, on their own database connections."""
    team = [make_user(firm, f"a{n}@lakeshore.example") for n in range(6)]
    due_leads(capture, now, 4)
    start = threading.Barrier(len(team))
    offered: dict[int, int | None] = {}
    errors: list[BaseException] = []

    def work(agent: User) -> None:
        try:
            start.wait()
            offer = call_claim_next(firm=firm, agent=agent, now=now + timedelta(seconds=5))
            offered[agent.pk] = offer.touch.pk if offer else None
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(agent,)) for agent in team]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    calls = [pk for pk in offered.values() if pk is not None]
    assert len(calls) == 4 and len(set(calls)) == 4  # every call to exactly one agent
    assert list(offered.values()).count(None) == 2


def test_it_learns_the_leads_language_from_a_reply(
    firm: Firm, capture: Callable[..., Lead], now: datetime
):
    [lead] = due_leads(capture, now, 1)
    assert lead.language == ""
    inbound_message(
        firm=firm,
        channel="sms",
        from_address=lead.phone,
        to_address=firm.phone,
        body="Hola, prefiero hablar en español. ¿Me pueden llamar por la tarde?",
        provider="twilio",
        provider_id="SM-es-1",
        now=now,
    )
    lead.refresh_from_db()
    assert lead.language == "es"
