"""The dispatcher: claim due touches, and send each one as a small state machine.

    planned ──claim──▶ planned (claimed_by, lease_until)
    planned ──start──▶ sending ──provider──▶ sent | failed | planned (transient, backoff)
                                         └──▶ unknown ──find()──▶ sent | planned | failed
    planned ──start──▶ cancelled (opted out, suppressed, lead closed) | planned (window moved)

1. Claim (one short transaction): up to a few due planned rows get this claim's token and a
   lease; they stay `planned`. PostgreSQL takes them with SELECT … FOR UPDATE SKIP LOCKED;
   SQLite serialises writers (BEGIN IMMEDIATE).
2. Start, for each touch *immediately before its provider call* (one transaction, under the
   lead's row lock — the lock every opt-out takes): renew the claim's lease, re-check status,
   suppressions, consent and the legal window, compose, and move the touch planned→sending with
   a conditional UPDATE (still planned, still ours, still due). No row changed: not sent. An
   opt-out that committed before this transaction wins; the send follows it at once.
3. Send, outside any transaction. While the call runs the process holds the touch "in flight"
   (a session advisory lock on PostgreSQL, held by the connection, so it dies with the
   process; a set in the process on SQLite): recovery never takes a live send from its worker,
   however slow the provider.
4. Record: sent; a permanent refusal → failed; a transient one (HTTP 5xx/429, SMTP 4xx) →
   planned again after a capped exponential backoff; an exception (timeout, connection reset)
   → unknown, at once reconciled with the provider's `find(reference)`: it had it → sent; it
   never got it → planned, sent again (a new attempt, a new reference); it cannot tell yet →
   stays unknown and is asked again at each recovery until it gives up (failed, never repeated).

Every change of state goes through `transition`, checked against TRANSITIONS.
If a worker dies, its leases run out: claimed rows are claimed again by anyone; a `sending` row
whose process is gone becomes `unknown` and is reconciled — never blindly sent again.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.db import connection, transaction

from steadfast import clock
from steadfast.channels.base import (
    OutgoingCall,
    OutgoingEmail,
    OutgoingSms,
    Provider,
    SendResult,
)
from steadfast.channels.local_presence import firm_numbers, number_choose, numbers_for_leads
from steadfast.channels.providers import provider_for_firm
from steadfast.compliance import bar
from steadfast.compliance.selectors import ChannelState
from steadfast.db import prepared
from steadfast.db.prepared import Statement
from steadfast.dispatch.models import AUTOMATED, Outcome, Touch, TouchChannel, TouchState
from steadfast.dispatch.selectors import lead_lock_read, touch_lead_lock, touch_send_facts
from steadfast.engine import compose, nurture, planner
from steadfast.engine import events as engine
from steadfast.engine.timing import next_allowed_time
from steadfast.firms.models import Firm, OutboundNumber
from steadfast.leads.models import ACTIVE_STATUSES, Lead, Status
from steadfast.nurture.selectors import is_nurture_send

log = logging.getLogger(__name__)

AUTOMATIC_REPLIES = ("optout_confirmation", "help_reply")
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"
FIRMS_FRESH = timedelta(seconds=10)  # how long a sender trusts what it read of a firm

# The dispatcher's state machine: every move it makes, and nothing else.
TRANSITIONS: dict[str, frozenset[str]] = {
    # sending: checked and handed to the provider; cancelled: may no longer go;
    # planned: moved to the next lawful moment, or its claim released.
    TouchState.PLANNED: frozenset({TouchState.SENDING, TouchState.CANCELLED, TouchState.PLANNED}),
    # planned: a transient refusal, retried after a backoff.
    TouchState.SENDING: frozenset(
        {TouchState.SENT, TouchState.FAILED, TouchState.PLANNED, TouchState.UNKNOWN}
    ),
    # planned: the provider never got it, so it is sent again.
    TouchState.UNKNOWN: frozenset({TouchState.SENT, TouchState.FAILED, TouchState.PLANNED}),
}


class IllegalTransition(RuntimeError):
    """A move the state machine does not allow: a bug, never a user's mistake."""


INCREMENT = object()  # a value for `transition`: add one to the column


