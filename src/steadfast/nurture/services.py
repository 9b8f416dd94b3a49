"""Writes for nurture programs (their steps and texts) and the signed "talk to us" links.

What happens to a lead in nurture (enrolment, each step planned and sent, the click that hands
it back to a person) is the engine's: `engine.nurture`; campaigns are `engine.campaigns`.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction

from steadfast.channels.templates import validate
from steadfast.dispatch.models import Direction, Touch
from steadfast.errors import Refused
from steadfast.firms.models import Firm
from steadfast.nurture.content import DEFAULT_PROGRAMS
from steadfast.nurture.models import Program, ProgramStep
from steadfast.nurture.selectors import (
    CAMPAIGN_PREFIX,
    PROGRAM_PREFIX,
)

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


def check_text(*, channel: str, subject: str, body: str) -> dict[str, list[str]]:
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
    problems = check_text(channel=channel, subject=subject, body=body)
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


# --- "talk to us" links ----------------------------------------------------------------------


def talk_token(*, touch_id: int) -> str:
    return signing.dumps(touch_id, salt=_TALK_SALT)


def talk_url(*, touch_id: int) -> str:
    return f"{settings.PUBLIC_URL}/n/{talk_token(touch_id=touch_id)}"


def touch_id_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=_TALK_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def talk_touch(*, token: str) -> Touch | None:
    """The nurture send a "talk to us" token was made for, or None (not made here)."""
    touch_id = touch_id_from_token(token)
    touch = (
        Touch.objects.filter(pk=touch_id or 0, direction=Direction.OUT)
        .select_related("lead", "lead__firm")
        .first()
    )
    if touch is None or not touch.template.startswith((PROGRAM_PREFIX, CAMPAIGN_PREFIX)):
        return None
    return touch
