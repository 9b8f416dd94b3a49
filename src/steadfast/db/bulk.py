"""Inserting many rows of one model fast, for the paths that write thousands at once (an
import's batch, a campaign's touches).

`QuerySet.bulk_create` compiles one INSERT with a placeholder per value, passing each value
through the field's SQL compilation: for a batch of an import (a dozen rows of five models per
lead) that compiling cost more than the database's work. `insert_rows` and `insert_values`
prepare each value the way `save()` does (`pre_save`, then `get_db_prep_save`: auto_now times,
JSON, dates) and hand the rows to the driver: `executemany` with one short statement, or on
PostgreSQL one COPY. A value
object that repeats down a column (the batch's time, the firm's id, one shared dict) is
prepared once. The price: the new rows' ids are not read back, so use them for rows nothing
refers to in the same breath — or `insert_returning`, which reads them back.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from json import JSONEncoder
from typing import Any, cast

import orjson
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field, Model
from psycopg.types.json import Jsonb

from steadfast.db import prepared

CHUNK = 2000  # rows per executemany call
RETURNING_CHUNK = 500  # rows per INSERT … RETURNING


def _columns(model: type[Model]) -> list[Field[Any, Any]]:
    """Every concrete column but an automatic primary key, so a column added to the model
    later is never left out."""
    return [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and getattr(f, "db_returning", False))
    ]


# Fields (these very classes, not subclasses) whose get_db_prep_save hands a value of these
# very types (or None) to the driver as it is: a text's str, an integer's int, a boolean.
_AS_IS: dict[type[Field[Any, Any]], type] = {
    models.CharField: str,
    models.TextField: str,
    models.SmallIntegerField: int,
    models.IntegerField: int,
    models.BigIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.PositiveIntegerField: int,
    models.BooleanField: bool,
}
_INTEGER_KEYS = (models.AutoField, models.BigAutoField)


def _as_is(field: Field[Any, Any]) -> type | None:
    """The type of value this field writes unchanged, if any. (An integer goes to the
    driver as it is unless the backend wraps it: PostgreSQL's names its size.)"""
    return _as_is_with(field, connection.vendor)


@functools.lru_cache(maxsize=1024)
def _as_is_with(field: Field[Any, Any], vendor: str) -> type | None:
    """`_as_is` on the database of this vendor (what it answers depends on that alone)."""
    plain: type | None
    if type(field) in (models.ForeignKey, models.OneToOneField):
        target = field.target_field  # type: ignore[attr-defined]
        plain = int if type(target) in _INTEGER_KEYS else None
    else:
        plain = _AS_IS.get(type(field))
    wraps_integers = (
        type(connection.ops).adapt_integerfield_value
        is not BaseDatabaseOperations.adapt_integerfield_value
    )
    return None if plain is int and wraps_integers else plain


def _prepared(field: Field[Any, Any], values: Iterable[Any]) -> list[Any]:
    """`get_db_prep_save` of each value, once per distinct value object (a str of a text
    field, an int of an integer field, None: as they are)."""
    wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's (the proxy looks it up each time)
    prepare = field.get_db_prep_save
    plain = _as_is_with(field, wrapper.vendor)
    # A JSONField's dict or list: what get_db_prep_save comes to, without its layers.
    json = type(field) is models.JSONField
    adapt_json, encoder = wrapper.ops.adapt_json_value, getattr(field, "encoder", None)
    if json and encoder is None and wrapper.vendor == "postgresql":
        adapt_json = _jsonb  # the same document, written by orjson
    done: dict[int, Any] = {}  # id(value) → prepared: the values outlive the call
    out = []
    for value in values:
        if plain is not None and (value is None or type(value) is plain):
            out.append(value)
            continue
        key = id(value)
        if key not in done:
            if json and type(value) in (dict, list):
                done[key] = adapt_json(value, encoder)
            else:
                done[key] = prepare(value, wrapper)
        out.append(done[key])
    return out


def _jsonb(value: Any, encoder: type[JSONEncoder] | None) -> Any:
    """A JSONField's value for PostgreSQL as Django's `adapt_json_value` makes it, written by
    orjson rather than `json.dumps`: the JSON columns of an import's rows (validity evidence,
    consent, the audit trail, the enrollment's definition) took a tenth of its time in
    `json.dumps`. The same jsonb document: keys that are not strings written as strings, as
    `json.dumps` writes them."""
    assert encoder is None, "only for JSONFields without an encoder of their own"
    return Jsonb(value, dumps=_orjson_dumps)


def _orjson_dumps(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


def _execute(model: type[Model], fields: list[Field[Any, Any]], columns: list[list[Any]]) -> int:
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(f.column)) for f in fields)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({names}) "  # noqa: S608 - names come from the model
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = list(zip(*columns, strict=True))
    direct = getattr(connections[DEFAULT_DB_ALIAS], "executemany_direct", None)  # SQLite
    if direct is not None and len(rows) <= CHUNK and direct(sql, rows):
        return len(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One COPY: the rows stream in, and a statement's triggers (the analytics log)
            # run once, not once a row as with executemany's statement a row.
            table = quote(model._meta.db_table)
            # Django's errors, as its own cursors raise them (a unique key: IntegrityError).
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return len(rows)
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])
    return len(rows)


