"""The forecast of signed cases and its backtest, on histories whose rates are known."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from steadfast.analytics import forecast
from steadfast.engine.events import lead_arrive
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead, LeadSource, StatusChange
from steadfast.leads.services import LeadInput, source_create

pytestmark = pytest.mark.django_db


def _batch(
    source: LeadSource, *, at: datetime, n: int, signed: int, first_phone: int, now: datetime
) -> None:
    """n leads engaged on arrival; `signed` of them sign 10 days later, the rest are declined
    20 days later (as far as `now` has seen)."""
    for i in range(n):
        lead = lead_arrive(
            source=source,
            data=LeadInput(
                first_name=f"L{first_phone + i}",
                phone=f"+1 312 555 {first_phone + i:04d}",
                state="IL",
                consent={"call": True},
            ),
            now=at,
        ).lead
        changes = [("engaged", at)]
        if i < signed:
            changes.append(("signed", at + timedelta(days=10)))
        else:
            changes.append(("declined", at + timedelta(days=20)))
        previous = "new"
        for status, when in changes:
            if when > now:
                break
            StatusChange.objects.create(
                firm=source.firm, lead=lead, from_status=previous, to_status=status, at=when
            )
            previous = status
        Lead.objects.filter(pk=lead.pk).update(status=previous)


@pytest.fixture
def sources(firm: Firm, now: datetime) -> tuple[LeadSource, LeadSource]:
    a, _ = source_create(
        firm=firm, name="A", cost_per_lead=Decimal(10), now=now - timedelta(days=400)
    )
    b, _ = source_create(
        firm=firm, name="B", cost_per_lead=Decimal(10), now=now - timedelta(days=400)
    )
    return a, b


def test_without_history_the_firms_overall_rate_applies(firm: Firm, sources, now: datetime):
    a, _ = sources
    _batch(a, at=now - timedelta(days=2), n=4, signed=0, first_phone=100, now=now)

    month = forecast.forecast(firm=firm, now=now)[0]

    assert (month.horizon_days, month.open_leads) == (30, 4)
    # No lead has ever signed: the overall rate is (0 + 1) / (4 + 2) = 1/6 for each of 4.
    assert month.expected == pytest.approx(4 / 6)
    assert month.low <= 1 <= month.high


def test_a_source_with_a_good_record_is_expected_to_sign_more(firm: Firm, sources, now: datetime):
    a, b = sources
    # 200 days ago: 10 leads from A, 8 of which signed within 10 days.
    _batch(a, at=now - timedelta(days=200), n=10, signed=8, first_phone=1000, now=now)
    # Open now, 2 days old: 4 from A, 2 from B (no history of its own).
    _batch(a, at=now - timedelta(days=2), n=4, signed=0, first_phone=2000, now=now)
    _batch(b, at=now - timedelta(days=2), n=2, signed=0, first_phone=3000, now=now)

    month = forecast.forecast(firm=firm, now=now)[0]

    # Overall: 8 of 16 leads signed → (8 + 1) / (16 + 2) = 0.5. The firm's rate for (engaged,
    # 0-7 days): (8 + 20·0.5) / (10 + 20) = 0.6. A: Beta(8 + 20·0.6, 2 + 20·0.4) → 2/3.
    # B has no history of its own: 0.6.
    assert month.open_leads == 6
    assert month.expected == pytest.approx(4 * 2 / 3 + 2 * 0.6)
    assert month.low < month.expected < month.high


def test_the_backtest_compares_past_forecasts_with_what_happened(
    firm: Firm, sources, now: datetime
):
    a, _ = sources
    _batch(a, at=now - timedelta(days=200), n=10, signed=8, first_phone=1000, now=now)
    # 102 days ago, 10 more leads; 6 signed 10 days later. A forecast made 100 days ago saw
    # them open, 2 days old.
    _batch(a, at=now - timedelta(days=102), n=10, signed=6, first_phone=4000, now=now)

    test = forecast.backtest(firm=firm, now=now, horizon_days=30, step_days=14)

    point = next(p for p in test.points if p.as_of == now - timedelta(days=100))
    assert (point.forecast.open_leads, point.actual) == (10, 6)
    assert point.forecast.expected > 5
    assert test.mean_absolute_error is not None and test.coverage is not None
