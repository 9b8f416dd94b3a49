"""Prometheus metrics at /metrics.

Two kinds, because `steadfast web` runs several gunicorn processes and the sends happen in
`steadfast worker` processes, possibly on other machines:

- What the ledger knows (touches by channel and outcome, send latency, queue age, the workers'
  last loop) is computed from the database at scrape time by `LedgerCollector`. Any web process
  answering a scrape gives the same, complete figures; nothing is lost when a process restarts.
- Intake latency (how long an API post or a web-form post took to answer) is measured where it
  happens, in the web process. Under gunicorn, prometheus_client's multiprocess mode adds up all
  processes: `steadfast web` points PROMETHEUS_MULTIPROC_DIR at a directory it empties at start
  (set before prometheus_client is imported, see steadfast.cli) and each scrape reads every
  process's file. The embedded `serve` is one process and uses the default registry.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from steadfast import clock
from steadfast.dispatch.models import AUTOMATED, Direction, Touch, TouchState
from steadfast.ops.selectors import queue_state, worker_last_seen

SEND_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 900, 3600)

INTAKE_LATENCY = Histogram(
    "steadfast_intake_latency_seconds",
    "Time to answer a lead post (API or web form), seconds",
    ["via"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class LedgerCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        now = clock.now()
        touches = GaugeMetricFamily(
            "steadfast_touches",
            "Touches in the ledger by channel, direction, state and outcome",
            labels=["channel", "direction", "state", "outcome"],
        )
        rows = (
            Touch.objects.values_list("channel", "direction", "state", "outcome")
            .annotate(n=Count("id"))
            .order_by()
        )
        for channel, direction, state, outcome, n in rows:
            touches.add_metric([channel, direction, state, outcome or "none"], n)
        yield touches

        due, oldest_age = queue_state(now=now)
        yield GaugeMetricFamily(
            "steadfast_queue_due_touches", "Automated touches due and not yet sent", value=due
        )
        yield GaugeMetricFamily(
            "steadfast_queue_oldest_due_age_seconds",
            "How long the oldest due automated touch has waited, seconds",
            value=oldest_age,
        )
        last = worker_last_seen()
        if last is not None:
            yield GaugeMetricFamily(
                "steadfast_worker_last_loop_age_seconds",
                "Seconds since any worker last ran its loop",
                value=max(0.0, (now - last).total_seconds()),
            )
        yield _send_latency()


def _send_latency() -> HistogramMetricFamily:
    """From a touch's due time to the provider's answer, per channel, over the whole ledger
    (cumulative, as a Prometheus histogram must be)."""
    late = ExpressionWrapper(F("done_at") - F("due_at"), output_field=DurationField())
    buckets = {
        f"le_{b}": Count("id", filter=Q(done_at__lte=F("due_at") + timedelta(seconds=b)))
        for b in SEND_BUCKETS
    }
    rows = (
        Touch.objects.filter(
            direction=Direction.OUT,
            channel__in=AUTOMATED,
            state__in=[TouchState.SENT, TouchState.FAILED],
            done_at__isnull=False,
        )
        .values("channel")
        .annotate(total=Count("id"), late=Sum(late), **buckets)
        .order_by("channel")
    )
    family = HistogramMetricFamily(
        "steadfast_send_latency_seconds",
        "From a touch's due time to the provider's answer, seconds",
        labels=["channel"],
    )
    for row in rows:
        values: dict[str, Any] = dict(row)
        counts = [(str(float(b)), values[f"le_{b}"]) for b in SEND_BUCKETS]
        counts.append(("+Inf", values["total"]))
        total_late = values["late"] or timedelta(0)
        family.add_metric([values["channel"]], counts, sum_value=total_late.total_seconds())
    return family


def exposition() -> bytes:
    """The text Prometheus scrapes: this process's (or all web processes') own metrics, then
    the ledger's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)
        own = generate_latest(processes)
    else:
        own = generate_latest(REGISTRY)
    ledger = CollectorRegistry()
    ledger.register(LedgerCollector())
    return own + generate_latest(ledger)
