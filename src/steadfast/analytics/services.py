"""Writes for analytics: the firm's integration tokens, and outcomes (qualified, signed with
a fee, declined) reported by the firm's practice-management system."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime
from decimal import Decimal

from django.db import transaction

from steadfast.analytics.models import CaseFee, IntegrationToken
from steadfast.audit.services import audit_record
from steadfast.cadences.services import lead_mark
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead, Status

TOKEN_PREFIX = "sfi_"  # noqa: S105 (a label, not a secret)
_TOKEN = re.compile(r"sfi_([0-9a-f]{8})_[A-Za-z0-9_-]{43}")
OUTCOMES = (Status.QUALIFIED, Status.SIGNED, Status.DECLINED)


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


@transaction.atomic
def lead_outcome_report(
    *,
    lead: Lead,
    status: str,
    now: datetime,
    fee: Decimal | None = None,
    by: str,
    actor: User | None = None,
) -> bool:
    """The firm's own system (or a person) says how the lead ended. Idempotent: the same
    outcome again changes nothing. Returns whether anything changed."""
    if status not in OUTCOMES:
        raise ValueError(f"status: one of {', '.join(OUTCOMES)}")
    changed = False
    if lead.status != status:
        lead_mark(lead=lead, status=status, now=now, actor=actor, note=f"reported by {by}"[:300])
        changed = True
    if status == Status.SIGNED and fee is not None:
        current = CaseFee.objects.filter(lead=lead).first()
        if current is None or current.fee != fee:
            CaseFee.objects.update_or_create(
                lead=lead, defaults={"firm_id": lead.firm_id, "fee": fee, "at": now}
            )
            changed = True
    if changed:
        audit_record(
            firm=lead.firm,
            at=now,
            action="lead.outcome",
            obj=lead,
            actor=actor,
            actor_label=by,
            changes={"status": status, "fee": str(fee) if fee else None},
        )
    return changed
