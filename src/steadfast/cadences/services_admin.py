"""A firm's own cadences, as its managers edit them: create, change, copy the built-in default.

Nothing is stored unless the whole definition passes `parse_definition` and every message step
names one of the firm's templates for its channel; CadenceInvalid lists each problem with the
step it concerns. Leads already enrolled keep the copy frozen in their Enrollment, so a change
here only shapes the plans of leads that arrive afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from pydantic import ValidationError

from steadfast.audit.services import audit_record
from steadfast.cadences.definition import DEFAULT_CADENCE, CadenceDefinition, parse_definition
from steadfast.cadences.models import Cadence, Enrollment
from steadfast.channels.default_templates import DEFAULT_TEMPLATES
from steadfast.channels.models import MessageTemplate
from steadfast.errors import Refused
from steadfast.firms.models import Firm, User
from steadfast.leads.models import LeadSource

NAME_MAX = 100
PRACTICE_AREA_MAX = 60

# The channel of the template each kind of step sends (or shows, for a call's script).
TEMPLATE_CHANNEL = {
    "call": "call",
    "sms": "sms",
    "email": "email",
    "voicemail_drop": "voicemail",
}
CHANNEL_NAMES = {
    "call": "a call script",
    "sms": "a text",
    "email": "an email",
    "voicemail": "a voicemail",
}


@dataclass(frozen=True)
class CadenceProblem:
    message: str
    step: int | None = None  # position in the list of steps given; None: the whole cadence
    field: str | None = None


class CadenceInvalid(Refused):
    def __init__(self, problems: list[CadenceProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def _step_label(steps: list[Any], index: int) -> str:
    step = steps[index] if index < len(steps) else None
    n = step.get("n") if isinstance(step, dict) else None
    return f"step {n if isinstance(n, int) else index + 1}"


def _pydantic_problems(exc: ValidationError, data: dict[str, Any]) -> list[CadenceProblem]:
    given = data.get("steps")
    steps: list[Any] = given if isinstance(given, list) else []
    problems = []
    for error in exc.errors():
        loc = error["loc"]
        # The schema's own messages name the step already ("step 2: …"); a field error does not.
        message = error["msg"].removeprefix("Value error, ").replace("`of`", "“of step”")
        message = message.replace("`", "")
        if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int):
            step_field = str(loc[2]) if len(loc) > 2 else None
            if not re.match(r"step \d+:", message):
                what = f"{step_field.replace('_', ' ')}: " if step_field else ""
                message = f"{_step_label(steps, loc[1])}: {what}{message[:1].lower()}{message[1:]}"
            problems.append(CadenceProblem(message, step=loc[1], field=step_field))
        elif loc and loc[0] == "caps":
            cap = str(loc[1]) if len(loc) > 1 else ""
            what = {"call": "calls", "sms": "texts", "email": "emails"}.get(cap, cap)
            message = f"{message[:1].lower()}{message[1:]}"
            problems.append(CadenceProblem(f"cap on {what}: {message}", field=f"cap_{cap}"))
        else:
            problems.append(CadenceProblem(message))
    return problems


def default_template_channels() -> dict[str, str]:
    """Every default template key, with its channel."""

    return {key: str(t.get("channel", "")) for key, t in DEFAULT_TEMPLATES.items()}


def _template_channels(firm: Firm) -> dict[str, str]:
    """Every template key the firm may use, with its channel: its own and the defaults."""
    channels = default_template_channels()
    channels.update(MessageTemplate.objects.filter(firm=firm).values_list("key", "channel"))
    return channels


def template_problems(
    definition: CadenceDefinition, *, known: dict[str, str]
) -> list[CadenceProblem]:
    """Each message step whose template is missing, unknown (not in `known`, key → channel)
    or for another channel."""
    problems: list[CadenceProblem] = []

    def check(index: int, n: int, field: str, key: str, channel: str, required: bool) -> None:
        if not key:
            if required:
                problems.append(
                    CadenceProblem(
                        f"step {n}: {CHANNEL_NAMES[channel]} needs a template",
                        step=index,
                        field=field,
                    )
                )
            return
        if key not in known:
            message = f"step {n}: there is no template {key!r}"
        elif known[key] != channel:
            message = (
                f"step {n}: the template {key!r} is {CHANNEL_NAMES.get(known[key], known[key])},"
                f" not {CHANNEL_NAMES[channel]}"
            )
        else:
            return
        problems.append(CadenceProblem(message, step=index, field=field))

    for index, step in enumerate(definition.steps):
        if step.action == "sms_or_email":
            check(index, step.n, "template", step.template_for("sms"), "sms", True)
            check(index, step.n, "template_email", step.template_for("email"), "email", True)
        elif step.action in TEMPLATE_CHANNEL:
            channel = TEMPLATE_CHANNEL[step.action]
            key = step.template if isinstance(step.template, str) else ""
            check(index, step.n, "template", key, channel, required=step.action != "call")
        if step.voicemail_template:
            check(index, step.n, "voicemail_template", step.voicemail_template, "voicemail", False)
    return problems


def definition_check(*, firm: Firm, data: dict[str, Any]) -> CadenceDefinition:
    """The definition, parsed; CadenceInvalid naming every problem otherwise."""
    if not data.get("steps"):
        raise CadenceInvalid([CadenceProblem("a cadence needs at least one step")])
    try:
        definition = parse_definition(data)
    except ValidationError as exc:
        raise CadenceInvalid(_pydantic_problems(exc, data)) from None
    problems = template_problems(definition, known=_template_channels(firm))
    if problems:
        raise CadenceInvalid(problems)
    return definition


def _checked(
    *,
    firm: Firm,
    name: str,
    definition: dict[str, Any],
    practice_area: str,
    source: LeadSource | None,
    cadence: Cadence | None = None,
) -> tuple[str, dict[str, Any]]:
    name = " ".join(name.split())
    problems: list[CadenceProblem] = []
    if not name:
        problems.append(CadenceProblem("a cadence needs a name", field="name"))
    elif len(name) > NAME_MAX:
        problems.append(
            CadenceProblem(f"the name is longer than {NAME_MAX} characters", field="name")
        )
    elif (
        Cadence.objects.filter(firm=firm, name=name)
        .exclude(pk=cadence.pk if cadence else 0)
        .exists()
    ):
        problems.append(
            CadenceProblem(f"{firm.name} already has a cadence called {name!r}", field="name")
        )
    if len(practice_area) > PRACTICE_AREA_MAX:
        problems.append(
            CadenceProblem(
                f"a practice area has at most {PRACTICE_AREA_MAX} characters",
                field="practice_area",
            )
        )
    if source is not None and source.firm_id != firm.pk:
        problems.append(CadenceProblem("that lead source belongs to another firm", field="source"))
    try:
        parsed = definition_check(firm=firm, data={**definition, "name": name or "cadence"})
    except CadenceInvalid as exc:
        problems.extend(exc.problems)
        parsed = None
    if problems or parsed is None:
        raise CadenceInvalid(problems)
    return name, parsed.model_dump(mode="json")


def _single_default(firm: Firm, keep: Cadence) -> None:
    """One default per firm: the planner prefers it when no narrower cadence fits."""
    Cadence.objects.filter(firm=firm, is_default=True).exclude(pk=keep.pk).update(is_default=False)


@transaction.atomic
def cadence_create(
    *,
    firm: Firm,
    name: str,
    definition: dict[str, Any],
    practice_area: str = "",
    source: LeadSource | None = None,
    is_default: bool = False,
    active: bool = True,
    now: datetime,
    actor: User | None,
) -> Cadence:
    name, stored = _checked(
        firm=firm, name=name, definition=definition, practice_area=practice_area, source=source
    )
    # Locks the firm's row: two managers saving at once cannot both end up the default.
    Firm.objects.select_for_update().filter(pk=firm.pk).first()
    cadence = Cadence.objects.create(
        firm=firm,
        name=name,
        practice_area=practice_area.strip(),
        source=source,
        is_default=is_default,
        active=active,
        definition=stored,
        version=1,
    )
    if is_default:
        _single_default(firm, cadence)
    audit_record(
        firm=firm,
        at=now,
        action="cadence.created",
        obj=cadence,
        actor=actor,
        changes={
            "name": name,
            "steps": len(stored["steps"]),
            "practice_area": cadence.practice_area,
            "source": source.name if source else "",
            "default": is_default,
            "active": active,
        },
    )
    return cadence


@transaction.atomic
def _same_definition(before: Any, after: dict[str, Any]) -> bool:
    """The same cadence, a key the schema fills in by default (timing) aside."""
    try:
        return parse_definition(before).model_dump(mode="json") == after
    except ValidationError:
        return False


def cadence_update(
    *,
    cadence: Cadence,
    name: str,
    definition: dict[str, Any],
    practice_area: str,
    source: LeadSource | None,
    is_default: bool,
    active: bool,
    now: datetime,
    actor: User | None,
) -> list[str]:
    """Save a changed cadence under its next version; returns the names of what changed
    (nothing saved, no new version, when nothing did)."""
    firm = cadence.firm
    name, stored_definition = _checked(
        firm=firm,
        name=name,
        definition=definition,
        practice_area=practice_area,
        source=source,
        cadence=cadence,
    )
    Firm.objects.select_for_update().filter(pk=firm.pk).first()
    stored = Cadence.objects.select_for_update().get(pk=cadence.pk, firm=firm)
    wanted = {
        "name": name,
        "practice_area": practice_area.strip(),
        "source_id": source.pk if source else None,
        "is_default": is_default,
        "active": active,
        "definition": stored_definition,
    }
    changes: dict[str, Any] = {}
    for field, value in wanted.items():
        if field == "definition" and _same_definition(stored.definition, stored_definition):
            continue
        if getattr(stored, field) != value:
            before = getattr(stored, field)
            changes[field] = True if field == "definition" else [before, value]
            setattr(stored, field, value)
    if not changes:
        return []
    stored.version += 1
    stored.save()
    if stored.is_default:
        _single_default(firm, stored)
    audit_record(
        firm=firm,
        at=now,
        action="cadence.updated",
        obj=stored,
        actor=actor,
        changes={**changes, "version": stored.version},
    )
    cadence.refresh_from_db()
    return [field.removesuffix("_id") for field in changes]


def _free_name(firm: Firm, wanted: str) -> str:
    taken = set(Cadence.objects.filter(firm=firm).values_list("name", flat=True))
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted} {n}" in taken:
        n += 1
    return f"{wanted} {n}"


def cadence_copy_default(*, firm: Firm, now: datetime, actor: User | None) -> Cadence:
    """The built-in default cadence as the firm's own, to edit. It becomes the firm's default
    unless the firm already has one: the steps are the same, so no lead's plan changes."""
    has_default = Cadence.objects.filter(firm=firm, is_default=True, active=True).exists()
    name = _free_name(firm, f"{DEFAULT_CADENCE['name']} (copy)"[:NAME_MAX])
    return cadence_create(
        firm=firm,
        name=name,
        definition=DEFAULT_CADENCE,
        is_default=not has_default,
        now=now,
        actor=actor,
    )


def cadence_enrolled_count(*, cadence: Cadence) -> int:
    """Leads working through this cadence now, each on the copy it had when they arrived."""
    return Enrollment.objects.filter(cadence=cadence, ended_at__isnull=True).count()
