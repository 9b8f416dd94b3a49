"""Campaigns: one email, once, to a segment of the nurture list, planned in bulk and spread
at a rate and at lead-local hours. The sends are touches the dispatcher sends like any other,
checked at send time by `engine.nurture.send_prepare`."""

from __future__ import annotations

import time as timer
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from steadfast.compliance.models import Suppression
from steadfast.compliance.rules import RuleSet
from steadfast.dispatch import wakeup
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.engine import planner
from steadfast.engine.timing import LeadPlace, legal_window_open
from steadfast.errors import Refused
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead, LeadSource, Status, StatusChange
from steadfast.nurture.models import Campaign
from steadfast.nurture.services import check_text


@dataclass(frozen=True)
class CampaignInput:
    name: str
    subject: str
    body: str
    starts_at: datetime
    practice_area: str = ""
    source_id: int | None = None
    state: str = ""
    min_months_in_nurture: int = 0
    rate_per_hour: int = 1000
    hour_from: int = 9
    hour_to: int = 17


class CampaignInvalid(Refused):
    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__(
            "; ".join(f"{part}: {', '.join(found)}" for part, found in problems.items())
        )
        self.problems = problems


MONTH = timedelta(days=30.44)


def campaign_segment(*, firm: Firm, data: CampaignInput, now: datetime) -> QuerySet[Lead]:
    """The leads of the segment: in nurture, with an email address nobody suppressed, and
    matching the practice area, source, state and time in nurture asked for."""
    leads = Lead.objects.filter(firm=firm, status=Status.NURTURE).exclude(email="")
    if data.practice_area:
        leads = leads.filter(practice_area=data.practice_area)
    if data.source_id:
        leads = leads.filter(source_id=data.source_id)
    if data.state:
        leads = leads.filter(jurisdiction_state=data.state)
    if data.min_months_in_nurture:
        entered = (
            StatusChange.objects.filter(lead_id=OuterRef("pk"), to_status=Status.NURTURE)
            .order_by("-at")
            .values("at")[:1]
        )
        leads = leads.annotate(entered=Subquery(entered)).filter(
            entered__lte=now - data.min_months_in_nurture * MONTH
        )
    suppressed = Suppression.objects.filter(
        firm_id=firm.pk, channel="email", value=OuterRef("email")
    )
    return leads.exclude(Exists(suppressed))


def _campaign_problems(firm: Firm, data: CampaignInput, now: datetime) -> dict[str, list[str]]:
    problems = check_text(channel="email", subject=data.subject, body=data.body)
    if not data.name.strip():
        problems["name"] = ["must not be empty"]
    elif Campaign.objects.filter(firm=firm, name=data.name.strip()).exists():
        problems["name"] = [f"another campaign is already called “{data.name.strip()}”"]
    if not 1 <= data.rate_per_hour <= 100_000:
        problems["rate_per_hour"] = ["must be between 1 and 100000 emails an hour"]
    if not (8 <= data.hour_from < data.hour_to <= 21):
        problems["hours"] = [
            "lead-local hours must lie within 8:00-21:00, the first before the last"
        ]
    if data.state and (len(data.state) != 2 or not data.state.isalpha()):
        problems["state"] = ["must be a two-letter state code, e.g. IL"]
    if not 0 <= data.min_months_in_nurture <= 240:
        problems["min_months_in_nurture"] = ["must be between 0 and 240"]
    if data.source_id and not LeadSource.objects.filter(pk=data.source_id, firm=firm).exists():
        problems["source"] = ["no such lead source"]
    if data.starts_at < now - timedelta(minutes=5):
        problems["starts_at"] = ["must not be in the past"]
    return problems


def campaign_create(
    *, firm: Firm, data: CampaignInput, actor: User | None, now: datetime
) -> Campaign:
    """Store a campaign and plan one email per lead of its segment, spread from `starts_at`
    at `rate_per_hour` and at lead-local hours (bulk: one INSERT per few thousand leads)."""
    data = CampaignInput(**{**data.__dict__, "state": data.state.strip().upper()})
    problems = _campaign_problems(firm, data, now)
    if problems:
        raise CampaignInvalid(problems)
    started = timer.perf_counter()
    with transaction.atomic():
        campaign = Campaign.objects.create(
            firm=firm,
            name=data.name.strip(),
            subject=data.subject.strip(),
            body=data.body.strip(),
            practice_area=data.practice_area,
            source_id=data.source_id,
            state=data.state,
            min_months_in_nurture=data.min_months_in_nurture,
            starts_at=data.starts_at,
            rate_per_hour=data.rate_per_hour,
            hour_from=data.hour_from,
            hour_to=data.hour_to,
            created_at=now,
            created_by=actor,
        )
        rows = list(
            campaign_segment(firm=firm, data=data, now=now).values_list(
                "id", "email", "timezone", "timezone_candidates", "jurisdiction_state"
            )
        )
        places = {
            lead_id: (tuple(zones or (zone,)), state) for lead_id, _, zone, zones, state in rows
        }
        emails = {lead_id: email for lead_id, email, *_ in rows}
        planned = spread(
            leads=places,
            start=max(data.starts_at, now),
            rate_per_hour=data.rate_per_hour,
            hour_from=data.hour_from,
            hour_to=data.hour_to,
            rules=planner.firm_rules(firm),
        )
        reason = (
            f"campaign “{campaign.name}”: {data.rate_per_hour} an hour, "
            f"{data.hour_from}:00-{data.hour_to}:00 lead-local"
        )[:300]
        _insert_touches(
            firm_id=firm.pk,
            rows=[(lead_id, emails[lead_id], due) for lead_id, due in planned],
            template=campaign.template_key,
            reason=reason,
            now=now,
        )
        campaign.planned = len(planned)
        campaign.last_due_at = max((due for _, due in planned), default=None)
        campaign.planning_seconds = round(timer.perf_counter() - started, 3)
        campaign.save(update_fields=["planned", "last_due_at", "planning_seconds"])
        wakeup.touches_planned()
    return campaign


