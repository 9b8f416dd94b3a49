"""The injectable clock. Production reads the system time; tests and the simulator set their own.

Code takes `now` as an argument wherever it can (one `now` per operation); entry points —
API handlers, commands, the worker loop — ask this module once and pass it down.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime

_local = threading.local()
_default: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    source = getattr(_local, "source", None) or _default
    value = source()
    if value.tzinfo is None:
        raise ValueError("the clock must return an aware datetime")
    return value


def set_default(source: Callable[[], datetime]) -> None:
    """Replace the clock for every thread (the simulator runs the whole engine on it)."""
    global _default
    _default = source


def reset_default() -> None:
    set_default(lambda: datetime.now(UTC))


@contextmanager
def using(source: Callable[[], datetime]) -> Iterator[None]:
    """Read this thread's time from `source` (the simulator's virtual clock)."""
    previous = getattr(_local, "source", None)
    _local.source = source
    try:
        yield
    finally:
        _local.source = previous


def frozen(at: datetime) -> AbstractContextManager[None]:
    """Pin this thread's clock to one instant (tests)."""
    return using(lambda: at)
