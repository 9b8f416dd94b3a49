"""A note typed while logging a call is a note on the lead's timeline, like any other."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from steadfast.dispatch.models import Touch, TouchChannel, TouchState
from steadfast.firms.models import User
from steadfast.leads.models import Lead


def test_it_puts_the_note_typed_in_the_queue_on_the_lead_page(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    client = as_user(bob)
    call = Touch.objects.get(lead=jane, channel=TouchChannel.CALL, state=TouchState.PLANNED)
    client.post(
        "/queue/outcome/",
        {"touch": call.pk, "outcome": "no_answer", "note": "Wants callback after 2pm"},
    )
    page = client.get(f"/leads/{jane.pk}/").content.decode()
    assert "Wants callback after 2pm" in page
    note = jane.notes.get()
    assert note.author == bob and note.body == "Wants callback after 2pm"


def test_it_adds_no_empty_note_when_none_was_typed(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    call = Touch.objects.get(lead=jane, channel=TouchChannel.CALL, state=TouchState.PLANNED)
    as_user(bob).post("/queue/outcome/", {"touch": call.pk, "outcome": "no_answer", "note": "  "})
    assert not jane.notes.exists()
