"""Inserting many rows of one model fast, for the paths that write thousands at once (an
import's batch, a campaign's touches).

`QuerySet.bulk_create` compiles one INSERT with a placeholder per value, passing each value
through the field's SQL compilation: for a batch of an import (a dozen rows of five models per
lead) that compiling cost more than the database's work. `insert_rows` prepares each value
the way `save()` does (`pre_save`, then `get_db_prep_save`: auto_now times, JSON, dates) and
hands the rows to the driver's `executemany` with one short statement. The price: the new
rows' ids are not read back, so use it for rows nothing refers to in the same breath.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Model

CHUNK = 2000  # rows per executemany call


def insert_rows(objects: Sequence[Model]) -> int:
    """INSERT these unsaved instances of one model; returns how many. Every concrete column
    but an automatic primary key is written, so a column added to the model later is never
    left out."""
    if not objects:
        return 0
    model = type(objects[0])
    meta = model._meta
    fields = [
        f for f in meta.concrete_fields if not (f.primary_key and getattr(f, "db_returning", False))
    ]
    if any(type(obj) is not model for obj in objects):
        raise TypeError(f"insert_rows takes instances of one model ({meta.label})")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 - names come from the model
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])
    return len(rows)
