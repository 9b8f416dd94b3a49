"""A test-only provider with made-up latency and failures, for the chaos test and benchmarks.

Selected for every firm by STEADFAST_CHAOS_PROVIDER, a comma-separated spec:

    latency_ms=0-3000   each call waits a random time in this range (milliseconds)
    transport=0.05      share of calls that fail on the network: half before the message is
                        handed over (ConnectionError), half after (TimeoutError: it has it)
    transient=0.05      share refused for now (HTTP 503), worth a retry
    permanent=0.01      share refused for good (code 30007, filtered by the carrier)

What it accepts lands in the console outbox (one row per message, with its reference), so a
test counts exactly what went out, and `find` knows for sure what it received.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from steadfast.channels.base import OutgoingCall, OutgoingEmail, OutgoingSms, SendResult
from steadfast.channels.console import ConsoleProvider
from steadfast.firms.models import Firm


@dataclass(frozen=True)
class ChaosSpec:
    latency_ms: tuple[int, int] = (0, 0)
    transport: float = 0.0
    transient: float = 0.0
    permanent: float = 0.0


@cache
def chaos_spec(raw: str) -> ChaosSpec:
    values: dict[str, object] = {}
    try:
        for part in filter(None, (p.strip() for p in raw.split(","))):
            name, _, value = part.partition("=")
            if name == "latency_ms":
                low, _, high = value.partition("-")
                values[name] = (int(low), int(high or low))
            elif name in ("transport", "transient", "permanent"):
                values[name] = float(value)
            else:
                raise ValueError(f"unknown setting {name!r}")
    except ValueError as exc:
        raise ImproperlyConfigured(f"STEADFAST_CHAOS_PROVIDER: {exc}") from None
    return ChaosSpec(**values)  # type: ignore[arg-type]


class ChaosProvider(ConsoleProvider):
    name = "chaos"

    def __init__(self, firm: Firm, spec: ChaosSpec) -> None:
        super().__init__(firm)
        self.spec = spec
        self.random = random.Random()  # made-up failures, not security

    def begin(self, message: Any) -> Any:
        # Not begun: an accepted message lands in the outbox at once, so a made-up timeout
        # after it is a provider that has the message.
        return message

    def _call(self, deliver: Callable[[], SendResult]) -> SendResult:
        low, high = self.spec.latency_ms
        if high:
            time.sleep(self.random.uniform(low, high) / 1000)
        roll = self.random.random()
        spec = self.spec
        if roll < spec.transport:
            if self.random.random() < 0.5:
                raise ConnectionError("chaos: connection reset before the request was sent")
            deliver()
            raise TimeoutError("chaos: the answer was lost after the message was accepted")
        roll -= spec.transport
        if roll < spec.transient:
            return SendResult(
                status="failed",
                code="503",
                detail="chaos: service unavailable",
                provider=self.name,
                transient=True,
            )
        roll -= spec.transient
        if roll < spec.permanent:
            return SendResult(
                status="failed",
                code="30007",
                detail="chaos: filtered by the carrier",
                provider=self.name,
            )
        result = deliver()
        return SendResult(status="sent", provider_id=result.provider_id, provider=self.name)

    def send_sms(self, message: OutgoingSms) -> SendResult:
        return self._call(lambda: super(ChaosProvider, self).send_sms(message))

    def send_email(self, message: OutgoingEmail) -> SendResult:
        return self._call(lambda: super(ChaosProvider, self).send_email(message))

    def place_call(self, call: OutgoingCall) -> SendResult:
        return self._call(lambda: super(ChaosProvider, self).place_call(call))
