"""Leads from outside the API — a CSV file, the web form — held to the API's own rules.

Every path turns its input into the API's `LeadIn` schema and hands the result to
`lead_capture`, so a lead is accepted, stored as invalid or rejected the same way whichever
door it came through. This module adds only what a file needs on top: reading it, naming the
row of each problem, and a dry run.
"""

from __future__ import annotations

import codecs
import collections
import csv
import gc
import itertools
import json
import multiprocessing
import os
import signal
import sqlite3
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import pydantic
from django.db import IntegrityError, connection, transaction

from steadfast.api.schemas import LeadIn
from steadfast.engine.events import lead_arrive, leads_arrive
from steadfast.firms.models import Firm
from steadfast.leads.models import CheckResult, InvalidReason, Lead, LeadSource, SourceKind, Status
from steadfast.leads.services import Checked, Intake, LeadInput, LeadRejected, lead_check

CONSENT_COLUMNS = {
    "consent_call": "call",
    "consent_sms": "sms",
    "consent_email": "email",
    "consent_newsletter": "newsletter",  # asked for the newsletter (docs/bar-rules.md)
}
# The API's field names (its nested `consent` object becomes yes/no columns).
COLUMNS = tuple(name for name in LeadIn.model_fields if name != "consent") + tuple(CONSENT_COLUMNS)
_YES = {"yes", "true", "1"}
_NO = {"no", "false", "0", ""}


class FieldErrors(Exception):
    """Input that does not fit the API's schema: (field, problem) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {p}" for f, p in problems))
        self.problems = problems


def lead_input_from_fields(
    fields: Mapping[str, Any],
    *,
    consent: Mapping[str, bool] | None = None,
    consent_user_agent: str = "",
    consent_source: str = "",
) -> LeadInput:
    """Validate plain fields (API names, blank meaning "not given") with the API's schema.

    Raises FieldErrors naming every field that is wrong.
    """
    payload = {name: value for name, value in fields.items() if value not in ("", None)}
    payload["first_name"] = fields.get("first_name") or ""
    payload["consent"] = dict(consent or {})
    try:
        valid = LeadIn.model_validate(payload)
    except pydantic.ValidationError as exc:
        raise FieldErrors([_problem(err) for err in exc.errors()]) from None
    return LeadInput(
        **valid.model_dump(exclude={"consent"}),
        consent=valid.consent.model_dump(),
        consent_user_agent=consent_user_agent,
        consent_source=consent_source,
    )


def _problem(error: Mapping[str, Any]) -> tuple[str, str]:
    loc = [str(part) for part in error.get("loc", ())]
    name = "_".join(loc) or "row"
    message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
    return name, message


def rejection_problem(exc: LeadRejected) -> tuple[str, str]:
    """lead_capture's refusal as a (field, problem) pair."""
    if exc.field:
        return exc.field, exc.detail.removeprefix(f"{exc.field} ")
    if exc.code == "no_contact_data":
        return "phone/email", exc.detail
    return "row", exc.detail


# --- Reading a file -------------------------------------------------------------------------


class CsvFileError(Exception):
    """The file cannot be imported at all; nothing was read into the database."""


@dataclass(frozen=True)
class CsvRow:
    number: int  # as a spreadsheet shows it: the header is row 1
    cells: dict[str, str]
    problem: str = ""  # a row that cannot be read as the header's columns


