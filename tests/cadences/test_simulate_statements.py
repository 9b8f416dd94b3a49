"""What a simulated touch asks of the database, in statements: `steadfast simulate` drives the
production engine, whose every event (arrival, send, call outcome, receipt, reply) runs its
statements; an N+1 read creeping into any of them shows here first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.cadences import simulation
from steadfast.db import prepared
from tests.cadences.scenarios import lead, run

pytestmark = pytest.mark.django_db

# Measured at about 31 statements a touch (an arrival, the agents' calls with their holds and
# outcomes, the texts and emails with their receipts, the replies, the move to nurture).
MOST_PER_TOUCH = 32


def people(count: int) -> Iterator[dict[str, Any]]:
    """Leads of mixed behaviour arriving ten minutes apart: silent ones, some who answer the
    first or second call, a wrong and a disconnected number, a landline, an email that
    bounces, people who text or email back, one who texts STOP, and a duplicate."""
    kinds: list[dict[str, Any]] = [
        {},
        {"answers": [1]},
        {"answers": [2]},
        {"phone": "wrong_person"},
        {"phone": "disconnected"},
        {"phone": "landline"},
        {"email": "bounces"},
        {"replies": [{"after": "sms#1 +20m", "channel": "sms", "text": "Call me"}]},
        {"replies": [{"after": "email#1 +2h", "channel": "email", "text": "Evenings"}]},
        {"replies": [{"after": "sms#1 +5m", "channel": "sms", "text": "STOP"}]},
        {"voicemail": False},
    ]
    for i in range(count):
        yield lead(
            f"lead{i}",
            arrives=f"+{10 * i}m",
            phone=f"+1 312 555 {(i if i != count - 1 else 0):04d}",  # the last: a duplicate
            state=["IL", "IL", "WI", "TX"][i % 4],
            behavior=kinds[i % len(kinds)],
        )


def test_a_simulated_touch_costs_a_bounded_number_of_statements(monkeypatch):
    direct = 0
    execute = prepared.execute

    def counted(sql: str, params: Any) -> prepared.Result:
        nonlocal direct
        direct += 1
        return execute(sql, params)

    monkeypatch.setattr(prepared, "execute", counted)
    with CaptureQueriesContext(connection) as django:
        result = run(*people(24), until="+10d")
    # On SQLite Django's log sees every statement; on PostgreSQL the prepared ones bypass it.
    statements = len(django.captured_queries) + (direct if connection.vendor != "sqlite" else 0)
    touches = sum(len(item["touches"]) for item in result["leads"])

    assert touches > 60  # the scenario did reach the engine's every kind of event
    assert statements <= MOST_PER_TOUCH * touches


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="`steadfast simulate` runs on SQLite; PostgreSQL plans by its statistics",
)
def test_the_agents_look_for_an_alert_call_through_the_alert_calls_own_index():
    """Overdue calls pile up in a long run while the agents are busy; the look for an alert
    call (a lead who just wrote back: it wins a tie) at every step reads only the alert ones."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + simulation.queue_sql(alerts=True), [1])
        plan = " ".join(str(part) for row in cursor.fetchall() for part in row)
    assert "touch_alert_calls_due" in plan, plan
