"""Writes for nurture: enrolling a lead that enters nurture, planning each program step as a
touch at a lead-local hour, preparing a nurture send at send time, campaigns planned in bulk,
and the "talk to us" click that hands a lead back to a person.

Sends are rows of the touch ledger: the dispatcher claims and sends them like every other
touch, and calls `send_prepare` (under the lead's row lock, just before the provider call) so
consent, suppression and the lead's status are checked at send time, exactly once.
"""

from __future__ import annotations

import time as timer
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from steadfast.cadences import planner
from steadfast.cadences import services as engine
from steadfast.cadences.timing import LeadPlace, legal_window_open, next_allowed_time
from steadfast.channels.templates import TemplateProblem, context_for, render, validate
from steadfast.compliance.models import Suppression
from steadfast.compliance.rules import RuleSet
from steadfast.compliance.selectors import ChannelState, channel_states
from steadfast.dispatch import wakeup
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.errors import Refused
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead, LeadSource, Status, StatusChange
from steadfast.nurture.content import DEFAULT_PROGRAMS
from steadfast.nurture.models import Campaign, Click, Enrollment, Program, ProgramStep
from steadfast.nurture.selectors import (
    CAMPAIGN_PREFIX,
    PROGRAM_PREFIX,
    newsletter_refusal,
    program_for,
)

# "An SMS check-in never more than once a quarter": 92 days covers the longest quarter.
SMS_CHECK_IN_GAP = timedelta(days=92)
_TALK_SALT = "steadfast.nurture.talk"


# --- programs ------------------------------------------------------------------------------------


def programs_seed(*, firm: Firm) -> list[Program]:
    """The default programs for the firm's practice areas and a general one, if the firm has
    no program yet (a firm that deleted them all gets them back: nurture needs one)."""
    if Program.objects.filter(firm=firm).exists():
        return list(Program.objects.filter(firm=firm))
    # The firm's own practice areas that have default content (all of them if it named none).
    wanted = [a for a in firm.practice_areas or DEFAULT_PROGRAMS if a in DEFAULT_PROGRAMS] + [""]
    made = []
    for area in dict.fromkeys(wanted):
        name, steps = DEFAULT_PROGRAMS[area]
        program = Program.objects.create(firm=firm, name=name, practice_area=area)
        ProgramStep.objects.bulk_create(
            ProgramStep(program=program, position=n, **step) for n, step in enumerate(steps, 1)
        )
        made.append(program)
    return made


def _check_text(*, channel: str, subject: str, body: str) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not body.strip():
        problems["body"] = ["must not be empty"]
    elif found := validate(body):
        problems["body"] = found
    if channel == "email":
        if not subject.strip():
            problems["subject"] = ["an email needs a subject"]
        elif found := validate(subject):
            problems["subject"] = found
    return problems


class StepInvalid(Refused):
    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__(
            "; ".join(f"{part}: {', '.join(found)}" for part, found in problems.items())
        )
        self.problems = problems


def program_update(
    *, program: Program, name: str, practice_area: str, active: bool, send_hour: int
) -> Program:
    name = name.strip()
    if not name:
        raise Refused("the program needs a name")
    if not 8 <= send_hour <= 20:
        raise Refused("the send hour must be between 8 and 20 (lead-local, inside legal hours)")
    if Program.objects.filter(firm_id=program.firm_id, name=name).exclude(pk=program.pk).exists():
        raise Refused(f"another program is already called “{name}”")
    program.name, program.practice_area = name, practice_area.strip()
    program.active, program.send_hour = active, send_hour
    program.save()
    return program


def program_create(*, firm: Firm, name: str, practice_area: str) -> Program:
    program = Program(firm=firm)
    try:
        with transaction.atomic():
            return program_update(
                program=program, name=name, practice_area=practice_area, active=True, send_hour=10
            )
    except IntegrityError:
        raise Refused(f"another program is already called “{name.strip()}”") from None


