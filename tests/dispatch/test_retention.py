"""Every message sent is kept at least five years; `steadfast retention` is the one way the
wording of older ones goes."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from steadfast.audit.models import AuditEvent
from steadfast.dispatch.models import Direction, Touch, TouchState
from steadfast.dispatch.retention import REMOVED, retention_years
from steadfast.settings import env_int

pytestmark = pytest.mark.django_db


def _sent(lead, at, body):
    return Touch.objects.create(
        firm_id=lead.firm_id,
        lead=lead,
        channel="email",
        direction=Direction.OUT,
        state=TouchState.SENT,
        due_at=at,
        done_at=at,
        created_at=at,
        to_address=lead.email,
        subject="Your inquiry",
        content=body,
        template="first_email",
        template_version="first_email@0123456789ab",
    )


@pytest.fixture
def jane(capture):
    return capture(first_name="Jane", email="jane@example.com", state="IL")


def test_nothing_younger_than_five_years_goes_and_a_dry_run_changes_nothing(jane, now):
    old = _sent(jane, now - timedelta(days=366 * 5 + 1), "six years ago")
    recent = _sent(jane, now - timedelta(days=365 * 5 - 10), "under five years ago")
    out = StringIO()

    call_command("retention", stdout=out)

    assert "kept 5 years; 1 sent before" in out.getvalue()
    assert "Dry run: nothing was removed" in out.getvalue()
    old.refresh_from_db()
    assert old.content == "six years ago"

    call_command("retention", "--apply", stdout=StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.content, old.subject) == (REMOVED, "")
    assert old.to_address == "jane@example.com" and old.template_version  # the record stays
    assert recent.content == "under five years ago"
    assert AuditEvent.objects.get(action="messages.retention").changes["removed"] == 1


@override_settings(STEADFAST_MESSAGE_RETENTION_YEARS=7)
def test_the_period_can_be_made_longer(jane, now):
    kept = _sent(jane, now - timedelta(days=366 * 6), "six years ago")
    call_command("retention", "--apply", stdout=StringIO())
    kept.refresh_from_db()
    assert kept.content == "six years ago"
    assert retention_years() == 7


def test_the_period_cannot_be_made_shorter_than_five_years(monkeypatch):
    monkeypatch.setenv("STEADFAST_MESSAGE_RETENTION_YEARS", "3")
    with pytest.raises(ImproperlyConfigured, match="at least 5"):
        env_int("STEADFAST_MESSAGE_RETENTION_YEARS", 5, minimum=5)


def test_a_lead_cannot_be_deleted_in_the_back_office(admin_client, jane):
    response = admin_client.get(f"/admin/leads/lead/{jane.pk}/delete/")
    assert response.status_code == 403
    assert type(jane).objects.filter(pk=jane.pk).exists()
