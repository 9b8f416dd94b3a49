"""`steadfast demo`: a believable history, made by the real engine on the virtual clock."""

from __future__ import annotations

from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from steadfast.analytics.models import CaseFee
from steadfast.demo import SOURCES, demo_fill
from steadfast.dispatch.models import Touch, TouchState
from steadfast.firms.models import Firm, Role, User
from steadfast.leads.models import Lead, LeadSource, StatusChange
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_it_fills_the_firm_with_the_traces_of_everyday_intake(firm: Firm, now: datetime):
    make_user(firm, "alice@lakeshore.example", Role.ADMIN)
    demo_fill(firm=firm, count=80, days=10, now=now)
    history = firm
    sources = {s.name: s for s in LeadSource.objects.filter(firm=history)}
    assert set(sources) == {p.name for p in SOURCES}
    assert len({s.cost_per_lead for s in sources.values()}) == len(SOURCES)
    leads = Lead.objects.filter(firm=history)
    assert leads.count() == 80
    invalid_share = {
        name: leads.filter(source=s, status="invalid").count()
        / max(1, leads.filter(source=s).count())
        for name, s in sources.items()
    }
    # The cheapest vendor sends the most unusable leads.
    assert invalid_share["BargainLeads"] > invalid_share["Website form"]
    statuses = set(leads.values_list("status", flat=True))
    assert {"engaged", "nurture", "invalid", "signed"} <= statuses
    reasons = set(leads.values_list("status_reason", flat=True))
    assert {"wrong_person", "duplicate"} & reasons
    # Calls made by the agents, texts and emails sent by the worker, replies received.
    sent = Touch.objects.filter(firm=history, state=TouchState.SENT)
    assert {"call", "sms", "email"} <= set(sent.values_list("channel", flat=True))
    assert Touch.objects.filter(firm=history, direction="in").exists()
    assert sent.filter(channel="call", performed_by__isnull=False).exists()
    # Everything happened in the past, at the hours people really call and write.
    assert not leads.filter(arrived_at__gt=now).exists()
    assert len({lead.arrived_at.hour for lead in leads}) > 8
    # A person at the firm marked leads signed.
    admin = User.objects.get(email="alice@lakeshore.example")
    assert StatusChange.objects.filter(lead__firm=history, to_status="signed", actor=admin).exists()
    # Signed cases carry their fee, for return on spend.
    assert CaseFee.objects.filter(firm=history).count() == leads.filter(status="signed").count()


def test_it_refuses_to_make_the_history_twice(firm: Firm, now: datetime):
    make_user(firm, "alice@lakeshore.example", Role.ADMIN)
    demo_fill(firm=firm, count=3, days=2, now=now)
    with pytest.raises(CommandError, match="already has the demo history"):
        call_command("demo", "--leads", "5", "--days", "2", stdout=StringIO())


def test_it_seeds_the_demo_firm_on_an_empty_database_and_prints_the_login():
    out = StringIO()
    call_command("demo", "--leads", "15", "--days", "3", stdout=out)
    text = out.getvalue()
    assert "15 leads since" in text
    assert "Log in as admin@demo.steadfast.test with password" in text
    assert Lead.objects.count() == 15


def test_it_refuses_a_count_out_of_range_with_one_line(firm: Firm):
    make_user(firm, "alice@lakeshore.example", Role.ADMIN)
    with pytest.raises(CommandError, match=r"--leads: between 1 and 1000"):
        call_command("demo", "--leads", "0", stdout=StringIO())