def step_save(
    *,
    program: Program,
    step: ProgramStep | None,
    channel: str,
    delay_weeks: int,
    subject: str,
    body: str,
) -> ProgramStep:
    """Add a step at the end (step=None) or change one. Nothing is saved if the text has an
    unknown variable or a syntax error; sends already planned keep their time and take the new
    text when they go."""
    if channel not in ("email", "sms"):
        raise Refused("a step is an email or a text check-in (sms)")
    if not 1 <= delay_weeks <= 104:
        raise Refused("the delay must be between 1 and 104 weeks")
    problems = _check_text(channel=channel, subject=subject, body=body)
    if problems:
        raise StepInvalid(problems)
    if step is None:
        last = program.steps.order_by("-position").values_list("position", flat=True).first()
        step = ProgramStep(program=program, position=(last or 0) + 1)
    step.channel, step.delay_weeks = channel, delay_weeks
    step.subject = subject.strip() if channel == "email" else ""
    step.body = body.strip()
    step.save()
    return step


def step_delete(*, step: ProgramStep) -> None:
    step.delete()


# --- enrolment and the planning of each step ---------------------------------------------------


def nurture_enroll(*, lead: Lead, now: datetime) -> Enrollment | None:
    """A lead that has just entered nurture starts its practice area's program: its first
    step is planned. Call it in the transaction that moved the lead to nurture."""
    if lead.status != Status.NURTURE:
        return None
    Enrollment.objects.filter(lead=lead, ended_at__isnull=True).update(
        ended_at=now, end_reason="entered nurture again"
    )
    programs_seed(firm=lead.firm)
    program = program_for(lead=lead)
    if program is None:
        return None
    enrollment = Enrollment.objects.create(
        firm_id=lead.firm_id, lead=lead, program=program, started_at=now
    )
    _plan_from(enrollment=enrollment, lead=lead, position=1, after=now, now=now)
    wakeup.touches_planned()
    return enrollment


def _end(enrollment: Enrollment | None, now: datetime, why: str) -> None:
    if enrollment is not None and enrollment.ended_at is None:
        enrollment.ended_at, enrollment.end_reason = now, why[:100]
        enrollment.save(update_fields=["ended_at", "end_reason"])


def _last_check_in(lead: Lead, *, exclude: int | None = None) -> datetime | None:
    texts = Touch.objects.filter(
        lead=lead,
        channel=TouchChannel.SMS,
        direction=Direction.OUT,
        template__startswith=PROGRAM_PREFIX,
        state__in=planner.LIVE_STATES,
    )
    if exclude is not None:
        texts = texts.exclude(pk=exclude)
    return texts.order_by("-due_at").values_list("due_at", flat=True).first()


def lead_local_slot(
    *, lead: Lead, day_of: datetime, not_before: datetime, hour: int, rules: RuleSet
) -> tuple[datetime, str] | None:
    """The send hour lead-local on the day `day_of` falls on (the next day if that is before
    `not_before`), a few minutes past it so a program's sends do not all go at once, moved to
    the legal window of every candidate zone (automated contact: the SMS window, which also
    keeps emails at sensible hours)."""
    tz = ZoneInfo(lead.timezone)
    local = day_of.astimezone(tz)
    wanted = datetime.combine(local.date(), time(hour, (lead.pk or 0) % 60), tz)
    if wanted < not_before:
        wanted = datetime.combine(local.date() + timedelta(days=1), wanted.timetz())
    slot = next_allowed_time(
        kind="sms",
        earliest=wanted,
        lead=planner.lead_place(lead),
        firm=planner.firm_hours(lead.firm),
        rules=rules,
    )
    if slot is None:
        return None
    why = f"{wanted:%H:%M} lead-local"
    if slot.at != wanted:
        why += f"; {slot.reason}"
    return slot.at, why


