"""The duplicate lookup of an import batch on PostgreSQL reads one index entry a phone or email,
whatever the planner knows of the table.

A batch of an import asks for the earliest lead of 400 phones at once. Written as
"phone IN (…400 values…)" and prepared, PostgreSQL's generic plan read the arrived_at index and
filtered every lead of the 90-day window, and with no statistics (a table grown by the import
itself, or a server with autovacuum off) even a custom plan read the firm's index: every batch
read the whole table again, and an import of 100,000 rows fell to 281 rows/s
(docs/benchmarks.md). These tests plan the statement the way a long-lived connection runs it,
generic, on a table with no statistics, and check what it reads."""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection

from steadfast.leads.services import _earliest_statement, _earliest_with

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""), reason="needs PostgreSQL"
    ),
]


def _scans(plan: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(node type, relation, index) of every node of a plan that reads a table."""
    found = []
    if "Relation Name" in plan:
        found.append((plan["Node Type"], plan["Relation Name"], plan.get("Index Name", "")))
    for child in plan.get("Plans", []):
        found += _scans(child)
    return found


def _generic_plan(column: str, values: list[str], firm_id: int, now: Any) -> dict[str, Any]:
    statement = _earliest_statement("postgresql", column, len(values), columns="x.id, d.id")
    numbered = iter(range(1, 100))
    sql = re.sub(r"%s", lambda _: f"${next(numbered)}", statement)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE earliest_plan AS {sql}")
        try:
            cursor.execute(
                "EXPLAIN (FORMAT JSON) EXECUTE earliest_plan(%s, %s, %s, %s)",
                [values, firm_id, now - timedelta(days=90), now],
            )
            (plan,) = cursor.fetchone()
        finally:
            cursor.execute("DEALLOCATE earliest_plan")
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def _copies_of(lead: Any, count: int) -> None:
    """`count` more leads of the firm, copies of this one with their own phone and email,
    written in one statement and never analysed."""
    columns = [f.column for f in type(lead)._meta.concrete_fields if f.column != "id"]
    chosen = {
        "phone": "'+1773' || lpad(g::text, 7, '0')",
        "email": "'copy' || g || '@example.com'",
        "external_id": "NULL",
        "duplicate_of_id": "NULL",
    }
    quote = connection.ops.quote_name
    picked = ", ".join(chosen.get(c, quote(c)) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO leads_lead ({', '.join(map(quote, columns))}) "  # noqa: S608 - the model's columns
            f"SELECT {picked} FROM leads_lead, generate_series(1, %s) AS g WHERE id = %s",
            [count, lead.pk],
        )


@pytest.mark.parametrize("column", ["phone", "email"])
def test_a_batch_of_400_reads_the_duplicate_index_once_a_value(firm, capture, now, column):
    lead = capture(phone="+1 312 555 0000", email="lead0@example.com", state="IL")
    _copies_of(lead, 5000)  # a table grown by an import, never analysed
    if column == "phone":
        values = [f"+1312555{n:04d}" for n in range(400)]
    else:
        values = [f"lead{n}@example.com" for n in range(400)]
    scans = _scans(_generic_plan(column, values, firm.pk, now))
    reads_of_leads = [(node, index) for node, relation, index in scans if relation == "leads_lead"]
    # The lead of each value through its duplicate index; its original through the key.
    indexes = {index for _, index in reads_of_leads}
    assert f"lead_dup_{column}" in indexes, reads_of_leads
    assert indexes <= {f"lead_dup_{column}", "leads_lead_pkey"}, reads_of_leads


def test_the_earliest_lead_of_each_phone_and_email_is_found(firm, capture, now):
    first = capture(phone="+1 312 555 0101", email="a@example.com", state="IL")
    capture(phone="+1 312 555 0101", email="b@example.com", state="IL", now=now)
    later = capture(
        phone="+1 312 555 0102", email="b@example.com", state="IL", now=now + timedelta(1)
    )
    found = _earliest_with(
        firm=firm,
        phones={"+13125550101", "+13125550102", "+13125559999"},
        emails={"b@example.com"},
        now=now + timedelta(days=2),
    )
    assert found[("p", "+13125550101")].pk == first.pk
    assert found[("p", "+13125550102")].pk == later.pk
    assert ("p", "+13125559999") not in found
    # b@ arrived first on the second lead, a duplicate of the first: its original is at hand.
    second = found[("e", "b@example.com")]
    assert second.pk not in (first.pk, later.pk) and second.duplicate_of.pk == first.pk
