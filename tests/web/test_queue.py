"""The call queue: the next due call with its script, and one-key outcomes logged through
the engine."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from steadfast.dispatch.models import Touch, TouchChannel, TouchState
from steadfast.firms.models import User
from steadfast.leads.models import Lead, Status

HTMX = {"HTTP_HX_REQUEST": "true"}


def open_call(lead: Lead) -> Touch:
    return Touch.objects.get(lead=lead, channel=TouchChannel.CALL, state=TouchState.PLANNED)


def test_it_shows_the_next_due_call_with_script_and_dial_link(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    page = as_user(bob).get("/queue/").content.decode()
    assert "Jane Doe" in page
    assert 'href="tel:+13125550142"' in page
    assert "may I speak with <strong>Jane</strong>? This is Bob from Lakeshore Injury Law" in page
    assert "Rear-ended on Lake Shore Drive last week." in page
    for key, label in [
        ("1", "No answer"),
        ("2", "Voicemail"),
        ("3", "Connected"),
        ("4", "Wrong person"),
        ("5", "Disconnected"),
        ("6", "Do not contact"),
    ]:
        assert f'data-key="{key}"' in page and label in page


def test_it_counts_down_to_five_minutes_after_the_call_became_allowed(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    page = as_user(bob).get("/queue/").content.decode()
    # Jane arrived at 10:00 on a business day: the call was allowed at once.
    assert 'data-target="2026-03-03T10:05:00-06:00"' in page
    assert 'data-server-now="2026-03-03T10:00:00-06:00"' in page
    assert "allowed since 10:00 CST" in page


def test_it_shows_the_leads_own_local_time(
    as_user: Callable[[User], Client], bob: User, capture: Callable[..., Lead]
):
    # No state given: the New York area code is the best guess at where the lead is.
    capture(first_name="Nina", phone="+1 212 555 0123", consent={"call": True})
    page = as_user(bob).get("/queue/").content.decode()
    assert "Nina" in page
    assert "11:00 EST" in page
    assert "America/New York" in page


def test_it_logs_an_outcome_and_shows_the_next_lead_at_once(
    as_user: Callable[[User], Client], bob: User, jane: Lead, capture: Callable[..., Lead]
):
    ken = capture(
        first_name="Ken",
        last_name="Adams",
        phone="+1 312 555 0177",
        state="IL",
        consent={"call": True},
    )
    client = as_user(bob)
    call = open_call(jane)
    response = client.post("/queue/outcome/", {"touch": call.pk, "outcome": "voicemail"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Logged “Voicemail” for Jane Doe." in page
    assert f'data-touch="{open_call(ken).pk}"' in page
    assert 'hx-swap-oob="true"' in page
    call.refresh_from_db()
    assert (call.state, call.outcome, call.performed_by) == (TouchState.SENT, "voicemail", bob)


def test_it_says_when_nobody_is_waiting_after_the_last_call(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    response = as_user(bob).post(
        "/queue/outcome/", {"touch": open_call(jane).pk, "outcome": "connected"}, **HTMX
    )
    page = response.content.decode()
    assert "No call due" in page
    assert 'hx-trigger="every 3s, steadfast:poll from:body"' in page
    jane.refresh_from_db()
    assert jane.status == Status.ENGAGED


def test_it_opts_the_lead_out_on_do_not_contact(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    as_user(bob).post(
        "/queue/outcome/", {"touch": open_call(jane).pk, "outcome": "do_not_contact"}, **HTMX
    )
    jane.refresh_from_db()
    assert jane.status == Status.OPTED_OUT
    assert not Touch.objects.filter(lead=jane, state=TouchState.PLANNED).exists()


def test_it_explains_a_call_someone_else_already_logged(
    as_user: Callable[[User], Client], bob: User, alice: User, jane: Lead
):
    call = open_call(jane)
    as_user(alice).post("/queue/outcome/", {"touch": call.pk, "outcome": "no_answer"}, **HTMX)
    response = as_user(bob).post(
        "/queue/outcome/", {"touch": call.pk, "outcome": "voicemail"}, **HTMX
    )
    assert response.status_code == 200
    assert (
        "Not logged: Alice already logged “No answer” for this call at 10:00."
        in response.content.decode()
    )
    call.refresh_from_db()
    assert (call.outcome, call.performed_by) == ("no_answer", alice)


def test_it_refuses_an_unknown_outcome(as_user: Callable[[User], Client], bob: User, jane: Lead):
    call = open_call(jane)
    response = as_user(bob).post("/queue/outcome/", {"touch": call.pk, "outcome": "maybe"}, **HTMX)
    assert "Choose one of the outcomes for the call." in response.content.decode()
    call.refresh_from_db()
    assert call.state == TouchState.PLANNED


def test_it_works_without_javascript_too(as_user: Callable[[User], Client], bob: User, jane: Lead):
    client = as_user(bob)
    response = client.post("/queue/outcome/", {"touch": open_call(jane).pk, "outcome": "no_answer"})
    assert response.status_code == 302
    assert response["Location"] == "/queue/"
    assert "Logged “No answer” for Jane Doe." in client.get("/queue/").content.decode()


def test_it_lists_a_new_lead_in_the_polled_part_of_the_queue(
    as_user: Callable[[User], Client], bob: User, api: Callable[..., object]
):
    client = as_user(bob)
    assert "Nobody is waiting for a call." in client.get("/queue/waiting/").content.decode()
    response = api(
        "post",
        "/leads",
        {
            "first_name": "Omar",
            "last_name": "Haddad",
            "phone": "+1 312 555 0166",
            "state": "IL",
            "consent": {"call": True, "sms": False, "email": False},
        },
    )
    assert response.status_code == 201  # type: ignore[attr-defined]
    waiting = client.get("/queue/waiting/").content.decode()
    assert "Omar Haddad" in waiting
    assert "Omar Haddad" in client.get("/queue/current/").content.decode()


def test_it_shows_the_agent_their_reminders(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    client = as_user(bob)
    client.post(
        f"/leads/{jane.pk}/note/",
        {"note-body": "Call back about the police report", "note-remind_at": "2026-03-03T15:30"},
    )
    page = client.get("/queue/").content.decode()
    assert "Your reminders" in page and "Call back about the police report" in page
