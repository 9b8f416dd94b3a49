"""The rollups the reports read (LeadRollup, CallRollup), always current with the ledger.

Database triggers on leads, touches and status changes (and on a firm's time zone) put the id
of every lead written to — by any code path: the ORM, `update()`, bulk writes or raw SQL — in
RollupDirty. `refresh()`, called first by every report, recomputes the rollup rows of exactly
those leads from the ledger, so a report never reads a figure older than its own request;
when nothing changed, that costs one small query.

The triggers are (re)installed after every `migrate` (a table rebuilt by a later migration on
SQLite loses its triggers); when any was missing, every lead is marked to be recomputed.
"""

from __future__ import annotations

import zoneinfo
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction

from steadfast.analytics.models import CallRollup, LeadRollup, RollupDirty
from steadfast.dispatch.models import Direction, Touch, TouchState
from steadfast.leads.models import Lead, Status, StatusChange

ATTEMPT_CHANNELS = ("call", "sms", "email", "voicemail_drop")
DONE = (TouchState.SENT, TouchState.FAILED)
# A first call due more than this after arrival means the lead arrived outside calling hours.
OUTSIDE_HOURS_SLACK = timedelta(minutes=2)
BATCH = 5000
PREFIX = "sf_analytics_"
# The advisory lock that makes refreshes on PostgreSQL take turns, one batch at a time.
_REFRESH_LOCK = (0x5F5E, 1)


def _watched() -> list[tuple[str, str]]:
    """(table, the column holding the lead's id) of every table a report's figure comes from."""
    return [
        (Lead._meta.db_table, "id"),
        (Touch._meta.db_table, "lead_id"),
        (StatusChange._meta.db_table, "lead_id"),
    ]


def _trigger_sql() -> list[tuple[str, list[str]]]:
    """(trigger name, statements creating it) for this database."""
    dirty = RollupDirty._meta.db_table
    leads = Lead._meta.db_table
    firms = "firms_firm"
    out = []
    if connection.vendor == "postgresql":
        for table, column in _watched():
            for event, rows in (
                ("INSERT", "NEW TABLE AS changed"),
                ("UPDATE", "OLD TABLE AS before NEW TABLE AS changed"),
                ("DELETE", "OLD TABLE AS before"),
            ):
                name = f"{PREFIX}{table}_{event.lower()}"
                parts = []
                if event != "DELETE":
                    parts.append(f"SELECT {column} FROM changed")
                if event != "INSERT":
                    parts.append(f"SELECT {column} FROM before")
                body = (
                    f"INSERT INTO {dirty} (lead_id) SELECT DISTINCT lead FROM "
                    f"({' UNION ALL '.join(parts)}) AS t(lead)"
                )
                out.append(
                    (
                        name,
                        [
                            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger "
                            f"LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$",
                            f"DROP TRIGGER IF EXISTS {name} ON {table}",
                            f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                            f"REFERENCING {rows} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
                        ],
                    )
                )
        name = f"{PREFIX}firm_timezone"
        out.append(
            (
                name,
                [
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    f"BEGIN INSERT INTO {dirty} (lead_id) SELECT id FROM {leads} "
                    f"WHERE firm_id = NEW.id; RETURN NULL; END $$",
                    f"DROP TRIGGER IF EXISTS {name} ON {firms}",
                    f"CREATE TRIGGER {name} AFTER UPDATE OF timezone ON {firms} FOR EACH ROW "
                    f"WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone) EXECUTE FUNCTION {name}()",
                ],
            )
        )
        return out
    for table, column in _watched():
        for event, versions in (
            ("INSERT", ("NEW",)),
            ("UPDATE", ("OLD", "NEW")),
            ("DELETE", ("OLD",)),
        ):
            name = f"{PREFIX}{table}_{event.lower()}"
            body = " ".join(
                f"INSERT INTO {dirty} (lead_id) VALUES ({row}.{column});" for row in versions
            )
            out.append(
                (
                    name,
                    [
                        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} "
                        f"BEGIN {body} END"
                    ],
                )
            )
    name = f"{PREFIX}firm_timezone"
    out.append(
        (
            name,
            [
                f"CREATE TRIGGER IF NOT EXISTS {name} AFTER UPDATE OF timezone ON {firms} "
                f"WHEN OLD.timezone IS NOT NEW.timezone BEGIN INSERT INTO {dirty} "
                f"(lead_id) SELECT id FROM {leads} WHERE firm_id = NEW.id; END"
            ],
        )
    )
    return out