def insert_rows(objects: Sequence[Model]) -> int:
    """INSERT these unsaved instances of one model; returns how many."""
    if not objects:
        return 0
    model = type(objects[0])
    if any(type(obj) is not model for obj in objects):
        raise TypeError(f"insert_rows takes instances of one model ({model._meta.label})")
    fields = _columns(model)
    columns = [_prepared(f, [f.pre_save(obj, True) for obj in objects]) for f in fields]
    return _execute(model, fields, columns)


def insert_returning(objects: Sequence[Model]) -> None:
    """INSERT these unsaved instances of one model and set their primary keys, as
    `bulk_create` does (a multi-row INSERT … RETURNING), with the values prepared as
    `insert_rows` prepares them."""
    if not objects:
        return
    model = type(objects[0])
    if any(type(obj) is not model for obj in objects):
        raise TypeError(f"insert_returning takes instances of one model ({model._meta.label})")
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(objects)
        return
    pk = model._meta.pk
    if connection.vendor == "postgresql" and getattr(pk, "db_returning", False):
        # The ids drawn from the table's sequence in one short statement, then the rows in
        # one COPY: a multi-row INSERT … RETURNING of a batch of leads is a statement of
        # thousands of placeholders, which the driver splits and the server parses anew for
        # every batch (most of the cost of storing a lead, measured).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, pk.column, len(objects)],
            )
            drawn = sorted(found for (found,) in cursor.fetchall())
        for obj, value in zip(objects, drawn, strict=True):
            obj.pk = value
        with_pk = [pk, *_columns(model)]
        values = [_prepared(f, [f.pre_save(o, True) for o in objects]) for f in with_pk]
        _execute(model, with_pk, values)
        for obj in objects:
            obj._state.adding = False
            obj._state.db = connection.alias
        return
    fields = _columns(model)
    columns = [_prepared(f, [f.pre_save(obj, True) for obj in objects]) for f in fields]
    rows = list(zip(*columns, strict=True))
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 - names come from the model
        f"({', '.join(quote(str(f.column)) for f in fields)}) VALUES "
    )
    one = f"({', '.join(['%s'] * len(fields))})"
    returning = f" RETURNING {quote(str(model._meta.pk.column))}"
    per = max(1, min(RETURNING_CHUNK, (connection.features.max_query_params or 999) // len(fields)))
    ids: list[Any] = []
    wrapper = connections[DEFAULT_DB_ALIAS]
    direct = getattr(wrapper, "run_direct", None)  # SQLite: on sqlite3's own connection
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        sql = head + ", ".join([one] * len(chunk)) + returning
        params = [value for row in chunk for value in row]
        done = direct(sql, params) if direct is not None else None
        if done is None:
            with wrapper.cursor() as cursor:
                cursor.execute(sql, params)
                done = (cursor.fetchall(), cursor.rowcount)
        ids.extend(found for (found,) in done[0])
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_values(model: type[Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """INSERT rows of `model` given as {field attname ("firm_id"): value}, without building
    model instances; returns how many. A field a row leaves out gets what a new instance
    would have (its default); an auto_now or auto_now_add field gets the time of the call,
    as save() would set it."""
    if not rows:
        return 0
    fields = _columns(model)
    known = {f.attname for f in fields}
    unknown = {name for row in rows for name in row} - known
    if unknown:
        raise TypeError(f"{model._meta.label} has no column {', '.join(sorted(unknown))}")
    blank = _blank(model)
    columns = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            stamp = f.pre_save(blank, True)
            values: list[Any] = [stamp] * len(rows)
        else:
            # What a new instance would hold: Model.__init__ asks each field for its default
            # (a callable default called anew), which costs more than the rest of a short
            # batch of rows.
            default = f.get_default()
            values = [row.get(f.attname, default) for row in rows]
        columns.append(_prepared(f, values))
    return _execute(model, fields, columns)


@functools.cache
def _blank(model: type[Model]) -> Model:
    """An instance of the model for an auto_now field's pre_save to stamp (it writes the time
    on the instance, which nothing reads)."""
    return model()


def insert_one(obj: Model) -> None:
    """INSERT one unsaved instance and set its primary key, in one statement prepared once per
    connection on PostgreSQL (`steadfast.db.prepared`), its values prepared as `insert_rows`
    prepares them: for rows written with every message sent (a provider's record of the
    request, the console's outbox), where `save()` cost more than the database's work."""
    obj.pk = prepared.execute(*insert_one_statement(obj)).rows[0][0]
    obj._state.adding = False
    obj._state.db = connection.alias


def insert_one_statement(obj: Model) -> prepared.Statement:
    """`insert_one`'s INSERT of this instance and its values, for a caller that runs it within
    a statement of its own (the new row's id is then not read back into `obj`)."""
    model = type(obj)
    values = []
    for field, plain in _fields_as_is(model, connection.vendor):
        value = field.pre_save(obj, True)
        if plain is None or not (value is None or type(value) is plain):
            value = _prepared(field, [value])[0]
        values.append(value)
    return _insert_one_sql(model, connection.vendor), values


def update_one(obj: Model, fields: Sequence[str]) -> None:
    """`obj.save(update_fields=fields)` of a stored instance, as one UPDATE by its primary key
    prepared once per connection on PostgreSQL, the values prepared as save() prepares them
    (an auto_now field named gets the time of the call): for the rows the engine changes at
    every event, where save() cost more than the database's work. No model signals are sent
    and no save() of the model runs (a caller does what its save() would); like save(), it
    raises DatabaseError if no row was updated."""
    sql, named = _update_one_sql(type(obj), tuple(fields), connection.vendor)
    values = []
    for field, plain in named:
        value = field.pre_save(obj, False)
        if plain is None or not (value is None or type(value) is plain):
            value = _prepared(field, [value])[0]
        values.append(value)
    if prepared.execute(sql, [*values, obj.pk]).rowcount != 1:
        raise DatabaseError("Save with update_fields did not affect any rows.")


@functools.lru_cache(maxsize=64)
def _update_one_sql(
    model: type[Model], fields: tuple[str, ...], vendor: str
) -> tuple[str, list[tuple[Field[Any, Any], type | None]]]:
    """`update_one`'s UPDATE of these fields, and each field with the type of value it writes
    unchanged (`_as_is`)."""
    quote = connection.ops.quote_name
    meta = model._meta
    named = [cast("Field[Any, Any]", meta.get_field(name)) for name in fields]
    sql = (
        f"UPDATE {quote(meta.db_table)} SET "  # noqa: S608 - names come from the model
        f"{', '.join(f'{quote(str(f.column))} = %s' for f in named)} "
        f"WHERE {quote(str(meta.pk.column))} = %s"
    )
    return sql, [(f, _as_is(f)) for f in named]


@functools.lru_cache(maxsize=32)
def _fields_as_is(model: type[Model], vendor: str) -> list[tuple[Field[Any, Any], type | None]]:
    """`_columns` of the model, each with the type of value it writes unchanged (`_as_is`,
    which depends on the database: `vendor`)."""
    return [(f, _as_is(f)) for f in _columns(model)]


@functools.lru_cache(maxsize=32)
def _insert_one_sql(model: type[Model], vendor: str) -> str:
    quote = connection.ops.quote_name
    fields = _columns(model)
    return (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 - names come from the model
        f"({', '.join(quote(str(f.column)) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"RETURNING {quote(str(model._meta.pk.column))}"
    )
