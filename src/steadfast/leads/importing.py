"""Leads from outside the API — a CSV file, the web form — held to the API's own rules.

Every path turns its input into the API's `LeadIn` schema and hands the result to
`lead_capture`, so a lead is accepted, stored as invalid or rejected the same way whichever
door it came through. This module adds only what a file needs on top: reading it, naming the
row of each problem, and a dry run.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pydantic
from django.db import transaction

from steadfast.api.schemas import LeadIn
from steadfast.leads.models import CheckResult, InvalidReason, Lead, LeadSource, SourceKind, Status
from steadfast.leads.services import LeadInput, LeadRejected, lead_capture

CONSENT_COLUMNS = {"consent_call": "call", "consent_sms": "sms", "consent_email": "email"}
# The API's field names (its nested `consent` object becomes three yes/no columns).
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


def csv_read(path: Path) -> list[CsvRow]:
    """Read and check a whole file before anything is imported from it.

    Accepts what spreadsheets write: a UTF-8 byte-order mark, CRLF line ends, quoted cells with
    commas and line breaks, semicolon or tab separators, Excel's `sep=;` first line, blank
    trailing rows and unnamed empty trailing columns.
    """
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CsvFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CsvFileError(f"{path}: is a directory, not a CSV file") from None
    except OSError as exc:
        raise CsvFileError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(
            f"{name}: is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            'save it as "CSV UTF-8"'
        ) from None
    if "\x00" in text:
        raise CsvFileError(f"{name}: is not a CSV file (it contains NUL bytes)")
    lines = text.splitlines()
    delimiter = None
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) == 5:
        delimiter = lines[0][4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
    if not text.strip():
        raise CsvFileError(f"{name}: is empty; the first row must name the columns")
    if delimiter is None:
        delimiter = _guess_delimiter(text.splitlines()[0])
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CsvFileError(f"{name}: is not a readable CSV file ({exc})") from None
    header = [_column_name(cell) for cell in records[0]]
    body = [
        (number, cells)
        for number, cells in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    _check_header(name, header, body)
    rows = []
    for number, cells in body:
        values = {h: c.strip() for h, c in zip(header, cells, strict=False) if h}
        problem = ""
        if any(cell.strip() for cell in cells[len(header) :]):
            problem = f"has {len(cells)} cells but row 1 names {len(header)} columns"
        rows.append(CsvRow(number, values, problem))
    return rows


def _guess_delimiter(first_line: str) -> str:
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _column_name(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _check_header(name: str, header: list[str], body: list[tuple[int, list[str]]]) -> None:
    for index, column in enumerate(header):
        if not column and any(index < len(cells) and cells[index].strip() for _, cells in body):
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


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    already_present: int = 0
    invalid: Counter[str] = field(default_factory=Counter)  # reason → leads
    rejected: int = 0
    # One line per row a person should look at, in file order: "row 7: first_name: …".
    lines: list[str] = field(default_factory=list)

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

    Rows with errors are skipped and reported; the others are stored one transaction each, so
    an interrupted import can simply be run again. A row is already present when the source
    has a lead with its external_id (or, without one, a lead with the very same details).
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


def _import_rows(
    *,
    source: LeadSource,
    rows: Iterable[CsvRow],
    now: datetime,
    report: ImportReport,
    on_row: Callable[[], object],
) -> None:
    row_of_lead: dict[int, int] = {}
    for row in rows:
        report.rows += 1
        _import_row(source=source, row=row, now=now, report=report, row_of_lead=row_of_lead)
        on_row()


def _import_row(
    *,
    source: LeadSource,
    row: CsvRow,
    now: datetime,
    report: ImportReport,
    row_of_lead: dict[int, int],
) -> None:
    def reject(problems: list[tuple[str, str]]) -> None:
        report.rejected += 1
        report.lines.extend(f"row {row.number}: {f}: {p}" for f, p in problems)

    if row.problem:
        reject([("row", row.problem)])
        return
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
    if problems:
        reject(problems)
        return

    earlier = _same_row_imported(source=source, data=data) if data.external_id is None else None
    if earlier is None:
        try:
            intake = lead_capture(source=source, data=data, now=now)
        except LeadRejected as exc:
            reject([rejection_problem(exc)])
            return
        lead, created = intake.lead, intake.created
    else:
        lead, created = earlier, False

    if not created:
        report.already_present += 1
        if lead.pk in row_of_lead:
            report.lines.append(
                f"row {row.number}: already present: same lead as row {row_of_lead[lead.pk]}"
            )
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


def _same_row_imported(*, source: LeadSource, data: LeadInput) -> Lead | None:
    """A lead of this source with exactly these details: this row, imported before."""
    return (
        Lead.objects.filter(
            source_id=source.pk,
            external_id=None,
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            phone_raw=data.phone.strip(),
            email_raw=data.email.strip(),
            message=data.message.strip(),
            submitted_at=data.submitted_at,
        )
        .order_by("id")
        .first()
    )


# Which checks explain each reason a lead is stored as invalid.
_CHECK_FOR_REASON: dict[str, tuple[str, ...]] = {
    InvalidReason.BAD_PHONE: ("phone", "email"),
    InvalidReason.BAD_EMAIL: ("phone", "email"),
    InvalidReason.OUT_OF_JURISDICTION: ("jurisdiction",),
    InvalidReason.DUPLICATE: ("duplicate",),
}


def _why_invalid(lead: Lead, row_of_lead: Mapping[int, int]) -> str:
    original_row = row_of_lead.get(lead.duplicate_of_id or 0)
    if lead.status_reason == InvalidReason.DUPLICATE and original_row:
        return f"same phone or email as row {original_row}"
    kinds = _CHECK_FOR_REASON.get(lead.status_reason, ())
    details = [
        c.detail for c in lead.checks.all() if c.kind in kinds and c.result == CheckResult.INVALID
    ]
    return "; ".join(details) or lead.status_reason