def transition(
    *,
    touch_id: int,
    source: str,
    target: str,
    where: dict[str, Any] | None = None,
    in_flight: bool = False,
    release: bool = False,
    record: Statement | None = None,
    **values: Any,
) -> bool:
    """Move one touch from `source` to `target` if it is still in `source` and matches `where`
    (column=value, or column__lt / column__lte=value). Returns whether a row changed: False
    means someone else moved it first. One UPDATE, written directly: it runs several times
    for every message sent. `in_flight`: on PostgreSQL the same statement takes the touch's
    advisory lock (see `_holding`) for the row it moved, so no one sees it `sending` unheld;
    `release` lets it go in the statement that moves the row out of `sending` (a process that
    then finds the lock free waits for that row, and sees it moved). `record` (PostgreSQL): a
    provider's record of the answer (channels/base.py), written by the same statement — a
    data-modifying WITH, run once whether or not the touch moved, as it would be in a
    transaction with the UPDATE."""
    if target not in TRANSITIONS.get(source, frozenset()):
        raise IllegalTransition(f"a touch may not go from {source} to {target}")
    where = where or {}
    lock = ""
    if (in_flight or release) and connection.vendor == "postgresql":
        lock = "pg_try_advisory_lock" if in_flight else "pg_advisory_unlock"
    sql = _transition_sql(
        tuple((name, value is INCREMENT) for name, value in values.items()),
        tuple(where),
        lock,
        record[0] if record is not None else "",
    )
    params: list[Any] = list(record[1]) if record is not None else []
    params.append(target)
    params += [_prep(name, value) for name, value in values.items() if value is not INCREMENT]
    params += [touch_id, source]
    params += [_prep(key.partition("__")[0], value) for key, value in where.items()]
    if lock:
        params.extend(_lock_key(touch_id))
    return prepared.execute(sql, params).rowcount == 1


def _prep(name: str, value: Any) -> Any:
    if value is None or isinstance(value, (str, int)):
        return value  # as the database takes it (the touch's text, number and flag columns)
    return Touch._meta.get_field(name).get_db_prep_save(value, connection)  # type: ignore[union-attr]


@functools.lru_cache(maxsize=256)
def _transition_sql(
    values: tuple[tuple[str, bool], ...], where: tuple[str, ...], lock: str, record: str
) -> str:
    """The UPDATE of one shape of move (which columns it sets and tests), built once."""
    meta = Touch._meta
    sets = ["state = %s"]
    for name, increment in values:
        column = meta.get_field(name).column  # type: ignore[union-attr]
        sets.append(f"{column} = {column} + 1" if increment else f"{column} = %s")
    tests = ["id = %s", "state = %s"]
    for key in where:
        name, _, op = key.partition("__")
        tests.append(f"{meta.get_field(name).column} {_OPERATORS[op]} %s")  # type: ignore[union-attr]
    sql = f"UPDATE {meta.db_table} SET {', '.join(sets)} WHERE {' AND '.join(tests)}"  # noqa: S608 - names come from the model, values are parameters
    if record:
        sql = f"WITH provider_record AS ({record}) {sql}"
    return f"{sql} RETURNING {lock}(%s, %s)" if lock else sql


_OPERATORS = {"": "=", "lt": "<", "lte": "<="}


# --- Settings (read when used, so a test or a command may change them) --------------------


def lease_length() -> timedelta:
    return timedelta(seconds=settings.STEADFAST_LEASE_SECONDS)


def retry_delay(attempt: int) -> timedelta:
    """Capped exponential backoff after a transient refusal of attempt number `attempt`."""
    base, cap = settings.STEADFAST_RETRY_BASE_SECONDS, settings.STEADFAST_RETRY_MAX_SECONDS
    return timedelta(seconds=min(cap, base * 2 ** max(0, min(attempt - 1, 30))))


# --- In flight: a live send is never taken from its worker ---------------------------------

_LOCK_SPACE = 0x5F5D  # the advisory-lock namespace of touches in flight
_in_flight: set[int] = set()
_in_flight_guard = threading.Lock()


def _lock_key(touch_id: int) -> tuple[int, int]:
    return _LOCK_SPACE, (touch_id + 2**31) % 2**32 - 2**31


@dataclass
class _Hold:
    touch_id: int
    locked: bool = False  # the PostgreSQL advisory lock, taken by the move to `sending`


@contextmanager
def _holding(touch_id: int) -> Iterator[_Hold | None]:
    """Hold the touch as in flight in this process while the body runs (None: this process
    already does). On PostgreSQL the move to `sending` also takes the advisory lock that tells
    every other process (its connection's: it dies with the process); it is released here."""
    with _in_flight_guard:
        if touch_id in _in_flight:
            yield None
            return
        _in_flight.add(touch_id)
    hold = _Hold(touch_id)
    try:
        yield hold
    finally:
        if hold.locked:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", _lock_key(touch_id))
            except Exception:  # the connection is gone, and its lock with it
                log.warning("could not release touch %s; its connection is gone", touch_id)
        with _in_flight_guard:
            _in_flight.discard(touch_id)


def _alive(touch_id: int) -> bool:
    """Whether a live worker holds this touch in flight. On PostgreSQL call it inside a
    transaction: the test takes the lock for that transaction only."""
    with _in_flight_guard:
        if touch_id in _in_flight:
            return True
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", _lock_key(touch_id))
        return not cursor.fetchone()[0]


# --- 1. Claim --------------------------------------------------------------------------------


