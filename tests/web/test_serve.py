"""`steadfast serve` without the front-end packages refuses to start, saying what to run."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_it_refuses_to_start_without_the_front_end_packages(settings, tmp_path):
    settings.STATICFILES_DIRS = [("vendor/htmx", tmp_path / "node_modules" / "htmx.org" / "dist")]
    with pytest.raises(CommandError) as refused:
        call_command("serve", "--port", "0")
    assert refused.value.returncode == 2
    assert "front-end packages are missing" in str(refused.value)
    assert "scripts/start" in str(refused.value)


def test_demo_history_fills_the_empty_demo_firm_once(monkeypatch, now):
    from steadfast.firms.services import demo_firm_seed
    from steadfast.leads.models import Lead
    from steadfast.web.management.commands import serve

    seeded = demo_firm_seed(now=now)
    assert seeded is not None
    firm, _ = seeded
    monkeypatch.setattr(serve, "DEMO_HISTORY_LEADS", 12)
    said: list[str] = []

    assert serve.demo_history_fill(said.append) == 12
    leads = Lead.objects.filter(firm=firm)
    assert leads.count() >= 12  # duplicates among them are leads too
    assert leads.exclude(status="new").exists()  # the engine ran: calls, texts, outcomes
    assert said[-1].startswith("12 leads and ")

    # A restart with the option never adds a second history.
    before = leads.count()
    assert serve.demo_history_fill(said.append) == 0
    assert "already has leads" in said[-1] and leads.count() == before
