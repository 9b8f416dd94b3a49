"""Writes the web app makes that no engine service covers: firm settings, the number pool,
memberships and notes. Each records an audit event; views only call these."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import date, datetime, timedelta
from typing import Any

import phonenumbers
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from steadfast import phone_place
from steadfast.audit.services import audit_record
from steadfast.compliance.overrides import looser_than_law
from steadfast.errors import Refused
from steadfast.firms.models import (
    Closure,
    Firm,
    Invitation,
    Membership,
    OutboundNumber,
    Role,
    User,
)
from steadfast.firms.services import user_set_password
from steadfast.leads.models import Lead, LeadSource, Note
from steadfast.leads.validation import normalize_state

FIRM_FIELDS = (
    "name",
    "timezone",
    "business_hours",
    "holiday_calendars",
    "states",
    "practice_areas",
    "phone",
    "email",
    "website",
    "address_line1",
    "address_line2",
    "city",
    "region",
    "postal_code",
    "max_calls",
    "max_texts",
    "max_emails",
)


@transaction.atomic
def firm_settings_update(
    *,
    firm: Firm,
    values: dict[str, Any],
    closures: list[tuple[str, str]],
    now: datetime,
    actor: User,
) -> list[str]:
    """Save the firm's settings and closed days; returns the names of what changed."""
    stored = Firm.objects.select_for_update().get(pk=firm.pk)
    changes: dict[str, Any] = {}
    for name in FIRM_FIELDS:
        if name in values and getattr(stored, name) != values[name]:
            changes[name] = [getattr(stored, name), values[name]]
            setattr(stored, name, values[name])
    stored.full_clean()
    if changes:
        stored.save(update_fields=list(changes))
    wanted = {date.fromisoformat(d): n[:100] for d, n in closures}
    current = {c.date: c for c in Closure.objects.filter(firm=stored)}
    if set(current) != set(wanted) or any(
        current[d].name != n for d, n in wanted.items() if d in current
    ):
        Closure.objects.filter(firm=stored).exclude(date__in=list(wanted)).delete()
        for day, name in wanted.items():
            Closure.objects.update_or_create(firm=stored, date=day, defaults={"name": name})
        changes["closures"] = sorted(f"{d} {n}" for d, n in wanted.items())
    if changes:
        audit_record(
            firm=stored,
            at=now,
            action="firm.settings",
            obj=stored,
            actor=actor,
            changes={k: _jsonable(v) for k, v in changes.items()},
        )
    return list(changes)


def _jsonable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict | str | int | float | bool) or value is None:
        return value
    return str(value)


@transaction.atomic
def number_add(
    *, firm: Firm, e164: str, label: str, is_default: bool, now: datetime, actor: User
) -> OutboundNumber:
    if OutboundNumber.objects.filter(firm=firm, e164=e164).exists():
        raise Refused(f"{e164} is already in the pool")
    area_code = e164[2:5] if e164.startswith("+1") else ""
    state = _state_for_area_code(e164)
    if is_default:
        OutboundNumber.objects.filter(firm=firm, is_default=True).update(is_default=False)
    number = OutboundNumber.objects.create(
        firm=firm, e164=e164, label=label, area_code=area_code, state=state, is_default=is_default
    )
    audit_record(
        firm=firm,
        at=now,
        action="number.added",
        obj=number,
        actor=actor,
        changes={"e164": e164, "default": is_default},
    )
    return number


