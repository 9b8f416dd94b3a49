"""Statements run for every message sent, prepared once per connection on PostgreSQL.

The dispatcher's read before each send is one statement of a dozen subqueries and joins;
PostgreSQL spends several times longer planning it than running it. Prepared (psycopg's
`prepare=True`, on a cursor that binds parameters on the server), it is planned once per
connection. Django's own cursors bind on the client and never prepare; so only the
statements run through here are. `STEADFAST_DB_PREPARED=false` turns it off (a connection
pooler in transaction mode that cannot keep prepared statements); SQLite runs them as they are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# One statement and its parameters, for a caller to run inside a statement of its own.
type Statement = tuple[str, Sequence[Any]]


@dataclass(frozen=True)
class Result:
    rows: list[tuple[Any, ...]]
    rowcount: int


def constants(sql: str, **values: str) -> str:
    """`sql` with each `%(name)s` of these values written in as a string literal: for the
    constants of the code (a touch's state, a channel) a statement compares a column with.

    SQLite plans a statement again, on every run, when the value bound to a parameter could
    decide whether a partial index serves it (dispatch_touch's touch_due, touch_calls_due,
    touch_sends_due: state, channel, direction; compliance_replyreview's review_pending:
    state), and Python's sqlite3 binds anew at every run: a statement of a dozen joins and
    subqueries spent most of its time being planned. Written in, the constant is part of the
    text, planned once. Only plain words are taken (nothing that needs quoting)."""
    for name, value in values.items():
        text = str(value)  # a TextChoices member: its value
        if not _WORD.fullmatch(text):
            raise ValueError(f"not a constant to write into a statement: {text!r}")
        sql = sql.replace(f"%({name})s", f"'{text}'")
    return sql


_WORD = re.compile(r"[a-z_]+")


def among(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """A test that `column` is one of `values`, and its parameters: one array on PostgreSQL
    (`= ANY(%s)`, the same statement however many values, so prepared once), an IN list
    elsewhere. `values` must not be empty."""
    if not values:
        raise ValueError("among() needs at least one value")
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def execute(sql: str, params: Mapping[str, Any] | Sequence[Any]) -> Result:
    """Run one statement on this thread's connection, in its transaction if one is open."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    if wrapper.vendor == "sqlite" and hasattr(wrapper, "run_direct"):
        done = wrapper.run_direct(sql, params)  # steadfast.db.sqlite3: on sqlite3's own cursor
        if done is not None:
            return Result(*done)
    if wrapper.vendor != "postgresql" or not settings.STEADFAST_DB_PREPARED:
        with wrapper.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall() if cursor.description else []
            return Result(rows, cursor.rowcount)
    import psycopg

    wrapper.ensure_connection()
    if wrapper.in_atomic_block:
        wrapper.validate_no_broken_transaction()
    with wrapper.wrap_database_errors:
        cursor = _cursor(wrapper, psycopg)
        cursor.execute(sql, params, prepare=True)
        result = cursor.pgresult
        returned = result is not None and result.status == psycopg.pq.ExecStatus.TUPLES_OK
        return Result(cursor.fetchall() if returned else [], cursor.rowcount)


def _cursor(wrapper: Any, psycopg: Any) -> Any:
    """The psycopg cursor these statements run on, one per connection (made once: a cursor
    costs as much to make as a short statement costs to run)."""
    kept = getattr(wrapper, "_steadfast_cursor", None)
    if kept is None or kept.connection is not wrapper.connection or kept.closed:
        kept = wrapper._steadfast_cursor = psycopg.Cursor(wrapper.connection)
    return kept
