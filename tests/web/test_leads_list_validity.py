"""The leads list shows whether each contact works; times are in the firm's zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.test import Client

from steadfast import clock
from steadfast.firms.models import User
from steadfast.leads.models import Lead


def test_it_shows_a_malformed_email_as_invalid_in_the_list(
    as_user: Callable[[User], Client], bob: User, capture: Callable[..., Lead]
):
    capture(first_name="Mo", phone="+1 312 555 0150", email="mo@@example", consent={"call": True})
    page = as_user(bob).get("/leads/").content.decode()
    # The row that holds the address (not the first "Mo" on the page: a random token may hold it)
    at = page.index("mo@@example")
    row = page[page.rindex("<tr", 0, at) :]
    row = row[: row.index("</tr>")]
    assert ">Mo" in row
    assert '<span class="badge bad"' in row and ">invalid</span>" in row
    assert '<span class="badge ok"' in row  # the phone is fine


def test_it_says_when_the_original_of_a_duplicate_arrived_in_the_firms_zone(
    capture: Callable[..., Lead], now
):
    capture(first_name="Jane", phone="+1 312 555 0142", consent={"call": True})
    with clock.frozen(now + timedelta(hours=2)):
        twin = capture(first_name="Jane", phone="+1 312 555 0142", consent={"call": True})
    finding = twin.checks.get(kind="duplicate")
    assert "which arrived 2026-03-03 10:00 CST" in finding.detail
    assert "UTC" not in finding.detail


def test_it_names_and_links_the_lead_of_each_outbox_message(
    as_user: Callable[[User], Client], bob: User, jane: Lead, firm, now
):
    from steadfast.channels.models import OutboxMessage
    from steadfast.dispatch.models import Touch

    touch = Touch.objects.filter(lead=jane).first()
    assert touch is not None
    OutboxMessage.objects.create(
        firm=firm,
        provider_id="console-1",
        channel="email",
        to_address="jane@example.com",
        from_address="intake@lakeshore.example",
        body="Hello Jane",
        reference=touch.reference,
        created_at=now,
    )
    OutboxMessage.objects.create(
        firm=firm,
        provider_id="console-2",
        channel="sms",
        to_address="+13125550142",
        from_address="+13125550100",
        body="Hi Jane",
        created_at=now,
    )
    page = as_user(bob).get("/outbox/").content.decode()
    link = f'<a href="/leads/{jane.pk}/"><strong>Jane Doe</strong></a>'
    assert page.count(link) == 2