def _installed() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [PREFIX + "%"])
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [PREFIX + "%"],
            )
        return {row[0] for row in cursor.fetchall()}


def install_triggers() -> bool:
    """Create the triggers that are missing; if any was, mark every lead to be recomputed.
    Returns whether anything was installed."""
    tables = set(connection.introspection.table_names())
    needed = {RollupDirty._meta.db_table, "firms_firm", *(t for t, _ in _watched())}
    if not needed <= tables:
        return False
    wanted = _trigger_sql()
    missing = [(name, sql) for name, sql in wanted if name not in _installed()]
    if not missing:
        return False
    with transaction.atomic(), connection.cursor() as cursor:
        for _, statements in missing:
            for statement in statements:
                cursor.execute(statement)
        mark_all()
    return True


def mark_all() -> None:
    """Every lead to be recomputed (after the triggers were missing, or to rebuild)."""
    dirty = RollupDirty._meta.db_table
    leads = Lead._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {dirty} (lead_id) SELECT id FROM {leads}")


def refresh(batch: int = BATCH, max_leads: int | None = None) -> int:
    """Recompute the rollup rows of every lead marked since the last refresh; returns how many.

    The marks of a batch of leads are deleted first, then their rows computed from the ledger
    as it is after that: a write racing with this either is seen by the computation or marks
    its lead again, for the next refresh.

    Two refreshes at once (workers starting, a report beside the worker) take turns per batch:
    on PostgreSQL through a transaction-level advisory lock, on SQLite through the write lock
    every transaction takes at BEGIN. Without that, both would read the same marks and write
    the same rollup rows, and the second would fail on the duplicate key."""
    done = 0
    while max_leads is None or done < max_leads:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", _REFRESH_LOCK)
            ids = sorted(
                set(RollupDirty.objects.order_by("id").values_list("lead_id", flat=True)[:batch])
            )
            if not ids:
                return done
            RollupDirty.objects.filter(lead_id__in=ids).delete()
            LeadRollup.objects.filter(lead_id__in=ids).delete()
            CallRollup.objects.filter(lead_id__in=ids).delete()
            leads, calls = _compute(ids)
            _insert(LeadRollup, leads)
            _insert(CallRollup, calls)
        done += len(ids)
    return done


def _insert(model: Any, rows: list[dict[str, Any]]) -> None:
    """Many rows at once, without a model instance each (a full rebuild writes millions)."""
    if not rows:
        return
    fields = list(model._meta.concrete_fields)
    names = [f.attname for f in fields]
    adapt = {}
    if connection.vendor != "postgresql":  # psycopg adapts dates and times itself
        for f in fields:
            if f.get_internal_type() in ("DateTimeField", "DateField"):
                adapt[f.attname] = (
                    connection.ops.adapt_datetimefield_value
                    if f.get_internal_type() == "DateTimeField"
                    else connection.ops.adapt_datefield_value
                )
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"
    values = [[adapt[n](row[n]) if n in adapt else row[n] for n in names] for row in rows]
    with connection.cursor() as cursor:
        for i in range(0, len(values), 1000):
            cursor.executemany(sql, values[i : i + 1000])


_ZONES: dict[str, zoneinfo.ZoneInfo] = {}


def _zone(name: str) -> zoneinfo.ZoneInfo:
    if name not in _ZONES:
        _ZONES[name] = zoneinfo.ZoneInfo(name)
    return _ZONES[name]


def _first(values: Any) -> datetime | None:
    return min((v for v in values if v is not None), default=None)


