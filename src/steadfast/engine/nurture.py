"""Nurture in the engine: enrolling a lead that enters nurture, planning each program step as
a touch at a lead-local hour, preparing a nurture send at send time, and the "talk to us" click
that hands a lead back to a person.

Sends are rows of the touch ledger: the dispatcher claims and sends them like every other
touch, and calls `send_prepare` (under the lead's row lock, just before the provider call) so
consent, suppression and the lead's status are checked at send time, exactly once. The
programs themselves (their steps and texts) are the nurture app's (`nurture.services`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

from steadfast.channels.templates import TemplateProblem, context_for, render
from steadfast.compliance.rules import RuleSet
from steadfast.compliance.selectors import ChannelState, channel_states
from steadfast.db import prepared
from steadfast.db.bulk import insert_one
from steadfast.db.rows import models_read
from steadfast.dispatch import wakeup
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.engine import events as engine
from steadfast.engine import planner
from steadfast.engine.timing import next_allowed_time
from steadfast.leads.models import Lead, Status
from steadfast.nurture.models import Campaign, Click, Enrollment, Program, ProgramStep
from steadfast.nurture.selectors import (
    CAMPAIGN_PREFIX,
    PROGRAM_PREFIX,
    newsletter_refusal,
    program_for,
)
from steadfast.nurture.services import programs_seed, talk_url

# "An SMS check-in never more than once a quarter": 92 days covers the longest quarter.
SMS_CHECK_IN_GAP = timedelta(days=92)


# --- enrolment and the planning of each step ---------------------------------------------------


def nurture_enroll(*, lead: Lead, now: datetime) -> Enrollment | None:
    """A lead that has just entered nurture starts its practice area's program: its first
    step is planned. Call it in the transaction that moved the lead to nurture."""
    if lead.status != Status.NURTURE:
        return None
    # Direct statements here and in _plan_from: every lead that enters nurture makes them.
    prepared.execute(
        "UPDATE nurture_enrollment SET ended_at = %s, end_reason = %s"
        " WHERE lead_id = %s AND ended_at IS NULL",
        [connection.ops.adapt_datetimefield_value(now), "entered nurture again", lead.pk],
    )
    program = program_for(lead=lead)
    if program is None:
        # A firm without any program yet (or that deleted them all) gets the default ones.
        programs_seed(firm=lead.firm)
        program = program_for(lead=lead)
    if program is None:
        return None
    enrollment = Enrollment(firm_id=lead.firm_id, lead=lead, program=program, started_at=now)
    insert_one(enrollment)
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


def _texts_open(lead: Lead, states: dict[str, ChannelState], now: datetime) -> bool:
    return newsletter_refusal(lead=lead, channel="sms", states=states, now=now) is None


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
    every = models_read(  # a program has a handful of steps
        ProgramStep,
        "SELECT {columns} FROM nurture_programstep x WHERE x.program_id = %s ORDER BY x.position",
        [program.pk],
    )
    steps = [step for step in every if step.position >= position]
    total = len(every)
    states = channel_states(lead=lead)
    rules = planner.firm_rules(lead.firm)
    for step in steps:
        due = after + timedelta(weeks=step.delay_weeks)
        after = due  # a skipped step keeps its place in the rhythm
        if newsletter_refusal(lead=lead, channel=step.channel, states=states, now=now):
            if step.channel == "email" and not _texts_open(lead, states, now):
                _end(enrollment, now, f"email closed: {states['email'].why_not}")
                return None
            continue  # a lead reached by text only still gets the program's check-ins
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
        touch = planner.touch_add(
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


# --- at send time -----------------------------------------------------------------------------


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
        nothing_open = email_closed and not _texts_open(lead, states, now)
        program_off = what is None or what.program is None or not what.program.active
        if lead.status != Status.NURTURE or nothing_open or program_off:
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


def talk_click(*, touch: Touch, now: datetime) -> None:
    """The reader asked for a call from a nurture email: counted, and a lead still in nurture
    is engaged and put in the call queue at once, the call saying what they clicked."""
    Click.objects.create(firm_id=touch.firm_id, touch=touch, lead=touch.lead, at=now)
    engine.lead_came_back(
        lead=touch.lead,
        now=now,
        why=f"clicked “talk to us” in the email “{touch.subject or 'nurture email'}”"[:200],
    )
