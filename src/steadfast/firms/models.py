"""Firms, their people and their phone numbers. Every other row in Steadfast belongs to a firm."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models

from steadfast.compliance.rules import rules_for
from steadfast.errors import Refused
from steadfast.firms.fields import ProviderSettingsField
from steadfast.tz import known_zones

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def validate_timezone(value: str) -> None:
    if value not in known_zones():
        raise ValidationError(f"{value!r} is not a known time zone")


def validate_compliance_overrides(value: Any) -> None:
    """Overrides the rule table accepts (compliance.rules.rules_for names a bad key)."""

    try:
        rules_for(value or None)
    except Refused as exc:
        raise ValidationError(str(exc)) from None


def validate_business_hours(value: Any) -> None:
    """{"mon": ["08:30", "18:00"], …, "sun": null}: all seven days, opening before closing."""
    if not isinstance(value, dict) or set(value) != set(WEEKDAYS):
        raise ValidationError("business hours need an entry for each of mon..sun")
    for day, span in value.items():
        if span is None:
            continue
        if not (isinstance(span, list | tuple) and len(span) == 2):
            raise ValidationError(f"{day}: hours must be [opening, closing] or null")
        try:
            opening, closing = (_parse_hhmm(s) for s in span)
        except ValueError as exc:
            raise ValidationError(f"{day}: {exc}") from None
        if opening >= closing:
            raise ValidationError(f"{day}: opening {span[0]} is not before closing {span[1]}")


def _parse_hhmm(text: str) -> int:
    try:
        hours, minutes = str(text).split(":")
        value = int(hours) * 60 + int(minutes)
    except ValueError:
        raise ValueError(f"{text!r} is not a time like 08:30") from None
    if not 0 <= value <= 24 * 60:
        raise ValueError(f"{text!r} is not a time of day")
    return value


def default_business_hours() -> dict[str, list[str] | None]:
    weekday = ["08:30", "18:00"]
    return {
        "mon": weekday,
        "tue": weekday,
        "wed": weekday,
        "thu": weekday,
        "fri": weekday,
        "sat": None,
        "sun": None,
    }


def default_holidays() -> list[str]:
    return ["US"]


class Firm(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    timezone = models.CharField(
        max_length=64, default="America/Chicago", validators=[validate_timezone]
    )
    business_hours = models.JSONField(
        default=default_business_hours, validators=[validate_business_hours]
    )
    # "US" = federal holidays; "US-IL" = federal + Illinois (the holidays library's subdivisions).
    holiday_calendars = models.JSONField(default=default_holidays, blank=True)
    states = models.JSONField(default=list, blank=True, help_text="Two-letter states served")
    practice_areas = models.JSONField(default=list, blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="Main line, E.164")
    email = models.EmailField(blank=True, help_text="Where replies and alerts go")
    website = models.URLField(blank=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=50, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    # Lower than the default caps of the active phase if the firm wants (PRODUCT.md §1).
    max_calls = models.PositiveSmallIntegerField(default=3)
    max_texts = models.PositiveSmallIntegerField(default=2)
    max_emails = models.PositiveSmallIntegerField(default=2)
    # Per-firm overrides of the compliance rule table, e.g. {"IL": {"window": ["09:00", "20:00"]}}.
    compliance_overrides = models.JSONField(
        default=dict, blank=True, validators=[validate_compliance_overrides]
    )
    # Per-firm provider settings; empty means the environment's (PRODUCT.md §5.1). Secrets are
    # encrypted in the database (firms.fields).
    provider_settings = ProviderSettingsField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @property
    def postal_address(self) -> str:
        parts = [
            self.address_line1,
            self.address_line2,
            " ".join(p for p in [self.city + ",", self.region, self.postal_code] if p.strip(",")),
        ]
        return ", ".join(p for p in parts if p.strip())


class OutboundNumber(models.Model):
    """A number of the firm's local-presence pool (F8)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="numbers")
    e164 = models.CharField(max_length=20)
    label = models.CharField(max_length=100, blank=True)
    area_code = models.CharField(max_length=3, blank=True)
    state = models.CharField(max_length=2, blank=True)
    is_default = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "e164"], name="number_unique_in_firm")
        ]

    def __str__(self) -> str:
        return self.e164


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("a user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in: staff of one or more firms. Logs in with the email address."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=20, blank=True, help_text="For click-to-call bridging")
    # Keyboard preferences of the call queue: single-key outcomes can clash with a screen
    # reader's browse-mode keys (WCAG 2.1.4), so each person may turn them off.
    queue_shortcuts = models.BooleanField(
        default=True, help_text="Number keys 1 to 6 log a call outcome in the call queue"
    )
    # Power dialing: after an outcome, the next claimed call is dialled (where Twilio bridges).
    power_dial = models.BooleanField(
        default=True, help_text="Dial the next call after an outcome, where Twilio can bridge"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[misc,assignment]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Role(models.TextChoices):
    AGENT = "agent", "Intake specialist"
    MANAGER = "manager", "Intake manager"
    ADMIN = "admin", "Administrator"


ROLE_RANK = {Role.AGENT: 1, Role.MANAGER: 2, Role.ADMIN: 3}


class Membership(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.AGENT)
    on_duty = models.BooleanField(default=True, help_text="Takes calls from the queue")
    # Routing: calls of leads in these languages / practice areas are offered to this person
    # first (ISO 639-1 codes, the firm's practice-area codes); empty means no preference.
    languages = models.JSONField(default=list, blank=True)
    practice_areas = models.JSONField(default=list, blank=True)
    # Last time the person's call queue was open (it polls): "available" needs a recent one.
    queue_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "user"], name="one_membership_per_firm"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.firm}"

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


class Closure(models.Model):
    """A day the firm is closed beyond its holiday calendars (office closure, firm retreat)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    name = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["firm", "date"], name="one_closure_a_day")]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Invitation(models.Model):
    """An offer of a role in a firm, sent to an email address; a membership only once the
    person accepts it through the link mailed to them (their consent). The token is stored
    hashed, like API keys."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.AGENT)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.email} invited to {self.firm} as {self.get_role_display()}"
