"""On SQLite the engine's direct statements and the savepoints of nested transactions run on
sqlite3's own connection (steadfast.db.sqlite3), not through Django's cursor: the same rows,
errors and transactions, and still logged whenever queries are watched."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from steadfast.db import prepared
from steadfast.db.bulk import insert_returning, insert_values
from steadfast.firms.models import Closure, Firm

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own connection"),
]


@pytest.fixture
def no_django_cursor(monkeypatch):
    """Fails any statement that goes through Django's cursor."""

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("went through Django's cursor")

    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "create_cursor", refused)


def test_it_runs_a_statement_without_djangos_cursor(firm: Firm, no_django_cursor):
    found = prepared.execute("SELECT name FROM firms_firm WHERE id = %s", [firm.pk])
    named = prepared.execute("SELECT id FROM firms_firm WHERE name = %(name)s", {"name": firm.name})

    assert found.rows == [(firm.name,)]
    assert named.rows == [(firm.pk,)]


def test_it_counts_the_rows_an_update_changed(firm: Firm, no_django_cursor):
    changed = prepared.execute(
        "UPDATE firms_firm SET name = %s WHERE id = %s", ["Renamed", firm.pk]
    )

    assert (changed.rowcount, changed.rows) == (1, [])


def test_it_raises_djangos_errors(firm: Firm, no_django_cursor):
    with pytest.raises(IntegrityError), transaction.atomic():
        prepared.execute("UPDATE firms_firm SET name = NULL WHERE id = %s", [firm.pk])


def test_it_refuses_a_statement_in_a_broken_transaction(firm: Firm, no_django_cursor):
    with transaction.atomic():
        transaction.set_rollback(True)
        with pytest.raises(TransactionManagementError):
            prepared.execute("SELECT 1", [])


def test_a_nested_transaction_rolls_back_to_its_savepoint(firm: Firm, no_django_cursor):
    with transaction.atomic():
        prepared.execute("UPDATE firms_firm SET name = %s WHERE id = %s", ["Outer", firm.pk])
        with pytest.raises(RuntimeError), transaction.atomic():
            prepared.execute("UPDATE firms_firm SET name = %s WHERE id = %s", ["Inner", firm.pk])
            raise RuntimeError("undo the inner block")
        ((name,),) = prepared.execute("SELECT name FROM firms_firm WHERE id = %s", [firm.pk]).rows

    assert name == "Outer"


def test_watched_queries_still_go_through_djangos_cursor(firm: Firm):
    with CaptureQueriesContext(connection) as seen, transaction.atomic():
        prepared.execute("SELECT name FROM firms_firm WHERE id = %s", [firm.pk])

    statements = [q["sql"] for q in seen.captured_queries]
    assert any(sql.startswith("SAVEPOINT") for sql in statements)
    assert any("FROM firms_firm WHERE id" in sql for sql in statements)


def test_bulk_inserts_run_without_djangos_cursor(firm: Firm, no_django_cursor):
    new = [Closure(firm=firm, date=date(2026, 12, 24 + i), name=f"day {i}") for i in range(2)]
    insert_returning(new)
    assert insert_values(Closure, [{"firm_id": firm.pk, "date": date(2026, 12, 31)}]) == 1

    assert all(closure.pk for closure in new)
    stored = prepared.execute(
        "SELECT id, date, name FROM firms_closure WHERE firm_id = %s ORDER BY id", [firm.pk]
    ).rows
    assert [(i, str(d)) for i, d, _ in stored] == [
        (new[0].pk, "2026-12-24"),
        (new[1].pk, "2026-12-25"),
        (stored[2][0], "2026-12-31"),
    ]


def test_a_bulk_insert_raises_djangos_errors(firm: Firm, no_django_cursor):
    insert_values(Closure, [{"firm_id": firm.pk, "date": date(2026, 12, 24)}])
    with pytest.raises(IntegrityError), transaction.atomic():  # one closure a day
        insert_values(Closure, [{"firm_id": firm.pk, "date": date(2026, 12, 24)}])