def _plan_from(
    *, enrollment: Enrollment, lead: Lead, position: int, after: datetime, now: datetime
) -> Touch | None:
    """Plan the first step from `position` on that can go to this lead, `delay_weeks` after
    `after`. A text check-in is skipped without SMS consent or within a quarter of the last
    one; when nothing is left the program is over for this lead."""
    program = enrollment.program
    if program is None or not program.active:
        _end(enrollment, now, "the program was switched off")
        return None
    steps = list(program.steps.filter(position__gte=position).order_by("position"))
    total = program.steps.count()
    states = channel_states(lead=lead)
    rules = planner.firm_rules(lead.firm)
    for step in steps:
        due = after + timedelta(weeks=step.delay_weeks)
        after = due  # a skipped step keeps its place in the rhythm
        if newsletter_refusal(lead=lead, channel=step.channel, states=states, now=now):
            if step.channel == "email":
                _end(enrollment, now, f"email closed: {states['email'].why_not}")
                return None
            continue
        if step.channel == "sms":
            last = _last_check_in(lead)
            if last is not None and due < last + SMS_CHECK_IN_GAP:
                continue
        slot = lead_local_slot(
            lead=lead, day_of=due, not_before=now, hour=program.send_hour, rules=rules
        )
        if slot is None:
            continue
        at, why = slot
        touch = Touch.objects.create(
            firm_id=lead.firm_id,
            lead=lead,
            channel=step.channel,
            direction=Direction.OUT,
            state=TouchState.PLANNED,
            due_at=at,
            to_address=lead.email if step.channel == "email" else lead.phone,
            template=f"{PROGRAM_PREFIX}{program.pk}:{step.position}",
            created_at=now,
            reason=(
                f"nurture: {program.name}, step {step.position} of {total}, "
                f"{step.delay_weeks} weeks after "
                f"{'the move to nurture' if position == 1 else 'the last step'}; {why}"
            )[:300],
        )
        return touch
    _end(enrollment, now, "program complete")
    return None


# --- at send time ----------------------------------------------------------------------------


def talk_token(*, touch_id: int) -> str:
    return signing.dumps(touch_id, salt=_TALK_SALT)


def talk_url(*, touch_id: int) -> str:
    return f"{settings.PUBLIC_URL}/n/{talk_token(touch_id=touch_id)}"


def _touch_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=_TALK_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class _Send:
    program: Program | None = None
    step: ProgramStep | None = None
    campaign: Campaign | None = None


def _what(touch: Touch) -> _Send | None:
    kind, _, rest = touch.template.partition(":")
    try:
        if kind + ":" == PROGRAM_PREFIX:
            program_id, _, position = rest.partition(":")
            program = Program.objects.filter(pk=int(program_id), firm_id=touch.firm_id).first()
            step = program.steps.filter(position=int(position)).first() if program else None
            return _Send(program=program, step=step)
        if kind + ":" == CAMPAIGN_PREFIX:
            campaign = Campaign.objects.filter(pk=int(rest), firm_id=touch.firm_id).first()
            return _Send(campaign=campaign)
    except ValueError:
        return None
    return None


def _open_enrollment(lead: Lead) -> Enrollment | None:
    return (
        Enrollment.objects.filter(lead=lead, ended_at__isnull=True)
        .select_related("program")
        .first()
    )


def send_prepare(
    *, touch: Touch, lead: Lead, states: dict[str, ChannelState], now: datetime
) -> str | None:
    """Just before a nurture send, under the lead's row lock: why it may not go (the touch is
    cancelled with that note), or None with the subject and text filled in on `touch`."""
    what = _what(touch)
    why = newsletter_refusal(lead=lead, channel=touch.channel, states=states, now=now)
    if what is None or (what.step is None and what.campaign is None):
        why = why or "the program step or campaign no longer exists"
    enrollment = _open_enrollment(lead) if what is not None and what.program else None
    if why is None and what is not None and what.program is not None:
        if not what.program.active:
            why = "the program was switched off"
        elif touch.channel == TouchChannel.SMS:
            last = _last_check_in(lead, exclude=touch.pk)
            if last is not None and last > now - SMS_CHECK_IN_GAP:
                why = "one text check-in a quarter at most"
    if why is None:
        source = what.step if what and what.step else what.campaign if what else None
        assert source is not None
        try:
            context = context_for(lead, lead.firm, extra={"talk_url": talk_url(touch_id=touch.pk)})
            touch.subject = render(source.subject, context)[:300] if source.subject else ""
            touch.content = render(source.body, context)
        except TemplateProblem as exc:
            why = f"the text could not be filled in: {exc.message}"
    if why is not None and enrollment is not None:
        email_closed = not states["email"].open if "email" in states else True
        program_off = what is None or what.program is None or not what.program.active
        if lead.status != Status.NURTURE or email_closed or program_off:
            _end(enrollment, now, why)
        else:  # this step may not go (a check-in, a deleted step): the program goes on
            _plan_next(enrollment, lead, touch, now)
    return why