@dataclass
class Claim:
    """Due touches this worker may try to send, held under one token and one lease."""

    token: str
    ids: list[int]
    lease: timedelta
    renewed_at: datetime
    firms: FirmMemo = field(default_factory=lambda: FirmMemo())

    def __contains__(self, touch_id: object) -> bool:
        return touch_id in self.ids

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def renew(self, now: datetime) -> None:
        """Push the lease of the touches still waiting in this claim (cheap: at most a few
        times per lease)."""
        if now - self.renewed_at < self.lease / 4:
            return
        Touch.objects.filter(claimed_by=self.token, state=TouchState.PLANNED).update(
            lease_until=now + self.lease
        )
        self.renewed_at = now

    def share(self, previous: Claim | None = None) -> Claim:
        """This claim as one sender thread uses it: same token, lease and touches, and the
        memo of firms of that thread's previous claim while the memo is fresh (a new one
        otherwise; a provider's client is never shared between threads)."""
        firms = previous.firms if previous is not None and previous.firms.fresh() else None
        return Claim(
            token=self.token,
            ids=self.ids,
            lease=self.lease,
            renewed_at=self.renewed_at,
            firms=firms or FirmMemo(),
        )

    def release(self, ids: list[int]) -> None:
        """Give back touches of this claim that will not be started (the worker stops)."""
        Touch.objects.filter(id__in=ids, claimed_by=self.token, state=TouchState.PLANNED).update(
            claimed_by="", lease_until=None
        )


# The condition of the touch_sends_due partial index (the planned touches the worker sends
# itself), as literals and as Django writes it in the index: SQLite uses a partial index only
# when it sees that the query implies its condition, which a bound parameter hides (without it
# every claim and every "when next?" scanned the whole touch table).
IN_SENDS_INDEX = (
    "dispatch_touch.channel IN ({}) AND dispatch_touch.direction = 'out'"
    " AND dispatch_touch.state = 'planned'"
).format(", ".join(f"'{channel}'" for channel in AUTOMATED))


# The due rows are read in the order of the touch_sends_due index (due_at alone: a tie-break on id
# would sort every due row before taking ten), and locked by the inner query (PostgreSQL) or
# the transaction (SQLite), so the outer UPDATE finds them by id alone: on PostgreSQL
# `= ANY(ARRAY(…))` runs the inner query once, where `IN (…)` may be planned as a join that
# reads every planned row of the table again.
_CLAIM_SQL = f"""
UPDATE dispatch_touch SET claimed_by = %(token)s, lease_until = %(lease_until)s
WHERE id {{in_}} (
    SELECT id FROM dispatch_touch
    WHERE {IN_SENDS_INDEX} AND due_at <= %(now)s
        AND (lease_until IS NULL OR lease_until < %(now)s)
    ORDER BY due_at LIMIT %(limit)s {{skip_locked}}
){{end}}
RETURNING id, due_at
"""  # noqa: S608 - constants of this module; every value is a parameter


