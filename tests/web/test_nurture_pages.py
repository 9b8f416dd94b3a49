"""The nurture pages: programs and their steps, campaigns, the preview — for managers of
their own firm only, with bad input refused naming the field and nothing changed."""

from __future__ import annotations

from datetime import datetime

import pytest

from steadfast.dispatch.models import Touch
from steadfast.engine.campaigns import CampaignInput, campaign_create
from steadfast.engine.events import lead_mark
from steadfast.firms.models import Firm, Role, User
from steadfast.nurture.models import Campaign, Program, ProgramStep
from steadfast.nurture.services import programs_seed
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(firm: Firm) -> User:
    return make_user(firm, "maria@lakeshore.example", Role.MANAGER)


@pytest.fixture
def program(firm: Firm) -> Program:
    programs_seed(firm=firm)
    return Program.objects.get(firm=firm, practice_area="personal_injury")


def test_it_lists_the_default_programs_with_their_counts(as_user, manager, firm):
    firm.practice_areas = ["personal_injury", "auto_accident", "workers_comp"]
    firm.save()
    page = as_user(manager).get("/nurture/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("Personal injury", "General", "Car accidents", "Workers&#x27; compensation"):
        assert name in html
    assert "Car accident</td>" in html  # the practice area, as a phrase
    assert "Re-engaged" in html and "Unsubscribed" in html and "Bounced" in html


def test_an_agent_may_not_open_the_nurture_pages(as_user, bob, program):
    assert as_user(bob).get("/nurture/").status_code == 403
    assert as_user(bob).get(f"/nurture/programs/{program.pk}/").status_code == 403


def test_another_firm_s_program_step_and_campaign_are_not_found(
    as_user, charlie, program, firm, now
):
    campaign = campaign_create(
        firm=firm,
        data=CampaignInput(name="Spring", subject="Hi", body="Hello", starts_at=now),
        actor=None,
        now=now,
    )
    step = program.steps.first()
    client = as_user(charlie)
    assert client.get(f"/nurture/programs/{program.pk}/").status_code == 404
    assert client.get(f"/nurture/programs/{program.pk}/steps/{step.pk}/").status_code == 404
    assert (
        client.post(
            f"/nurture/programs/{program.pk}/steps/{step.pk}/",
            {"channel": "email", "delay_weeks": 1, "subject": "x", "body": "x"},
        ).status_code
        == 404
    )
    assert client.post(f"/nurture/programs/{program.pk}/steps/{step.pk}/delete/").status_code == 404
    assert client.get(f"/nurture/campaigns/{campaign.pk}/").status_code == 404
    assert client.post(f"/nurture/campaigns/{campaign.pk}/stop/").status_code == 404
    assert "Spring" not in client.get("/nurture/").content.decode()
    assert ProgramStep.objects.filter(pk=step.pk, subject__startswith="What to do").exists()


def test_a_step_with_an_unknown_variable_is_refused_and_nothing_changes(as_user, manager, program):
    step = program.steps.get(position=1)
    response = as_user(manager).post(
        f"/nurture/programs/{program.pk}/steps/{step.pk}/",
        {"channel": "email", "delay_weeks": 3, "subject": "Hi", "body": "Hi {{ lead.nick }}"},
    )
    assert response.status_code == 400
    assert "lead.nick" in response.content.decode()
    step.refresh_from_db()
    assert step.delay_weeks == 4 and "{{ lead.nick }}" not in step.body


def test_a_manager_adds_a_step_and_the_preview_fills_in_a_sample_lead(as_user, manager, program):
    client = as_user(manager)
    preview = client.post(
        "/nurture/preview/",
        {
            "channel": "email",
            "subject": "For {{ lead.first_name }}",
            "body": "Talk: {{ talk_url }}",
        },
    )
    assert preview.status_code == 200
    assert "For Jane" in preview.content.decode()
    assert "https://steadfast.example/n/sample-token" in preview.content.decode()
    response = client.post(
        f"/nurture/programs/{program.pk}/steps/new/",
        {"channel": "sms", "delay_weeks": 12, "subject": "", "body": "Hi {{ lead.first_name }}"},
    )
    assert response.status_code == 302
    added = program.steps.order_by("-position").first()
    assert (added.position, added.channel, added.delay_weeks) == (5, "sms", 12)


def test_a_manager_plans_a_campaign_and_sees_it_listed(
    as_user, manager, firm, capture, now: datetime
):
    lead = capture(first_name="Jane", email="jane@example.com", state="IL")
    lead_mark(lead=lead, status="nurture", now=now, actor=None)
    client = as_user(manager)
    form = {
        "name": "Spring update",
        "subject": "News from {{ firm.name }}",
        "body": "Hi {{ lead.first_name }}",
        "practice_area": "",
        "state": "il",
        "min_months_in_nurture": 0,
        "starts_at": "2026-03-03T11:00",
        "rate_per_hour": 500,
        "hour_from": 9,
        "hour_to": 17,
    }
    response = client.post("/nurture/campaigns/new/", form)
    assert response.status_code == 302
    campaign = Campaign.objects.get(firm=firm)
    assert (campaign.planned, campaign.state) == (1, "IL")
    assert Touch.objects.filter(template=campaign.template_key, lead=lead).exists()
    assert "Spring update" in client.get("/nurture/").content.decode()
    refused = client.post("/nurture/campaigns/new/", {**form, "name": "Other", "hour_from": 5})
    assert refused.status_code == 400
    assert "Ensure this value is greater than or equal to 8" in refused.content.decode()
    assert Campaign.objects.filter(firm=firm).count() == 1


def test_a_manager_stops_a_campaign_and_its_remaining_sends_are_cancelled(
    as_user, manager, firm, capture, now: datetime
):
    lead = capture(first_name="Jane", email="jane@example.com", state="IL")
    lead_mark(lead=lead, status="nurture", now=now, actor=None)
    campaign = campaign_create(
        firm=firm,
        data=CampaignInput(name="Spring", subject="Hi", body="Hello", starts_at=now),
        actor=None,
        now=now,
    )
    client = as_user(manager)
    assert "Stop the campaign" in client.get(f"/nurture/campaigns/{campaign.pk}/").content.decode()
    assert client.post(f"/nurture/campaigns/{campaign.pk}/stop/").status_code == 302
    send = Touch.objects.get(template=campaign.template_key)
    assert (send.state, send.failure_note) == ("cancelled", "campaign stopped")