def _insert_touches(
    *,
    firm_id: int,
    rows: list[tuple[int, str, datetime]],
    template: str,
    reason: str,
    now: datetime,
) -> None:
    """Insert one planned email touch per (lead id, address, due time) with executemany
    (`planner.touches_add` without ids): the ORM's bulk_create spent over 95 % of a
    100,000-lead campaign's planning compiling its INSERTs."""
    planner.touches_add(
        [
            Touch(
                firm_id=firm_id,
                lead_id=lead_id,
                channel=TouchChannel.EMAIL,
                direction=Direction.OUT,
                state=TouchState.PLANNED,
                due_at=due,
                reason=reason,
                to_address=address,
                template=template,
                created_at=now,
            )
            for lead_id, address, due in rows
        ],
        with_ids=False,
    )


def _intervals(
    place: tuple[tuple[str, ...], str],
    *,
    start: datetime,
    hour_from: int,
    hour_to: int,
    rules: RuleSet,
) -> Iterator[tuple[datetime, datetime]]:
    """The lead-local sending hours of a place, day after day from `start`: the hours in every
    candidate zone at once, on days its legal window allows automated contact at both ends."""
    zones, state = place
    lead = LeadPlace(zones=zones, state=state)
    first = start.astimezone(ZoneInfo(zones[0])).date() - timedelta(days=1)
    for n in range(400):
        day: date = first + timedelta(days=n)
        opens = max(datetime.combine(day, time(hour_from), ZoneInfo(z)) for z in zones)
        closes = min(
            datetime.combine(day, time(0), ZoneInfo(z)) + timedelta(hours=hour_to) for z in zones
        )
        if closes <= max(opens, start):
            continue
        last = closes - timedelta(seconds=1)
        if not (
            legal_window_open(kind="sms", at=opens, lead=lead, rules=rules)[0]
            and legal_window_open(kind="sms", at=last, lead=lead, rules=rules)[0]
        ):
            continue
        yield max(opens, start), closes


class CannotPlan(Refused):
    pass


def spread(
    *,
    leads: dict[int, tuple[tuple[str, ...], str]],
    start: datetime,
    rate_per_hour: int,
    hour_from: int,
    hour_to: int,
    rules: RuleSet,
) -> list[tuple[int, datetime]]:
    """One send time per lead: `rate_per_hour` at most (one every 3600/rate seconds, for the
    whole firm), each inside its lead's sending hours. Leads are grouped by place (zones and
    state); at each free moment the open group whose hours close first goes next, so the
    east does not wait for the west."""
    gap = timedelta(seconds=3600 / rate_per_hour)
    queues: dict[tuple[tuple[str, ...], str], deque[int]] = {}
    for lead_id in sorted(leads):
        queues.setdefault(leads[lead_id], deque()).append(lead_id)
    hours = {
        place: _intervals(place, start=start, hour_from=hour_from, hour_to=hour_to, rules=rules)
        for place in queues
    }
    current = {place: next(hours[place], None) for place in queues}
    out: list[tuple[int, datetime]] = []
    t = start
    while queues:
        open_now = []
        next_opening: datetime | None = None
        for place in list(queues):
            interval = current[place]
            while interval is not None and interval[1] <= t:
                interval = next(hours[place], None)
            current[place] = interval
            if interval is None:
                raise CannotPlan(
                    f"no sending hours left within a year for leads in {', '.join(place[0])}"
                )
            if interval[0] <= t:
                open_now.append(place)
            elif next_opening is None or interval[0] < next_opening:
                next_opening = interval[0]
        if not open_now:
            assert next_opening is not None
            t = next_opening
            continue
        place = min(open_now, key=lambda p: current[p][1])  # type: ignore[index]
        queue = queues[place]
        out.append((queue.popleft(), t))
        if not queue:
            del queues[place]
        t += gap
    return out


def campaign_stop(*, campaign: Campaign, now: datetime) -> int:
    """Cancel the campaign's sends that have not gone yet; returns how many. Those already
    claimed by a worker are cancelled too: the claim only holds a row still `planned`."""
    return Touch.objects.filter(
        firm_id=campaign.firm_id,
        template=campaign.template_key,
        state=TouchState.PLANNED,
        direction=Direction.OUT,
    ).update(
        state=TouchState.CANCELLED,
        done_at=now,
        claimed_by="",
        lease_until=None,
        failure_note="campaign stopped",
    )
