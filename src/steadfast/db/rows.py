"""Model instances from rows of a direct statement, built as the ORM builds them.

The reads made for every event, send or API request are written as statements (the ORM spends
longer compiling a query than the database spends running it); these build their models.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.db.models.base import ModelState

from steadfast.db import prepared


def models_read[M: Model](cls: type[M], sql: str, params: Sequence[Any]) -> list[M]:
    """Instances of `cls` from one statement whose select list is "{columns}" (the model's
    columns under the alias x), built as the ORM builds them, without compiling a query."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    found = reader(wrapper, cls, "x")
    rows = prepared.execute(sql.format(columns=found.columns), params).rows
    return [found.model(row, 0, wrapper) for row in rows]


@dataclass(frozen=True)
class _Reader:
    """The columns of a model under a table alias, and how to turn them into an instance."""

    cls: type[Model]
    columns: str
    names: tuple[str, ...]
    convert: Sequence[tuple[int, Sequence[Callable[..., Any]], Any]]

    @property
    def width(self) -> int:
        return len(self.names)

    def model(self, row: Sequence[Any], start: int, wrapper: Any) -> Any:
        values = list(row[start : start + len(self.names)])
        for at, converters, expression in self.convert:
            for convert in converters:
                values[at] = convert(values[at], expression, wrapper)
        # As Django builds an unpickled instance: Model.__init__ costs more than the
        # statement's whole share of the database here, and no receiver of the model's
        # init signals exists to miss.
        instance = self.cls.__new__(self.cls)
        instance.__dict__.update(zip(self.names, values, strict=True))
        instance._state = ModelState()
        instance._state.adding = False
        instance._state.db = wrapper.alias
        return instance


# Per database connection (each sender thread has its own): the converters are its own.
_readers: weakref.WeakKeyDictionary[Any, dict[tuple[type[Model], str], _Reader]] = (
    weakref.WeakKeyDictionary()
)


def reader(wrapper: Any, cls: type[Model], alias: str) -> _Reader:
    known = _readers.setdefault(wrapper, {})
    found = known.get((cls, alias))
    if found is None:
        fields = cls._meta.concrete_fields
        convert = []
        for at, field in enumerate(fields):
            expression = field.get_col(cls._meta.db_table)
            converters = wrapper.ops.get_db_converters(expression) + field.get_db_converters(
                wrapper
            )
            if converters:
                convert.append((at, converters, expression))
        found = _Reader(
            cls=cls,
            columns=", ".join(f"{alias}.{wrapper.ops.quote_name(f.column)}" for f in fields),
            names=tuple(f.attname for f in fields),
            convert=convert,
        )
        known[(cls, alias)] = found
    return found
