"""A small history whose every figure is computed by hand in the tests.

Lakeshore (Chicago, CST = UTC-6 in early March 2026). Source "Alpha" at $40 a lead, "Beta" at
$100 (its March spend typed in as $250):

- ann (Alpha) arrived Mon 2 Mar 10:00; call 10:03 no answer (Bob), text 10:10, her reply
  10:30; later qualified and signed ($5,000).
- ben (Alpha) arrived Mon 10:10; call 10:18 connected (Alice); engaged.
- cal (Beta) arrived Sun 1 Mar 23:00, outside hours; first call due Mon 08:30, made 08:32 no
  answer (Bob); Tue 16:00 connected (Bob); engaged.
- dee (Beta) arrived Mon 12:00 from Texas: invalid, out_of_jurisdiction; no attempts.
- eve (Beta) arrived Mon 11:00; calls 11:04 and Tue 15:00, no answer (Bob); nurture on 9 March.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from steadfast.analytics.models import CaseFee, SourceSpend
from steadfast.dispatch.models import Touch
from steadfast.engine.events import lead_arrive
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead, LeadSource, StatusChange
from steadfast.leads.services import LeadInput, source_create

CST = timedelta(hours=-6)


def chicago(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC) - CST


@dataclass
class History:
    firm: Firm
    alpha: LeadSource
    beta: LeadSource
    leads: dict[str, Lead]


def _touch(
    lead: Lead,
    channel: str,
    at: datetime,
    *,
    outcome: str = "",
    by: User | None = None,
    step: int | None = None,
    due: datetime | None = None,
    direction: str = "out",
) -> None:
    Touch.objects.create(
        firm=lead.firm,
        lead=lead,
        channel=channel,
        direction=direction,
        step=step,
        state="received" if direction == "in" else "sent",
        due_at=due or at,
        done_at=at,
        outcome=outcome,
        performed_by=by,
        created_at=at,
    )


def _status(lead: Lead, *changes: tuple[str, datetime]) -> None:
    previous = lead.status
    for status, at in changes:
        StatusChange.objects.create(
            firm=lead.firm, lead=lead, from_status=previous, to_status=status, at=at
        )
        previous = status
    Lead.objects.filter(pk=lead.pk).update(status=previous)


@pytest.fixture
def history(firm: Firm, alice: User, bob: User) -> History:
    alpha, _ = source_create(firm=firm, name="Alpha", cost_per_lead=Decimal(40), now=chicago(1, 0))
    beta, _ = source_create(firm=firm, name="Beta", cost_per_lead=Decimal(100), now=chicago(1, 0))
    arrivals = {
        "ann": (alpha, chicago(2, 10), "+1 312 555 0101", "IL"),
        "ben": (alpha, chicago(2, 10, 10), "+1 312 555 0102", "IL"),
        "cal": (beta, chicago(1, 23), "+1 312 555 0103", "IL"),
        "dee": (beta, chicago(2, 12), "+1 214 555 0104", "TX"),
        "eve": (beta, chicago(2, 11), "+1 312 555 0105", "IL"),
    }
    leads = {}
    for name, (source, at, phone, state) in arrivals.items():
        lead = lead_arrive(
            source=source,
            data=LeadInput(
                first_name=name.title(),
                phone=phone,
                state=state,
                consent={"call": True, "sms": True},
            ),
            now=at,
        ).lead
        Touch.objects.filter(lead=lead).delete()  # the history below, not the live plan
        leads[name] = lead
    ann, ben, cal, eve = leads["ann"], leads["ben"], leads["cal"], leads["eve"]
    _touch(ann, "call", chicago(2, 10, 3), outcome="no_answer", by=bob, step=1, due=chicago(2, 10))
    _touch(ann, "sms", chicago(2, 10, 10), step=2)
    _touch(ann, "sms", chicago(2, 10, 30), outcome="replied", direction="in")
    _status(
        ann,
        ("engaged", chicago(2, 10, 30)),
        ("qualified", chicago(3, 9)),
        ("signed", chicago(4, 9)),
    )
    CaseFee.objects.create(firm=firm, lead=ann, fee=Decimal(5000), at=chicago(4, 9))
    _touch(
        ben,
        "call",
        chicago(2, 10, 18),
        outcome="connected",
        by=alice,
        step=1,
        due=chicago(2, 10, 10),
    )
    _status(ben, ("engaged", chicago(2, 10, 18)))
    _touch(
        cal, "call", chicago(2, 8, 32), outcome="no_answer", by=bob, step=1, due=chicago(2, 8, 30)
    )
    _touch(cal, "call", chicago(3, 16), outcome="connected", by=bob, step=4, due=chicago(3, 16))
    _status(cal, ("engaged", chicago(3, 16)))
    _touch(eve, "call", chicago(2, 11, 4), outcome="no_answer", by=bob, step=1, due=chicago(2, 11))
    _touch(eve, "call", chicago(3, 15), outcome="no_answer", by=bob, step=4, due=chicago(3, 15))
    _status(eve, ("nurture", chicago(9, 11)))
    SourceSpend.objects.create(
        firm=firm,
        source=beta,
        month=datetime(2026, 3, 1).date(),
        amount=Decimal(250),
        entered_at=chicago(2, 9),
    )
    for lead in leads.values():
        lead.refresh_from_db()
    return History(firm, alpha, beta, leads)
