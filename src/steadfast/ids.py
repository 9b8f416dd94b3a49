"""Ids that arrive as text (form fields, query strings, callback URLs)."""

from __future__ import annotations

# Django's BigAutoField: a signed 64-bit integer in both SQLite and PostgreSQL.
MAX_ID = 2**63 - 1


def parse_id(text: str | None) -> int | None:
    """A row id, or None for anything no row can have.

    `str.isdigit()` alone is not enough: it accepts "²" and other digits `int()` refuses, and
    a number past 64 bits makes the database driver raise instead of finding nothing.
    """
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