def _compute(ids: list[int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    touches: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in (
        Touch.objects.filter(lead_id__in=ids)
        .order_by()
        .values_list(
            "id",
            "lead_id",
            "channel",
            "direction",
            "step",
            "state",
            "due_at",
            "done_at",
            "outcome",
            "performed_by_id",
        )
    ):
        touches[row[1]].append(row)
    qualified: set[int] = set()
    signed: dict[int, datetime] = {}
    for lead_id, to_status, at in StatusChange.objects.filter(
        lead_id__in=ids, to_status__in=(Status.QUALIFIED, Status.SIGNED)
    ).values_list("lead_id", "to_status", "at"):
        qualified.add(lead_id)
        if to_status == Status.SIGNED and (lead_id not in signed or at < signed[lead_id]):
            signed[lead_id] = at
    leads, calls = [], []
    for (
        lead_id,
        firm_id,
        source_id,
        practice_area,
        agent_id,
        arrived_at,
        status,
        status_reason,
        lead_zone,
        firm_zone,
    ) in Lead.objects.filter(pk__in=ids).values_list(
        "id",
        "firm_id",
        "source_id",
        "practice_area",
        "assigned_to_id",
        "arrived_at",
        "status",
        "status_reason",
        "timezone",
        "firm__timezone",
    ):
        mine = touches.get(lead_id, [])
        out = [t for t in mine if t[3] == Direction.OUT]
        attempts = [t for t in out if t[2] in ATTEMPT_CHANNELS and t[5] in DONE]
        made_calls = [t for t in attempts if t[2] == "call"]
        first_attempt = _first(t[7] for t in attempts)
        first_contact = _first(
            [
                _first(t[7] for t in out if t[2] == "call" and t[8] == "connected"),
                _first(
                    t[7]
                    for t in mine
                    if t[3] == Direction.IN and t[2] in ("sms", "email") and t[8] != "opted_out"
                ),
            ]
        )
        first_call_due = _first(t[6] for t in out if t[2] == "call" and t[4] == 1)
        clock_start = arrived_at
        if first_call_due and first_call_due - arrived_at > OUTSIDE_HOURS_SLACK:
            clock_start = first_call_due
        by_agent = sorted(
            (t for t in made_calls if t[9] is not None),
            key=lambda t: (t[7] is None, t[7] or arrived_at, t[0]),
        )
        before = (
            sum(1 for t in attempts if t[7] is not None and t[7] <= first_contact)
            if first_contact
            else 0
        )
        firm_local = arrived_at.astimezone(_zone(firm_zone))
        leads.append(
            dict(
                lead_id=lead_id,
                firm_id=firm_id,
                source_id=source_id,
                practice_area=practice_area,
                agent_id=agent_id,
                arrived_at=arrived_at,
                arrived_hour=firm_local.hour,
                arrived_month=firm_local.date().replace(day=1),
                status=status,
                status_reason=status_reason,
                ever_qualified=lead_id in qualified,
                first_signed_at=signed.get(lead_id),
                contacted=first_contact is not None,
                outside_hours=clock_start != arrived_at,
                attempt_secs=max(0.0, (first_attempt - clock_start).total_seconds())
                if first_attempt
                else None,
                contact_secs=max(0.0, (first_contact - clock_start).total_seconds())
                if first_contact
                else None,
                first_call_agent=by_agent[0][9] if by_agent else None,
                attempts_to_contact=max(1, before) if first_contact else None,
            )
        )
        for t in made_calls:
            if t[7] is None:
                continue
            local = t[7].astimezone(_zone(lead_zone))
            calls.append(
                dict(
                    touch_id=t[0],
                    lead_id=lead_id,
                    firm_id=firm_id,
                    source_id=source_id,
                    practice_area=practice_area,
                    lead_agent_id=agent_id,
                    arrived_at=arrived_at,
                    performed_by=t[9],
                    done_at=t[7],
                    day=t[7].astimezone(_zone(firm_zone)).date(),
                    wait_secs=max(0.0, (t[7] - t[6]).total_seconds()),
                    outcome=t[8],
                    lead_weekday=local.weekday(),
                    lead_hour=local.hour,
                )
            )
    return leads, calls


def drop_triggers() -> None:
    """Remove the triggers (before the rollup tables go, when the migration is reversed)."""
    with connection.cursor() as cursor:
        for name in _installed():
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE t.tgname = %s",
                    [name],
                )
                for (table,) in cursor.fetchall():
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
