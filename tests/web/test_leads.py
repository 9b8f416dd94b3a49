"""The leads list (filters, search, pages) and the lead page with its actions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from django.test import Client

from steadfast.channels.models import OutboxMessage
from steadfast.dispatch.models import Touch, TouchChannel, TouchState
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead, LeadSource, Note, Status
from steadfast.leads.services import source_create


def names(client: Client, query: str) -> set[str]:
    page = client.get(f"/leads/?{query}").content.decode()
    everyone = {"Jane Doe", "Ken Adams", "Lucia Perez", "Max Old"}
    return {name for name in everyone if name in page}


def test_it_filters_and_searches_leads(
    as_user: Callable[[User], Client],
    bob: User,
    firm: Firm,
    jane: Lead,
    capture: Callable[..., Lead],
    now: datetime,
):
    google, _ = source_create(firm=firm, name="Google Ads", cost_per_lead=Decimal(30), now=now)
    capture(
        first_name="Ken",
        last_name="Adams",
        phone="+1 414 555 0101",
        state="WI",
        practice_area="workers_comp",
        consent={"call": True},
    )
    capture(
        first_name="Lucia", last_name="Perez", email="lucia@example.org", state="FL", source=google
    )
    old = capture(first_name="Max", last_name="Old", phone="+1 312 555 0188", state="IL")
    Lead.objects.filter(pk=old.pk).update(arrived_at=now - timedelta(days=40))
    client = as_user(bob)
    assert names(client, "") == {"Jane Doe", "Ken Adams", "Lucia Perez", "Max Old"}
    assert names(client, "status=invalid") == {"Lucia Perez"}  # FL is out of jurisdiction
    assert names(client, f"source={google.pk}") == {"Lucia Perez"}
    assert names(client, "practice_area=workers_comp") == {"Ken Adams"}
    assert names(client, "age=7d") == {"Jane Doe", "Ken Adams", "Lucia Perez"}
    assert names(client, "age=older") == {"Max Old"}
    assert names(client, "q=ada") == {"Ken Adams"}
    assert names(client, "q=jane+doe") == {"Jane Doe"}
    assert names(client, "q=(414)+555") == {"Ken Adams"}
    assert names(client, "q=lucia@example") == {"Lucia Perez"}
    assert names(client, "q=ken&status=new") == {"Ken Adams"}


def test_it_answers_htmx_filtering_with_just_the_results(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    response = as_user(bob).get("/leads/?q=jane", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="lead-results"')
    assert "Jane Doe" in page and "<html" not in page


def test_it_pages_through_many_leads(
    as_user: Callable[[User], Client], bob: User, firm: Firm, source: LeadSource, now: datetime
):
    Lead.objects.bulk_create(
        Lead(
            firm=firm,
            source=source,
            first_name=f"Person{n:02d}",
            timezone="America/Chicago",
            timezone_source="firm",
            arrived_at=now - timedelta(minutes=n),
        )
        for n in range(30)
    )
    client = as_user(bob)
    first = client.get("/leads/").content.decode()
    assert "30 leads · page 1 of 2" in first
    assert "Person00" in first and "Person29" not in first
    second = client.get("/leads/?page=2").content.decode()
    assert "Person29" in second and "Person00" not in second
    assert client.get("/leads/?page=99").status_code == 200
    assert client.get("/leads/?status=nonsense").status_code == 200


def test_it_shows_contact_data_with_validity_evidence_and_consent(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    page = as_user(bob).get(f"/leads/{jane.pk}/").content.decode()
    assert "Phone: valid" in page and "+13125550142 is a valid number" in page
    assert "Jurisdiction: valid" in page and "IL is served by the firm" in page
    assert "Firm states" in page and "IL, WI" in page  # the evidence, readable
    sms = page[page.index('id="channel-sms"') :]
    sms = sms[: sms.index("</tr>")]
    assert "none" in sms and "no SMS consent" in sms
    email = page[page.index('id="channel-email"') :]
    assert "given" in email[: email.index("</tr>")]


def test_it_shows_the_next_touch_in_both_zones_and_why(
    as_user: Callable[[User], Client], bob: User, capture: Callable[..., Lead]
):
    nina = capture(first_name="Nina", phone="+1 212 555 0123", consent={"call": True})
    page = as_user(bob).get(f"/leads/{nina.pk}/").content.decode()
    block = page[page.index('id="next-touch"') :]
    block = block[: block.index("</div>")]
    assert "Tue 3 Mar 10:00 CST" in block and "Tue 3 Mar 11:00 EST" in block
    assert "Why then: " in block and "legal window" in block


def test_it_refuses_a_text_without_sms_consent_and_says_why(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    client = as_user(bob)
    before = Touch.objects.filter(lead=jane).count()
    response = client.post(
        f"/leads/{jane.pk}/message/", {"msg-channel": "sms", "msg-body": "Hi Jane, any news?"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Not sent: no SMS consent." in page
    assert "Hi Jane, any news?</textarea>" in page  # the text is kept for another try
    assert Touch.objects.filter(lead=jane).count() == before


def test_it_sends_an_email_and_puts_it_on_the_timeline(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    client = as_user(bob)
    response = client.post(
        f"/leads/{jane.pk}/message/",
        {
            "msg-channel": "email",
            "msg-subject": "Your accident",
            "msg-body": "Hi Jane,\nshall we talk?",
        },
    )
    assert response.status_code == 302
    touch = Touch.objects.get(lead=jane, channel=TouchChannel.EMAIL, performed_by=bob)
    assert (touch.subject, touch.content) == ("Your accident", "Hi Jane,\nshall we talk?")
    page = client.get(f"/leads/{jane.pk}/").content.decode()
    assert "Email sent to Jane Doe." in page
    assert "Your accident" in page and "Hi Jane,\nshall we talk?" in page


def test_it_asks_for_a_subject_before_sending_an_email(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    response = as_user(bob).post(
        f"/leads/{jane.pk}/message/", {"msg-channel": "email", "msg-body": "Hello"}
    )
    assert response.status_code == 400
    assert "An email needs a subject." in response.content.decode()


def test_it_adds_a_reminder_in_the_firms_time(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    client = as_user(bob)
    client.post(
        f"/leads/{jane.pk}/note/",
        {"note-body": "Ask for the police report", "note-remind_at": "2026-03-04T09:30"},
    )
    note = Note.objects.get(lead=jane)
    assert note.author == bob
    assert note.remind_at is not None and note.remind_at.isoformat() == "2026-03-04T15:30:00+00:00"
    page = client.get(f"/leads/{jane.pk}/").content.decode()
    assert "Reminder for Wed 4 Mar 09:30 CST" in page and "Ask for the police report" in page
    client.post(f"/leads/{jane.pk}/notes/{note.pk}/done/")
    note.refresh_from_db()
    assert note.done_at is not None


def test_it_marks_a_lead_with_a_reason(as_user: Callable[[User], Client], bob: User, jane: Lead):
    client = as_user(bob)
    missing = client.post(f"/leads/{jane.pk}/mark/", {"mark-status": "invalid"})
    assert missing.status_code == 400
    assert "Say why the lead is invalid." in missing.content.decode()
    response = client.post(
        f"/leads/{jane.pk}/mark/",
        {"mark-status": "invalid", "mark-reason": "fake", "mark-note": "Test submission"},
    )
    assert response.status_code == 302
    jane.refresh_from_db()
    assert (jane.status, jane.status_reason) == (Status.INVALID, "fake")
    assert not Touch.objects.filter(lead=jane, state=TouchState.PLANNED).exists()
    page = client.get(f"/leads/{jane.pk}/").content.decode()
    assert "Test submission" in page and "by bob@lakeshore.example" in page


def test_it_opts_a_lead_out_of_the_channels_chosen(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    client = as_user(bob)
    assert client.post(f"/leads/{jane.pk}/opt-out/", {}).status_code == 400
    client.post(
        f"/leads/{jane.pk}/opt-out/",
        {"optout-channels": ["call", "sms"], "optout-confirmed": "on"},
    )
    jane.refresh_from_db()
    assert jane.status == Status.OPTED_OUT
    page = client.get(f"/leads/{jane.pk}/").content.decode()
    call = page[page.index('id="channel-call"') :]
    assert "marked do-not-contact by staff" in call[: call.index("</tr>")]


def test_it_asks_before_opting_out_and_says_what_will_stop(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    client = as_user(bob)
    page = client.get(f"/leads/{jane.pk}/").content.decode()
    assert "checked" not in page[page.index('id="optout-heading"') :]  # nothing pre-ticked
    asked = client.post(f"/leads/{jane.pk}/opt-out/", {"optout-channels": ["call", "sms"]})
    text = asked.content.decode()
    assert asked.status_code == 200
    assert "Opt Jane Doe out of calls and texts?" in text
    assert "No more calls and texts to Jane Doe" in text
    assert "Emails stay allowed" in text
    assert "Yes, opt out" in text
    jane.refresh_from_db()
    assert jane.status == Status.NEW
    assert not Touch.objects.filter(lead=jane, state="cancelled").exists()


def test_it_shows_the_outbox_of_the_users_firm_only(
    as_user: Callable[[User], Client], bob: User, firm: Firm, other_firm: Firm, now: datetime
):
    OutboxMessage.objects.create(
        firm=firm,
        provider_id="console-1",
        channel="sms",
        to_address="+13125550142",
        from_address="+13125550100",
        body="Hi Jane, this is Lakeshore Injury Law.",
        created_at=now,
    )
    OutboxMessage.objects.create(
        firm=other_firm,
        provider_id="console-2",
        channel="sms",
        to_address="+18135550142",
        from_address="+18135550100",
        body="Hello from Harbor",
        created_at=now,
    )
    page = as_user(bob).get("/outbox/").content.decode()
    assert "Hi Jane, this is Lakeshore Injury Law." in page
    assert "Hello from Harbor" not in page
