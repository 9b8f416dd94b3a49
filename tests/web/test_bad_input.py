"""Odd input from logged-in people gets a clear answer, never a 500."""

from __future__ import annotations

import pytest

from steadfast.leads.models import Note


@pytest.mark.parametrize("touch", ["²", "١٢", "99999999999999999999999", "-3"])
def test_click_to_call_with_an_impossible_touch_is_not_found(as_user, bob, jane, touch):
    response = as_user(bob).post(f"/leads/{jane.pk}/bridge/", {"touch": touch})

    assert response.status_code == 404


@pytest.mark.parametrize("firm_id", ["99999999999999999999999", "²", "", "-1", "1e3"])
def test_switching_to_an_impossible_firm_is_not_found(as_user, bob, firm_id):
    response = as_user(bob).post("/firm/switch/", {"firm": firm_id})

    assert response.status_code == 404


@pytest.mark.parametrize("shown", ["²", "99999999999999999999999"])
def test_the_queue_poll_ignores_an_impossible_shown_id(as_user, bob, shown):
    assert as_user(bob).get(f"/queue/waiting/?shown={shown}").status_code == 200


def test_a_reminder_at_the_end_of_the_calendar_is_refused_with_a_reason(as_user, bob, jane):
    response = as_user(bob).post(
        f"/leads/{jane.pk}/note/",
        {"note-body": "Call back", "note-remind_at": "9999-12-31T23:59"},
    )

    assert response.status_code in (200, 400)
    assert "at most five years ahead" in response.content.decode()
    assert not Note.objects.exists()


def test_a_reminder_next_month_is_kept(as_user, bob, jane):
    as_user(bob).post(
        f"/leads/{jane.pk}/note/",
        {"note-body": "Call back", "note-remind_at": "2026-04-03T10:00"},
    )

    assert Note.objects.get().remind_at is not None
