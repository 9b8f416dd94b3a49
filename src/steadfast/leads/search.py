"""Search that ignores case and accents the same way on SQLite and PostgreSQL.

SQLite's LIKE folds only ASCII letters and neither database drops accents by itself, so text is
folded in Python once — when a lead is saved (`Lead.search_text`) and when a query arrives —
and the database compares folded text with folded text.
"""

from __future__ import annotations

import unicodedata


def search_fold(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: "  Núñez  PÉREZ" → "nunez perez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