def _db_datetime(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _due(value: Any) -> datetime:
    """A due_at as read by a raw query (SQLite returns the text it stores)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def touch_claim_due(
    *, now: datetime, limit: int | None = None, lease: timedelta | None = None
) -> Claim:
    """Claim up to `limit` due automated touches: unclaimed, or whose claim ran out."""
    limit = limit or settings.STEADFAST_SEND_BATCH
    held = lease or lease_length()
    token = f"{WORKER_ID}:{uuid.uuid4().hex[:12]}"[-64:]
    params = {
        "token": token,
        "lease_until": _db_datetime(now + held),
        "now": _db_datetime(now),
        "limit": limit,
    }
    if connection.vendor == "postgresql":
        # One statement, its own transaction (no BEGIN and COMMIT around it: a claim is made
        # for nearly every message): rows that another claim has locked are skipped, and a
        # row another claim took meanwhile fails the lease test when it is re-checked under
        # its lock.
        sql = _CLAIM_SQL.format(in_="= ANY(ARRAY", skip_locked="FOR UPDATE SKIP LOCKED", end=")")
        claimed = prepared.execute(sql, params).rows
    else:
        with transaction.atomic():  # SQLite serialises writers (BEGIN IMMEDIATE)
            claimed = prepared.execute(
                _CLAIM_SQL.format(in_="IN", skip_locked="", end=""), params
            ).rows
    ids = [touch_id for touch_id, _ in sorted(claimed, key=lambda row: (_due(row[1]), row[0]))]
    return Claim(token=token, ids=ids, lease=held, renewed_at=now)


# --- 2. Start --------------------------------------------------------------------------------


@dataclass
class Prepared:
    touch: Touch
    message: OutgoingSms | OutgoingEmail | OutgoingCall
    provider: Provider
    token: str
    hold: _Hold | None = None
    firms: FirmMemo | None = None  # the claim's: the firm's settings, read once a claim


class FirmMemo:
    """Per-claim memo of what every touch of a firm needs: the firm, rules, hours, provider
    (a claim lasts seconds; a firm's settings change far less often). A worker's sender keeps
    its memo from claim to claim for FIRMS_FRESH at most."""

    def __init__(self, *, kept: bool = False) -> None:
        """kept: the caller keeps this memo for a whole run in which nothing changes the
        firms (the simulator): their templates are then read once for the run too, not once
        per claim."""
        self.kept = kept
        self.made = time.monotonic()
        self._items: dict[int, tuple[Any, Any, Provider]] = {}
        self._firms: dict[int, Firm] = {}
        self._bar: dict[int, bar.BarRuleSet] = {}
        self._numbers: dict[int, list[OutboundNumber]] = {}

    def fresh(self) -> bool:
        return time.monotonic() - self.made < FIRMS_FRESH.total_seconds()

    def bar_rules(self, firm: Firm) -> bar.BarRuleSet:
        if firm.pk not in self._bar:
            self._bar[firm.pk] = bar.firm_bar_rules(firm)
        return self._bar[firm.pk]

    def firm(self, firm_id: int) -> Firm:
        if firm_id not in self._firms:
            self._firms[firm_id] = Firm.objects.get(pk=firm_id)
        return self._firms[firm_id]

    def numbers(self, firm: Firm) -> list[OutboundNumber]:
        """The firm's active local-presence numbers, for a lead's first choice."""
        if firm.pk not in self._numbers:
            self._numbers[firm.pk] = firm_numbers(firm_id=firm.pk)
        return self._numbers[firm.pk]

    def get(self, firm: Firm) -> tuple[Any, Any, Provider]:
        if firm.pk not in self._items:
            self._items[firm.pk] = (
                planner.firm_hours(firm),
                planner.firm_rules(firm),
                provider_for_firm(firm),
            )
        return self._items[firm.pk]


def touch_start(
    *, claim: Claim, touch_id: int, now: datetime, hold: _Hold | None = None
) -> Prepared | None:
    """Check, under the lead's row lock, that this claimed touch may go now, and move it
    planned→sending. Returns what to send, or None (cancelled, moved, or no longer ours)."""
    with transaction.atomic():
        claim.renew(now)
        # The lead's row locked: the lock every opt-out takes. Should an opt-out hold it, this
        # waits; the statement after it, and the conditional move, see what it changed.
        if not touch_lead_lock(touch_id=touch_id, token=claim.token, now=now):
            return None  # cancelled, moved, sent, or claimed by another worker meanwhile
        facts = touch_send_facts(touch_id=touch_id, token=claim.token, now=now)
        if facts is None:
            return None
        touch, lead = facts.touch, facts.lead
        lead.firm = claim.firms.firm(lead.firm_id)
        if touch.channel == TouchChannel.NURTURE:
            engine.nurture_due(touch=touch, now=now)
            # Direct statements: every lead whose cadence ends makes them.
            prepared.execute(
                "UPDATE dispatch_touch SET claimed_by = %s, lease_until = NULL"
                " WHERE id = %s AND claimed_by = %s",
                ["", touch_id, claim.token],
            )
            ((lead.status,),) = prepared.execute(
                "SELECT status FROM leads_lead WHERE id = %s", [lead.pk]
            ).rows
            if lead.status == Status.NURTURE:
                nurture.nurture_enroll(lead=lead, now=now)
            return None
        states = facts.states
        stored = bool(touch.content)  # written when planned; else composed now and kept
        newsletter = is_nurture_send(touch)
        if newsletter:
            # A program step or campaign email: nurture decides (status, consent, suppression,
            # the one-text-a-quarter rule) and fills in the text for this lead.
            why_not = nurture.send_prepare(touch=touch, lead=lead, states=states, now=now)
        else:
            why_not = _blocked(touch, lead, states)
        if why_not is not None:
            transition(
                touch_id=touch_id,
                source=TouchState.PLANNED,
                target=TouchState.CANCELLED,
                done_at=now,
                claimed_by="",
                lease_until=None,
                failure_note=f"not sent: {why_not}"[:300],
            )
            return None
        # The bar rules over this lead (bar holds a person released are read only if any is).
        over_lead = bar.applicable(
            lead, claim.firms.bar_rules(lead.firm), released=None if facts.released_holds else ()
        )
        if _bar_held(touch, lead, now, over_lead, replied=facts.replied):
            return None
        hours, rules, provider = claim.firms.get(lead.firm)
        if _too_late(touch, lead, now, hours, rules):
            return None
        touch.attempts += 1  # the reference sent to the provider names this attempt
        number = facts.kept
        if facts.kept_stale:  # its number was given up: chosen again, the old choice removed
            number = numbers_for_leads(leads=[lead], now=now)[lead.pk]
        elif number is None:  # the lead's first send: its number is chosen now, and kept
            number = number_choose(lead=lead, pool=claim.firms.numbers(lead.firm), now=now)
        message = compose.outgoing(
            touch=touch,
            lead=lead,
            now=now,
            known=compose.Known(
                first_text=not facts.texted_before,
                first_email=not facts.emailed_before,
                bar_rules=over_lead,
                # Templates are read once per memo of the firm: per claim, kept by a sender
                # from claim to claim while the memo is fresh (FIRMS_FRESH), or for a whole
                # run by the simulator.
                batch=claim.firms,
                number=number,
            ),
        )
        values: dict[str, Any] = {
            "from_address": message.from_address[:320],
            "started_at": now,
            "provider": provider.name,
            "lease_until": now + claim.lease,
            "attempts": INCREMENT,
        }
        # Keep what was sent, as sent (labels and disclosures included), and which wording;
        # a nurture send's text was filled in just now (send_prepare), not yet stored.
        if (
            not stored
            or message.body_text != touch.content
            or message.subject[:300] != touch.subject
        ):
            values["content"], values["subject"] = message.body_text, message.subject[:300]
        if message.template_version:
            values["template_version"] = message.template_version[:100]
        moved = transition(
            touch_id=touch_id,
            source=TouchState.PLANNED,
            target=TouchState.SENDING,
            where={"claimed_by": claim.token, "due_at__lte": now},
            in_flight=hold is not None,
            **values,
        )
        if not moved:
            return None
        if hold is not None:
            hold.locked = connection.vendor == "postgresql"
        if newsletter:
            nurture.send_started(touch=touch, lead=lead, now=now)
        touch.state, touch.started_at, touch.provider = TouchState.SENDING, now, provider.name
        touch.from_address = values["from_address"]
        outgoing = message.outgoing
        begin = getattr(provider, "begin", None)
        if begin is not None:
            # The provider's record of the request commits with the move (channels/base.py);
            # its record of the answer, with the touch's (touch_record).
            outgoing = begin(outgoing)
    return Prepared(touch, outgoing, provider, claim.token, hold, claim.firms)


def _blocked(touch: Touch, lead: Lead, states: dict[str, ChannelState]) -> str | None:
    """Why this touch may not go now, or None."""
    if touch.step is None and touch.template in AUTOMATIC_REPLIES:
        # The one confirmation of an opt-out, or the answer to HELP: allowed to a number that
        # has just opted out (CTIA Messaging Principles §5; FCC 24-24 ¶ 18), never to a dead one.
        return "the number cannot take texts" if states["sms"].dead else None
    if touch.performed_by_id is None and lead.status not in ACTIVE_STATUSES:
        return f"the lead is {lead.status}"
    state = states[touch.channel]
    return None if state.open else state.why_not


def _bar_held(
    touch: Touch, lead: Lead, now: datetime, found: list[bar.BarRule], *, replied: bool
) -> bool:
    """A bar rule that came to hold this touch after it was planned (the firm's licence or
    overrides changed): a live contact is not sent; a waiting period moves it to its end.
    `found`: the rules over this lead; `replied`: the person wrote or called in."""
    if touch.step is None and touch.template in AUTOMATIC_REPLIES:
        return False  # an answer to the person's own message
    refusal = bar.touch_refusal(
        lead=lead, channel=touch.channel, now=now, replied=replied, found=found
    )
    if refusal is None:
        return False
    bar.hold(lead=lead, refusal=refusal, now=now)
    _put_off(touch, now=now, until=refusal.until, why=refusal.why, never=f"not sent: {refusal.why}")
    return True


def _too_late(touch: Touch, lead: Lead, now: datetime, hours: Any, rules: Any) -> bool:
    """A cadence text (or a nurture check-in) whose window closed while it waited (a worker
    outage, say) moves to the next allowed moment instead of going out at night."""
    if touch.channel not in (TouchChannel.SMS, TouchChannel.VOICEMAIL_DROP):
        return False
    if touch.step is None and not is_nurture_send(touch):
        return False
    slot = next_allowed_time(
        kind=touch.channel, earliest=now, lead=planner.lead_place(lead), firm=hours, rules=rules
    )
    if slot is not None and slot.at <= now:
        return False
    _put_off(
        touch,
        now=now,
        until=slot.at if slot else None,
        why=slot.reason if slot else "",
        never="no lawful moment left to send it",
    )
    return True


def _put_off(touch: Touch, *, now: datetime, until: datetime | None, why: str, never: str) -> None:
    """A claimed touch that may not go now: moved to `until` (its claim released, `why` added
    to its reason), or cancelled with the note `never` when there is no later moment."""
    if until is None:
        transition(
            touch_id=touch.pk,
            source=TouchState.PLANNED,
            target=TouchState.CANCELLED,
            done_at=now,
            claimed_by="",
            lease_until=None,
            failure_note=never[:300],
        )
    else:
        transition(
            touch_id=touch.pk,
            source=TouchState.PLANNED,
            target=TouchState.PLANNED,
            due_at=until,
            claimed_by="",
            lease_until=None,
            reason=f"{touch.reason}; moved: {why}"[:300],
        )


# --- 3. Send ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What became of one provider call."""

    kind: Literal["sent", "transient", "refused", "unknown"]
    result: SendResult
    error: str = ""


def touch_send(prepared: Prepared) -> Answer:
    """The provider call, outside any transaction. An exception means we cannot tell whether
    the provider got it (a timeout, a reset connection): `unknown`, never `failed`."""
    touch, message, provider = prepared.touch, prepared.message, prepared.provider
    try:
        if isinstance(message, OutgoingSms):
            result = provider.send_sms(message)
        elif isinstance(message, OutgoingEmail):
            result = provider.send_email(message)
        else:
            result = provider.place_call(message)
    except Exception as exc:  # a provider bug or outage must not kill the worker
        log.warning("provider %s: touch %s interrupted: %r", provider.name, touch.pk, exc)
        return Answer("unknown", SendResult(status="failed"), error=f"{type(exc).__name__}: {exc}")
    if result.status == "sent":
        return Answer("sent", result)
    return Answer("transient" if result.transient else "refused", result)


# --- 4. Record -------------------------------------------------------------------------------


def touch_record(*, prepared: Prepared, answer: Answer, now: datetime) -> None:
    """Store the provider's answer (a conditional move out of `sending`), then let the engine
    react: first contact, dead channels, the next steps."""
    touch, result = prepared.touch, answer.result
    if result.record is None:
        _record(prepared=prepared, answer=answer, now=now)
        return
    # A begun message (channels/base.py): the provider's own record of this answer (the SMTP
    # relay's reply, the console's outbox row) commits with the touch's: on PostgreSQL in the
    # one statement that moves the touch, elsewhere in a transaction around the two.
    if result.record_sql is not None and connection.vendor == "postgresql":
        if _record(
            prepared=prepared, answer=answer, now=now, after=False, record=result.record_sql
        ):
            _after(touch=touch, result=result, now=now, firms=prepared.firms)
        return
    with transaction.atomic():
        result.record()
        moved = _record(prepared=prepared, answer=answer, now=now, after=False)
    if moved:
        _after(touch=touch, result=result, now=now, firms=prepared.firms)


def _record(
    *,
    prepared: Prepared,
    answer: Answer,
    now: datetime,
    after: bool = True,
    record: Statement | None = None,
) -> bool:
    """touch_record's move out of `sending`; then `_after` unless `after` is False. Returns
    whether the engine should react (the move was made and the answer is final). `record`:
    the provider's record of the answer, written by the same statement (`transition`)."""
    touch, result, hold = prepared.touch, answer.result, prepared.hold
    ours = {"claimed_by": prepared.token}
    # Out of `sending` for good: the same statement lets go of the in-flight lock.
    release = hold is not None and hold.locked
    done: dict[str, Any] = {
        "claimed_by": "",
        "lease_until": None,
        "release": release,
        "record": record,
    }
    if answer.kind == "sent":
        moved = transition(
            touch_id=touch.pk,
            source=TouchState.SENDING,
            target=TouchState.SENT,
            where=ours,
            outcome=Outcome.SENT,
            provider_id=result.provider_id[:64] or touch.reference,
            # A composite provider says which of its parts answered; callbacks name that one.
            provider=result.provider or touch.provider,
            provider_code=result.code[:20],
            done_at=now,
            **done,
        )
        state = TouchState.SENT
    elif answer.kind == "transient" and touch.attempts < settings.STEADFAST_SEND_MAX_ATTEMPTS:
        retry_at = now + retry_delay(touch.attempts)
        moved = transition(
            touch_id=touch.pk,
            source=TouchState.SENDING,
            target=TouchState.PLANNED,
            where=ours,
            due_at=retry_at,
            started_at=None,
            provider_code=result.code[:20],
            failure_note=(
                f"attempt {touch.attempts} refused for now "
                f"({result.code or 'no code'}: {result.detail or 'temporary'}); "
                f"retried at {retry_at:%Y-%m-%d %H:%M:%S} UTC"
            )[:300],
            **done,
        )
        state = TouchState.PLANNED
    elif answer.kind in ("transient", "refused"):
        note = result.detail or result.code or "refused"
        if answer.kind == "transient":
            note = f"gave up after {touch.attempts} temporary refusals; last: {note}"
        moved = transition(
            touch_id=touch.pk,
            source=TouchState.SENDING,
            target=TouchState.FAILED,
            where=ours,
            provider=result.provider or touch.provider,
            provider_id=result.provider_id[:64] or touch.reference,
            provider_code=result.code[:20],
            done_at=now,
            failure_note=note[:300],
            **done,
        )
        state = TouchState.FAILED
    else:
        moved = transition(  # still held in flight while it is reconciled
            touch_id=touch.pk,
            source=TouchState.SENDING,
            target=TouchState.UNKNOWN,
            where=ours,
            failure_note=f"interrupted: {answer.error}"[:300],
            **{**done, "release": False},
        )
        if moved:
            touch.state = TouchState.UNKNOWN
            touch_reconcile(touch=touch, now=now)
        return False
    if not moved:
        log.error("touch %s left `sending` while its send was under way", touch.pk)
        return False
    if release and hold is not None:
        hold.locked = False
    touch.state = state
    touch.provider = result.provider or touch.provider
    touch.provider_id = result.provider_id[:64] or touch.reference
    if after:
        _after(touch=touch, result=result, now=now, firms=prepared.firms)
    return True


def _after(
    *, touch: Touch, result: SendResult, now: datetime, firms: FirmMemo | None = None
) -> None:
    """What the engine makes of a finished send."""
    if touch.state == TouchState.FAILED and result.code:
        # A refusal at send time means what a failed delivery means.
        engine.delivery_status(
            provider=touch.provider,
            provider_id=touch.provider_id,
            status="failed",
            code=result.code,
            now=now,
        )
    elif touch.step is not None and touch.state in (TouchState.SENT, TouchState.FAILED):
        with transaction.atomic():
            lead = lead_lock_read(lead_id=touch.lead_id)
            if touch.state == TouchState.SENT:
                engine.mark_contacting(lead=lead, now=now)
            known = None
            if firms is not None:  # the claim's reading of the firm's hours and rules
                hours, rules, _ = firms.get(lead.firm)
                known = (hours, rules, firms.bar_rules(lead.firm))
            planner.plan_lead(lead=lead, now=now, firm=known)


# --- The whole step ------------------------------------------------------------------------


def touch_dispatch(*, claim: Claim, touch_id: int, now: datetime | None = None) -> bool:
    """Start, send and record one claimed touch. Returns whether a provider was called."""
    with _holding(touch_id) as hold:
        if hold is None:
            return False
        prepared = touch_start(claim=claim, touch_id=touch_id, now=now or clock.now(), hold=hold)
        if prepared is None:
            return False
        answer = touch_send(prepared)
        touch_record(prepared=prepared, answer=answer, now=now or clock.now())
        return True


def dispatch_one_batch(
    *, now: datetime | None = None, limit: int | None = None, firms: FirmMemo | None = None
) -> bool:
    """Claim a few due touches and send them one by one. Returns whether there was work.
    `now` pins the time (the simulator); without it each step reads the clock. `firms`: a
    memo of the firms' settings to keep from batch to batch (a caller that knows they do not
    change meanwhile: the simulator); without it each batch reads them again."""
    claim = touch_claim_due(now=now or clock.now(), limit=limit)
    if not claim:
        return False
    if firms is not None:
        claim.firms = firms
    for touch_id in claim:
        touch_dispatch(claim=claim, touch_id=touch_id, now=now)
    return True


# --- Recovery --------------------------------------------------------------------------------


def touch_recover_expired(*, now: datetime) -> int:
    """Leases that ran out: a claim is released; a send whose worker is gone becomes `unknown`
    and is reconciled. Then every unknown send no live worker holds is asked about again."""
    released = Touch.objects.filter(state=TouchState.PLANNED, lease_until__lt=now).update(
        claimed_by="", lease_until=None
    )
    recovered = 0
    expired = Touch.objects.filter(state=TouchState.SENDING, lease_until__lt=now)
    for touch_id in expired.values_list("id", flat=True):
        with transaction.atomic():
            if _alive(touch_id):
                continue  # a slow provider, not a dead worker
            recovered += transition(
                touch_id=touch_id,
                source=TouchState.SENDING,
                target=TouchState.UNKNOWN,
                where={"lease_until__lt": now},
                claimed_by="",
                lease_until=None,
                failure_note="interrupted: its worker stopped mid-send",
            )
    for touch in Touch.objects.filter(state=TouchState.UNKNOWN).select_related("lead__firm"):
        with transaction.atomic():
            if _alive(touch.pk):
                continue
        touch_reconcile(touch=touch, now=now)
    return released + recovered


def touch_reconcile(*, touch: Touch, now: datetime) -> None:
    """Ask the provider whether an interrupted attempt reached it, and act on the answer."""
    provider = provider_for_firm(touch.lead.firm)
    since = touch.started_at or touch.created_at
    try:
        found = provider.find(reference=touch.reference, to=touch.to_address, since=since)
    except Exception as exc:  # the provider is still unreachable: ask again later
        log.warning("provider %s: cannot reconcile touch %s: %r", provider.name, touch.pk, exc)
        found = None
    same_attempt = {"attempts": touch.attempts}  # a later attempt is not this one's business
    if found is not None and found.status == "sent":
        moved = transition(
            touch_id=touch.pk,
            source=TouchState.UNKNOWN,
            target=TouchState.SENT,
            where=same_attempt,
            outcome=Outcome.SENT,
            provider=found.provider or touch.provider,
            provider_id=found.provider_id[:64] or touch.reference,
            done_at=now,
            failure_note="reconciled after an interruption: the provider had it",
        )
        if moved:
            touch.state, touch.provider_id = TouchState.SENT, found.provider_id[:64]
            _after(touch=touch, result=found, now=now)
    elif found is not None and found.code:
        # The provider had it and refused it: a refusal like any other.
        answer = Answer("transient" if found.transient else "refused", found)
        _refused_after_interruption(touch=touch, answer=answer, now=now)
    elif found is not None:
        # The provider is sure it never got it: sending again is not a duplicate.
        transition(
            touch_id=touch.pk,
            source=TouchState.UNKNOWN,
            target=TouchState.PLANNED,
            where=same_attempt,
            started_at=None,
            due_at=now,
            failure_note="interrupted before the provider got it; sent again",
        )
    elif now - since > timedelta(seconds=settings.STEADFAST_RECONCILE_GIVE_UP_SECONDS):
        transition(
            touch_id=touch.pk,
            source=TouchState.UNKNOWN,
            target=TouchState.FAILED,
            where=same_attempt,
            done_at=now,
            alert=True,
            failure_note=(
                "interrupted mid-send and the provider cannot say whether "
                "it went out; not repeated to avoid a duplicate"
            ),
        )
    # else: the provider cannot tell yet; asked again at the next recovery.


def _refused_after_interruption(*, touch: Touch, answer: Answer, now: datetime) -> None:
    result = answer.result
    if answer.kind == "transient" and touch.attempts < settings.STEADFAST_SEND_MAX_ATTEMPTS:
        transition(
            touch_id=touch.pk,
            source=TouchState.UNKNOWN,
            target=TouchState.PLANNED,
            where={"attempts": touch.attempts},
            started_at=None,
            due_at=now + retry_delay(touch.attempts),
            provider_code=result.code[:20],
            failure_note=f"refused for now after an interruption ({result.code})"[:300],
        )
        return
    if transition(
        touch_id=touch.pk,
        source=TouchState.UNKNOWN,
        target=TouchState.FAILED,
        where={"attempts": touch.attempts},
        provider_id=result.provider_id[:64] or touch.reference,
        provider_code=result.code[:20],
        done_at=now,
        failure_note=(result.detail or result.code)[:300],
    ):
        touch.state = TouchState.FAILED
        touch.provider_id = result.provider_id[:64] or touch.reference
        touch.provider = result.provider or touch.provider
        _after(touch=touch, result=result, now=now)


# The first half reads the touch_sends_due index in order and stops at the first unclaimed
# touch; the second the touch_leased index, which holds only claimed rows (its condition as
# literals, so that SQLite sees the query implies it).
IN_LEASED_INDEX = "dispatch_touch.state = 'planned' AND dispatch_touch.lease_until IS NOT NULL"
_NEXT_DUE_SQL = f"""
SELECT
    (SELECT due_at FROM dispatch_touch
        WHERE {IN_SENDS_INDEX} AND lease_until IS NULL
        ORDER BY due_at LIMIT 1),
    (SELECT lease_until FROM dispatch_touch
        WHERE {IN_LEASED_INDEX} AND channel IN ({{channels}})
        ORDER BY lease_until LIMIT 1)
""".format(channels=", ".join(f"%(channel{n})s" for n in range(len(AUTOMATED))))  # noqa: S608 - constants of this module; every value is a parameter


def next_due_at() -> datetime | None:
    """When a sender should look again: the first due time of an unclaimed touch, or the end
    of the first lease another worker holds (its touches may come back then). One statement:
    the worker asks after every batch, the simulator after every step."""
    (row,) = prepared.execute(
        _NEXT_DUE_SQL,
        {f"channel{n}": channel for n, channel in enumerate(AUTOMATED)},
    ).rows
    return min((_read_datetime(t) for t in row if t is not None), default=None)


def _read_datetime(value: Any) -> datetime:
    """A datetime column as read by a raw query: SQLite returns naive UTC (as Django writes
    it; text, or a datetime where it knows the column's type), PostgreSQL an aware one."""
    read = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return read if read.tzinfo is not None else read.replace(tzinfo=UTC)
