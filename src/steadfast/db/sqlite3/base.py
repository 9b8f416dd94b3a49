"""SQLite, with the writers of one process taking turns on a lock of their own.

SQLite lets one writer at a time in (`BEGIN IMMEDIATE`). A writer that finds the database
locked waits in SQLite's busy handler, which sleeps and looks again in steps of up to 100 ms:
under a burst, the threads of the embedded server (waitress's and the worker's) spent their
time asleep while the lock was free, and a lucky newcomer could overtake a thread that had been
waiting for a second. Here the threads of one process queue on a lock before BEGIN and are
woken the moment the one before them commits or rolls back; other processes (a `steadfast
import` beside the server) still meet at SQLite's own lock and busy timeout.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.backends.sqlite3 import base

# One per process and database file: every connection to the same file shares it.
_writers: dict[str, threading.Lock] = {}
_writers_guard = threading.Lock()


def _writer_lock(name: str) -> threading.Lock:
    with _writers_guard:
        return _writers.setdefault(name, threading.Lock())


class CursorWrapper(base.SQLiteCursorWrapper):
    """Django's cursor, its statements' placeholders ("%s", "%(name)s") turned into SQLite's
    once per distinct statement: rewriting them with a regular expression at every run cost
    more than running many of the engine's statements."""

    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        return _converted(query, tuple(param_names) if param_names is not None else None)


@functools.lru_cache(maxsize=1024)
def _converted(query: str, param_names: tuple[str, ...] | None) -> str:
    return base.SQLiteCursorWrapper.convert_query(
        None,  # type: ignore[arg-type]  # it reads nothing of the cursor
        query,
        param_names=list(param_names) if param_names is not None else None,
    )


class DatabaseWrapper(base.DatabaseWrapper):
    _holds_writer = False

    def run_direct(
        self, sql: str, params: Mapping[str, Any] | Sequence[Any] | None
    ) -> tuple[list[tuple[Any, ...]], int] | None:
        """Run one statement on the sqlite3 connection itself, as Django's cursor runs it (the
        same checks, placeholders and error classes), and return its rows and rowcount; None
        when it must go through Django's cursor instead: while queries are logged (DEBUG,
        a test counting them) or an execute wrapper watches them.

        Django's cursor costs, for every statement, a cursor object, its wrapper and a dozen
        layers of calls (connection lookups, async checks): as much as SQLite's own work for
        the short statements the engine runs several times a touch."""
        with self.wrap_database_errors:
            cursor = self.cursor_direct(sql, params)
            if cursor is None:
                return None
            rows = cursor.fetchall() if cursor.description else []
            return rows, cursor.rowcount

    def cursor_direct(
        self, sql: str, params: Mapping[str, Any] | Sequence[Any] | None
    ) -> sqlite3.Cursor | None:
        """`run_direct`'s statement run, its sqlite3 cursor returned for the caller to read
        (within `wrap_database_errors`, as Django's cursor reads); None as there."""
        if self.queries_logged or self.execute_wrappers:
            return None
        self.close_if_health_check_failed()
        self.ensure_connection()  # also refuses to run in an event loop, as cursor() does
        self.validate_thread_sharing()
        self.validate_no_broken_transaction()
        with self.wrap_database_errors:
            if params is None:  # as Django's cursor: no parameters, no placeholders to turn
                return self.connection.execute(sql)
            names = tuple(params) if isinstance(params, Mapping) else None
            return self.connection.execute(_converted(sql, names), params)

    def executemany_direct(self, sql: str, rows: Sequence[Sequence[Any]]) -> bool:
        """`executemany` of one statement on the sqlite3 connection itself, as Django's cursor
        runs it (the same checks, placeholders and error classes); False when it must go
        through Django's cursor instead (as `run_direct`). The engine's events insert a few
        rows of several tables at each arrival and status change."""
        if self.queries_logged or self.execute_wrappers:
            return False
        self.close_if_health_check_failed()
        self.ensure_connection()
        self.validate_thread_sharing()
        self.validate_no_broken_transaction()
        with self.wrap_database_errors:
            self.connection.executemany(_converted(sql, None), rows)
        return True

    # Savepoints, directly: every transaction.atomic() inside another makes and releases one,
    # and the simulator runs inside one transaction (three savepoints a touch, about).
    def _savepoint(self, sid: str) -> None:
        self._run_plain(self.ops.savepoint_create_sql(sid))

    def _savepoint_rollback(self, sid: str) -> None:
        self._run_plain(self.ops.savepoint_rollback_sql(sid))

    def _savepoint_commit(self, sid: str) -> None:
        self._run_plain(self.ops.savepoint_commit_sql(sid))

    def _run_plain(self, sql: str) -> None:
        if self.queries_logged or self.execute_wrappers:
            with self.cursor() as cursor:
                cursor.execute(sql)
            return
        # savepoint(), savepoint_commit() and savepoint_rollback() have opened the connection
        # (to see that a transaction is open), checked the thread and refused an event loop;
        # what Django's cursor would check besides is checked here.
        self.close_if_health_check_failed()
        self.validate_no_broken_transaction()
        with self.wrap_database_errors:
            self.connection.execute(sql)

    def create_cursor(self, name: str | None = None) -> Any:
        return self.connection.cursor(factory=CursorWrapper)

    def _writer(self) -> threading.Lock | None:
        name = str(self.settings_dict["NAME"])
        if self.is_in_memory_db():
            return None
        return _writer_lock(name)

    def _start_transaction_under_autocommit(self) -> None:
        lock = self._writer()
        if (
            lock is not None
            and getattr(self, "transaction_mode", None) == "IMMEDIATE"
            and not self._holds_writer
        ):
            timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
            # Past the timeout, go on without it: SQLite's busy timeout then decides, as before.
            self._holds_writer = lock.acquire(timeout=timeout)
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._release_writer()
            raise

    def _release_writer(self) -> None:
        if self._holds_writer:
            self._holds_writer = False
            lock = self._writer()
            if lock is not None:
                lock.release()

    def _commit(self) -> Any:
        try:
            return super()._commit()  # type: ignore[misc]
        finally:
            self._release_writer()

    def _rollback(self) -> Any:
        try:
            return super()._rollback()  # type: ignore[misc]
        finally:
            self._release_writer()

    def _close(self) -> Any:
        try:
            return super()._close()  # type: ignore[misc]
        finally:
            self._release_writer()
