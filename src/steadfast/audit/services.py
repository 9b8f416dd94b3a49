from __future__ import annotations

from datetime import datetime
from typing import Any

from steadfast.audit.models import AuditEvent
from steadfast.firms.models import Firm, User


def audit_record(
    *,
    firm: Firm,
    at: datetime,
    action: str,
    obj: Any,
    actor: User | None = None,
    actor_label: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    event = audit_event(
        firm=firm,
        at=at,
        action=action,
        obj=obj,
        actor=actor,
        actor_label=actor_label,
        changes=changes,
    )
    event.save()
    return event


def audit_event(
    *,
    firm: Firm,
    at: datetime,
    action: str,
    obj: Any,
    actor: User | None = None,
    actor_label: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """The event `audit_record` stores, unsaved (for a bulk insert of many)."""
    return AuditEvent(
        firm=firm,
        at=at,
        actor=actor,
        actor_label=actor_label or (actor.email if actor else "system"),
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=str(obj.pk),
        changes=changes or {},
    )
