"""Which provider a firm uses: its own settings, else the environment's, else the console."""

from __future__ import annotations

from collections.abc import Callable

from steadfast.channels.base import Provider
from steadfast.channels.console import ConsoleProvider
from steadfast.firms.models import Firm

# Tests and the simulator put their own factory here; None means the normal choice.
override: Callable[[Firm], Provider] | None = None


def provider_for_firm(firm: Firm) -> Provider:
    if override is not None:
        return override(firm)
    return ConsoleProvider(firm)