def send_started(*, touch: Touch, lead: Lead, now: datetime) -> None:
    """A program step is on its way (planned → sending, same transaction): plan the next."""
    if not touch.template.startswith(PROGRAM_PREFIX):
        return
    enrollment = _open_enrollment(lead)
    if enrollment is not None:
        _plan_next(enrollment, lead, touch, now)


def _plan_next(enrollment: Enrollment, lead: Lead, touch: Touch, now: datetime) -> None:
    program_id, _, position = touch.template.removeprefix(PROGRAM_PREFIX).partition(":")
    if str(enrollment.program_id) != program_id or not position.isdigit():
        return
    _plan_from(enrollment=enrollment, lead=lead, position=int(position) + 1, after=now, now=now)


# --- "talk to us" --------------------------------------------------------------------------------


def talk_click(*, token: str, now: datetime) -> Touch | None:
    """A click on a nurture email's "talk to us" link: counted, and a lead still in nurture
    is engaged and put in the call queue at once, the call saying what they clicked. None
    for a token that was not made here."""
    touch_id = _touch_from_token(token)
    touch = (
        Touch.objects.filter(pk=touch_id or 0, direction=Direction.OUT)
        .select_related("lead", "lead__firm")
        .first()
    )
    if touch is None or not touch.template.startswith((PROGRAM_PREFIX, CAMPAIGN_PREFIX)):
        return None
    Click.objects.create(firm_id=touch.firm_id, touch=touch, lead=touch.lead, at=now)
    engine.lead_came_back(
        lead=touch.lead,
        now=now,
        why=f"clicked “talk to us” in the email “{touch.subject or 'nurture email'}”"[:200],
    )
    return touch


# --- campaigns -----------------------------------------------------------------------------------


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
    problems = _check_text(channel="email", subject=data.subject, body=data.body)
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


# Every column of a planned email touch, in this order, with the value all of them share
# (None: taken from the row).
_TOUCH_COLUMNS: list[tuple[str, Any]] = [
    ("firm", None), ("lead", None), ("channel", TouchChannel.EMAIL), ("direction", Direction.OUT),
    ("step", None), ("state", TouchState.PLANNED), ("due_at", None), ("reason", None),
    ("lease_until", None), ("claimed_by", ""), ("started_at", None), ("attempts", 0),
    ("outcome", ""), ("provider", ""), ("provider_id", ""), ("provider_code", ""),
    ("to_address", None), ("from_address", ""), ("subject", ""), ("content", ""),
    ("template", None), ("failure_note", ""), ("performed_by", None), ("alert", False),
    ("created_at", None), ("done_at", None),
]  # fmt: skip


def _insert_touches(
    *,
    firm_id: int,
    rows: list[tuple[int, str, datetime]],
    template: str,
    reason: str,
    now: datetime,
) -> None:
    """Insert one planned email touch per (lead id, address, due time), a few thousand rows per
    executemany. The ORM's bulk_create spent over 95 % of a 100,000-lead campaign's planning
    compiling its INSERTs (26 columns x 100,000 values through each field's prep methods);
    the values here are the same ones, adapted once per type."""
    adapt = connection.ops.adapt_datetimefield_value
    meta = Touch._meta
    columns = [str(meta.get_field(name).column) for name, _ in _TOUCH_COLUMNS]  # type: ignore[union-attr]
    shared = {name: value for name, value in _TOUCH_COLUMNS}
    shared.update(firm=firm_id, reason=reason, template=template, created_at=adapt(now))
    names = [name for name, _ in _TOUCH_COLUMNS]
    at_lead, at_due = names.index("lead"), names.index("due_at")
    at_address = names.index("to_address")
    base = [shared[name] for name in names]
    sql = (
        f"INSERT INTO {meta.db_table} ({', '.join(columns)}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            batch = []
            for lead_id, address, due in rows[start : start + 5000]:
                row = list(base)
                row[at_lead], row[at_address], row[at_due] = lead_id, address, adapt(due)
                batch.append(row)
            cursor.executemany(sql, batch)


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
