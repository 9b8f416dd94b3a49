"""Learned call timing in the engine: the firm's answer model, read from the ledger, and the
placement of a second or later call where this firm's leads answer (answer_model.py).

The model of each firm is kept in memory and brought up to date from the call outcomes logged
since it was last read (one small query per placement); it is read afresh every
`REBUILD_EVERY` of engine time, so outcomes recorded out of order are counted too.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F

from steadfast.compliance.rules import RuleSet
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.engine import answer_model as am
from steadfast.engine.timing import FirmHours, LeadPlace, Slot, next_allowed_time
from steadfast.firms.models import Firm, Membership

REBUILD_EVERY = timedelta(hours=1)
REFRESH_EVERY = timedelta(minutes=2)  # outcomes newer than this may wait for the next refresh
HISTORY = timedelta(days=365)
MOST_CALLS = 50_000  # a fresh model reads at most the firm's latest this many outcomes
WINDOW = timedelta(hours=24)  # a learned call may go anywhere in the day the fixed rule picks
MAX_CANDIDATES = 48
_HOUR = timedelta(hours=1)

# Where placements draw their exploration from: the simulator seeds it for repeatable runs.
rng: random.Random = random.Random()


@dataclass
class _Cached:
    model: am.AnswerModel
    seen_until: datetime | None
    seen_at_mark: set[int] = field(default_factory=set)
    calls: Counter[int] = field(default_factory=Counter)  # counted calls per lead so far
    built_at: datetime | None = None
    read_at: datetime | None = None


_CACHE: dict[tuple[int, datetime], _Cached] = {}
_CAPACITY: dict[int, tuple[datetime, int]] = {}
_LOCK = threading.Lock()
_ZONES: dict[str, ZoneInfo] = {}


def reset() -> None:
    """Forget every firm's model (the simulator starts each run from the ledger alone)."""
    _CACHE.clear()
    _CAPACITY.clear()


def _zone(name: str) -> ZoneInfo:
    if name not in _ZONES:
        _ZONES[name] = ZoneInfo(name)
    return _ZONES[name]


def firm_model(firm: Firm, *, now: datetime) -> am.AnswerModel:
    """The firm's answer model from its own call outcomes, up to date at `now`."""
    with _LOCK:  # the threads of one process (web, worker) share the models
        return _firm_model(firm, now=now)


def _firm_model(firm: Firm, *, now: datetime) -> am.AnswerModel:
    key = (firm.pk, firm.created_at)
    cached = _CACHE.get(key)
    if (
        cached is None
        or cached.built_at is None
        or not (cached.built_at <= now < cached.built_at + REBUILD_EVERY)
    ):
        cached = _Cached(am.AnswerModel(), None, built_at=now)
        _CACHE[key] = cached
    elif cached.read_at is not None and now < cached.read_at + REFRESH_EVERY:
        return cached.model
    cached.read_at = now
    counted = Touch.objects.filter(
        firm_id=firm.pk,
        channel=TouchChannel.CALL,
        direction=Direction.OUT,
        state=TouchState.SENT,
        outcome__in=am.COUNTED,
    )
    since = cached.seen_until
    if since is None:
        since = now - HISTORY
        oldest = (
            counted.filter(done_at__gte=since)
            .order_by("-done_at")
            .values_list("done_at", flat=True)[MOST_CALLS - 1 : MOST_CALLS]
        )
        since = max([since, *(t for t in oldest if t is not None)])
    rows = counted.filter(done_at__gte=since).order_by("done_at", "id")
    new: list[am.Observation] = []
    for pk, lead_id, done_at, outcome, zone, source in rows.values_list(
        "id", "lead_id", "done_at", "outcome", "lead__timezone", "lead__source__name"
    ):
        if pk in cached.seen_at_mark or done_at is None:
            continue
        if cached.seen_until is None or done_at > cached.seen_until:
            cached.seen_until, cached.seen_at_mark = done_at, set()
        cached.seen_at_mark.add(pk)
        cached.calls[lead_id] += 1
        local = done_at.astimezone(_zone(zone))
        new.append(
            am.Observation(
                source=source or "",
                attempt=cached.calls[lead_id],
                weekday=local.weekday(),
                hour=local.hour,
                answered=outcome == am.ANSWERED,
            )
        )
    if new:
        cached.model = am.updated(cached.model, *new)
    return cached.model


def capacity(firm: Firm, *, now: datetime) -> int:
    """Calls the firm's people on duty work through in an hour (read with the model)."""
    cached = _CAPACITY.get(firm.pk)
    if cached is not None and cached[0] <= now < cached[0] + REFRESH_EVERY:
        return cached[1]
    people = Membership.objects.filter(firm=firm, on_duty=True).count()
    _CAPACITY[firm.pk] = (now, max(1, people) * am.CALLS_PER_AGENT_HOUR)
    return _CAPACITY[firm.pk][1]