def _state_for_area_code(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return ""
    # The geocoder names the state ("Illinois") for US area codes.
    place = phone_place.describe(number)
    return normalize_state(place.rsplit(",", 1)[-1]) or ""


@transaction.atomic
def number_update(
    *,
    number: OutboundNumber,
    active: bool | None = None,
    make_default: bool = False,
    now: datetime,
    actor: User,
) -> None:
    changes: dict[str, Any] = {}
    if active is not None and number.active != active:
        number.active = active
        changes["active"] = active
        if not active and number.is_default:
            number.is_default = False
            changes["default"] = False
    if make_default and not number.is_default:
        if not number.active:
            raise Refused("an inactive number cannot be the default")
        OutboundNumber.objects.filter(firm=number.firm, is_default=True).update(is_default=False)
        number.is_default = True
        changes["default"] = True
    if changes:
        number.save(update_fields=["active", "is_default"])
        audit_record(
            firm=number.firm,
            at=now,
            action="number.changed",
            obj=number,
            actor=actor,
            changes=changes,
        )


INVITATION_VALID = timedelta(days=7)


def _invitation_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def member_invite(
    *, firm: Firm, email: str, role: str, now: datetime, actor: User
) -> tuple[Invitation, str]:
    """Invite a person to the firm by email; returns the invitation and its secret token.

    Nothing changes for the person until they open the mailed link and accept: an account of
    another firm is never pulled into this one without its owner's say-so. What the inviting
    admin sees is the same whether or not the address has an account.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if role not in Role.values:
        raise Refused(f"role must be one of {', '.join(Role.values)}, not {role!r}")
    if Membership.objects.filter(firm=firm, user__email=email).exists():
        raise Refused(f"{email} is already a member of {firm.name}")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # One open invitation per address: a new one replaces the last (and its link).
        Invitation.objects.filter(firm=firm, email=email, accepted_at=None).delete()
        invitation = Invitation.objects.create(
            firm=firm,
            email=email,
            role=role,
            token_hash=_invitation_hash(token),
            invited_by=actor,
            created_at=now,
            expires_at=now + INVITATION_VALID,
        )
        audit_record(
            firm=firm,
            at=now,
            action="user.invited",
            obj=invitation,
            actor=actor,
            changes={"email": email, "role": role},
        )
        link = f"{settings.PUBLIC_URL}/invitations/{token}/"
        body = (
            f"{actor.get_full_name() or actor.email} invites you to work in {firm.name} on "
            f"Steadfast as {invitation.get_role_display().lower()}.\n\n"
            f"To accept, open {link} within 7 days.\n\n"
            "If you did not expect this, ignore this message: nothing changes until you accept."
        )
        transaction.on_commit(
            lambda: send_mail(f"Join {firm.name} on Steadfast", body, None, [email])
        )
    return invitation, token


def invitation_for_token(*, token: str, now: datetime) -> Invitation | None:
    """The open, unexpired invitation this token belongs to, or None."""
    return (
        Invitation.objects.select_related("firm")
        .filter(token_hash=_invitation_hash(token), accepted_at=None, expires_at__gt=now)
        .first()
    )


def invitation_accept(*, invitation: Invitation, user: User, now: datetime) -> Membership:
    """The invited person, logged in, accepts: they become a member with the offered role."""
    if user.email.lower() != invitation.email:
        raise Refused(
            f"this invitation is for {invitation.email}; you are logged in as {user.email}"
        )
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise Refused("this invitation was already accepted")
        membership, _ = Membership.objects.get_or_create(
            firm=locked.firm, user=user, defaults={"role": locked.role}
        )
        locked.accepted_at = now
        locked.save(update_fields=["accepted_at"])
        audit_record(
            firm=locked.firm,
            at=now,
            action="user.added",
            obj=user,
            actor=user,
            changes={"role": membership.role, "invitation": locked.pk},
        )
    return membership


def invitation_accept_new_account(
    *, invitation: Invitation, password: str, first_name: str, last_name: str, now: datetime
) -> User:
    """Someone without an account accepts: the account is made with the password they chose."""
    if User.objects.filter(email=invitation.email).exists():
        raise Refused("you already have an account: log in to accept")
    user = User.objects.create_user(
        invitation.email, password, first_name=first_name, last_name=last_name
    )
    invitation_accept(invitation=invitation, user=user, now=now)
    return user


def _other_admins(membership: Membership) -> bool:
    return (
        Membership.objects.filter(firm=membership.firm, role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def member_set_role(*, membership: Membership, role: str, now: datetime, actor: User) -> None:
    if role not in Role.values:
        raise Refused(f"role must be one of {', '.join(Role.values)}")
    if membership.role == role:
        return
    if membership.role == Role.ADMIN and not _other_admins(membership):
        raise Refused("the firm needs at least one administrator")
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        firm=membership.firm,
        at=now,
        action="user.role",
        obj=membership.user,
        actor=actor,
        changes={"role": [previous, role]},
    )


@transaction.atomic
def member_remove(*, membership: Membership, now: datetime, actor: User) -> None:
    if membership.role == Role.ADMIN and not _other_admins(membership):
        raise Refused("the firm needs at least one administrator")
    audit_record(
        firm=membership.firm,
        at=now,
        action="user.removed",
        obj=membership.user,
        actor=actor,
        changes={"role": membership.role},
    )
    membership.delete()


def member_password_reset(*, membership: Membership, now: datetime, actor: User) -> str:
    """An administrator gives a person a new password; returns it, to be shown once.

    An account is shared by every firm the person works for: only someone who administers
    all of those firms may reset it (else one firm's admin could take over a login that
    another firm relies on)."""
    user = membership.user
    if user.pk == actor.pk:
        raise Refused("change your own password in your profile")
    firm_ids = set(Membership.objects.filter(user=user).values_list("firm_id", flat=True))
    administered = set(
        Membership.objects.filter(user=actor, role=Role.ADMIN).values_list("firm_id", flat=True)
    )
    if not firm_ids <= administered:
        raise Refused(
            f"{user.email} also works for another firm; they can change their password in "
            "their profile, or an operator can run `steadfast users set-password`"
        )
    password = secrets.token_urlsafe(9)
    user_set_password(user=user, password=password, now=now, actor=actor)
    return password


def note_add(
    *, lead: Lead, body: str, remind_at: datetime | None, now: datetime, author: User
) -> Note:
    body = body.strip()
    if not body:
        raise Refused("a note needs some text")
    note = Note.objects.create(
        firm=lead.firm, lead=lead, author=author, body=body, remind_at=remind_at, created_at=now
    )
    audit_record(
        firm=lead.firm,
        at=now,
        action="note.added",
        obj=note,
        actor=author,
        changes={"lead": lead.pk, "remind_at": remind_at.isoformat() if remind_at else None},
    )
    return note


def note_done(*, note: Note, now: datetime, actor: User) -> None:
    if note.done_at is None:
        note.done_at = now
        note.save(update_fields=["done_at"])
        audit_record(firm=note.firm, at=now, action="note.done", obj=note, actor=actor)


def source_update(
    *, source: LeadSource, values: dict[str, Any], now: datetime, actor: User
) -> None:
    """Change a source's price, return window or whether it accepts leads."""
    stored = LeadSource.objects.get(pk=source.pk)  # a bound ModelForm already changed `source`
    changes = {
        name: [str(getattr(stored, name)), str(value)]
        for name, value in values.items()
        if name in SOURCE_FIELDS and getattr(stored, name) != value
    }
    if not changes:
        return
    for name in changes:
        setattr(stored, name, values[name])
    stored.save(update_fields=list(changes))
    audit_record(
        firm=stored.firm, at=now, action="source.changed", obj=stored, actor=actor, changes=changes
    )


SOURCE_FIELDS = ("cost_per_lead", "return_window_days", "active")


PROFILE_FIELDS = ("first_name", "last_name", "phone", "queue_shortcuts", "power_dial")


@transaction.atomic
def profile_update(
    *, user: User, values: dict[str, str], firms: list[Firm], now: datetime
) -> list[str]:
    """A person changes their own name and click-to-call phone; returns what changed.

    The account is shared by every firm the person works for, so each firm's audit log
    records the change (a new phone decides whose phone rings for that firm's leads)."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    changes = {
        name: [getattr(stored, name), values[name]]
        for name in PROFILE_FIELDS
        if name in values and getattr(stored, name) != values[name]
    }
    if not changes:
        return []
    for name in changes:
        setattr(stored, name, values[name])
        setattr(user, name, values[name])
    stored.save(update_fields=list(changes))
    for firm in firms:
        audit_record(
            firm=firm, at=now, action="user.profile", obj=stored, actor=stored, changes=changes
        )
    return list(changes)


@transaction.atomic
def profile_password_change(*, user: User, password: str, firms: list[Firm], now: datetime) -> None:
    """Set the person's new password (already checked against the old one and the validators)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    for firm in firms:
        audit_record(firm=firm, at=now, action="user.password", obj=user, actor=user)


@transaction.atomic
def firm_compliance_overrides_update(
    *, firm: Firm, overrides: dict[str, Any], now: datetime, actor: User
) -> bool:
    """Replace the firm's overrides of the compliance rule table; returns whether they changed.

    Checked with `rules_for` first: a bad override is refused, naming the key, and
    nothing is stored, so the planner never meets rules it cannot read; so does anything
    looser than the law (compliance.overrides)."""
    try:
        looser = looser_than_law(overrides or {})
    except Refused as exc:  # rules_for names the key it cannot read
        raise Refused(str(exc)) from None
    if looser:
        raise Refused("looser than the law: " + "; ".join(looser))
    stored = Firm.objects.select_for_update().get(pk=firm.pk)
    previous = stored.compliance_overrides or {}
    if previous == overrides:
        return False
    stored.compliance_overrides = overrides
    stored.save(update_fields=["compliance_overrides"])
    firm.compliance_overrides = overrides
    audit_record(
        firm=stored,
        at=now,
        action="firm.compliance_overrides",
        obj=stored,
        actor=actor,
        changes={"compliance_overrides": [previous, overrides]},
    )
    return True


LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


@transaction.atomic
def membership_routing_set(
    *,
    membership: Membership,
    languages: list[str],
    practice_areas: list[str],
    now: datetime,
    actor: User,
) -> bool:
    """Which calls the queue offers this person first: leads in these languages (ISO 639-1
    codes) and of these practice areas. Returns whether anything changed."""
    languages = sorted({code.strip().lower() for code in languages if code.strip()})
    practice_areas = sorted({area.strip() for area in practice_areas if area.strip()})
    wrong = [code for code in languages if not LANGUAGE_CODE.match(code)]
    if wrong:
        raise Refused(f"languages are two-letter codes such as es or pl, not {wrong[0]!r}")
    unknown = [
        area for area in practice_areas if area not in (membership.firm.practice_areas or [])
    ]
    if unknown:
        raise Refused(f"{unknown[0]!r} is not one of the firm's practice areas")
    before = {"languages": membership.languages, "practice_areas": membership.practice_areas}
    after = {"languages": languages, "practice_areas": practice_areas}
    if before == after:
        return False
    membership.languages = languages
    membership.practice_areas = practice_areas
    membership.save(update_fields=["languages", "practice_areas"])
    audit_record(
        firm=membership.firm,
        at=now,
        action="user.routing",
        obj=membership.user,
        actor=actor,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    return True
