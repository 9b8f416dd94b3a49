"""The database cache with an increment that counts every hit under concurrency.

Django's DatabaseCache increments by reading and writing back, so two processes counting at
once can both write the same number. Rate limits (steadfast.ratelimits) count with `incr`:
here it runs in a transaction that first locks the cache row (SELECT … FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions already take the write lock at BEGIN).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]
        cache_key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=db):
            if connection.features.has_select_for_update:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608
                        [cache_key],
                    )
            return super().incr(key, delta, version)