def candidates(
    *,
    start: datetime,
    end: datetime,
    place: LeadPlace,
    hours: FirmHours,
    rules: RuleSet,
    recent: Sequence[datetime],
    avoid: time | None,
) -> list[tuple[Slot, datetime]]:
    """The first allowed moment of each lead-local hour in [start, end) (legal window ∩ agent
    hours ∩ the part-of-day spacing ∩ the state's cap ∩ the lead's own limits)."""
    zone = _zone(place.zones[0])
    out: list[tuple[Slot, datetime]] = []
    t = start
    while t < end and len(out) < MAX_CANDIDATES:
        slot = next_allowed_time(
            kind="call",
            earliest=t,
            lead=place,
            firm=hours,
            rules=rules,
            recent=recent,
            avoid_near=avoid,
            horizon_days=2,
        )
        if slot is None or slot.at >= end:
            break
        local = slot.at.astimezone(zone)
        out.append((slot, local))
        following = local.replace(minute=0, second=0, microsecond=0) + _HOUR
        t = max(following.astimezone(UTC), slot.at + timedelta(minutes=1))
    return out


def learned_slot(
    *,
    firm: Firm,
    source: str,
    attempt: int,
    place: LeadPlace,
    hours: FirmHours,
    rules: RuleSet,
    recent: Sequence[datetime],
    avoid: time | None,
    start: datetime,
    fixed: Slot | None,
    now: datetime,
) -> Slot | None:
    """Where the learned rule puts the call: the best hour of the day starting at `start`, by
    the answer model (Thompson sampling), spread by the calls already queued per hour. None
    when no moment of that day is allowed (the fixed rule's slot stands then)."""
    end = start + WINDOW
    found = candidates(
        start=start, end=end, place=place, hours=hours, rules=rules, recent=recent, avoid=avoid
    )
    if not found:
        return None
    queued: Counter[datetime] = Counter()
    # The planned calls due in the window, read through the worker's partial index (touch_due:
    # state in planned/sending, by due time). The state test is written as literals, as the
    # index's own condition is, because SQLite uses a partial index only when it can see that
    # the query implies it (bound parameters hide that); and the firm is compared as
    # `firm_id + 0`, or SQLite would walk every touch the firm ever had through the firm index.
    due = (
        Touch.objects.extra(where=["state IN ('planned', 'sending')"])
        .filter(due_at__gte=start, due_at__lt=end + _HOUR)
        .alias(firm_key=F("firm_id") + 0)
        .filter(firm_key=firm.pk, channel=TouchChannel.CALL, direction=Direction.OUT)
        .order_by()
        .values_list("due_at", flat=True)
    )
    for at in due:
        queued[at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)] += 1
    options = [
        am.Candidate(
            at=slot.at,
            weekday=local.weekday(),
            hour=local.hour,
            queued=queued[slot.at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)],
        )
        for slot, local in found
    ]
    cap = capacity(firm, now=now)
    compare_with = None
    if fixed is not None:
        local = fixed.at.astimezone(_zone(place.zones[0]))
        compare_with = am.Candidate(fixed.at, local.weekday(), local.hour)
    placement = am.place(
        options,
        firm_model(firm, now=now),
        source=source,
        attempt=attempt,
        rng=rng,
        capacity=cap,
        compare_with=compare_with,
    )
    at = _spread(placement.chosen, capacity=cap, place=place, hours=hours, rules=rules,
                 recent=recent, avoid=avoid)  # fmt: skip
    rules_held = "legal window; agent hours"
    return Slot(at, f"{am.explain(placement, source=source)}; {rules_held}")


def _spread(
    chosen: am.Candidate,
    *,
    capacity: int,
    place: LeadPlace,
    hours: FirmHours,
    rules: RuleSet,
    recent: Sequence[datetime],
    avoid: time | None,
) -> datetime:
    """Within the chosen hour, behind the calls already queued in it (one every 60/capacity
    minutes), so agents meet an even queue rather than a burst at the hour's start; the hour's
    first allowed moment when that later time is not allowed or leaves the hour."""
    if not chosen.queued:
        return chosen.at
    hour_start = chosen.at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    later = max(chosen.at, hour_start + chosen.queued * (_HOUR / max(capacity, 1)))
    if later >= hour_start + _HOUR:
        return chosen.at
    slot = next_allowed_time(
        kind="call",
        earliest=later,
        lead=place,
        firm=hours,
        rules=rules,
        recent=recent,
        avoid_near=avoid,
        horizon_days=1,
    )
    return later if slot is not None and slot.at == later else chosen.at
