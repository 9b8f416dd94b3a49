from __future__ import annotations

from datetime import datetime
from typing import Any

from steadfast.audit.models import AuditEvent
from steadfast.db.bulk import insert_one
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
    event = AuditEvent(
        firm=firm,
        actor=actor,
        **_described(at=at, action=action, obj=obj, actor=actor, actor_label=actor_label),
        changes=changes or {},
    )
    insert_one(event)  # as create() writes it, without compiling an INSERT: most events audit
    return event


def audit_values(
    *,
    firm: Firm,
    at: datetime,
    action: str,
    obj: Any,
    actor: User | None = None,
    actor_label: str = "",
    changes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The event `audit_record` stores, as the column values of a bulk insert of many
    (`db.bulk.insert_values(AuditEvent, …)`)."""
    return {
        "firm_id": firm.pk,
        "actor_id": actor.pk if actor is not None else None,
        **_described(at=at, action=action, obj=obj, actor=actor, actor_label=actor_label),
        "changes": changes or {},
    }


def _described(
    *, at: datetime, action: str, obj: Any, actor: User | None, actor_label: str
) -> dict[str, Any]:
    return {
        "at": at,
        "actor_label": actor_label or (actor.email if actor else "system"),
        "action": action,
        "object_type": type(obj).__name__.lower(),
        "object_id": str(obj.pk),
    }
