"""Writes about firms and their people, including the demo firm of the embedded mode."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.audit.services import audit_record
from steadfast.errors import Refused
from steadfast.firms.models import Firm, Membership, OutboundNumber, Role, User


def user_create(
    *,
    firm: Firm,
    email: str,
    password: str,
    role: str,
    now: datetime,
    first_name: str = "",
    last_name: str = "",
) -> User:
    if role not in Role.values:
        raise Refused(f"role must be one of {', '.join(Role.values)}, not {role!r}")
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        user = User.objects.get(email=email)
        if Membership.objects.filter(firm=firm, user=user).exists():
            raise Refused(f"{email} is already a member of {firm.name}")
    else:
        user = User.objects.create_user(email, password, first_name=first_name, last_name=last_name)
    Membership.objects.create(firm=firm, user=user, role=role)
    audit_record(firm=firm, at=now, action="user.added", obj=user, changes={"role": role})
    return user


class PasswordRefused(Refused):
    """The new password fails a password rule; the message says which, for a person."""


def user_set_password(
    *, user: User, password: str, now: datetime, actor: User | None = None
) -> None:
    """Give a person a new password (their sessions elsewhere end with the old one).

    The password rules (length, common passwords, too close to the email) apply; every firm
    the person works for records the change in its audit log."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise PasswordRefused(" ".join(exc.messages)) from None
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        for membership in Membership.objects.filter(user=user).select_related("firm"):
            audit_record(
                firm=membership.firm, at=now, action="user.password", obj=user, actor=actor
            )


DEMO_SLUG = "demo"
DEMO_ADMIN = "admin@demo.steadfast.test"


@transaction.atomic
def demo_firm_seed(*, now: datetime) -> tuple[Firm, str] | None:
    """On an empty database: a personal-injury firm in Chicago and its admin.

    Returns the firm and the admin's generated password, or None when firms already exist.
    """
    if Firm.objects.exists():
        return None
    firm = Firm.objects.create(
        name="Lakeshore Injury Law",
        slug=DEMO_SLUG,
        timezone="America/Chicago",
        holiday_calendars=["US-IL"],
        states=["IL", "WI"],
        practice_areas=["personal_injury", "auto_accident", "workers_comp", "medical_malpractice"],
        phone="+13125550100",
        email="intake@lakeshore-injury.example",
        website="https://lakeshore-injury.example",
        address_line1="200 N LaSalle St, Suite 1400",
        city="Chicago",
        region="IL",
        postal_code="60601",
    )
    OutboundNumber.objects.create(
        firm=firm,
        e164="+13125550100",
        label="Main line",
        area_code="312",
        state="IL",
        is_default=True,
    )
    password = secrets.token_urlsafe(12)
    # The firm's administrator, in the firm's own settings pages, and no more: not a Django
    # superuser or staff member, who would see every firm of the installation in /admin/.
    # The installation's operator makes that account deliberately (`steadfast createsuperuser`).
    user = User.objects.create_user(DEMO_ADMIN, password, first_name="Dana", last_name="Admin")
    Membership.objects.create(firm=firm, user=user, role=Role.ADMIN)
    audit_record(firm=firm, at=now, action="firm.seeded", obj=firm)
    return firm, password


def firm_secrets_reencrypt() -> int:
    """Encrypt every firm's provider secrets again with the first of STEADFAST_ENCRYPTION_KEYS
    (they are read with any of the keys). Returns how many firms had secrets."""
    count = 0
    for firm in Firm.objects.only("pk", "provider_settings").order_by("pk"):
        if firm.provider_settings:
            with transaction.atomic():
                Firm.objects.filter(pk=firm.pk).update(provider_settings=firm.provider_settings)
            count += 1
    return count
