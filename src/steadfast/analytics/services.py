"""Writes for analytics: the firm's integration tokens, and outcomes (qualified, signed with
a fee, declined) reported by the firm's practice-management system."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import secrets
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from steadfast.analytics.models import CaseFee, IntegrationToken, SourceSpend
from steadfast.audit.services import audit_record
from steadfast.errors import Refused
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead, LeadSource, Status

TOKEN_PREFIX = "sfi_"  # noqa: S105 (a label, not a secret)
_TOKEN = re.compile(r"sfi_([0-9a-f]{8})_[A-Za-z0-9_-]{43}")


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def integration_token_create(
    *, firm: Firm, name: str, now: datetime, actor: User | None = None
) -> tuple[IntegrationToken, str]:
    """A new token; the key is returned once and stored only as a hash."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("name: 1 to 100 characters")
    prefix = secrets.token_hex(4)
    key = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = IntegrationToken.objects.create(
        firm=firm, name=name, prefix=prefix, key_hash=_hash(key), created_at=now
    )
    audit_record(
        firm=firm,
        at=now,
        action="integration_token.create",
        obj=token,
        actor=actor,
        changes={"name": name},
    )
    return token, key


def integration_token_for(key: str) -> IntegrationToken | None:
    match = _TOKEN.fullmatch(key)
    if match is None:
        return None
    digest = _hash(key)
    for token in IntegrationToken.objects.select_related("firm").filter(prefix=match[1]):
        if hmac.compare_digest(token.key_hash, digest) and token.revoked_at is None:
            return token
    return None


MAX_FEE = Decimal("99999999.99")


def case_fee_keep(*, lead: Lead, fee: Decimal, now: datetime) -> bool:
    """Keep the fee of a signed case; returns whether it changed (no audit: the caller's)."""
    current = CaseFee.objects.filter(lead=lead).first()
    if current is not None and current.fee == fee:
        return False
    CaseFee.objects.update_or_create(
        lead=lead, defaults={"firm_id": lead.firm_id, "fee": fee, "at": now}
    )
    return True


@transaction.atomic
def case_fee_set(*, lead: Lead, fee: Decimal, now: datetime, actor: User) -> bool:
    """A person records (or corrects) the fee of a signed case from the lead page; return on
    spend uses it instead of the practice area's expected fee. Returns whether it changed."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.status != Status.SIGNED:
        raise Refused("A fee can only be recorded for a signed case: mark the lead signed first.")
    if not fee.is_finite() or fee < 0 or fee > MAX_FEE:
        raise Refused(f"The fee must be between 0 and {MAX_FEE:,}.")
    fee = fee.quantize(Decimal("0.01"))
    previous = CaseFee.objects.filter(lead=lead).values_list("fee", flat=True).first()
    if not case_fee_keep(lead=lead, fee=fee, now=now):
        return False
    audit_record(
        firm=lead.firm,
        at=now,
        action="lead.fee",
        obj=lead,
        actor=actor,
        changes={"fee": [str(previous) if previous is not None else None, str(fee)]},
    )
    return True


class SpendImportError(Exception):
    """A spend file that cannot be read, naming the row and what was wrong."""


MAX_SPEND_FILE = 1_000_000


def spend_import(*, firm: Firm, file: Any, actor: User | None, now: datetime) -> int:
    """Monthly spend from a CSV with the columns source, month (YYYY-MM) and amount; every row
    is checked before any is saved (all or nothing). Returns the rows saved."""
    if file.size > MAX_SPEND_FILE:
        raise SpendImportError("file: at most 1 MB")
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpendImportError("file: not UTF-8 text (save it as CSV UTF-8)") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"source", "month", "amount"} - set(reader.fieldnames or [])
    if missing:
        raise SpendImportError(f"file: missing column {', '.join(sorted(missing))}")
    sources = {s.name.casefold(): s for s in LeadSource.objects.filter(firm=firm)}
    rows = []
    for number, row in enumerate(reader, start=2):
        source = sources.get((row["source"] or "").strip().casefold())
        if source is None:
            raise SpendImportError(f"row {number}: source: no source named {row['source']!r}")
        try:
            year, month = (int(p) for p in (row["month"] or "").strip().split("-"))
            first = date(year, month, 1)
        except ValueError:
            raise SpendImportError(f"row {number}: month: not YYYY-MM") from None
        try:
            amount = Decimal((row["amount"] or "").strip().lstrip("$").replace(",", ""))
        except InvalidOperation:
            raise SpendImportError(f"row {number}: amount: not an amount") from None
        if not amount.is_finite() or not 0 <= amount <= Decimal("99999999"):
            raise SpendImportError(f"row {number}: amount: between 0 and 99,999,999")
        rows.append((source, first, amount.quantize(Decimal("0.01"))))
    with transaction.atomic():
        for source, first, amount in rows:
            SourceSpend.objects.update_or_create(
                source=source,
                month=first,
                defaults={"firm": firm, "amount": amount, "entered_by": actor, "entered_at": now},
            )
    return len(rows)