class CsvRows:
    """The rows of a checked file, read from the disk again each time they are iterated, so
    that a file of any size is imported in constant memory. len() is the number of rows."""

    def __init__(self, path: Path, delimiter: str, skip_first_line: bool, count: int) -> None:
        self.path = path
        self.delimiter = delimiter
        self.skip_first_line = skip_first_line
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[CsvRow]:
        with _open_text(self.path) as text:
            records = _records(text, self.delimiter, self.skip_first_line)
            header = [_column_name(cell) for cell in next(records, [])]
            for number, cells in enumerate(records, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                values = {h: c.strip() for h, c in zip(header, cells, strict=False) if h}
                problem = ""
                if any(cell.strip() for cell in cells[len(header) :]):
                    problem = f"has {len(cells)} cells but row 1 names {len(header)} columns"
                yield CsvRow(number, values, problem)


def csv_read(path: Path) -> CsvRows:
    """Read and check a whole file before anything is imported from it.

    Accepts what spreadsheets write: a UTF-8 byte-order mark, CRLF line ends, quoted cells with
    commas and line breaks, semicolon or tab separators, Excel's `sep=;` first line, blank
    trailing rows and unnamed empty trailing columns. The file is read as a stream, twice (to
    check it, then row by row as it is imported): its size does not matter.
    """
    name = path.name
    try:
        with _open_text(path) as text:
            first = text.readline()
            delimiter, skip_first_line = None, False
            if first.lower().startswith("sep=") and len(first.rstrip("\r\n")) == 5:
                delimiter, skip_first_line = first[4], True
            text.seek(0)
            if delimiter is None:
                delimiter = _guess_delimiter(first.rstrip("\r\n"))
            checked = _check_records(name, _records(text, delimiter, skip_first_line))
    except FileNotFoundError:
        raise CsvFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CsvFileError(f"{path}: is a directory, not a CSV file") from None
    except UnicodeDecodeError:
        offset, byte = _first_bad_byte(path)
        raise CsvFileError(
            f"{name}: is not UTF-8 text (byte 0x{byte:02x} at offset {offset}); "
            'save it as "CSV UTF-8"'
        ) from None
    except OSError as exc:
        raise CsvFileError(f"{path}: cannot be read ({exc.strerror})") from None
    except csv.Error as exc:
        raise CsvFileError(f"{name}: is not a readable CSV file ({exc})") from None
    return CsvRows(path, delimiter, skip_first_line, checked)


def _open_text(path: Path) -> IO[str]:
    return open(path, encoding="utf-8-sig", newline="")


class _NulFound(Exception):
    pass


def _records(text: IO[str], delimiter: str, skip_first_line: bool) -> Iterator[list[str]]:
    if skip_first_line:
        text.readline()
    return csv.reader(_no_nul(text), delimiter=delimiter)


def _no_nul(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if "\x00" in line:
            raise _NulFound
        yield line


def _check_records(name: str, records: Iterator[list[str]]) -> int:
    """The number of rows; CsvFileError for a file that cannot be imported at all."""
    try:
        first = next(records, None)
        if first is None:
            raise CsvFileError(f"{name}: is empty; the first row must name the columns")
        header = [_column_name(cell) for cell in first]
        filled: set[int] = set()  # columns with a value in some row
        rows = 0
        for cells in records:
            if any(cell.strip() for cell in cells):
                rows += 1
                filled.update(i for i, cell in enumerate(cells) if cell.strip())
    except _NulFound:
        raise CsvFileError(f"{name}: is not a CSV file (it contains NUL bytes)") from None
    if not rows and not any(cell.strip() for cell in first):
        raise CsvFileError(f"{name}: is empty; the first row must name the columns")
    _check_header(name, header, filled)
    return rows


def _first_bad_byte(path: Path) -> tuple[int, int]:
    """Where a file stops being UTF-8: (offset in the file, the byte), reading it in pieces."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with open(path, "rb") as raw:
        while piece := raw.read(1 << 16):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(piece)
            except UnicodeDecodeError as exc:
                return offset - pending + exc.start, exc.object[exc.start]
            offset += len(piece)
    return offset, 0


def _guess_delimiter(first_line: str) -> str:
    """The separator the header row uses: the one of , ; and tab it has most of outside quotes.
    Only the header is looked at, in one pass (csv.Sniffer takes minutes on a long line)."""
    outside = "".join(first_line.split('"')[::2])
    counts = {d: outside.count(d) for d in ",;\t"}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _column_name(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _check_header(name: str, header: list[str], filled: set[int]) -> None:
    for index, column in enumerate(header):
        if not column and index in filled:
            raise CsvFileError(f"{name}: column {index + 1} has values but no name in row 1")
    named = [c for c in header if c]
    unknown = [c for c in named if c not in COLUMNS]
    if unknown:
        raise CsvFileError(
            f"{name}: unknown column{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(c) for c in unknown)}; the columns are {', '.join(COLUMNS)}"
        )
    repeated = sorted({c for c in named if named.count(c) > 1})
    if repeated:
        raise CsvFileError(f"{name}: column {', '.join(map(repr, repeated))} appears twice")
    if "first_name" not in named:
        raise CsvFileError(f"{name}: has no first_name column")
    if "phone" not in named and "email" not in named:
        raise CsvFileError(f"{name}: needs a phone or an email column")


# --- Importing rows -------------------------------------------------------------------------


class ReportLines:
    """The report's lines, in order: kept in memory up to about a megabyte, then in a
    temporary file, so a file of millions of rows does not make the import grow."""

    def __init__(self) -> None:
        # Lives as long as the report (closed when it is collected).
        self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=1 << 20, mode="w+", encoding="utf-8"
        )
        self._count = 0

    def append(self, line: str) -> None:
        self._file.seek(0, os.SEEK_END)
        self._file.write(json.dumps(line) + "\n")  # one line each, whatever the text holds
        self._count += 1

    def extend(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.append(line)

    def __iter__(self) -> Iterator[str]:
        self._file.seek(0)
        for stored in self._file:
            yield json.loads(stored)

    def __len__(self) -> int:
        return self._count

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ReportLines | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ReportLines({list(self)!r})"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    already_present: int = 0
    invalid: Counter[str] = field(default_factory=Counter)  # reason → leads
    rejected: int = 0
    # One line per row a person should look at, in file order: "row 7: first_name: …".
    lines: ReportLines = field(default_factory=ReportLines)

    @property
    def stored_as_invalid(self) -> int:
        return sum(self.invalid.values())


def csv_import(
    *,
    source: LeadSource,
    rows: Iterable[CsvRow],
    now: datetime,
    dry_run: bool = False,
    on_row: Callable[[], object] = lambda: None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Capture each row as a lead of `source`, exactly as the API would.

    Rows with errors are skipped and reported; the others are stored in batches of BATCH_ROWS
    rows, one transaction each, so an interrupted import can simply be run again. A row is
    already present when the source has a lead with its external_id (or, without one, a
    lead with the very same details).
    A dry run does all of it inside one transaction that is rolled back: what it reports is
    what a real run would do, duplicates within the file included, and nothing is kept.
    `report` (filled as rows go) tells how far an import got when `on_row` stopped it.
    """
    report = ImportReport() if report is None else report
    if dry_run:
        # Holds the write lock for the whole run on SQLite; fine for a one-off check.
        with transaction.atomic():
            _import_rows(source=source, rows=rows, now=now, report=report, on_row=on_row)
            transaction.set_rollback(True)
    else:
        _import_rows(source=source, rows=rows, now=now, report=report, on_row=on_row)
    return report


# Rows validated together and then stored in one transaction: a transaction per row costs a
# disk flush per row, and each batch costs two dozen statements whatever its size. PostgreSQL
# takes large batches (a batch holds only its own people's locks until it commits); a much
# larger batch than BATCH_ROWS_SQLITE holds SQLite's single writer lock for too long.
BATCH_ROWS = 400
BATCH_ROWS_SQLITE = 200
# From this many rows, and with a second core, the rows are checked in a second process
# while this one stores the batches before them (the checks are half of a row's work).
PARALLEL_FROM_ROWS = 2000
# Rows checked ahead of the batch being stored (at least a batch): memory stays constant.
AHEAD_ROWS = 600


def _import_rows(
    *,
    source: LeadSource,
    rows: Iterable[CsvRow],
    now: datetime,
    report: ImportReport,
    on_row: Callable[[], object],
) -> None:
    with _RowsOfLeads() as row_of_lead:
        for checked in _checked_batches(source=source, rows=rows, now=now):
            _import_batch(checked, source=source, now=now, report=report, on_row=on_row,
                          row_of_lead=row_of_lead)  # fmt: skip
            row_of_lead.flush()


class _RowsOfLeads:
    """Which row of the file created each lead (for "same lead as row 12"): a temporary
    SQLite file, written once a batch, so memory does not grow with the file (a dict of a
    million leads is about 100 MB). Leads of the batch in hand are looked up in memory."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="steadfast-import-")
        self._db = sqlite3.connect(Path(self._folder.name) / "rows.sqlite3")
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE row_of_lead (lead INTEGER PRIMARY KEY, row INTEGER NOT NULL);"
        )
        self._batch: dict[int, int] = {}

    def __enter__(self) -> _RowsOfLeads:
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.close()
        self._folder.cleanup()

    def __setitem__(self, lead_id: int, row: int) -> None:
        self._batch[lead_id] = row

    def get(self, lead_id: int) -> int | None:
        if lead_id in self._batch:
            return self._batch[lead_id]
        found = self._db.execute("SELECT row FROM row_of_lead WHERE lead = ?", (lead_id,))
        stored = found.fetchone()
        return None if stored is None else int(stored[0])

    def flush(self) -> None:
        insert = "INSERT OR REPLACE INTO row_of_lead VALUES (?, ?)"
        self._db.executemany(insert, self._batch.items())
        self._batch.clear()


def _import_batch(
    checked: list[CheckedRow],
    *,
    source: LeadSource,
    now: datetime,
    report: ImportReport,
    on_row: Callable[[], object],
    row_of_lead: _RowsOfLeads,
) -> None:
    with transaction.atomic():
        answers = _store_batch(source=source, checked=checked, now=now)
    # The batch is stored: count every row of it, even when a stop comes meanwhile; a
    # re-run finds these rows and does not import them again.
    stopped: Exception | None = None
    for row, data, _ in checked:
        report.rows += 1
        answer = data if isinstance(data, list) else answers[row.number]
        _report_row(row=row, answer=answer, report=report, row_of_lead=row_of_lead)
        try:
            on_row()
        except Exception as exc:  # the caller stops the import (a signal)
            stopped = stopped or exc
    if stopped is not None:
        raise stopped


Answer = Intake | LeadRejected | list[tuple[str, str]]
# A row as the API's input (or its problems), and what lead_check found for that input.
CheckedRow = tuple[CsvRow, LeadInput | list[tuple[str, str]], Checked | LeadRejected | None]


def _checked_batches(
    *, source: LeadSource, rows: Iterable[CsvRow], now: datetime
) -> Iterator[list[CheckedRow]]:
    """The rows in batches, each row with its checks that need no database: in this process
    (a row is checked by lead_capture_many only when it is not stored yet), or, for a long
    file, in a second process a few batches ahead of the one being stored."""
    size = _batch_rows()
    batches = itertools.batched(rows, size, strict=False)
    checker = _Checker.start(source.firm, now) if _worth_a_process(rows) else None
    if checker is None:
        for batch in batches:
            yield [(row, _row_input(row), None) for row in batch]
        return
    with checker:
        pending: collections.deque[tuple[tuple[CsvRow, ...], Future[Any]]] = collections.deque()
        for batch in batches:
            # Rows imported before (a second run) need no checks: lead_capture_many only
            # compares them with what is stored.
            known = _stored_external_ids(source, batch)
            pending.append((batch, checker.check(batch, known)))
            if len(pending) > max(1, AHEAD_ROWS // size):
                yield checker.result(*pending.popleft())
        while pending:
            yield checker.result(*pending.popleft())


def _batch_rows() -> int:
    if connection.vendor == "sqlite":
        return min(BATCH_ROWS, BATCH_ROWS_SQLITE)
    return BATCH_ROWS


def _worth_a_process(rows: Iterable[CsvRow]) -> bool:
    # fork() copies this process as it is, with no start-up; forking a process that runs
    # threads may deadlock the copy.
    return (
        isinstance(rows, Sized)
        and len(rows) >= PARALLEL_FROM_ROWS
        and len(os.sched_getaffinity(0)) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


class _Checker:
    """A second process that checks batches of rows (the API's schema and lead_check): a
    fork of this one, so it starts at once and shares the loaded tables (phone numbers,
    ZIP codes, the language model) instead of loading its own. It never touches the
    database, ignores the stop signals (this process stops after the batch in hand and ends
    it) and ends if this process dies."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self.pool = pool

    @classmethod
    def start(cls, firm: Firm, now: datetime) -> _Checker:
        # Objects made so far are left out of the collector's passes, in both processes, so
        # the pages they share are not copied by the collector touching them.
        gc.freeze()
        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_checker_started,
            initargs=(firm, now, os.getpid()),
        )
        return cls(pool)

    def check(self, batch: tuple[CsvRow, ...], known: set[str]) -> Future[Any]:
        return self.pool.submit(_check_rows, batch, known)

    def result(self, batch: tuple[CsvRow, ...], future: Future[Any]) -> list[CheckedRow]:
        return [
            (row, data, _decoded(found))
            for row, (data, found) in zip(batch, future.result(), strict=True)
        ]

    def __enter__(self) -> _Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


_checking: tuple[Firm, datetime] | None = None  # in the checking process


def _checker_started(firm: Firm, now: datetime, parent: int) -> None:
    global _checking
    _checking = (firm, now)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _stored_external_ids(source: LeadSource, batch: tuple[CsvRow, ...]) -> set[str]:
    """The external_ids of these rows that the source has leads for already."""
    wanted = {row.cells.get("external_id", "") for row in batch} - {""}
    if not wanted:
        return set()
    found = Lead.objects.filter(source=source, external_id__in=wanted)
    return {
        external_id for external_id in found.values_list("external_id", flat=True) if external_id
    }


def _check_rows(batch: tuple[CsvRow, ...], known: set[str]) -> list[tuple[Any, Any]]:
    """In the checking process: each row as the API's input (or its problems) and what
    lead_check found (a refusal as its code, detail and field: it crosses as a tuple); not
    checked (None) when its external_id is known to be stored."""
    assert _checking is not None
    firm, now = _checking
    out: list[tuple[Any, Any]] = []
    for row in batch:
        data = _row_input(row)
        found: Any = None
        if isinstance(data, LeadInput) and data.external_id not in known:
            try:
                found = lead_check(firm=firm, data=data, now=now)
            except LeadRejected as exc:
                found = (exc.code, exc.detail, exc.field)
        out.append((data, found))
    return out


def _decoded(found: Any) -> Checked | LeadRejected | None:
    return LeadRejected(*found) if isinstance(found, tuple) else found


def _store_batch(
    *,
    source: LeadSource,
    checked: list[CheckedRow],
    now: datetime,
) -> dict[int, Answer]:
    """Capture the batch's valid rows together; each row number's answer. A row without an
    external_id that was imported before (the very same details, in an earlier run or
    earlier in this file) is that lead again."""
    answers: dict[int, Answer] = {}
    capture: list[tuple[CsvRow, LeadInput, Checked | LeadRejected | None]] = []
    first_of: dict[tuple[Any, ...], CsvRow] = {}  # identical rows without an external_id
    again: list[tuple[CsvRow, CsvRow]] = []
    imported = _same_rows_imported(
        source=source,
        items=[d for _, d, _ in checked if isinstance(d, LeadInput) and d.external_id is None],
    )
    for row, data, found in checked:
        if not isinstance(data, LeadInput):
            continue
        if data.external_id is None:
            key = _same_row_key(data)
            if key in first_of:
                again.append((row, first_of[key]))
                continue
            first_of[key] = row
            earlier = imported.get(key)
            if earlier is not None:
                answers[row.number] = Intake(earlier, created=False)
                continue
        capture.append((row, data, found))
    items = [data for _, data, _ in capture]
    try:
        with transaction.atomic():
            results = leads_arrive(
                source=source,
                items=items,
                now=now,
                # What the checking process found (lead_capture_many checks the others).
                checked=[found for _, _, found in capture],
            )
    except IntegrityError:
        # An external_id of this batch arrived through the API meanwhile: one by one, each
        # row finds what won.
        results = []
        for data in items:
            try:
                results.append(lead_arrive(source=source, data=data, now=now))
            except LeadRejected as exc:
                results.append(exc)
    for (row, _, _), result in zip(capture, results, strict=True):
        answers[row.number] = result
    for row, first in again:
        answer = answers[first.number]
        answers[row.number] = (
            Intake(answer.lead, created=False) if isinstance(answer, Intake) else answer
        )
    return answers


def _same_row_key(data: LeadInput) -> tuple[Any, ...]:
    return (
        data.first_name.strip(),
        data.last_name.strip(),
        data.phone.strip(),
        data.email.strip(),
        data.message.strip(),
        data.submitted_at,
    )


def _row_input(row: CsvRow) -> LeadInput | list[tuple[str, str]]:
    """The row as the API's input, or every problem that keeps it from being one."""
    if row.problem:
        return [("row", row.problem)]
    consent: dict[str, bool] = {}
    problems: list[tuple[str, str]] = []
    for column, channel in CONSENT_COLUMNS.items():
        value = row.cells.get(column, "").strip().lower()
        if value not in _YES | _NO:
            problems.append((column, "must be yes, no, true, false, 1, 0 or blank"))
        consent[channel] = value in _YES
    fields = {k: v for k, v in row.cells.items() if k not in CONSENT_COLUMNS}
    try:
        data = lead_input_from_fields(fields, consent=consent, consent_source=SourceKind.CSV)
    except FieldErrors as exc:
        problems.extend(exc.problems)
    return problems or data


def _report_row(
    *, row: CsvRow, answer: Answer, report: ImportReport, row_of_lead: _RowsOfLeads
) -> None:
    def reject(problems: list[tuple[str, str]]) -> None:
        report.rejected += 1
        report.lines.extend(f"row {row.number}: {f}: {p}" for f, p in problems)

    if isinstance(answer, list):
        reject(answer)
        return
    if isinstance(answer, LeadRejected):
        reject([rejection_problem(answer)])
        return
    lead, created = answer.lead, answer.created
    if not created:
        report.already_present += 1
        first_row = row_of_lead.get(lead.pk)
        if first_row is not None:
            report.lines.append(f"row {row.number}: already present: same lead as row {first_row}")
        return
    row_of_lead[lead.pk] = row.number
    if lead.status != Status.INVALID:
        report.created += 1
        return
    report.invalid[lead.status_reason] += 1
    report.lines.append(
        f"row {row.number}: stored as invalid ({lead.status_reason}): "
        f"{_why_invalid(lead, row_of_lead)}"
    )


def _same_rows_imported(*, source: LeadSource, items: list[LeadInput]) -> dict[Any, Lead]:
    """The source's leads without an external_id with exactly the details of one of these
    inputs (those rows, imported before), by _same_row_key; the earliest of each. One query
    for a batch, on the index of such leads' names."""
    if not items:
        return {}
    found: dict[tuple[Any, ...], Lead] = {}
    candidates = Lead.objects.filter(
        source_id=source.pk,
        external_id=None,
        first_name__in={d.first_name.strip() for d in items},
        last_name__in={d.last_name.strip() for d in items},
    )
    # Sorted here: with ORDER BY id, SQLite would read the source's index instead.
    for lead in sorted(candidates, key=lambda lead: lead.pk):
        key = (
            lead.first_name,
            lead.last_name,
            lead.phone_raw,
            lead.email_raw,
            lead.message,
            lead.submitted_at,
        )
        found.setdefault(key, lead)
    return found


# Which checks explain each reason a lead is stored as invalid.
_CHECK_FOR_REASON: dict[str, tuple[str, ...]] = {
    InvalidReason.BAD_PHONE: ("phone", "email"),
    InvalidReason.BAD_EMAIL: ("phone", "email"),
    InvalidReason.OUT_OF_JURISDICTION: ("jurisdiction",),
    InvalidReason.DUPLICATE: ("duplicate",),
}


def _why_invalid(lead: Lead, row_of_lead: _RowsOfLeads) -> str:
    original_row = row_of_lead.get(lead.duplicate_of_id or 0)
    if lead.status_reason == InvalidReason.DUPLICATE and original_row:
        return f"same phone or email as row {original_row}"
    kinds = _CHECK_FOR_REASON.get(lead.status_reason, ())
    details = [
        c.detail for c in lead.checks.all() if c.kind in kinds and c.result == CheckResult.INVALID
    ]
    return "; ".join(details) or lead.status_reason
